"""The app servers keep no state: two gunicorn servers with production settings share one
PostgreSQL and one Redis, and what one of them does, the other shows on its very next request.

A reviewer signs in and publishes on server A; server B, which had the note list cached, lists
the note at once and serves its page; a withdrawal on A makes B answer 410 Gone; and the
session made on A is valid on B. The public pages' cache is keyed by the publication generation
kept in the database (notes/page_cache.py), sessions live in the database."""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from http.cookiejar import CookieJar
from urllib.parse import quote, urlencode

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from bench.postgres import answers
from bench.run import ROOT, free_port, gunicorn
from tests.helpers import in_review, make_published_note

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): the two gunicorn servers share "
        "the test database, which a SQLite test database in memory cannot be",
    ),
    pytest.mark.django_db(transaction=True),  # the servers read only what is committed
]

REDIS_DB = 7  # a database of the Redis server for this test alone, flushed when it starts
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d*)"')


@contextmanager
def throwaway_redis():
    """A Redis server on a free port, keeping nothing on disk, for as long as the test runs."""
    program = shutil.which("redis-server")
    assert program, "No Redis answers on 127.0.0.1:6379: install Debian's redis-server."
    port = free_port()
    command = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    server = subprocess.Popen(
        [*command, "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while not answers("127.0.0.1", port):
            assert server.poll() is None and time.monotonic() < deadline, "redis-server failed"
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def redis_url():
    with ExitStack() as stack:
        port = 6379 if answers("127.0.0.1", 6379) else stack.enter_context(throwaway_redis())
        url = f"redis://127.0.0.1:{port}/{REDIS_DB}"
        redis.Redis.from_url(url).flushdb()
        yield url
        redis.Redis.from_url(url).flushdb()


def database_url():
    """The URL of the test database, for the servers."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def production_env(cache_url):
    return os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": database_url(),
        "CACHE_URL": cache_url,
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture(scope="module")
def servers(django_db_setup, redis_url):
    """Servers A and B on the test database: gunicorn, one worker each, with production
    settings; their base URLs. Production serves hashed static files: collectstatic first."""
    env = production_env(redis_url)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with gunicorn(env, 1) as a, gunicorn(env, 1) as b:
        yield a, b


def anonymous(url):
    """(status, text) of a GET with no cookie, as a reader who never signed in."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Browser:
    """A person with cookies, on whichever server the URL names (cookies are per host)."""

    def __init__(self):
        self.cookies = CookieJar()
        handler = urllib.request.HTTPCookieProcessor(self.cookies)
        self.opener = urllib.request.build_opener(handler)

    def open(self, url, data=None):
        """(status, final URL, text), following redirects; `data` makes it a POST."""
        body = urlencode(data).encode() if data is not None else None
        with self.opener.open(url, body, timeout=60) as response:
            return response.status, response.url, response.read().decode()

    def submit(self, page_url, action_url, **fields):
        """Open the form's page, then post `fields` with its CSRF token to `action_url`."""
        token = CSRF.search(self.open(page_url)[2]).group(1)
        return self.open(action_url, {"csrfmiddlewaretoken": token, **fields})


def sign_in(browser, base, user):
    """Sign `user` in through the form. The tests hash passwords with MD5 for speed; the
    servers' production settings know only the default hashers, so the password is hashed
    again with the default one first."""
    user.password = PBKDF2PasswordHasher().encode("secret", PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    login = f"{base}/accounts/login/"
    fields = {"username": user.get_username(), "password": "secret"}
    status, final_url, _text = browser.submit(login, login, **fields)
    assert (status, final_url) == (200, f"{base}/staff/")


def publish(browser, base, note):
    """Ask to publish the revision read on the review page, then confirm on the page that asks."""
    review = f"{base}/staff/notes/{note.pk}/review/"
    action = f"{base}/staff/notes/{note.pk}/publish/"
    revision = REVISION.search(browser.open(review)[2]).group(1)
    _status, _url, confirmation = browser.submit(review, action, revision=revision)
    assert "Publish this note now?" in confirmation
    token = CSRF.search(confirmation).group(1)
    fields = {"revision": REVISION.search(confirmation).group(1), "comment": "", "confirm": ""}
    return browser.open(action, {"csrfmiddlewaretoken": token, **fields})[2]


def withdraw(browser, base, note):
    page = f"{base}/staff/notes/{note.pk}/withdraw/"
    return browser.submit(page, page, reason="Published by mistake")[2]


def cached_pages(url):
    return len(redis.Redis.from_url(url).keys("*public-page:*"))


def test_what_server_a_does_server_b_shows_on_its_next_request(
    servers, redis_url, expert, reviewer, second_reviewer
):
    a, b = servers
    earlier = make_published_note(expert, second_reviewer, title="Earlier note")
    note = in_review(expert, title="Note published on server A")
    before = cached_pages(redis_url)
    assert anonymous(f"{b}/notes/")[0] == 200
    assert anonymous(f"{b}{earlier.get_absolute_url()}")[0] == 200
    assert note.get_absolute_url() not in anonymous(f"{b}/notes/")[1]
    assert anonymous(f"{b}{note.get_absolute_url()}")[0] == 404
    assert cached_pages(redis_url) == before + 2  # B keeps the list and the earlier note

    person = Browser()
    sign_in(person, a, reviewer)
    assert "Published: the public now sees this version." in publish(person, a, note)
    status, text = anonymous(f"{b}/notes/")
    assert status == 200 and note.get_absolute_url() in text
    assert anonymous(f"{b}{note.get_absolute_url()}")[0] == 200
    assert cached_pages(redis_url) == before + 4  # the list and the note, published

    assert "Withdrawn: the note has left the public pages." in withdraw(person, a, note)
    assert anonymous(f"{b}{note.get_absolute_url()}")[0] == 410
    assert note.get_absolute_url() not in anonymous(f"{b}/notes/")[1]


def test_a_session_made_on_server_a_is_valid_on_server_b(servers, reviewer):
    a, b = servers
    person = Browser()
    sign_in(person, a, reviewer)
    status, final_url, text = person.open(f"{b}/staff/")
    assert (status, final_url) == (200, f"{b}/staff/")
    assert "Sign out reviewer" in text
