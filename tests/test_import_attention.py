"""The import never throws a note away: a note read in part becomes a draft for staff to finish,
with its original text and the list of what needs attention; a complete note goes to review.

The notes are given as the reader returns them (ParsedNote), whatever the file says: these tests
are about what the import does with a reading, not about reading."""

import dataclasses
import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from contacts.models import Organization
from events.models import Event
from notes.archive.importer import CREATED, TO_FINISH, UNCHANGED, UPDATED, import_files
from notes.archive.parser import Attention
from notes.archive.reading import Reading
from notes.models import Note, Revision, Transition
from tests.helpers import make_organization
from tests.test_archive_parser import IRKUTSK_NOTE

pytestmark = pytest.mark.django_db

HEADER = (
    "Event:\t8th Meeting of Heads of Special Services",
    "Organizers:\tThe Federal Security Service of the Russian Federation",
    "Date and Venue:\t23-25 June 2009; Irkutsk, Russian Federation",
    "Participants:\tsome delegations of the region",
)
COMPLETE = dataclasses.replace(IRKUTSK_NOTE, header_lines=HEADER)
PARTIAL = dataclasses.replace(
    COMPLETE,
    states_count=None,
    organizations=(),
    attention=(Attention("participants", "some delegations of the region"),),
)
UNDATED = dataclasses.replace(
    PARTIAL,
    start_date=None,
    end_date=None,
    attention=(Attention("date", "in the summer of 2009; Irkutsk, Russian Federation"),),
)
SOURCE = "Information Note\nEvent:\t8th Meeting <script>alert(1)</script>\n1. Objectives\n"


class ReaderOf:
    """Stands in for reading.Reader: each file reads as the ParsedNote given for its name, and
    its bytes are the text it was read from."""

    def __init__(self, notes):
        self.notes = notes

    def __call__(self, limits):
        return self

    def read(self, name, data):
        return Reading(self.notes[Path(name).name], "utf-8", data.decode())

    def close(self):
        pass


@pytest.fixture
def readings(monkeypatch):
    """{file name: ParsedNote}: what each file of the test reads as."""
    notes = {}
    monkeypatch.setattr("notes.archive.importer.Reader", ReaderOf(notes))
    return notes


def import_one(name, note, readings, *, by, text=SOURCE, **options):
    readings[name] = note
    (outcome,) = import_files([(name, text.encode())], by=by, **options)
    return outcome


def run(folder, *options, **kwargs):
    out = io.StringIO()
    call_command(
        "import_notes", str(folder), *options, user="reviewer", stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def test_a_note_with_points_to_finish_becomes_a_draft_with_its_source_and_list(reviewer, readings):
    outcome = import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    assert (outcome.status, outcome.workflow) == (CREATED, TO_FINISH)
    note = Note.objects.get()
    assert note.status == Note.Status.DRAFT
    assert not note.transitions.exists()
    assert note.live_revision is None
    assert note.source_text == SOURCE
    assert note.source_header == "\n".join(HEADER)
    assert note.attention == [{"part": "participants", "text": "some delegations of the region"}]
    assert note.attention_lines == ["participants not understood: “some delegations of the region”"]
    # Everything read with confidence is in the event and the note.
    assert note.highlights.startswith("Many speakers")
    event = note.event
    assert (event.start_date, event.city, event.country.iso3) == (
        datetime.date(2009, 6, 23),
        "Irkutsk",
        "RUS",
    )
    assert [o.name for o in event.organizers.all()] == [IRKUTSK_NOTE.organizers[0]]


def test_the_importer_may_finish_the_draft_but_never_publish_it(
    reviewer, second_reviewer, expert, readings
):
    import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    note = Note.objects.get()
    archive = get_user_model().objects.get(username="archive")
    assert set(note.authors.all()) == {archive, reviewer}
    assert note.editable_by(reviewer)
    assert not note.editable_by(expert)
    note.submit(by=reviewer, notify=False)
    assert not note.reviewable_by(reviewer)
    with pytest.raises(PermissionDenied):
        note.publish(by=reviewer)
    note.publish(by=second_reviewer, notify=False)
    assert Note.objects.published().get() == note


def test_publish_as_does_not_publish_a_note_with_points_to_finish(
    reviewer, second_reviewer, readings
):
    outcome = import_one(
        "irkutsk-2009.txt", PARTIAL, readings, by=reviewer, publisher=second_reviewer
    )
    assert outcome.workflow == TO_FINISH
    note = Note.objects.get()
    assert (note.status, note.live_revision) == (Note.Status.DRAFT, None)


def test_a_complete_note_goes_to_review_with_its_source_and_no_points(reviewer, readings):
    outcome = import_one("irkutsk-2009.txt", COMPLETE, readings, by=reviewer)
    assert outcome.workflow == "review"
    note = Note.objects.get()
    assert note.status == Note.Status.IN_REVIEW
    assert (note.attention, note.source_text) == ([], SOURCE)
    assert not note.is_author(reviewer)


def test_an_event_without_a_readable_date_is_dated_from_the_year_its_text_names(reviewer, readings):
    import_one("note.txt", UNDATED, readings, by=reviewer)
    note = Note.objects.get()
    assert (note.event.start_date, note.event.end_date) == (datetime.date(2009, 1, 1),) * 2
    assert note.status == Note.Status.DRAFT
    assert note.attention_lines == [
        "date not understood: “in the summer of 2009; Irkutsk, Russian Federation”"
    ]


def test_else_from_the_year_in_the_file_name(reviewer, readings):
    undated = dataclasses.replace(UNDATED, attention=(Attention("date", "summer"),))
    import_one("irkutsk-2011.txt", undated, readings, by=reviewer)
    assert Event.objects.get().start_date == datetime.date(2011, 1, 1)


def test_an_event_held_on_separate_days_keeps_them_and_its_stated_format(reviewer, readings):
    days = (datetime.date(2021, 3, 2), datetime.date(2021, 3, 9), datetime.date(2021, 3, 16))
    online = dataclasses.replace(
        COMPLETE, start_date=days[0], end_date=days[-1], days=days, format="hybrid"
    )
    import_one("webinars.txt", online, readings, by=reviewer)
    event = Event.objects.get()
    assert event.days == ["2021-03-02", "2021-03-09", "2021-03-16"]
    assert event.separate_days == list(days)
    assert (event.start_date, event.end_date, event.format) == (days[0], days[-1], "hybrid")


def test_an_unreadable_venue_leaves_the_format_at_its_default(reviewer, readings):
    unplaced = dataclasses.replace(
        PARTIAL, city="", country="", attention=(Attention("venue", "somewhere near Irkutsk"),)
    )
    import_one("irkutsk.txt", unplaced, readings, by=reviewer)
    event = Event.objects.get()
    assert (event.city, event.country, event.format) == ("", None, Event.Format.IN_PERSON)


def test_an_event_held_every_day_keeps_no_days(reviewer, readings):
    import_one("irkutsk.txt", COMPLETE, readings, by=reviewer)
    assert Event.objects.get().days == []


def test_a_second_import_of_the_same_file_changes_nothing(reviewer, readings):
    import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    before = snapshot()
    outcome = import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    assert (outcome.status, outcome.detail) == (UNCHANGED, "already imported")
    assert snapshot() == before


def test_a_changed_file_completes_a_draft_nobody_worked_on_and_sends_it_to_review(
    reviewer, readings
):
    import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    outcome = import_one("irkutsk-2009.txt", COMPLETE, readings, by=reviewer, text=SOURCE + "2")
    assert (outcome.status, outcome.workflow) == (UPDATED, "review")
    note = Note.objects.get()
    assert (note.status, note.attention, note.source_text) == ("in_review", [], SOURCE + "2")
    assert note.event.states_count == 57


def test_a_draft_staff_edited_is_not_overwritten_by_a_changed_file(reviewer, readings):
    import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    note = Note.objects.get()
    note.highlights = "Finished by hand."
    note.save_draft(by=reviewer, message="Finished")
    before = snapshot()
    outcome = import_one("irkutsk-2009.txt", COMPLETE, readings, by=reviewer, text=SOURCE + "2")
    assert outcome.status == UNCHANGED
    assert "staff have worked on this note since it was imported" in outcome.detail
    assert snapshot() == before


def test_a_draft_whose_event_staff_corrected_is_found_by_its_header_and_kept(reviewer, readings):
    import_one("note.txt", UNDATED, readings, by=reviewer)
    event = Event.objects.get()
    event.start_date = event.end_date = datetime.date(2009, 6, 23)
    event.save_checked(event.version)
    Note.objects.get().keep_header_current()  # as the event form does, through records_changed
    before = snapshot()
    outcome = import_one("note.txt", UNDATED, readings, by=reviewer, text=SOURCE + "2")
    assert outcome.status == UNCHANGED
    assert snapshot() == before
    assert Event.objects.count() == 1


def test_points_marked_resolved_are_not_brought_back_by_a_changed_file(
    reviewer, second_reviewer, readings
):
    import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    note = Note.objects.get()
    note.resolve_attention(by=reviewer)
    outcome = import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer, text=SOURCE + "2")
    assert outcome.status == UNCHANGED
    note.refresh_from_db()
    assert (note.attention, note.attention_resolved_by) == ([], reviewer)


def test_only_those_who_may_edit_the_note_resolve_its_points(reviewer, expert, readings):
    import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    note = Note.objects.get()
    with pytest.raises(PermissionDenied):
        note.resolve_attention(by=expert)
    assert Note.objects.get().attention


def test_an_existing_event_keeps_what_the_registry_has_for_a_part_to_finish(
    reviewer, second_reviewer, readings
):
    import_one("irkutsk-2009.txt", COMPLETE, readings, by=reviewer)
    # A note in review changes only through the review: send it back, so the file may change it.
    Note.objects.get().request_changes(by=second_reviewer, comment="Again", notify=False)
    partial = dataclasses.replace(PARTIAL, highlights="New highlights.")
    outcome = import_one("irkutsk-2009.txt", partial, readings, by=reviewer, text=SOURCE + "2")
    assert (outcome.status, outcome.workflow) == (UPDATED, TO_FINISH)
    event = Event.objects.get()
    assert (event.states_count, event.organizations.count()) == (57, 6)
    assert Note.objects.get().highlights == "New highlights."


def test_an_unreadable_title_gives_the_event_the_file_name_until_staff_name_it(reviewer, readings):
    untitled = dataclasses.replace(
        PARTIAL, event_title="", attention=(Attention("event", ""),), header_lines=()
    )
    import_one("2012-vienna.txt", untitled, readings, by=reviewer)
    note = Note.objects.get()
    assert note.event.title == "Note from the archive file 2012-vienna.txt"
    assert note.attention_lines == ["event not found"]


def test_the_command_table_lists_what_needs_attention_and_what_was_read(
    reviewer, readings, tmp_path
):
    readings["irkutsk.txt"] = PARTIAL
    (tmp_path / "irkutsk.txt").write_text(SOURCE)
    output = run(tmp_path)
    header, row = output.splitlines()[:2]
    for column in ("FILE", "RESULT", "EVENT", "DATES", "VENUE", "ORGANIZERS", "PARTICIPANTS"):
        assert column in header
    assert (
        " ".join(row.split())
        .split("/")[-1]
        .startswith(
            "irkutsk.txt created (draft for staff to finish) 8th Meeting of Heads of Special… "
            "23–25 June 2009 Irkutsk, Russian Fede… The Federal Security …"
        )
    )
    assert row.endswith("participants not understood: “some delegations of the region”")
    assert "1 need attention: drafts for staff to finish, not submitted." in output


def test_the_command_dry_run_writes_nothing_and_lists_the_points(reviewer, readings, tmp_path):
    readings["irkutsk.txt"] = PARTIAL
    (tmp_path / "irkutsk.txt").write_text(SOURCE)
    before = snapshot()
    output = run(tmp_path, "--dry-run")
    assert snapshot() == before
    assert "participants not understood" in output
    assert "Dry run, nothing written: 1 files read, 1 created" in output


def test_a_known_organization_is_not_duplicated_by_a_draft(reviewer, readings):
    make_organization("Federal Security Service of the Russian Federation")
    import_one("irkutsk-2009.txt", PARTIAL, readings, by=reviewer)
    assert Organization.objects.count() == 1


def snapshot():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Event, Note, Revision, Transition, Organization)
    }
