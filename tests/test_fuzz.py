"""Fuzzing: every public query parameter, the segments of the public addresses, the
staff forms (event, contact, note editor) and the type-ahead get arbitrary Unicode, control
characters and over-long values, through the test client. Never a server error; a refused
form writes nothing.

The normal run tries FUZZ_EXAMPLES examples a test, the same ones every run (the "default"
profile: deterministic, so that CI does not fail by chance). To search harder, with fresh
random examples each run:

    HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/test_fuzz.py -q
    HYPOTHESIS_PROFILE=fuzz HYPOTHESIS_MAX_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py

Both databases: prefix DATABASE_URL=postgres://... as for the rest of the suite. Each example
runs in a savepoint that is rolled back, so examples do not see each other's records.
"""

import html
import os
import re
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contacts.models import Contact
from events.models import Attendance, Event
from notes import diff
from notes.models import Note, Revision
from tests.helpers import (
    event_form_data,
    make_contact,
    make_event,
    make_note,
    make_organization,
    make_published_note,
)

FUZZ_EXAMPLES = 30
_COMMON = {
    "deadline": None,  # one request is tens of milliseconds; a slow machine must not fail
    "database": None,  # nothing is written to .hypothesis/ in the work tree
    # The client and the records of the fixtures serve every example of a test.
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("default", max_examples=FUZZ_EXAMPLES, derandomize=True, **_COMMON)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", 500)), **_COMMON
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

pytestmark = pytest.mark.django_db

# -- what is typed ------------------------------------------------------------------------

# Any character a URL or a form can carry (UTF-8 cannot encode a lone surrogate).
any_character = st.characters(exclude_categories=["Cs"])
control_character = st.sampled_from([chr(code) for code in range(32)] + ["\x7f", "\ufffe"])
tricky = st.sampled_from(
    ["", " ", "0", "-1", "9" * 23, "1e999", "NaN", "%", "%00", "'", '"', "\\", "<b>", "&amp;",
     "AUT", "WEOG", "2025", "\u202e", "\u2028", "\U0001f600", "é" * 3, ";", "; ;", "(x)"]
)  # fmt: skip
text = st.one_of(
    st.text(any_character, max_size=40),
    st.lists(st.one_of(any_character, control_character), max_size=20).map("".join),
    tricky,
    st.builds(lambda c, n: c * n, st.one_of(any_character, st.just("ab ")), st.integers(200, 5000)),
)


def no_server_error(response):
    assert response.status_code < 500, response.status_code


def each_in_a_savepoint(check):
    """Run check() in a savepoint that is rolled back: examples do not see each other's rows."""
    with transaction.atomic():
        check()
        transaction.set_rollback(True)


# -- the public site ------------------------------------------------------------------------

FILTERS = ["q", "year", "region", "country", "state", "kind", "organizer", "page", "other"]


@pytest.fixture
def public_site(expert, reviewer):
    organizer = make_organization("United Nations Office for Disarmament Affairs", acronym="UNODA")
    event = make_event(title="Regional workshop", slug="regional-workshop", is_public=True)
    event.organizers.add(organizer)
    make_published_note(expert, reviewer, event=event, slug="regional-workshop")


# Beside the generated examples, the ones the security review reported are always tried.
@example(path="/notes/", query={"q": "a\x00b", "country": "\x00"})
@given(path=st.sampled_from(["/", "/notes/", "/events/"]), query=st.dictionaries(
    st.sampled_from(FILTERS), text, max_size=4))  # fmt: skip
def test_the_public_lists_answer_any_query(client, public_site, path, query):
    each_in_a_savepoint(lambda: no_server_error(client.get(path, query)))


@given(
    pattern=st.sampled_from(
        [
            "/notes/{}/regional-workshop/",
            "/notes/2025/{}/",
            "/notes/{}/{}/",
            "/events/{}/",
            "/countries/{}/",
            "/regions/{}/",
        ]
    ),
    segments=st.lists(text, min_size=2, max_size=2),
)
@example(pattern="/notes/{}/{}/", segments=["0", "x"])
@example(pattern="/notes/{}/{}/", segments=["9" * 23, "x"])
@example(pattern="/countries/{}/", segments=["\x00", ""])
def test_the_public_addresses_answer_any_segment(client, public_site, pattern, segments):
    path = pattern.format(*(quote(segment, safe="") for segment in segments))
    response = client.get(path)
    no_server_error(response)
    assert response.status_code in (200, 301, 404, 410), (path, response.status_code)


# -- the staff pages ------------------------------------------------------------------------


@pytest.fixture
def staff(client, expert):
    client.force_login(expert)
    return client


@given(kind=st.sampled_from(["countries", "organizations", "contacts"]), q=text)
@example(kind="contacts", q="Am\x00")
def test_the_type_ahead_answers_any_text(staff, kind, q):
    response = staff.get(reverse("events-lookup", args=[kind]), {"q": q})
    no_server_error(response)
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


@given(
    path=st.sampled_from(["/staff/", "/staff/notes/", "/staff/events/", "/staff/contacts/"]),
    query=st.dictionaries(
        st.sampled_from([*FILTERS, "status", "organization", "role"]), text, max_size=4
    ),
)
def test_the_staff_lists_answer_any_query(staff, path, query):
    each_in_a_savepoint(lambda: no_server_error(staff.get(path, query)))


EVENT_FIELDS = [
    "title", "kind", "format", "status", "start_date", "end_date", "city", "country",
    "organizers", "states", "states_count", "organizations", "description", "is_public",
    "version", "base", "attendees-0-contact", "attendees-0-role", "attendees-TOTAL_FORMS",
]  # fmt: skip


@pytest.fixture
def event(expert):
    make_organization("Government of Senegal")
    make_contact("Aminata Diallo")
    return make_event(title="Workshop in Dakar")


def event_rows(event):
    event.refresh_from_db()
    return Event.objects.count(), Attendance.objects.count(), event.version, event.title


@given(edit=st.booleans(), changes=st.dictionaries(st.sampled_from(EVENT_FIELDS), text, min_size=1))
def test_the_event_form_never_fails_and_writes_nothing_when_refused(staff, event, edit, changes):
    def check():
        before = event_rows(event)
        data = event_form_data(event if edit else None, attendees=[("Aminata Diallo", "host")])
        url = reverse("events-edit", args=[event.pk]) if edit else reverse("events-create")
        response = staff.post(url, data | changes)
        no_server_error(response)
        if response.status_code != 302:
            assert event_rows(event) == before

    each_in_a_savepoint(check)


CONTACT_FIELDS = [
    "honorific", "name", "position", "organization", "country", "email", "phone", "roles",
    "remarks", "is_active",
]  # fmt: skip


@pytest.fixture
def contact(expert):
    make_organization("Government of Senegal")
    return make_contact("Aminata Diallo")


def contact_rows(contact):
    contact.refresh_from_db()
    return Contact.objects.count(), contact.name, contact.remarks, contact.organization_id


@given(
    edit=st.booleans(), changes=st.dictionaries(st.sampled_from(CONTACT_FIELDS), text, min_size=1)
)
@example(edit=False, changes={"organization": "Gov\x00"})
def test_the_contact_form_never_fails_and_writes_nothing_when_refused(
    staff, contact, edit, changes
):
    def check():
        before = contact_rows(contact)
        data = {"honorific": "Ms.", "name": "Awa Ndiaye", "email": "awa@example.org"}
        data |= {"organization": "Government of Senegal", "is_active": "on"}
        url = reverse("contacts-edit", args=[contact.pk]) if edit else reverse("contacts-create")
        response = staff.post(url, data | changes)
        no_server_error(response)
        if response.status_code != 302:
            assert contact_rows(contact) == before

    each_in_a_savepoint(check)


NOTE_FIELDS = [
    "title", "objectives", "background", "highlights", "additional_comments", "message",
    "expected_version", "base_revision", "language",
]  # fmt: skip


@pytest.fixture
def note(expert):
    return make_note(expert)


def note_rows(note):
    note.refresh_from_db()
    return Note.objects.count(), Revision.objects.count(), note.version, note.objectives


@given(
    start=st.booleans(),
    button=st.sampled_from(["save", "preview", "submit"]),
    changes=st.dictionaries(st.sampled_from(NOTE_FIELDS), text, min_size=1),
)
def test_the_note_editor_never_fails_and_writes_nothing_when_refused(
    staff, note, start, button, changes
):
    def check():
        before = note_rows(note)
        data = {"language": "fr", "title": "Title", "objectives": "Objectives.", button: ""}
        data |= {"expected_version": note.version, "base_revision": note.latest_revision.number}
        url = (
            reverse("notes-start", args=[note.event.pk])
            if start
            else reverse("notes-edit", args=[note.pk])
        )
        response = staff.post(url, data | changes)
        no_server_error(response)
        if response.status_code != 302:
            assert note_rows(note) == before

    each_in_a_savepoint(check)


# -- the word diff: whatever the texts and the budget, both texts can be read back ----------

_MARKS = re.compile(r"<(ins|del)>(.*?)</\1>", re.DOTALL)
_NOTICE = re.compile(r'^<p class="diff-notice">[^<]*</p>')


def side(fragment, keep):
    """The text of one side of a diff: `keep` ("del" for the old text, "ins" for the new)."""
    body = _MARKS.sub(lambda m: m[2] if m[1] == keep else "", _NOTICE.sub("", fragment))
    assert "<" not in body  # nothing but the marks is markup: the text is escaped
    return html.unescape(body)


words = st.lists(st.sampled_from(["a", "b", "c", "<x>", "&", " ", "  ", "\n", "\n\n", "\t"]))


@given(old=words.map("".join), new=words.map("".join), budget=st.sampled_from([1, 30, 300]))
def test_the_diff_gives_back_both_texts_whatever_its_budget(old, new, budget):
    with mock.patch.object(diff, "WORK_BUDGET", budget):
        fragment = diff.diff_words(old, new)
    assert side(fragment, "del") == old
    assert side(fragment, "ins") == new
