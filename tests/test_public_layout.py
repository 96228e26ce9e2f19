"""The public layout's navigation and footer, rendered once per process for each language, page
and signed-in state (the "layout" cache of settings.py): every page still shows its own."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_layout_cache():
    caches["layout"].clear()
    yield
    caches["layout"].clear()


def current_link(page):
    """The navigation link marked as the current page, and its text."""
    found = re.search(r'<a href="([^"]*)" aria-current="page">([^<]*)</a>', page)
    return found and found.groups()


def test_the_layout_is_rendered_once_and_kept(client):
    client.get("/notes/")
    assert any(key.startswith(":1:template.cache.public-navigation") for key in cache_keys())
    assert any(key.startswith(":1:template.cache.public-footer") for key in cache_keys())


def cache_keys():
    return list(caches["layout"]._cache)


def test_each_page_marks_itself_in_the_navigation_after_another_was_shown(client):
    for path, expected in [
        ("/notes/", ("/notes/", "Notes")),
        ("/events/", ("/events/", "Events")),
        ("/notes/", ("/notes/", "Notes")),
        ("/", ("/", "Home")),
    ]:
        assert current_link(client.get(path).text) == expected, path


def test_each_language_keeps_its_own_navigation(client):
    assert current_link(client.get("/notes/").text) == ("/notes/", "Notes")
    assert current_link(client.get("/fr/notes/").text) == ("/fr/notes/", "Notes")
    assert current_link(client.get("/es/notes/").text) == ("/es/notes/", "Notas")
    assert current_link(client.get("/ru/notes/").text) == ("/ru/notes/", "Записки")
    page = client.get("/notes/").text
    assert current_link(page) == ("/notes/", "Notes") and "/fr/events/" not in page


def test_a_signed_in_reader_and_an_anonymous_one_each_get_their_footer(client, expert, reviewer):
    note = make_published_note(expert, reviewer, event=make_event(is_public=True))
    assert "Staff sign-in" in client.get(note.get_absolute_url()).text
    staff = Client()
    staff.force_login(expert)
    page = staff.get(note.get_absolute_url()).text
    assert "Staff pages" in page and "Staff sign-in" not in page
    assert "Staff sign-in" in client.get(note.get_absolute_url()).text


def test_the_sign_in_page_offers_no_sign_in_link_whatever_was_shown_before(client):
    assert "Staff sign-in" in client.get("/").text
    assert "Staff sign-in" not in client.get("/accounts/login/").text
