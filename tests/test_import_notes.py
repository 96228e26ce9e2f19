"""`manage.py import_notes`: archive files become events and notes in review, once; with
--publish-as (the initial load of the archive), notes published by another reviewer."""

import datetime
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from contacts.models import Country, Organization
from events.models import Event
from notes.models import Disclaimer, Note, Revision, Transition
from tests.helpers import make_docx, make_organization, make_pdf
from tests.test_archive_parser import CONTACT, IRKUTSK, SAMPLES

pytestmark = pytest.mark.django_db

IRKUTSK_TEXT = IRKUTSK.read_text(encoding="utf-8")
IRKUTSK_TITLE = (
    "8th Meeting of Heads of Special Services, Security Organizations, and "
    "Law-Enforcement Organizations"
)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run(*paths, user="reviewer", **options):
    out = io.StringIO()
    options.setdefault("stderr", io.StringIO())
    call_command("import_notes", *map(str, paths), user=user, stdout=out, **options)
    return out.getvalue()


def run_failing(*paths, **options):
    with pytest.raises(CommandError) as caught:
        run(*paths, **options)
    return caught.value


def row(output, name):
    """The table row of the file `name` (a long path is cut at the front)."""
    rows = [line for line in output.splitlines() if name in line]
    assert len(rows) == 1, output
    return " ".join(rows[0].split())


def write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.fixture
def irkutsk(tmp_path):
    return write(tmp_path, "irkutsk-2009.txt", IRKUTSK_TEXT)


def test_the_irkutsk_note_becomes_its_event(reviewer, irkutsk):
    output = run(irkutsk)
    event = Event.objects.get()
    assert (event.title, event.start_date, event.end_date) == (
        IRKUTSK_TITLE,
        datetime.date(2009, 6, 23),
        datetime.date(2009, 6, 25),
    )
    assert (event.city, event.country.iso3, event.states_count) == ("Irkutsk", "RUS", 57)
    assert (event.status, event.kind, event.format) == ("held", "meeting", "in_person")
    assert [org.name for org in event.organizers.all()] == [
        "The Federal Security Service of the Russian Federation"
    ]
    assert "1 files read, 1 created, 0 updated, 0 unchanged, 0 failed." in output


def test_organizations_are_created_with_the_acronym_split_from_the_name(reviewer, irkutsk):
    run(irkutsk)
    rats = Organization.objects.get(acronym="SCO RATS")
    assert rats.name == "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization"
    assert Organization.objects.get(acronym="CIS ATC").name == (
        "Anti-Terrorist Center of the Commonwealth of Independent States"
    )
    assert Organization.objects.get(name="UN Security Council Committee 1267").acronym == ""
    assert Event.objects.get().organizations.count() == 6


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization", ""),
        ("RATS of the SCO", "SCO RATS"),
    ],
)
def test_an_existing_organization_is_matched_by_name_or_acronym(reviewer, irkutsk, name, acronym):
    existing = make_organization(name, acronym=acronym)
    run(irkutsk)
    assert existing in Event.objects.get().organizations.all()
    assert not Organization.objects.filter(name__startswith="Regional Anti").exclude(pk=existing.pk)


def test_an_organizer_is_matched_with_or_without_a_leading_the(reviewer, irkutsk):
    existing = make_organization("Federal Security Service of the Russian Federation")
    run(irkutsk)
    assert list(Event.objects.get().organizers.all()) == [existing]


def test_a_bare_acronym_names_the_organization_that_has_it(reviewer, tmp_path):
    osce = make_organization("Organization for Security and Co-operation in Europe", acronym="OSCE")
    run(SAMPLES / "tashkent-2010-colons-and-wrapped-values.txt")
    assert osce in Event.objects.get().organizations.all()


def test_the_note_goes_to_review_signed_by_the_archive_and_written_by_the_importer(
    reviewer, irkutsk
):
    run(irkutsk)
    note = Note.objects.get()
    archive = get_user_model().objects.get(username="archive")
    assert list(note.authors.all()) == [archive]
    assert note.status == Note.Status.IN_REVIEW
    assert note.live_revision is None
    assert note.latest_revision.author == reviewer
    steps = note.transitions.order_by("created_at", "pk")
    assert [(t.to_status, t.actor) for t in steps] == [("in_review", archive)]
    assert "irkutsk-2009.txt" in steps[0].comment


def test_the_archive_account_cannot_sign_in_and_is_an_expert(client, reviewer, irkutsk):
    run(irkutsk)
    archive = get_user_model().objects.get(username="archive")
    assert not archive.has_usable_password()
    assert not client.login(username="archive", password="")
    assert list(archive.groups.values_list("name", flat=True)) == ["Experts"]


def test_publish_as_publishes_at_once_as_another_reviewer_dated_now(
    reviewer, second_reviewer, irkutsk
):
    before = timezone.now()
    run(irkutsk, publish_as="reviewer2")
    note = Note.objects.get()
    assert note.status == Note.Status.PUBLISHED
    assert note.transitions.get(to_status="published").actor == second_reviewer
    assert note.latest_revision.author == reviewer
    assert before <= note.first_published_at == note.last_published_at <= timezone.now()
    assert note.live_revision.published_at == note.first_published_at
    assert note.live_revision.disclaimer == Disclaimer.objects.in_force()
    assert (note.event.start_date, note.event.end_date) == (
        datetime.date(2009, 6, 23),
        datetime.date(2009, 6, 25),
    )


def test_publish_as_must_name_another_reviewer_than_the_importer(
    reviewer, expert, second_reviewer, irkutsk
):
    assert "another reviewer" in str(run_failing(irkutsk, publish_as="reviewer"))
    assert "Only reviewers can publish" in str(run_failing(irkutsk, publish_as="expert"))
    assert not Event.objects.exists()


def test_the_revision_records_the_source_file_and_its_hash(reviewer, irkutsk):
    run(irkutsk)
    revision = Note.objects.get().latest_revision
    assert revision.source == str(irkutsk)
    assert revision.source_hash == hashlib.sha256(irkutsk.read_bytes()).hexdigest()


def test_the_contact_line_closes_the_additional_comments(reviewer, irkutsk):
    run(irkutsk)
    note = Note.objects.get()
    assert note.additional_comments == CONTACT
    assert note.highlights.startswith("Many speakers pointed out")
    assert note.title == ""
    assert note.slug == note.event.slug


def test_listed_states_are_matched_to_countries(reviewer):
    run(SAMPLES / "port-of-spain-2015-listed-states.txt")
    event = Event.objects.get()
    assert sorted(event.states.values_list("iso3", flat=True)) == ["ATG", "BRB", "JAM", "TTO"]
    assert event.states_count is None
    assert event.country.iso3 == "TTO"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(reviewer, irkutsk):
    run(irkutsk)
    before = snapshot()
    output = run(irkutsk)
    assert snapshot() == before
    assert "1 files read, 0 created, 0 updated, 1 unchanged, 0 failed." in output


def test_the_same_note_as_word_and_pdf_is_recognised_as_already_published(reviewer, tmp_path):
    write(tmp_path, "a.txt", IRKUTSK_TEXT)
    write(tmp_path, "b.docx", make_docx(IRKUTSK_TEXT, header_table=True))
    write(tmp_path, "c.pdf", make_pdf(IRKUTSK_TEXT))
    output = run(tmp_path)
    assert "3 files read, 1 created, 0 updated, 2 unchanged, 0 failed." in output
    assert Note.objects.get().revisions.count() == 1


def test_a_changed_file_about_a_published_note_submits_a_new_revision_for_review(
    reviewer, second_reviewer, irkutsk
):
    run(irkutsk, publish_as="reviewer2")
    note = Note.objects.get()
    live = note.live_revision
    write(irkutsk.parent, irkutsk.name, IRKUTSK_TEXT.replace("Many speakers", "Most speakers"))
    output = run(irkutsk, verbosity=2)
    assert "updated (submitted for review)" in row(output, "irkutsk-2009.txt")
    note.refresh_from_db()
    assert note.highlights.startswith("Most speakers")
    assert note.live_revision == live
    assert note.live_revision.highlights.startswith("Many speakers")
    assert note.latest_revision.number == 2
    assert note.latest_revision.source_hash == hashlib.sha256(irkutsk.read_bytes()).hexdigest()
    assert [t.to_status for t in note.transitions.order_by("created_at", "pk")][2:] == ["in_review"]
    assert Event.objects.count() == 1


def test_a_changed_header_updates_the_event_and_raises_its_version(
    reviewer, second_reviewer, irkutsk
):
    run(irkutsk, publish_as="reviewer2")
    write(irkutsk.parent, irkutsk.name, IRKUTSK_TEXT.replace("57 States", "58 States"))
    assert "1 updated" in run(irkutsk)
    event = Event.objects.get()
    assert (event.states_count, event.version) == (58, 2)


def test_a_dry_run_writes_nothing_and_says_what_it_would_create(reviewer, irkutsk):
    before = snapshot()
    output = run(irkutsk, dry_run=True)
    assert snapshot() == before
    assert not get_user_model().objects.filter(username="archive").exists()
    assert "created (submitted for review)" in row(output, "irkutsk-2009.txt")
    assert "Dry run, nothing written: 1 files read, 1 created" in output


def test_a_dry_run_of_a_changed_file_says_it_would_update(reviewer, second_reviewer, irkutsk):
    run(irkutsk, publish_as="reviewer2")
    write(irkutsk.parent, irkutsk.name, IRKUTSK_TEXT.replace("Many speakers", "Most speakers"))
    before = snapshot()
    assert "updated (submitted for review)" in row(run(irkutsk, dry_run=True), "irkutsk-2009.txt")
    assert snapshot() == before


def test_a_file_that_cannot_be_parsed_is_named_with_its_line_and_the_others_import(
    reviewer, tmp_path
):
    write(tmp_path, "a-good.txt", IRKUTSK_TEXT)
    write(tmp_path, "b-bad.txt", "Shopping list\n\neggs, milk\n")  # not a note at all
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        call_command("import_notes", str(tmp_path), user="reviewer", stdout=out)
    assert row(out.getvalue(), "b-bad.txt").endswith(
        "failed line 1: expected an 'Event:' header line"
    )
    assert "2 files read, 1 created, 0 updated, 0 unchanged, 1 failed." in out.getvalue()
    assert Note.objects.count() == 1


def test_nothing_from_a_failing_file_is_written(reviewer, irkutsk):
    # (An unknown State used to fail the file; it is now a point to finish on a draft.)
    run(irkutsk)
    changed = IRKUTSK_TEXT.replace(
        "The Federal Security Service", "The Ministry of Foreign Affairs"
    ).replace("Many speakers", "Most speakers")
    write(irkutsk.parent, irkutsk.name, changed)
    before = snapshot()
    error = run_failing(irkutsk)  # the note is in review: it changes only through the review
    assert "1 of 1 files" in str(error)
    # The organizer comes before the note in the import: it must be gone too.
    assert snapshot() == before
    assert not Organization.objects.filter(name__contains="Foreign Affairs").exists()


def test_an_unknown_state_is_a_point_to_finish_on_a_draft(reviewer, tmp_path):
    # (It used to fail the file: "“Atlantis” (venue) is not a known State".)
    text = IRKUTSK_TEXT.replace("Irkutsk, Russian Federation", "Irkutsk, Atlantis")
    output = run(write(tmp_path, "a.txt", text))
    assert "venue not understood: “Atlantis”" in row(output, "a.txt")
    note = Note.objects.get()
    assert note.status == Note.Status.DRAFT
    assert note.attention == [{"part": "venue", "text": "Atlantis"}]
    assert (note.event.city, note.event.country) == ("Irkutsk", None)


def test_a_damaged_word_file_is_reported_and_skipped(reviewer, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_notes", str(write(tmp_path, "x.docx", b"nonsense")), user="reviewer", stdout=out
        )
    assert "failed cannot be read as .docx" in row(out.getvalue(), "x.docx")


def test_an_online_event_has_no_venue_country(reviewer, tmp_path):
    text = IRKUTSK_TEXT.replace("Irkutsk, Russian Federation", "Online")
    run(write(tmp_path, "online.txt", text))
    event = Event.objects.get()
    assert (event.country, event.format) == (None, Event.Format.VIRTUAL)


def test_only_a_reviewer_can_import(expert, irkutsk):
    error = run_failing(irkutsk, user="expert")
    assert "Only reviewers can import notes" in str(error)
    assert not Event.objects.exists()


def test_an_unknown_user_is_refused(db, irkutsk):
    assert "No user called 'nobody'" in str(run_failing(irkutsk, user="nobody"))


def test_the_user_is_required(db, irkutsk):
    with pytest.raises(CommandError, match="--user"):
        call_command("import_notes", str(irkutsk))


def test_a_missing_path_is_refused_before_anything_is_imported(reviewer, irkutsk, tmp_path):
    with pytest.raises(CommandError, match="nowhere"):
        run(irkutsk, tmp_path / "nowhere")
    assert not Event.objects.exists()


def test_a_progress_bar_shows_on_a_terminal_only(reviewer, irkutsk):
    terminal = Terminal()
    run(irkutsk, stderr=terminal)
    assert "1/1" in terminal.getvalue()
    pipe = io.StringIO()
    run(irkutsk, stderr=pipe)
    assert pipe.getvalue() == ""


def test_unchanged_files_are_listed_only_when_verbose(reviewer, irkutsk):
    run(irkutsk)
    assert "already imported" not in run(irkutsk)
    assert row(run(irkutsk, verbosity=2), "irkutsk-2009.txt").endswith(
        "unchanged 8th Meeting of Heads of Special… 23–25 June 2009 already imported"
    )
    assert "already imported" in run(irkutsk, dry_run=True)


@pytest.mark.parametrize("count", [1, 8])
def test_recognising_imported_files_costs_the_same_per_file(
    reviewer, tmp_path, count, django_assert_max_num_queries
):
    for n in range(count):
        text = IRKUTSK_TEXT.replace("8th Meeting", f"Meeting {n}")
        write(tmp_path, f"{n}.txt", text)
    run(tmp_path)
    # A savepoint, the hash lookup and its release per file, and a fixed start.
    with django_assert_max_num_queries(4 + 3 * count):
        run(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_an_import_sends_no_mail(django_db_serialized_rollback, reviewer, second_reviewer, irkutsk):
    run(irkutsk)
    assert Note.objects.get().status == Note.Status.IN_REVIEW
    assert mail.outbox == []


def snapshot():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Event, Note, Revision, Transition, Organization)
    } | {"countries": Country.objects.count()}


def test_a_note_whose_date_cannot_be_read_comes_in_as_a_draft_dated_by_its_year(reviewer, tmp_path):
    # (It used to fail the file: "line 5: expected a date such as '23-25 June 2009'".)
    path = write(tmp_path, "santiago.txt", (SAMPLES / "malformed-bad-date.txt").read_text())
    output = run(path)
    note = Note.objects.get()
    assert note.status == Note.Status.DRAFT
    assert "date" in [item["part"] for item in note.attention]
    assert "sometime in April 2016" in note.source_text
    assert "Date and Venue:\tsometime in April 2016; Santiago, Chile" in note.source_header
    assert note.event.start_date == note.event.end_date == datetime.date(2016, 1, 1)
    assert "date not understood: “sometime in April 2016" in row(output, "santiago.txt")
