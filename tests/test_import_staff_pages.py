"""Staff finish what the archive import could not read: the dashboard lists the imported notes
to finish to those who may edit them, the note's page shows the original text (as text) beside
the note with the points to finish and a "Mark as resolved", and the admin preview says which
files will be drafts. Events held on separate days show those days."""

import dataclasses
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event
from notes.archive.admin_views import SESSION_KEY
from notes.archive.importer import import_files
from notes.models import Note
from tests.helpers import make_event, make_user
from tests.test_archive_parser import IRKUTSK
from tests.test_import_attention import COMPLETE, PARTIAL, SOURCE, readings  # noqa: F401

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("staff-dashboard")
IMPORT = reverse("admin:notes_note_import")


@pytest.fixture
def draft(reviewer, readings):  # noqa: F811
    readings["irkutsk-2009.txt"] = PARTIAL
    list(import_files([("irkutsk-2009.txt", SOURCE.encode())], by=reviewer))
    return Note.objects.get()


def page(client, user, address):
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def detail(note):
    return reverse("notes-staff-detail", args=[note.pk])


# -- the dashboard -------------------------------------------------------------------------------


def test_the_dashboard_lists_the_note_to_finish_to_its_authors_and_administrators(
    client, draft, reviewer, admin_user
):
    for user in (reviewer, admin_user):
        shown = page(client, user, DASHBOARD)
        assert "Imported notes to finish" in shown
        assert f'href="{detail(draft)}"' in shown
        assert "participants not understood: “some delegations of the region”" in shown


def test_the_dashboard_does_not_list_it_to_those_who_may_not_edit_it(
    client, draft, expert, second_reviewer
):
    for user in (expert, second_reviewer):
        assert "Imported notes to finish" not in page(client, user, DASHBOARD)


def test_a_note_whose_points_are_resolved_leaves_the_list(client, draft, reviewer):
    draft.resolve_attention(by=reviewer)
    assert "Imported notes to finish" not in page(client, reviewer, DASHBOARD)


def test_a_note_to_finish_in_review_is_not_listed_it_changes_only_through_the_review(
    client, draft, reviewer
):
    draft.submit(by=reviewer, notify=False)
    assert "Imported notes to finish" not in page(client, reviewer, DASHBOARD)


# -- the note's page ---------------------------------------------------------------------------


def test_the_note_page_shows_the_original_text_escaped_and_the_points(client, draft, reviewer):
    shown = page(client, reviewer, detail(draft))
    assert "<script>alert(1)</script>" not in shown
    assert "8th Meeting &lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert '<details class="archive-source" open>' in shown
    assert "Participants:\tsome delegations of the region" in shown  # the header as written
    assert "participants not understood: “some delegations of the region”" in shown
    assert "Mark as resolved" in shown


def test_someone_who_may_not_edit_reads_the_points_but_cannot_resolve_them(client, draft, expert):
    shown = page(client, expert, detail(draft))
    assert "participants not understood" in shown
    assert "Mark as resolved" not in shown
    response = client.post(reverse("notes-resolve-attention", args=[draft.pk]))
    assert response.status_code == 403
    assert Note.objects.get().attention


def test_mark_as_resolved_clears_the_points_and_says_who_did_it(client, draft, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("notes-resolve-attention", args=[draft.pk]), follow=True)
    shown = response.content.decode()
    assert "The points to finish are marked as resolved." in shown
    assert "resolved by Robin Reviewer" in shown
    assert "Mark as resolved" not in shown
    note = Note.objects.get()
    assert (note.attention, note.attention_resolved_by) == ([], reviewer)
    assert note.source_text == SOURCE  # the original text stays
    assert '<details class="archive-source">' in shown


def test_mark_as_resolved_is_a_post(client, draft, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("notes-resolve-attention", args=[draft.pk])).status_code == 405


def test_a_note_written_here_shows_no_archive_text(client, reviewer, expert):
    from tests.helpers import make_note

    note = make_note(expert)
    shown = page(client, expert, detail(note))
    assert "archive-source" not in shown and "Needs attention" not in shown


# -- events held on separate days --------------------------------------------------------------


def test_the_staff_and_public_event_pages_show_separate_days(client, expert):
    event = make_event("Webinar series", start=datetime.date(2021, 3, 2), days=14, is_public=True)
    Event.objects.filter(pk=event.pk).update(days=["2021-03-02", "2021-03-09", "2021-03-16"])
    held = "2 March 2021, 9 March 2021 and 16 March 2021"
    assert held in page(client, expert, reverse("events-staff-detail", args=[event.pk]))
    client.logout()
    assert held in client.get(reverse("events-detail", args=[event.slug])).content.decode()


# -- the admin preview and report ----------------------------------------------------------------


def test_the_preview_marks_the_files_that_will_be_drafts_and_lists_their_points(
    client,
    reviewer,
    readings,  # noqa: F811
):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    other = dataclasses.replace(COMPLETE, event_title="Another meeting", header_lines=())
    readings.update({"partial.txt": PARTIAL, "whole.txt": other})
    files = [SimpleUploadedFile("partial.txt", SOURCE.encode())]
    files.append(SimpleUploadedFile("whole.txt", IRKUTSK.read_bytes()))
    shown = client.post(IMPORT, {"files": files}, follow=True).content.decode()
    assert '<tr class="import-created needs-attention"><td>partial.txt</td>' in shown
    assert "<td>created: draft for staff to finish</td>" in shown
    assert "<li>participants not understood: “some delegations of the region”</li>" in shown
    assert "<td>Irkutsk, Russian Federation</td>" in shown
    assert "<td>23–25 June 2009</td>" in shown
    assert "1 of them needs attention: it will be a draft for staff to finish." in shown
    assert not Note.objects.exists()
    response = client.post(
        IMPORT, {"confirm": "1", "token": client.session[SESSION_KEY]}, follow=True
    )
    shown = response.content.decode()
    assert "1 note needs attention: it is a draft for staff to finish" in shown
    assert "The imported note is in review" in shown
    assert sorted(Note.objects.values_list("status", flat=True)) == ["draft", "in_review"]


def test_an_administrator_who_did_not_import_it_may_finish_it(client, draft, admin_user):
    assert "Mark as resolved" in page(client, admin_user, detail(draft))
    outsider = make_user("outsider", "Experts")
    assert "Mark as resolved" not in page(client, outsider, detail(draft))
