"""One way to make an address: unique per model, within the field's length, never empty."""

import pytest

from events.models import Event
from notes.models import Note
from outreach.slugs import unique_slug
from tests.helpers import make_event, make_note

pytestmark = pytest.mark.django_db


def test_it_numbers_a_title_already_taken():
    make_event(title="Regional workshop", slug="regional-workshop")
    make_event(title="Regional workshop", slug="regional-workshop-2")
    assert unique_slug(Event, "Regional Workshop") == "regional-workshop-3"


def test_it_keeps_a_long_title_within_the_field_and_unique():
    title = ("Séminaire régional sur la mise en œuvre de la résolution 1540 " * 4).strip()
    first = unique_slug(Event, title)
    make_event(title=title, slug=first)
    second = unique_slug(Event, title)
    limit = Event._meta.get_field("slug").max_length
    assert len(first) <= limit and len(second) <= limit
    assert second != first and second.endswith("-2")
    assert not first.endswith("-")


@pytest.mark.parametrize("title", ["مؤتمر إقليمي", "区域讲习班", "!!!", ""])
def test_a_title_with_no_latin_letters_still_gets_an_address(title):
    assert unique_slug(Event, title) == "event"


def test_a_note_takes_its_events_address_with_its_language(expert):
    english = make_note(expert, slug="vienna-seminar")
    french = Note(event=english.event, language="fr")
    french.assign_slug()
    assert french.slug == f"{english.event.slug}-fr"
    other = Note(event=make_event(slug="vienna-seminar"), language="en")
    other.assign_slug()
    assert other.slug == "vienna-seminar-2"
