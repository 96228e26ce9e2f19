"""Cache headers and conditional responses of the public pages."""

import datetime

import pytest
from django.utils.http import http_date

from notes.http import PUBLIC_MAX_AGE
from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db

PUBLIC = f"public, max-age={PUBLIC_MAX_AGE}"


@pytest.mark.parametrize(
    "path",
    ["/", "/notes/", "/events/", "/countries/", "/countries/SEN/", "/regions/weog/", "/robots.txt"],
)
def test_public_pages_may_be_cached_briefly_by_anyone(client, path):
    assert client.get(path)["Cache-Control"] == PUBLIC


def test_a_note_page_answers_not_modified_since_its_publication(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    response = client.get(note.get_absolute_url())
    assert response["Cache-Control"] == PUBLIC
    since = response["Last-Modified"]
    again = client.get(note.get_absolute_url(), headers={"if-modified-since": since})
    assert again.status_code == 304
    assert again["Last-Modified"] == since


def test_a_note_page_is_modified_again_when_it_is_republished(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    since = client.get(note.get_absolute_url())["Last-Modified"]
    note.highlights = "Corrected."
    note.save_draft(by=expert)
    note.submit(by=expert)
    note.publish(by=reviewer, at=note.last_published_at + datetime.timedelta(minutes=5))
    response = client.get(note.get_absolute_url(), headers={"if-modified-since": since})
    assert response.status_code == 200
    assert "Corrected." in response.content.decode()


def test_a_note_page_is_modified_again_when_its_event_changes(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    later = note.event.updated_at + datetime.timedelta(hours=1)
    type(note.event).objects.filter(pk=note.event_id).update(updated_at=later)
    since = http_date((later - datetime.timedelta(minutes=1)).timestamp())
    response = client.get(note.get_absolute_url(), headers={"if-modified-since": since})
    assert response.status_code == 200


def test_a_page_showing_a_message_is_never_stored(client):
    response = client.get("/notes/?year=notayear")
    assert "Not understood" in response.content.decode()
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_withdrawn_note_page_is_gone_for_caches_too(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    note.withdraw(by=reviewer, reason="Mistake")
    response = client.get(note.get_absolute_url())
    assert response.status_code == 410
    assert response["Cache-Control"] == PUBLIC


def test_an_event_page_may_be_cached_briefly(client):
    make_event(slug="open", is_public=True)
    assert client.get("/events/open/")["Cache-Control"] == PUBLIC
