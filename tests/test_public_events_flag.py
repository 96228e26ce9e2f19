"""Event.has_published_note: what public_events() reads instead of every event's notes. It
follows every change of a published note in the same transaction (publish, withdraw, the
admin's deletions), the bulk writers (seed_scale, a restored backup) and the migration that
added it, and no copy of an event read before a publication writes it back."""

import datetime
import importlib
import json
import threading
import zipfile
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import Country
from events.forms import EventForm
from events.models import Event
from notes.models import Note, refresh_published_notes
from notes.public_filters import public_events
from tests.helpers import (
    in_review,
    make_event,
    make_note,
    make_published_note,
    reload_migrated_data,
)

pytestmark = pytest.mark.django_db


def flag(event):
    return Event.objects.values_list("has_published_note", flat=True).get(pk=event.pk)


def shown_by_the_old_rule():
    """The events the public sees, computed from the notes: the oracle of the flag."""
    has_note = Exists(Note.objects.published().filter(event=OuterRef("pk")))
    return set(Event.objects.filter(Q(is_public=True) | Q(has_note)).values_list("pk", flat=True))


def shown():
    return set(public_events().values_list("pk", flat=True))


def versions(event):
    """{language: slug} of the published notes, as the event keeps them."""
    kept = Event.objects.values_list("published_versions", flat=True).get(pk=event.pk)
    return dict(pair.split(" ") for pair in kept.split(",") if pair)


def flags_follow_the_notes():
    """The flag, and the versions each event keeps, are what its published notes say."""
    published = set(Note.objects.published().values_list("event", flat=True))
    flagged = set(Event.objects.filter(has_published_note=True).values_list("pk", flat=True))
    kept = {
        (event, language, slug)
        for event, listed in Event.objects.values_list("pk", "published_versions")
        for language, slug in (pair.split(" ") for pair in listed.split(",") if pair)
    }
    live = set(Note.objects.published().values_list("event", "language", "slug"))
    return flagged == published and kept == live


@pytest.fixture
def staff(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


# -- the workflow -------------------------------------------------------------------------------


def test_publishing_a_note_flags_its_event_and_shows_it(expert, reviewer):
    note = in_review(expert)
    assert not flag(note.event) and note.event_id not in shown()
    note.publish(by=reviewer)
    assert flag(note.event) and note.event_id in shown()


def test_withdrawing_the_only_published_note_clears_the_flag(expert, reviewer):
    note = make_published_note(expert, reviewer)
    note.withdraw(by=reviewer, reason="Wrong figures")
    assert not flag(note.event) and note.event_id not in shown()


def test_withdrawing_one_of_two_published_notes_keeps_the_flag(expert, reviewer):
    english = make_published_note(expert, reviewer)
    french = make_published_note(expert, reviewer, event=english.event, language="fr")
    english.withdraw(by=reviewer, reason="Wrong figures")
    assert flag(english.event) and english.event_id in shown()
    french.withdraw(by=reviewer, reason="Wrong figures")
    assert not flag(english.event)


def test_the_event_keeps_the_language_and_address_of_each_published_note(expert, reviewer):
    english = make_published_note(expert, reviewer, slug="seminar")
    assert versions(english.event) == {"en": "seminar"}
    french = in_review(expert, event=english.event, language="fr", slug="seminaire")
    assert versions(english.event) == {"en": "seminar"}
    french.publish(by=reviewer)
    assert versions(english.event) == {"en": "seminar", "fr": "seminaire"}
    english.withdraw(by=reviewer, reason="Wrong figures")
    assert versions(english.event) == {"fr": "seminaire"}


def test_each_publication_and_withdrawal_moves_the_versions_change_time(expert, reviewer):
    english = make_published_note(expert, reviewer)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    changed_at = Event.objects.filter(pk=english.event_id).values_list(
        "versions_changed_at", flat=True
    )
    for step in (
        lambda: make_published_note(expert, reviewer, event=english.event, language="fr"),
        lambda: english.withdraw(by=reviewer, reason="Wrong figures"),
    ):
        Event.objects.filter(pk=english.event_id).update(versions_changed_at=long_ago)
        step()
        assert changed_at.get() > long_ago


def test_withdrawing_a_note_leaves_a_public_event_shown(expert, reviewer):
    note = make_published_note(expert, reviewer, event=make_event(is_public=True))
    note.withdraw(by=reviewer, reason="Wrong figures")
    assert not flag(note.event) and note.event_id in shown()


def test_a_note_published_again_flags_its_event_again(expert, reviewer):
    note = make_published_note(expert, reviewer)
    note.withdraw(by=reviewer, reason="Wrong figures")
    note.submit(by=expert)
    note.publish(by=reviewer)
    assert flag(note.event) and note.event_id in shown()


def test_a_rolled_back_publication_leaves_the_flag_unset(expert, reviewer):
    note = in_review(expert)
    with pytest.raises(RuntimeError), transaction.atomic():
        note.publish(by=reviewer)
        assert flag(note.event)
        raise RuntimeError("the publication fails after the flag is set")
    assert not flag(note.event) and note.event_id not in shown()


def test_a_rolled_back_withdrawal_leaves_the_flag_set(expert, reviewer):
    note = make_published_note(expert, reviewer)
    with pytest.raises(RuntimeError), transaction.atomic():
        note.withdraw(by=reviewer, reason="Wrong figures")
        assert not flag(note.event)
        raise RuntimeError("the withdrawal fails after the flag is cleared")
    assert flag(note.event)


def test_a_copy_of_the_event_read_before_the_publication_does_not_clear_the_flag(expert, reviewer):
    note = in_review(expert)
    stale = Event.objects.get(pk=note.event_id)
    note.publish(by=reviewer)
    stale.title = "Renamed"
    stale.save()
    assert flag(note.event) and Event.objects.get(pk=note.event_id).title == "Renamed"


def test_a_staff_edit_begun_before_the_publication_does_not_clear_the_flag(expert, reviewer):
    note = in_review(expert)
    stale = Event.objects.get(pk=note.event_id)
    note.publish(by=reviewer)
    stale.title = "Renamed"
    stale.save_checked(stale.version)
    assert flag(note.event) and Event.objects.get(pk=note.event_id).title == "Renamed"


def test_an_event_read_in_part_saves_only_the_fields_it_read():
    event = make_event(city="Dakar")
    Event.objects.filter(pk=event.pk).update(city="Thiès", has_published_note=True)
    partial = Event.objects.only("title").get(pk=event.pk)
    partial.title = "Renamed"
    with CaptureQueriesContext(connection) as queries:
        partial.save()
    (update,) = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "events_event"')]
    assert '"title"' in update and '"city"' not in update
    assert Event.objects.values_list("title", "city").get(pk=event.pk) == ("Renamed", "Thiès")
    assert flag(event)


def test_the_flag_is_never_typed_in_a_form(staff, expert, reviewer):
    assert "has_published_note" not in EventForm().fields
    note = make_published_note(expert, reviewer)
    change = staff.get(f"/admin/events/event/{note.event_id}/change/")
    assert change.status_code == 200
    assert "has_published_note" not in change.context["adminform"].form.fields


# -- the admin's deletions ------------------------------------------------------------------------


def deletable_note(event, language="en"):
    """A note the admin can delete: once a note has a revision, its revisions and transitions
    protect it (so a published note is never deleted). The event's flag is set as a bulk
    write could have left it, for the deletion to put right."""
    Event.objects.filter(pk=event.pk).update(has_published_note=True)
    return Note.objects.create(event=event, language=language, slug=f"n-{event.pk}-{language}")


def test_a_note_deleted_in_the_admin_recomputes_the_flag_of_its_event(staff):
    note = deletable_note(make_event())
    response = staff.post(f"/admin/notes/note/{note.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Note.objects.filter(pk=note.pk).exists()
    assert not flag(note.event) and note.event_id not in shown()


def test_notes_deleted_together_in_the_admin_recompute_the_flags_of_their_events(
    staff, expert, reviewer
):
    published = make_published_note(expert, reviewer)
    beside = deletable_note(published.event, language="fr")
    alone = deletable_note(make_event())
    data = {"action": "delete_selected", "_selected_action": [beside.pk, alone.pk], "post": "yes"}
    response = staff.post("/admin/notes/note/", data)
    assert response.status_code == 302 and Note.objects.get() == published
    assert flag(published.event) and not flag(alone.event)


# -- the bulk writers and the migration ---------------------------------------------------------


def test_the_migration_fills_the_flag_from_the_published_notes(expert, reviewer):
    migration = importlib.import_module("events.migrations.0004_has_published_note")
    published = make_published_note(expert, reviewer)
    withdrawn = make_published_note(expert, reviewer)
    withdrawn.withdraw(by=reviewer, reason="Wrong figures")
    draft = make_note(expert)
    Event.objects.filter(pk=published.event_id).update(has_published_note=False)
    Event.objects.exclude(pk=published.event_id).update(has_published_note=True)
    migration.fill_has_published_note(apps, SimpleNamespace(connection=connection))
    assert flag(published.event)
    assert not flag(withdrawn.event) and not flag(draft.event)


def test_the_migration_fills_the_versions_from_the_published_notes(expert, reviewer):
    migration = importlib.import_module("events.migrations.0006_published_versions")
    english = make_published_note(expert, reviewer, slug="meeting")
    make_published_note(expert, reviewer, event=english.event, language="ar", slug="meeting-ar")
    withdrawn = make_published_note(expert, reviewer, event=english.event, language="ru")
    withdrawn.withdraw(by=reviewer, reason="Wrong figures")
    Event.objects.update(published_versions="", versions_changed_at=None)
    migration.fill_published_versions(apps, SimpleNamespace(connection=connection))
    assert versions(english.event) == {"en": "meeting", "ar": "meeting-ar"}
    assert flags_follow_the_notes()


def test_refresh_published_notes_changes_only_the_events_given(expert, reviewer):
    note = make_published_note(expert, reviewer)
    other = make_published_note(expert, reviewer)
    Event.objects.update(has_published_note=False)
    with transaction.atomic():
        assert refresh_published_notes(Event.objects.filter(pk=note.event_id)) == 1
    assert flag(note.event) and not flag(other.event)


def test_the_seed_scale_dataset_flags_exactly_the_events_with_published_notes():
    call_command("seed_scale", "--notes", "30", "--seed", "7", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Event.objects.filter(has_published_note=True).count() == 30
    assert flags_follow_the_notes()
    assert Event.objects.filter(is_public=True, has_published_note=False).exists()
    assert shown() == shown_by_the_old_rule()


def without_the_flag(archive, path):
    """The archive as a version without the flag wrote it: no event brings a value."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "data/events.event.json":
                rows = json.loads(data)
                for row in rows:
                    del row["fields"]["has_published_note"]
                data = json.dumps(rows).encode()
            target.writestr(name, data)
    return path


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_flags_the_events_from_their_notes(tmp_path, expert, reviewer):
    public = make_event(is_public=True)
    note = make_published_note(expert, reviewer)
    make_published_note(expert, reviewer).withdraw(by=reviewer, reason="Wrong figures")
    archive = tmp_path / "backup.zip"
    call_command("export_data", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    older = without_the_flag(archive, tmp_path / "older.zip")
    call_command("flush", interactive=False)
    reload_migrated_data()

    call_command("import_data", str(older), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert flag(note.event) and flags_follow_the_notes()
    assert shown() == shown_by_the_old_rule() == {public.pk, note.event_id}


# -- two withdrawals at once (PostgreSQL: SQLite runs one writer at a time) -----------------------


def in_a_thread(work):
    def run():
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_last_two_published_notes_withdrawn_at_once_clear_the_flag(expert, reviewer):
    english = make_published_note(expert, reviewer)
    french = make_published_note(expert, reviewer, event=english.event, language="fr")
    withdrawn, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            Note.objects.get(pk=english.pk).withdraw(by=reviewer, reason="First", notify=False)
            withdrawn.set()
            assert release.wait(30)

    def second():
        assert withdrawn.wait(30)
        Note.objects.get(pk=french.pk).withdraw(by=reviewer, reason="Second", notify=False)

    threads = [in_a_thread(first), in_a_thread(second)]
    # The second withdrawal waits for the first to commit, having seen its note still live.
    while not waiting_for_a_lock() and threads[1].is_alive():
        threading.Event().wait(0.01)
    release.set()
    for thread in threads:
        thread.join(30)
    assert Note.objects.published().count() == 0
    assert not flag(english.event)


# -- any sequence of workflow steps ---------------------------------------------------------------

STEPS = [*Note.TRANSITIONS, "edit", "toggle_public", "rename_stale_copy"]
SAID = {"request_changes": {"comment": "Shorter, please."}, "withdraw": {"reason": "Wrong figures"}}


def take(step, note, expert, reviewer):
    """One step on `note` or its event; a refused move changes nothing."""
    if step in Note.TRANSITIONS:
        by = expert if step == "submit" else reviewer
        note.attempt(step, by=by, **SAID.get(step, {}))
    elif step == "edit":
        note.refresh_from_db()
        if note.accepts_edits:
            note.highlights += " More."
            note.save_draft(by=expert)
    elif step == "toggle_public":
        event = Event.objects.get(pk=note.event_id)
        event.is_public = not event.is_public
        event.save()
    elif step == "rename_stale_copy":
        note.event.title += "!"  # the copy read when the note was written
        note.event.save()


def written(expert, reviewer, event, language, start):
    """A note on `event` in the state `start`: a draft, in review, or published."""
    note = make_note(expert, event=event, language=language)
    for step in {"draft": [], "in_review": ["submit"], "published": ["submit", "publish"]}[start]:
        take(step, note, expert, reviewer)
    return note


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    starts=st.lists(st.sampled_from(["draft", "in_review", "published"]), min_size=4, max_size=4),
    steps=st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 3)), max_size=20),
)
def test_after_any_steps_the_public_sees_the_events_the_old_rule_shows(
    expert, reviewer, starts, steps
):
    with transaction.atomic():
        senegal, ghana = (Country.objects.get(iso3=code) for code in ("SEN", "GHA"))
        events = [make_event(country=senegal), make_event(country=ghana, is_public=True)]
        places = [(events[0], "en"), (events[0], "fr"), (events[1], "en"), (make_event(), "es")]
        notes = [
            written(expert, reviewer, event, language, start)
            for (event, language), start in zip(places, starts, strict=True)
        ]
        assert shown() == shown_by_the_old_rule()
        for step, index in steps:
            take(step, notes[index], expert, reviewer)
            assert shown() == shown_by_the_old_rule(), (step, index)
        assert flags_follow_the_notes()
        transaction.set_rollback(True)
