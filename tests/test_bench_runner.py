"""`make bench`: what it runs by default, and the parts that need no server."""

from bench import paths, run
from bench.postgres import database_url


def test_the_defaults_are_those_the_benchmark_promises():
    options = run.parse([])
    assert (options.notes, options.seed, options.database) == (1000, 1, "outreach_bench")
    assert (options.threads, options.connections, options.workers) == (2, 8, 2)
    assert (options.warmup, options.duration) == (2, 5)
    assert options.output.endswith("bench-results.json") and not options.fresh


def test_the_bench_database_is_on_the_server_it_was_given():
    server = "postgres://postgres@127.0.0.1:5433/postgres"
    assert (
        database_url(server, "outreach_bench")
        == "postgres://postgres@127.0.0.1:5433/outreach_bench"
    )


def test_production_settings_for_the_server():
    env = run.production_env("postgres://postgres@127.0.0.1/outreach_bench", "locmem://")
    assert env["DEBUG"] == "0" and len(env["SECRET_KEY"]) >= 50
    assert env["BEHIND_TLS_PROXY"] == "1" and "127.0.0.1" in env["ALLOWED_HOSTS"]


def test_the_word_searched_is_a_word_of_the_text_neither_rare_nor_everywhere():
    text = "The national officers met. Officers of customs met zorblax brokers in 2019."
    assert paths.search_word(text) == "officers"
    assert paths.search_word("The one of all in 2019.") is None
