"""Production refuses a weak secret key; the idle limit comes from the environment; a server
error gets the site's own page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import loader
from django.test import Client
from django.urls import path

from outreach.env import DEVELOPMENT_SECRET_KEY, secret_key

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Kp2vQ9mL4nR8sT1wY6zB3cF5hJ0dG2aE9uI4oP7kM1nV6bX3qZ8tW5yR2eU0iO",
    "ALLOWED_HOSTS": "outreach.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp://outreach:secret@mail.example.org:587",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def run_python(code, **env):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "SESSION_IDLE_SECONDS"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ | {"DJANGO_SETTINGS_MODULE": "outreach.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- the secret key -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["x", "short-but-not-fifty-characters-long", "a" * 60])
def test_production_refuses_a_short_or_uniform_secret_key(key):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is too weak for production"):
        secret_key(key, debug=False)


@pytest.mark.parametrize(
    "key", [DEVELOPMENT_SECRET_KEY, "django-insecure-" + "k3y9Qz7WmP2xR5tY8uB1nV4cL6hJ0aS" * 2]
)
def test_production_refuses_a_development_secret_key(key):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is a development key"):
        secret_key(key, debug=False)


def test_production_accepts_a_long_random_key_and_development_anything():
    assert secret_key(PRODUCTION["SECRET_KEY"], debug=False) == PRODUCTION["SECRET_KEY"]
    assert secret_key("", debug=True) == DEVELOPMENT_SECRET_KEY
    assert secret_key("x", debug=True) == "x"
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set when DEBUG is off"):
        secret_key("", debug=False)


def test_the_ci_production_key_is_accepted():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    key = re.search(r"^\s*SECRET_KEY=(\S+)$", ci, re.MULTILINE).group(1)
    assert secret_key(key, debug=False) == key


def test_the_app_does_not_start_in_production_with_secret_key_x():
    result = run_python("import django; django.setup()", **(PRODUCTION | {"SECRET_KEY": "x"}))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for production" in result.stderr


# -- idle sessions --------------------------------------------------------------------------


def test_the_idle_limit_comes_from_session_idle_seconds():
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    assert run_python(code).stdout.strip() == str(8 * 60 * 60)
    assert run_python(code, SESSION_IDLE_SECONDS="1800").stdout.strip() == "1800"
    broken = run_python(code, SESSION_IDLE_SECONDS="a day")
    assert "SESSION_IDLE_SECONDS must be a whole number" in broken.stderr


# -- the 500 page ---------------------------------------------------------------------------


def broken_view(request):
    raise RuntimeError("something broke")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.urls(__name__)
def test_a_server_error_shows_the_sites_own_page(db):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Something went wrong</h1>" in page
    assert 'class="site-header"' in page
    assert 'href="/static/css/outreach.css"' in page
    assert 'href="/"' in page
    assert "style=" not in page and "<script" not in page and "<style" not in page
    assert "something broke" not in page
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_500_page_renders_with_no_context_and_no_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        page = loader.get_template("500.html").render()
    assert '<html lang="en">' in page
    assert "Something went wrong" in page
