"""A reviewer must not publish by mistake: publishing asks first, refuses a revision the reviewer
has not read, and a refusal is a page that says why, in the site's layout."""

import pytest
from django.urls import reverse

from events.models import Event
from notes.models import Note
from outreach.changes import records_changed
from tests.helpers import in_review, make_published_note, messages_of

pytestmark = pytest.mark.django_db


def url(name, note):
    return reverse(name, args=[note.pk])


def test_approve_and_publish_asks_for_confirmation_first(client, expert, reviewer):
    note = in_review(expert)
    client.force_login(reviewer)
    review = client.get(url("notes-review", note))
    assert 'name="revision" value="1"' in review.text
    response = client.post(url("notes-publish", note), {"comment": "Fine", "revision": 1})
    assert response.status_code == 200
    assert "Publish this note now?" in response.text
    assert f"http://testserver{note.get_absolute_url()}" in response.text
    assert "first publication" in response.text
    assert 'name="confirm"' in response.text and 'value="Fine"' in response.text
    assert Note.objects.get(pk=note.pk).status == Note.Status.IN_REVIEW
    client.post(url("notes-publish", note), {"comment": "Fine", "revision": 1, "confirm": ""})
    published = Note.objects.get(pk=note.pk)
    assert published.status == Note.Status.PUBLISHED
    assert published.transitions.first().comment == "Fine"


def test_the_confirmation_names_the_revision_it_replaces(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    note.highlights = "New words."
    note.save_draft(by=expert)
    note.submit(by=expert)
    client.force_login(reviewer)
    response = client.post(url("notes-publish", note), {"revision": 2})
    assert "It replaces the published revision 1." in response.text


def test_a_revision_that_came_in_during_the_review_is_not_published_unread(
    client, expert, reviewer
):
    note = make_published_note(expert, reviewer)
    note.highlights = "New words."
    note.save_draft(by=expert)
    note.submit(by=expert)
    client.force_login(reviewer)
    read = client.get(url("notes-review", note)).context["form"]["revision"].value()
    Event.objects.filter(pk=note.event_id).update(title="Renamed while in review")
    records_changed(Event, [note.event_id])  # the header moves on: revision 3
    response = client.post(
        url("notes-publish", note), {"revision": read, "confirm": ""}, follow=True
    )
    assert any("revision 3 came in while you were reviewing" in m for m in messages_of(response))
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert note.live_revision.number == 1


def test_a_reviewer_who_wrote_the_note_gets_a_page_saying_another_must_review(
    client, expert, reviewer
):
    note = in_review(expert)
    note.authors.add(reviewer)
    client.force_login(reviewer)
    for response in (
        client.get(url("notes-review", note)),
        client.post(url("notes-publish", note), {"confirm": ""}),
    ):
        assert response.status_code == 403
        assert "You wrote this note: another reviewer must review it." in response.text
        assert 'class="site-header staff-header"' in response.text  # the site's layout
    assert Note.objects.get(pk=note.pk).status == Note.Status.IN_REVIEW


def test_an_expert_is_told_why_not(client, expert, other_expert):
    note = in_review(expert)
    client.force_login(other_expert)
    response = client.get(url("notes-review", note))
    assert response.status_code == 403
    assert "Only reviewers may review notes." in response.text


def test_a_note_in_review_names_who_submitted_it_not_as_its_reviewer(client, expert, reviewer):
    note = in_review(expert)
    client.force_login(reviewer)
    response = client.get(url("notes-staff-detail", note))
    assert "Submitted for review by Erin Expert" in response.text
    assert "In review by Erin Expert" not in response.text
