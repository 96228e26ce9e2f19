"""Review as a team: submitting asks one reviewer (by default the last one) by a due date,
only they are told, any other reviewer may take the review over, and the dashboard shows
what is asked of each person, overdue or waiting first."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from notes.models import InboxItem, Note, ReviewEvent, WorkflowError
from tests.helpers import in_review, make_note, messages_of

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("staff-dashboard")


def url(name, note):
    return reverse(name, args=[note.pk])


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_submitting_asks_the_chosen_reviewer_and_only_they_are_told(
    client, expert, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    client.force_login(expert)
    data = {"reviewer": second_reviewer.pk, "due": days(3).isoformat(), "comment": "Ready"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("notes-submit", note), data, follow=True)
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert (note.reviewer, note.review_due) == (second_reviewer, days(3))
    assert [message.to for message in mail.outbox] == [[second_reviewer.email]]
    assert "Submitted for review: Rita Second is asked to review it." in messages_of(response)
    assert InboxItem.objects.filter(note=note).get().user == second_reviewer
    # The page names who was asked, and no longer says that it waits for any reviewer.
    assert "Review asked of Rita Second." in response.text
    assert "waiting for a reviewer who did not write it" not in response.text


def test_the_reviewer_who_reviewed_it_last_is_asked_by_default(
    expert, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    note = in_review(expert)
    assert note.reviewer is None
    note.request_changes(by=reviewer, comment="Name the States")
    with django_capture_on_commit_callbacks(execute=True):
        note.submit(by=expert)
    assert note.reviewer == reviewer
    assert [message.to for message in mail.outbox] == [[reviewer.email]]


def test_without_a_last_reviewer_nobody_is_asked_and_every_reviewer_is_told(
    expert, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    with django_capture_on_commit_callbacks(execute=True):
        note.submit(by=expert)
    assert note.reviewer is None
    assert [sorted(message.to) for message in mail.outbox] == [
        sorted([reviewer.email, second_reviewer.email])
    ]


def test_a_last_reviewer_who_may_no_longer_review_is_not_asked(expert, reviewer):
    note = in_review(expert)
    note.request_changes(by=reviewer, comment="More")
    reviewer.is_active = False
    reviewer.save()
    note.submit(by=expert)
    assert note.reviewer is None


def test_a_reviewer_who_wrote_the_note_cannot_be_asked(expert, second_reviewer):
    note = make_note(expert)
    note.authors.add(second_reviewer)
    with pytest.raises(WorkflowError):
        note.submit(by=expert, reviewer=second_reviewer)
    assert Note.objects.get(pk=note.pk).status == Note.Status.DRAFT


def test_the_submit_form_offers_the_reviewers_who_did_not_write_it_the_last_one_chosen(
    client, expert, reviewer, second_reviewer
):
    note = in_review(expert)
    note.request_changes(by=reviewer, comment="More")
    note.authors.add(second_reviewer)
    client.force_login(expert)
    form = client.get(url("notes-staff-detail", note)).context["submit_form"]
    assert list(form.fields["reviewer"].queryset) == [reviewer]
    assert form["reviewer"].value() == reviewer.pk


def test_a_due_date_in_the_past_is_refused_and_nothing_changes(client, expert, reviewer):
    note = make_note(expert)
    client.force_login(expert)
    response = client.post(
        url("notes-submit", note),
        {"reviewer": reviewer.pk, "due": days(-1).isoformat()},
        follow=True,
    )
    assert any("past" in message for message in messages_of(response))
    assert Note.objects.get(pk=note.pk).status == Note.Status.DRAFT


def test_another_reviewer_may_take_the_review_over_and_it_is_recorded(
    client, expert, reviewer, second_reviewer
):
    note = make_note(expert)
    note.submit(by=expert, reviewer=reviewer, due=days(2))
    client.force_login(second_reviewer)
    response = client.post(url("notes-take-over", note), follow=True)
    assert "The review is yours now." in messages_of(response)
    note.refresh_from_db()
    assert (note.reviewer, note.review_due) == (second_reviewer, days(2))
    taken = note.review_events.get(kind=ReviewEvent.Kind.TAKEN_OVER)
    assert (taken.actor, taken.previous_reviewer) == (second_reviewer, reviewer)
    assert InboxItem.objects.get(event=taken).user == reviewer
    history = client.get(url("notes-history", note)).text
    assert "Review taken over" in history


def test_an_author_cannot_take_the_review_over(expert, second_reviewer, reviewer):
    note = make_note(expert)
    note.authors.add(second_reviewer)
    note.submit(by=expert, reviewer=reviewer)
    with pytest.raises(PermissionDenied):
        note.take_over(by=second_reviewer)


def test_leaving_review_leaves_the_assignment_behind(expert, reviewer):
    note = make_note(expert)
    note.submit(by=expert, reviewer=reviewer, due=days(1))
    note.request_changes(by=reviewer, comment="More")
    stored = Note.objects.get(pk=note.pk)
    assert (stored.reviewer, stored.review_due) == (None, None)


def headings(response):
    return [h.split(">", 1)[1] for h in response.text.split("<h2 ")[1:]]


def test_the_dashboard_shows_assigned_to_me_overdue_and_waiting_for_me_first(
    client, expert, reviewer, second_reviewer
):
    make_note(expert, title="Asked of me").submit(by=expert, reviewer=reviewer, due=days(5))
    make_note(expert, title="Late").submit(by=expert, reviewer=second_reviewer, due=days(-2))
    make_note(expert, title="For anyone").submit(by=expert)
    client.force_login(reviewer)
    response = client.get(DASHBOARD)
    assert [n.display_title for n in response.context["assigned_to_me"]] == ["Asked of me"]
    assert [n.display_title for n in response.context["overdue"]] == ["Late"]
    assert [n.display_title for n in response.context["waiting_for_me"]] == ["For anyone"]
    first = [heading.split("<")[0] for heading in headings(response)[:3]]
    assert first == ["Assigned to me", "Overdue", "Waiting for me"]


def test_an_author_sees_their_own_overdue_notes(client, expert, reviewer):
    make_note(expert, title="Mine, late").submit(by=expert, reviewer=reviewer, due=days(-1))
    client.force_login(expert)
    response = client.get(DASHBOARD)
    assert [n.display_title for n in response.context["overdue"]] == ["Mine, late"]


def test_overdue_notes_are_marked_in_lists(client, expert, reviewer):
    make_note(expert, title="Late").submit(by=expert, reviewer=reviewer, due=days(-3))
    make_note(expert, title="In time").submit(by=expert, reviewer=reviewer, due=days(3))
    client.force_login(reviewer)
    listing = client.get(reverse("notes-staff-list")).text
    late_row = listing.split("Late")[1].split("</tr>")[0]
    in_time_row = listing.split("In time")[1].split("</tr>")[0]
    assert "status-overdue" in late_row
    assert "status-overdue" not in in_time_row
    assert "asked of Robin Reviewer" in in_time_row


def test_a_note_becomes_overdue_when_its_day_has_passed(expert, reviewer):
    note = make_note(expert)
    note.submit(by=expert, reviewer=reviewer, due=days(0))
    assert not note.is_overdue
    later = timezone.now() + datetime.timedelta(days=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert note.is_overdue
        assert list(Note.objects.overdue()) == [note]


@pytest.mark.parametrize("persona", ["expert", "reviewer"])
def test_the_dashboard_with_assignments_keeps_its_query_budget(
    client, request, persona, expert, reviewer, second_reviewer, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    for i in range(30):
        make_note(expert, title=f"Asked {i}").submit(by=expert, reviewer=reviewer, due=days(-i))
        make_note(expert, title=f"Open {i}").submit(by=expert)
    with django_assert_max_num_queries(20):
        client.get(DASHBOARD)
