"""Nothing changes unseen: the admin saves every field of a note it accepts, a person whose
deletion would orphan a note is protected, and a note's title cannot break or garble its mail."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from notes.models import Note
from tests.helpers import inline_management, make_event, make_note, make_published_note, make_user

pytestmark = pytest.mark.django_db


def admin_form(note, **changes):
    data = {
        "event": note.event_id,
        "language": note.language,
        "slug": note.slug,
        "title": note.title,
        "objectives": note.objectives,
        "background": note.background,
        "highlights": note.highlights,
        "additional_comments": note.additional_comments,
        "authors": [author.pk for author in note.authors.all()],
        "expected_version": note.version,
        **inline_management("revisions"),
        **inline_management("transitions"),
    }
    return data | changes


def test_the_admin_saves_a_drafts_event_language_and_address(client, admin_user, expert):
    note = make_note(expert)
    other = make_event("Workshop in Dakar")
    client.force_login(admin_user)
    data = admin_form(note, event=other.pk, language="fr", slug="dakar-fr", background="New.")
    response = client.post(reverse("admin:notes_note_change", args=[note.pk]), data)
    assert response.status_code == 302
    saved = Note.objects.get(pk=note.pk)
    assert (saved.event_id, saved.language, saved.slug) == (other.pk, "fr", "dakar-fr")
    assert saved.background == "New."
    assert saved.latest_revision.header.title == "Workshop in Dakar"


def test_a_published_notes_event_language_and_address_are_shown_read_only(
    client, admin_user, expert, reviewer
):
    note = make_published_note(expert, reviewer)
    other = make_event("Somewhere else")
    client.force_login(admin_user)
    url = reverse("admin:notes_note_change", args=[note.pk])
    page = client.get(url)
    assert {"event", "language", "slug"} <= set(page.context["adminform"].readonly_fields)
    client.post(url, admin_form(note, event=other.pk, slug="moved", highlights="Edited."))
    saved = Note.objects.get(pk=note.pk)
    assert (saved.event_id, saved.slug) == (note.event_id, note.slug)
    assert saved.highlights == "Edited."
    assert saved.live_revision.highlights == note.highlights


def test_deleting_the_only_author_of_a_note_is_refused_and_says_why(client, admin_user, expert):
    note = make_note(expert, title="Orphan candidate")
    shared = make_note(expert, title="Shared note")
    shared.authors.add(make_user("coauthor", "Experts"))
    client.force_login(admin_user)
    url = reverse("admin:auth_user_delete", args=[expert.pk])
    page = client.get(url)
    assert "Orphan candidate would have no author left" in page.text
    assert "Shared note would have no author left" not in page.text
    client.post(url, {"post": "yes"})
    assert get_user_model().objects.filter(pk=expert.pk).exists()
    assert note.authors.filter(pk=expert.pk).exists()


def test_a_person_without_notes_can_still_be_deleted(client, admin_user):
    someone = make_user("leaver", "Experts")
    client.force_login(admin_user)
    client.post(reverse("admin:auth_user_delete", args=[someone.pk]), {"post": "yes"})
    assert not get_user_model().objects.filter(pk=someone.pk).exists()


def test_a_title_with_a_line_break_and_an_ampersand_still_mails_in_one_clean_line(
    expert, reviewer, django_capture_on_commit_callbacks
):
    note = make_note(expert, title="Tom & Jerry <workshop>\r\nBcc: victim@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        note.submit(by=expert)
    [message] = mail.outbox
    assert message.subject == (
        "[Outreach] In review: Tom & Jerry <workshop> Bcc: victim@example.org"
    )
    assert message.to == [reviewer.email]
    assert "victim@example.org" not in message.bcc
