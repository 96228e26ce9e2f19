import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from events.models import Event
from notes.models import Note

pytestmark = pytest.mark.django_db


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_demo_data_has_one_user_per_group_and_a_note_in_every_state():
    load_demo()
    users = get_user_model().objects.order_by("username")
    assert [(u.username, u.groups.get().name) for u in users] == [
        ("admin", "Administrators"),
        ("expert", "Experts"),
        ("reviewer", "Reviewers"),
    ]
    statuses = set(Note.objects.values_list("status", flat=True))
    assert statuses == {"draft", "in_review", "changes_requested", "published"}
    assert Event.objects.upcoming().filter(is_public=True).exists()


def test_the_irkutsk_note_is_published_as_in_the_archive():
    load_demo()
    note = Note.objects.published().get()
    event = note.event
    assert event.title.startswith("8th Meeting of Heads of Special Services")
    assert (str(event.start_date), str(event.end_date)) == ("2009-06-23", "2009-06-25")
    assert (event.city, event.country.name, event.states_count) == (
        "Irkutsk",
        "Russian Federation",
        57,
    )
    assert event.organizations.filter(acronym="SCO RATS").exists()
    assert note.first_published_at.year == 2009
    assert note.live_revision.disclaimer.version == 1
    assert "1540experts@un.org" in note.live_revision.additional_comments


def test_loading_twice_changes_nothing():
    load_demo()
    counts = (Note.objects.count(), Event.objects.count(), get_user_model().objects.count())
    load_demo()
    assert (Note.objects.count(), Event.objects.count(), get_user_model().objects.count()) == counts


def test_if_empty_leaves_an_existing_database_alone():
    load_demo()
    Note.objects.filter(slug="country-visit-viet-nam-2026").update(highlights="Kept")
    assert "not loaded" in load_demo("--if-empty")
    assert Note.objects.get(slug="country-visit-viet-nam-2026").highlights == "Kept"


@override_settings(DEBUG=True)
def test_passwords_are_printed_when_debug_is_on():
    assert "expert-demo" in load_demo()


def test_passwords_are_not_printed_when_debug_is_off():
    output = load_demo()
    assert "-demo" not in output
    assert "passwords hidden" in output


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_loading_the_demo_sends_no_mail_to_its_fictitious_users():
    load_demo()
    assert Note.objects.filter(status="published").exists()
    assert mail.outbox == []
