"""Settings come from the environment, with loud failures and a clean `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from outreach.env import cache_settings, env_bool, mailers

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Kp2vQ9mL4nR8sT1wY6zB3cF5hJ0dG2aE9uI4oP7kM1nV6bX3qZ8tW5yR2eU0iO",
    "ALLOWED_HOSTS": "outreach.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp://outreach:secret@mail.example.org:587",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **env):
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **(PRODUCTION | {"SECRET_KEY": ""}))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env_bool("DEBUG")


def test_postgres_urls_use_psycopg_3():
    import dj_database_url

    config = dj_database_url.parse("postgres://root@127.0.0.1:5432/test")
    assert config["ENGINE"] == "django.db.backends.postgresql"


def test_email_url_gives_an_smtp_mailer_with_starttls():
    mailer = mailers("smtp://user:p%40ss@mail.example.org:587")["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    options = mailer["OPTIONS"]
    assert (options["host"], options["port"], options["password"]) == (
        "mail.example.org",
        587,
        "p@ss",
    )
    assert options["use_tls"] and not options["use_ssl"]


def test_email_url_can_turn_starttls_off_for_a_local_relay():
    options = mailers("smtp://localhost:25?notls")["default"]["OPTIONS"]
    assert not options["use_tls"]


def test_unknown_email_and_cache_urls_are_refused():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        mailers("pigeon://coop")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_settings("memcached://x")


def test_redis_cache_url_selects_djangos_redis_backend_with_one_client_per_pool():
    settings = cache_settings("redis://127.0.0.1:6379/1")["default"]
    assert settings == {
        "BACKEND": "outreach.redis_cache.SharedClientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    cache = import_string(settings["BACKEND"])(settings["LOCATION"], {})
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client()  # no connection is made until a command is sent
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool
    assert client.connection_pool.connection_kwargs["db"] == 1


def test_every_response_carries_a_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy


def database_options(**env):
    shown = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    result = manage("shell", "-c", shown, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_prepares_the_queries_a_connection_runs_again():
    options = database_options(DATABASE_URL="postgres://root@127.0.0.1:5432/test?pool=true")
    assert options == "{'pool': True, 'server_side_binding': True, 'prepare_threshold': 2}"


def test_prepared_statements_can_be_turned_off_for_an_old_pgbouncer():
    url = "postgres://root@127.0.0.1:5432/test"
    assert database_options(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0") in ("{}", "None")
    assert database_options(DATABASE_URL="sqlite:///:memory:") in ("{}", "None")
