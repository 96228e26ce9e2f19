"""Each main query of the staff pages fits the index named for it (PostgreSQL only).

The SQL is the one the view runs, captured around a request over a few thousand rows written in
bulk and analyzed. It is explained with sequential scans off: on tables this small the planner
may rightly read the whole table, so its own choice says little; with them off, the plan shows
whether the index exists and fits the query (its order, its conditions). Timings on a large
dataset are in no test: they would depend on the machine."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from events.models import Event
from notes.models import Note, Revision
from tests.helpers import in_review, make_contact, make_event, make_note, make_published_note

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="EXPLAIN plans and these indexes are PostgreSQL's: run with a PostgreSQL "
        "DATABASE_URL",
    ),
]


def staff_data(expert, reviewer):
    for n in range(3):
        make_note(expert, title=f"Draft {n}")
        in_review(expert, title=f"In review {n}")
        make_published_note(expert, reviewer, title=f"Published {n}")
        make_event(f"Unwritten {n}")
        soon = timezone.localdate() + datetime.timedelta(days=10 + n)
        make_event(f"Upcoming {n}", start=soon, status=Event.Status.PLANNED)
        make_contact(f"Person {n}")


def many_rows(count=2000):
    """Past events, most with a note, a tenth of these published, and contacts: enough rows
    that reading an index beats sorting the table, and that a list of published notes gains by
    an index of them alone. Written in bulk: the workflow has no part in what is explained."""
    first = datetime.date(2005, 1, 3)
    events = Event.objects.bulk_create(
        Event(
            title=f"Past event {n}",
            slug=f"past-event-{n}",
            start_date=first + datetime.timedelta(days=n),
            end_date=first + datetime.timedelta(days=n),
            status=Event.Status.HELD,
        )
        for n in range(count)
    )
    notes = Note.objects.bulk_create(
        Note(event=event, slug=event.slug) for n, event in enumerate(events) if n % 10
    )
    Revision.objects.bulk_create(Revision(note=note, number=1) for note in notes)
    revision = Subquery(Revision.objects.filter(note=OuterRef("pk")).values("pk"))
    Note.objects.filter(pk__in=[note.pk for note in notes]).update(latest_revision=revision)
    published = Note.objects.filter(pk__in=[note.pk for note in notes[::10]])
    published.update(
        status=Note.Status.PUBLISHED,
        live_revision=revision,
        latest_revision=revision,
        first_published_at=timezone.now() - datetime.timedelta(days=1),
        last_published_at=timezone.now() - datetime.timedelta(days=1),
    )
    Contact.objects.bulk_create(Contact(name=f"Contact {n:05}") for n in range(count))


def captured(client, path, *fragments):
    """The one query of the request to `path` whose SQL holds every fragment."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    found = [q["sql"] for q in queries if all(fragment in q["sql"] for fragment in fragments)]
    assert len(found) == 1, f"{len(found)} queries of {path} hold {fragments}"
    return found[0]


def plan_of(sql):
    with connection.cursor() as cursor:
        # Statistics of this test's rows, not of those earlier tests wrote and rolled back.
        cursor.execute("ANALYZE events_event, notes_note, contacts_contact")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def uses(plan, index):
    """Whether the plan reads `index` (an index scan says "using" it, a bitmap scan "on" it)."""
    return re.search(rf"\b(using|on) {index}\b", plan) is not None


def note_pk(status):
    return Note.objects.filter(status=status).order_by("pk").first().pk


# name: (persona, path, fragments that pick the query out, the index its plan must use)
QUERIES = {
    "note list": (
        "reviewer",
        "/staff/notes/",
        ['FROM "notes_note"', 'ORDER BY "U0"."updated_at" DESC'],
        "note_updated_idx",
    ),
    "note list by status": (
        "reviewer",
        "/staff/notes/?status=draft",
        ['FROM "notes_note"', '"U0"."status" = ', 'ORDER BY "U0"."updated_at" DESC'],
        "note_status_updated_idx",
    ),
    "review queue": (
        "reviewer",
        "/staff/notes/?status=in_review",
        ['FROM "notes_note"', '"U0"."status" = ', 'ORDER BY "U0"."updated_at" DESC'],
        "note_status_updated_idx",
    ),
    "dashboard: awaiting my review": (
        "reviewer",
        "/staff/",
        ['"notes_note"."status" = ', 'FROM "notes_revision"', 'ORDER BY "notes_note"."updated_at"'],
        "note_status_updated_idx",
    ),
    "dashboard: recently published": (
        "expert",
        "/staff/",
        ['ORDER BY "notes_note"."last_published_at" DESC'],
        "note_live_published_idx",
    ),
    "dashboard: upcoming events": (
        "expert",
        "/staff/",
        ['"U0"."end_date" >= ', 'ORDER BY "U0"."start_date" ASC'],
        "event_end_idx",
    ),
    "dashboard: events held without a note": (
        "expert",
        "/staff/",
        ['ORDER BY "events_event"."end_date" DESC'],
        "event_end_idx",
    ),
    "event list": (
        "reviewer",
        "/staff/events/",
        ['ORDER BY "V0"."start_date" DESC, "V0"."title" ASC'],
        "event_start_title_idx",
    ),
    "event list by status": (
        "reviewer",
        "/staff/events/?status=held",
        ['"V0"."status" = ', 'ORDER BY "V0"."start_date" DESC'],
        "event_status_start_idx",
    ),
    "contact list": (
        "reviewer",
        "/staff/contacts/",
        ['FROM "contacts_contact"', 'ORDER BY "contacts_contact"."name" ASC'],
        "contact_name_idx",
    ),
}


@pytest.mark.parametrize("name", QUERIES)
def test_a_main_staff_query_uses_its_index(client, request, expert, reviewer, name):
    persona, path, fragments, index = QUERIES[name]
    staff_data(expert, reviewer)
    many_rows()
    client.force_login(request.getfixturevalue(persona))
    plan = plan_of(captured(client, path, *fragments))
    assert uses(plan, index), plan


def test_a_note_and_an_event_are_read_by_their_primary_key(client, expert, reviewer):
    staff_data(expert, reviewer)
    client.force_login(reviewer)
    # The note itself (the page also lists the event's notes in other languages, by event).
    note = captured(
        client,
        f"/staff/notes/{note_pk('published')}/",
        'FROM "notes_note"',
        'WHERE "notes_note"."id" =',
    )
    event = Note.objects.get(pk=note_pk("published")).event_id
    event_sql = captured(
        client, reverse("events-staff-detail", args=[event]), 'FROM "events_event"'
    )
    assert uses(plan_of(note), "notes_note_pkey")
    assert uses(plan_of(event_sql), "events_event_pkey")
