"""The Atom feed of notes, the iCalendar of events and robots.txt (the sitemap: test_sitemap)."""

import datetime

import feedparser
import icalendar
import pytest

from events.models import Event
from tests.helpers import make_event, make_note, make_published_note, make_withdrawn_note

pytestmark = pytest.mark.django_db


def test_the_atom_feed_is_valid_and_lists_published_notes_only(client, expert, reviewer):
    note = make_published_note(expert, reviewer, title="Published seminar")
    make_note(expert, title="Draft seminar")
    make_withdrawn_note(expert, reviewer, title="Withdrawn seminar")
    response = client.get("/feeds/notes.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Published seminar"]
    assert feed.entries[0].link == f"http://testserver{note.get_absolute_url()}"
    assert "raise awareness" in feed.entries[0].summary


def test_the_atom_feed_answers_not_modified_until_a_note_is_published(client, expert, reviewer):
    make_published_note(expert, reviewer)
    etag = client.get("/feeds/notes.atom")["ETag"]
    assert client.get("/feeds/notes.atom", headers={"if-none-match": etag}).status_code == 304
    make_published_note(expert, reviewer)
    assert client.get("/feeds/notes.atom", headers={"if-none-match": etag}).status_code == 200


def test_the_atom_feed_changes_when_a_note_is_withdrawn(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    etag = client.get("/feeds/notes.atom")["ETag"]
    note.withdraw(by=reviewer, reason="Mistake")
    assert client.get("/feeds/notes.atom", headers={"if-none-match": etag}).status_code == 200


def test_the_calendar_is_valid_icalendar_with_public_events_only(client, expert, reviewer):
    soon = datetime.date.today() + datetime.timedelta(days=20)
    make_event(title="Open seminar", slug="open", start=soon, is_public=True, days=2)
    lately = datetime.date.today() - datetime.timedelta(days=60)
    make_published_note(expert, reviewer, event=make_event(title="Reported workshop", start=lately))
    long_ago = datetime.date.today() - datetime.timedelta(days=120)
    make_published_note(expert, reviewer, event=make_event(title="Old workshop", start=long_ago))
    make_event(title="Private meeting", start=soon)
    response = client.get("/events.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Open seminar", "Reported workshop"}
    seminar = events["Open seminar"]
    assert seminar.decoded("DTSTART") == soon
    assert seminar.decoded("DTEND") == soon + datetime.timedelta(days=3)
    assert str(seminar["URL"]) == "http://testserver/events/open/"
    assert all({"UID", "DTSTAMP"} <= set(event) for event in events.values())


def test_a_cancelled_public_event_is_cancelled_in_the_calendar(client):
    soon = datetime.date.today() + datetime.timedelta(days=3)
    make_event(title="Called off", start=soon, is_public=True, status=Event.Status.CANCELLED)
    calendar = icalendar.Calendar.from_ical(client.get("/events.ics").content)
    assert [str(event["STATUS"]) for event in calendar.walk("VEVENT")] == ["CANCELLED"]


def test_the_calendar_answers_not_modified_to_a_current_copy(client):
    make_event(start=datetime.date.today(), is_public=True)
    etag = client.get("/events.ics")["ETag"]
    assert client.get("/events.ics", headers={"if-none-match": etag}).status_code == 304


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_staff_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /staff/" in text
    assert "Disallow: /admin/" in text
