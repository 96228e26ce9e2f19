"""The staff dashboard: each person's lists of notes and events, at a fixed query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.helpers import make_event, make_note, make_published_note

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("staff-dashboard")


def titles(notes):
    return [note.display_title for note in notes]


def test_signing_in_leads_to_the_dashboard(client, expert):
    response = client.post(reverse("login"), {"username": "expert", "password": "secret"})
    assert response["Location"] == DASHBOARD


def test_an_expert_sees_own_drafts_and_the_changes_requested_of_them(
    client, expert, other_expert, reviewer
):
    make_note(expert, title="My draft")
    make_note(other_expert, title="A colleague's draft")
    returned = make_note(expert, title="Returned to me")
    returned.submit(by=expert)
    returned.request_changes(by=reviewer, comment="More detail")
    client.force_login(expert)
    response = client.get(DASHBOARD)
    assert titles(response.context["drafts"]) == ["My draft"]
    assert titles(response.context["changes_requested"]) == ["Returned to me"]


def test_a_published_note_with_an_unpublished_edit_is_among_its_authors_drafts(
    client, expert, reviewer
):
    note = make_published_note(expert, reviewer, title="Live note")
    note.highlights = "Edited after publication."
    note.save_draft(by=expert)
    client.force_login(expert)
    response = client.get(DASHBOARD)
    assert titles(response.context["drafts"]) == ["Live note"]
    assert "unpublished changes" in response.text


def test_a_reviewer_is_offered_only_the_notes_they_may_review(client, expert, reviewer):
    theirs = make_note(expert, title="Expert's note")
    theirs.submit(by=expert)
    own = make_note(reviewer, title="Reviewer's own note")
    own.submit(by=reviewer)
    client.force_login(reviewer)
    response = client.get(DASHBOARD)
    assert titles(response.context["awaiting_review"]) == ["Expert's note"]


def test_an_expert_sees_their_own_notes_awaiting_review(client, expert, other_expert):
    mine = make_note(expert, title="Mine in review")
    mine.submit(by=expert)
    theirs = make_note(other_expert, title="Theirs in review")
    theirs.submit(by=other_expert)
    client.force_login(expert)
    response = client.get(DASHBOARD)
    assert titles(response.context["awaiting_review"]) == ["Mine in review"]


def test_the_dashboard_lists_recent_publications_and_upcoming_events(client, expert, reviewer):
    make_published_note(expert, reviewer, title="Fresh note")
    soon = timezone.localdate() + datetime.timedelta(days=10)
    make_event("Coming workshop", start=soon, status=Event.Status.PLANNED)
    client.force_login(expert)
    response = client.get(DASHBOARD)
    assert titles(response.context["published"]) == ["Fresh note"]
    assert [event.title for event in response.context["upcoming"]] == ["Coming workshop"]


def test_events_held_without_a_note_link_to_the_new_note_editor(client, expert):
    written = make_event("Written up")
    make_note(expert, event=written)
    waiting = make_event("Waiting for its note")
    make_event("Called off", status=Event.Status.CANCELLED)
    client.force_login(expert)
    response = client.get(DASHBOARD)
    assert [event.title for event in response.context["without_note"]] == [waiting.title]
    assert reverse("notes-start", args=[waiting.pk]) in response.text


def test_every_list_shows_status_event_dates_and_last_change(client, expert):
    note = make_note(expert, title="Dated note")
    client.force_login(expert)
    response = client.get(DASHBOARD)
    row = response.text.split("Dated note")[1].split("</tr>")[0]
    assert "Draft" in row
    assert note.event.title in row
    assert "10–12 March 2025" in row
    assert timezone.localtime(note.updated_at).strftime("%H:%M") in row


def fill(authors, reviewer, n):
    """n rows in every list of every author's dashboard."""
    for i in range(n):
        for author in authors:
            make_note(author, title=f"Draft {i}")
            make_note(author, title=f"For review {i}").submit(by=author)
            returned = make_note(author, title=f"Returned {i}")
            returned.submit(by=author)
            returned.request_changes(by=reviewer, comment="More")
        make_published_note(authors[0], reviewer, title=f"Published {i}")
        make_event(f"Unwritten {i}")
        make_event(f"Upcoming {i}", start=timezone.localdate(), status=Event.Status.PLANNED)


@pytest.mark.parametrize("persona", ["expert", "reviewer"])
def test_the_dashboard_uses_a_fixed_number_of_queries(
    client, request, persona, expert, reviewer, second_reviewer, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    fill([expert, reviewer], second_reviewer, 1)
    with CaptureQueriesContext(connection) as one:
        response = client.get(DASHBOARD)
    assert all(response.context[name] for name in ("drafts", "awaiting_review", "published"))
    fill([expert, reviewer], second_reviewer, 49)
    with django_assert_num_queries(len(one)):
        client.get(DASHBOARD)
