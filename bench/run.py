"""`make bench`: the public pages under load, each beside a static file measured in the same run.

    make bench                                  # 1,000 published notes
    make bench BENCH_ARGS="--notes 100000"      # the large dataset
    python -m bench --help                      # every option

The machine is shared and noisy, so a page's requests per second mean little alone: each page
is also given as a ratio to what the same server does for a hashed static file, measured just
before and just after it (static, page, static, page, ..., static).

What it runs: PostgreSQL (a throwaway cluster when nothing answers at the server's address on
this machine), a bench database of its own (`outreach_bench`: created, migrated and seeded with
`manage.py seed_scale`; kept for the next run with the same --notes and --seed, rebuilt
otherwise or with --fresh), `collectstatic`, then gunicorn with two workers and production
settings (DEBUG off, a long secret key, ALLOWED_HOSTS, behind a TLS proxy as deployed: wrk
sends X-Forwarded-Proto), Redis as the cache when CACHE_URL names it. Every page is first
fetched alone, twice (the table gives how long the second took; a page that does not answer
200 is reported, not loaded); then for each, wrk (2 threads, 8 connections) runs a warm-up and a
measured run, and the server is left to finish what wrk left queued before the next run. The
table goes to the terminal, everything to bench-results.json (or --output). It fails when a
page did not answer or answered with an error.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench import DATASET_VERSION, postgres, wrk

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PROXY_HEADERS = ["X-Forwarded-Proto: https"]


def parse(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.splitlines()[0], epilog=__doc__
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    data = parser.add_argument_group("data")
    data.add_argument("--notes", type=int, default=1000, help="published notes (1000)")
    data.add_argument("--seed", type=int, default=1, help="seed of the dataset (1)")
    data.add_argument(
        "--server",
        default=os.environ.get("BENCH_POSTGRES", SERVER),
        help=f"the PostgreSQL server, as a URL to its maintenance database ({SERVER}; "
        "or BENCH_POSTGRES)",
    )
    data.add_argument("--database", default="outreach_bench", help="bench database name")
    data.add_argument(
        "--fresh",
        action="store_true",
        help="drop and rebuild the bench database even if it matches",
    )
    load = parser.add_argument_group("load")
    load.add_argument("--duration", type=int, default=5, help="seconds measured per page (5)")
    load.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page (2)")
    load.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    load.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    load.add_argument("--timeout", type=int, default=10, help="wrk request timeout (10 s)")
    load.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    load.add_argument("--search", help="the word searched (default: one from the data)")
    parser.add_argument(
        "--output", default="bench-results.json", help="JSON results file (bench-results.json)"
    )
    return parser.parse_args(argv)


def main(argv=None):
    options = parse(argv)
    program = wrk.ensure()
    cache = os.environ.get("CACHE_URL", "locmem://")
    if cache.startswith("redis"):
        parts = urlsplit(cache)
        if not postgres.answers(parts.hostname or "127.0.0.1", parts.port or 6379):
            raise SystemExit(f"CACHE_URL names Redis, and nothing answers at {cache}.")
    with postgres.server(options.server) as server:
        databases = postgres.Databases(server)
        env = production_env(postgres.database_url(server, options.database), cache)
        seeded = prepare(options, databases, env)
        # As in production, where publishing renders each document: no reader renders one.
        manage(env, "render_documents", stdout=subprocess.DEVNULL)
        databases.tidy(options.database)
        found = discover(env, options.search)
        with address_files(found["varied"]) as varied:
            with gunicorn(env, options.workers) as base:
                results = measure(program, base, found, options, varied)
            print("The same server with the cache off (CACHE_URL=dummy://)", flush=True)
            uncached = found | {"pages": found["uncached"]}
            with gunicorn(env | {"CACHE_URL": "dummy://"}, options.workers) as base:
                more = measure(program, base, uncached, options, varied)
        results["pages"] += more["pages"]
        results["static"]["runs"] += more["static"]["runs"]
        results["settings"] = {
            "notes": options.notes,
            "seed": options.seed,
            "dataset_version": DATASET_VERSION,
            "database": options.database,
            "postgresql": databases.version(),
            "cache": urlsplit(cache).scheme,
            "gunicorn_workers": options.workers,
            "wrk": {
                "threads": options.threads,
                "connections": options.connections,
                "duration_s": options.duration,
                "warmup_s": options.warmup,
                "timeout_s": options.timeout,
            },
        }
    results["seed_seconds"] = seeded
    results |= about_the_run()
    print_table(results)
    Path(options.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nResults written to {options.output}")
    measured = [page for page in results["pages"] if "failed" not in page]
    if len(measured) < len(results["pages"]):
        raise SystemExit("Some pages did not answer: see the table.")
    if any(page["status_errors"] for page in [*measured, *results["static"]["runs"]]):
        raise SystemExit("Some requests were answered with an error status: see the results.")


def production_env(database_url, cache):
    return os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache,
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def prepare(options, databases, env):
    """Make the bench database ready; return the seconds seed_scale took, or None if the
    database already held this dataset."""
    name = options.database
    label = f"seed_scale --notes {options.notes} --seed {options.seed} (dataset {DATASET_VERSION})"
    if databases.exists(name) and (options.fresh or databases.label(name) != label):
        print(f"Dropping the database {name} (it holds {databases.label(name) or 'other data'})")
        databases.drop(name)
    reuse = databases.exists(name)
    if not reuse:
        databases.create(name)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    if reuse:
        print(f"Reusing the database {name}: {label} (--fresh to rebuild it)")
        return None
    print(f"Seeding {name}: {label}", flush=True)
    started = time.monotonic()
    manage(env, "seed_scale", "--notes", str(options.notes), "--seed", str(options.seed))
    seconds = round(time.monotonic() - started, 1)
    databases.set_label(name, label)
    return seconds


def discover(env, search):
    """The hashed static file and the public pages, from the bench database."""
    extra = {"BENCH_SEARCH": search} if search else {}
    found = subprocess.run(
        [sys.executable, "-m", "bench.paths"],
        cwd=ROOT,
        env=env | extra,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(found.stdout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=120):
    request = urllib.request.Request(url, headers=dict(h.split(": ") for h in PROXY_HEADERS))
    with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310 # our server
        return response.status, response.read()


@contextmanager
def address_files(varied):
    """{path: file of addresses, one a line} for wrk, from {path: [addresses]}."""
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for n, (path, addresses) in enumerate(varied.items()):
            files[path] = Path(folder) / f"addresses-{n}.txt"
            files[path].write_text("\n".join(addresses) + "\n")
        yield files


@contextmanager
def gunicorn(env, workers):
    """gunicorn serving the app on a free port; its base URL once it answers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        command = [sys.executable, "-m", "gunicorn", "outreach.wsgi", "--workers", str(workers)]
        server = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(base, server, log)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_for(base, server, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"gunicorn stopped:\n{log.read()[-3000:]}")
        try:
            if fetch(f"{base}/robots.txt")[0] == 200:
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within a minute.")


def measure(program, base, found, options, varied):
    """Every page fetched twice alone (how long one request takes; a page that does not answer
    200 is reported and not loaded), then wrk on static, page, static, page, ..., static, each
    run after a warm-up. `varied` maps a page's path to a file of addresses that wrk asks for
    in turn instead (a new search each time)."""
    static, pages = found["static"], found["pages"]
    alone, failed = {}, {}
    for path in [static, *(path for _label, path in pages)]:
        try:
            alone[path] = fetch_alone(base + path)
        except (OSError, urllib.error.URLError) as error:
            failed[path] = str(getattr(error, "reason", None) or error)
            print(f"  {path} failed alone: {failed[path]}", flush=True)
            settle(base, static)
    if static in failed:
        raise SystemExit(f"The static file {static} failed: {failed[static]}")

    def run(path):
        settings = {
            "threads": options.threads,
            "connections": options.connections,
            "timeout": options.timeout,
            "headers": PROXY_HEADERS,
            "paths_file": varied.get(path),
        }
        if options.warmup > 0:
            wrk.run(program, base + path, seconds=options.warmup, **settings)
            settle(base, static)
        result = wrk.run(program, base + path, seconds=options.duration, **settings)
        settle(base, static)
        return result | {"alone_ms": alone[path]}

    def show(label, result):
        print(f"  {label[:40]:<40} {result['requests_per_second']:>8.1f} req/s", flush=True)

    print(f"Measuring {len(pages) - len(failed)} pages and {static} between them", flush=True)
    statics = [run(static)]
    show("static", statics[0])
    measured = []
    for label, path in pages:
        if path in failed:
            measured.append({"label": label, "path": path, "failed": failed[path]})
            continue
        result = run(path)
        show(label, result)
        statics.append(run(static))
        show("static", statics[-1])
        nearby = (statics[-2]["requests_per_second"] + statics[-1]["requests_per_second"]) / 2
        ratio = result["requests_per_second"] / nearby if nearby else None
        measured.append(
            {"label": label, "path": path, **result}
            | {"static_requests_per_second": nearby, "ratio": ratio, "target": target(label)}
        )
    return {"static": {"path": static, "runs": statics}, "pages": measured}


def target(label):
    """The least ratio to the static file a page must reach: a page from the cache half the
    static file, the sitemap 0.3, a new search 0.2, a note made with the cache off 0.15."""
    if label.startswith("search, a new query"):
        return 0.2
    if label.endswith("(cache off)"):
        return 0.15 if label.startswith("note (") else None
    if label == "sitemap":
        return 0.3
    return 0.5


def fetch_alone(url):
    """Milliseconds one request takes on an otherwise idle server (the second of two)."""
    for _ in range(2):
        started = time.perf_counter()
        status, body = fetch(url)
        if status != 200 or not body:
            raise OSError(f"answered {status}")
    return (time.perf_counter() - started) * 1000


def settle(base, static):
    """Wait until the server has answered what a run left queued (gunicorn's workers finish
    requests whose client has gone): the next run starts on an idle server."""
    for _ in range(2):
        fetch(base + static, timeout=600)


def about_the_run():
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "python": platform.python_version(),
        },
    }


def print_table(results):
    runs = results["static"]["runs"]
    rates = [run["requests_per_second"] for run in runs]
    print()
    print(
        f"{'page':<32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'target':>7}"
        f" {'alone ms':>9}  path"
    )
    print(
        f"{'static (median of ' + str(len(runs)) + ' runs)':<32}"
        f" {statistics.median(rates):>8.0f}"
        f" {statistics.median(run['p50_ms'] for run in runs):>8.1f}"
        f" {statistics.median(run['p99_ms'] for run in runs):>8.1f} {1:>7.3f} {'':>7}"
        f" {runs[0]['alone_ms']:>9.1f}  {results['static']['path']}"
    )
    for page in results["pages"]:
        if "failed" in page:
            print(f"{page['label'][:32]:<32} failed alone: {page['failed']}  {page['path']}")
            continue
        answered = page["requests"] > 0
        latency = (
            f" {page['p50_ms']:>8.1f} {page['p99_ms']:>8.1f}" if answered else f" {'-':>8}" * 2
        )
        ratio = f"{page['ratio']:>7.3f}" if page["ratio"] is not None else f"{'-':>7}"
        goal = page.get("target")
        missed = goal is not None and page["ratio"] is not None and page["ratio"] < goal
        goal = f"{goal:>6.2f}{'!' if missed else ' '}" if goal is not None else f"{'':>7}"
        print(
            f"{page['label'][:32]:<32} {page['requests_per_second']:>8.1f}{latency} {ratio} {goal}"
            f" {page['alone_ms']:>9.1f}  {page['path']}"
            + (f"  ({problems(page)})" if page["errors"] else "")
            + ("" if answered else "  (no answer within the run)")
        )
    print("\n! below its target ratio")
    print(
        f"static req/s over the run: {min(rates):.0f} to {max(rates):.0f}; "
        f"load average {results['machine']['load_average'][0]:.1f} "
        f"on {results['machine']['cpus']} CPUs"
    )


def problems(result):
    names = {
        "status_errors": "error responses",
        "timeouts": "timeouts",
        "connect_errors": "connect errors",
        "read_errors": "read errors",
        "write_errors": "write errors",
    }
    return ", ".join(f"{result[key]} {name}" for key, name in names.items() if result[key])
