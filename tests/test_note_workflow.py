"""The workflow of DESIGN.md: Draft → In review → (Changes requested) or Published → Withdrawn."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from notes.models import Disclaimer, Note, Transition, WorkflowError
from outreach.editing import EditConflict
from tests.helpers import make_note, make_published_note

pytestmark = pytest.mark.django_db


def test_a_new_draft_has_its_author_and_a_first_revision(expert):
    note = make_note(expert)
    assert note.status == Note.Status.DRAFT
    assert list(note.authors.all()) == [expert]
    assert note.revisions.count() == 1
    assert note.latest_revision.number == 1
    assert not note.is_live


def test_every_save_keeps_a_numbered_revision(expert):
    note = make_note(expert)
    note.highlights = "Second wording."
    note.save_draft(by=expert, message="Reworded")
    note.refresh_from_db()
    assert [r.number for r in note.revisions.all()] == [2, 1]
    assert note.latest_revision.highlights == "Second wording."
    assert note.latest_revision.message == "Reworded"
    assert note.version == 2


def test_author_submits_a_draft_and_a_transition_is_logged(expert):
    note = make_note(expert)
    transition = note.submit(by=expert, comment="Ready")
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert (transition.from_status, transition.to_status) == ("draft", "in_review")
    assert (transition.actor, transition.comment) == (expert, "Ready")
    assert transition.revision == note.latest_revision


def test_other_expert_cannot_submit_or_edit_someone_elses_note(expert, other_expert):
    note = make_note(expert)
    with pytest.raises(PermissionDenied):
        note.submit(by=other_expert)
    note.background = "Hijacked"
    with pytest.raises(PermissionDenied):
        note.save_draft(by=other_expert)
    assert Note.objects.get(pk=note.pk).background == "Background text."


def test_reviewer_publishes_and_the_latest_revision_goes_live(expert, reviewer):
    note = make_note(expert)
    note.submit(by=expert)
    note.publish(by=reviewer, comment="Good")
    note.refresh_from_db()
    assert note.status == Note.Status.PUBLISHED
    assert note.live_revision == note.latest_revision
    assert note.first_published_at == note.last_published_at
    assert Note.objects.published().get() == note


def test_reviewer_cannot_publish_own_note(reviewer):
    note = make_note(reviewer)
    note.submit(by=reviewer)
    with pytest.raises(PermissionDenied, match="another reviewer"):
        note.publish(by=reviewer)
    assert Note.objects.get(pk=note.pk).status == Note.Status.IN_REVIEW


def test_four_eyes_holds_after_the_reviewer_removes_their_name(expert, reviewer):
    note = make_note(expert)
    note.authors.add(reviewer)
    note.highlights = "The reviewer's own words."
    note.save_draft(by=reviewer)
    note.authors.remove(reviewer)
    note.submit(by=expert)
    with pytest.raises(PermissionDenied):
        note.publish(by=reviewer)


def test_expert_cannot_publish_request_changes_or_withdraw(expert, other_expert, reviewer):
    note = make_note(expert)
    note.submit(by=expert)
    with pytest.raises(PermissionDenied):
        note.publish(by=other_expert)
    with pytest.raises(PermissionDenied):
        note.request_changes(by=other_expert, comment="No")
    note.publish(by=reviewer)
    with pytest.raises(PermissionDenied):
        note.withdraw(by=other_expert, reason="No")


def test_a_draft_cannot_be_published_without_review(expert, reviewer):
    note = make_note(expert)
    with pytest.raises(WorkflowError, match="Draft"):
        note.publish(by=reviewer)
    assert not Note.objects.published().exists()


def test_request_changes_needs_a_comment_and_returns_the_note_to_its_authors(expert, reviewer):
    note = make_note(expert)
    note.submit(by=expert)
    with pytest.raises(WorkflowError, match="comment"):
        note.request_changes(by=reviewer, comment="  ")
    note.request_changes(by=reviewer, comment="Name the States")
    assert Note.objects.get(pk=note.pk).status == Note.Status.CHANGES_REQUESTED
    note.highlights = "Revised"
    note.save_draft(by=expert)
    note.submit(by=expert)
    assert Note.objects.get(pk=note.pk).status == Note.Status.IN_REVIEW


def test_nobody_edits_a_note_in_review(expert):
    note = make_note(expert)
    note.submit(by=expert)
    note.highlights = "Sneaky change"
    with pytest.raises(WorkflowError, match="in review"):
        note.save_draft(by=expert)
    assert Note.objects.get(pk=note.pk).highlights == "Highlights text."
    assert note.revisions.count() == 1


def test_submitting_twice_is_refused(expert):
    note = make_note(expert)
    note.submit(by=expert)
    with pytest.raises(WorkflowError, match="In review"):
        note.submit(by=expert)


def test_editing_a_published_note_leaves_the_live_revision_alone(expert, reviewer):
    note = make_published_note(expert, reviewer)
    live = note.live_revision
    note.highlights = "A correction not yet reviewed"
    note.save_draft(by=expert)
    note.refresh_from_db()
    assert note.status == Note.Status.PUBLISHED
    assert note.live_revision == live
    assert note.live_revision.highlights == "Highlights text."
    assert note.has_unpublished_changes
    note.submit(by=expert)
    note.publish(by=reviewer)
    note.refresh_from_db()
    assert note.live_revision.highlights == "A correction not yet reviewed"
    assert not note.has_unpublished_changes


def test_a_published_note_without_changes_cannot_be_submitted(expert, reviewer):
    note = make_published_note(expert, reviewer)
    with pytest.raises(WorkflowError, match="no unpublished changes"):
        note.submit(by=expert)


def test_publication_keeps_the_disclaimer_in_force_then(expert, reviewer):
    first = Disclaimer.objects.in_force()
    note = make_published_note(expert, reviewer)
    second = Disclaimer.objects.create(text="A new footnote.", contact_line="Write to us.")
    second.put_in_force()
    note.refresh_from_db()
    assert note.live_revision.disclaimer == first
    assert Disclaimer.objects.in_force() == second
    assert Disclaimer.objects.filter(in_force=True).count() == 1
    later = make_published_note(expert, reviewer)
    assert later.live_revision.disclaimer == second


def test_withdraw_needs_a_reason_and_takes_the_note_off_the_public_pages(expert, reviewer):
    note = make_published_note(expert, reviewer)
    with pytest.raises(WorkflowError, match="reason"):
        note.withdraw(by=reviewer, reason="")
    note.withdraw(by=reviewer, reason="Published by mistake")
    note.refresh_from_db()
    assert note.status == Note.Status.WITHDRAWN
    assert not Note.objects.published().exists()
    assert note.transitions.first().comment == "Published by mistake"


def test_a_withdrawn_note_is_republished_through_review(expert, reviewer):
    note = make_published_note(expert, reviewer)
    note.withdraw(by=reviewer, reason="Error in the date")
    with pytest.raises(WorkflowError):
        note.withdraw(by=reviewer, reason="Again")
    note.submit(by=expert)
    note.publish(by=reviewer)
    assert Note.objects.published().get() == note


def test_restore_makes_an_old_revision_the_working_copy_as_a_new_revision(expert):
    note = make_note(expert)
    first = note.latest_revision
    note.highlights = "Second"
    note.save_draft(by=expert)
    restored = note.restore(first, by=expert)
    note.refresh_from_db()
    assert restored.number == 3
    assert note.highlights == "Highlights text."
    assert note.revisions.count() == 3
    assert "Restored revision 1" in restored.message


def test_a_stale_save_is_refused_and_changes_nothing(expert):
    note = make_note(expert)
    mine, theirs = Note.objects.get(pk=note.pk), Note.objects.get(pk=note.pk)
    theirs.highlights = "Their text"
    theirs.save_draft(by=expert, expected_version=1)
    mine.highlights = "My text"
    with pytest.raises(EditConflict) as conflict:
        mine.save_draft(by=expert, expected_version=1)
    assert conflict.value.current.highlights == "Their text"
    assert Note.objects.get(pk=note.pk).highlights == "Their text"
    assert note.revisions.count() == 2


def test_every_transition_is_logged_in_order(expert, reviewer):
    note = make_note(expert)
    note.submit(by=expert)
    note.request_changes(by=reviewer, comment="More detail")
    note.submit(by=expert)
    note.publish(by=reviewer)
    note.withdraw(by=reviewer, reason="Outdated")
    steps = [(t.from_status, t.to_status) for t in Transition.objects.order_by("pk")]
    assert steps == [
        ("draft", "in_review"),
        ("in_review", "changes_requested"),
        ("changes_requested", "in_review"),
        ("in_review", "published"),
        ("published", "withdrawn"),
    ]


def test_submitting_notifies_the_reviewers_but_not_the_author(
    expert, reviewer, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    with django_capture_on_commit_callbacks(execute=True):
        note.submit(by=expert)
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    assert "In review" in mail.outbox[0].subject


def test_requested_changes_and_publication_notify_the_authors(
    expert, reviewer, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    note.submit(by=expert)
    with django_capture_on_commit_callbacks(execute=True):
        note.request_changes(by=reviewer, comment="Please add the organizers")
    assert mail.outbox[-1].to == ["expert@example.org"]
    assert "Please add the organizers" in mail.outbox[-1].body
    note.submit(by=expert)
    with django_capture_on_commit_callbacks(execute=True):
        note.publish(by=reviewer)
    assert mail.outbox[-1].to == ["expert@example.org"]
    assert "Published" in mail.outbox[-1].subject


def test_no_mail_is_sent_before_the_transaction_commits(expert, django_capture_on_commit_callbacks):
    note = make_note(expert)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note.submit(by=expert)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_transition_asked_not_to_notify_logs_the_step_and_sends_nothing(
    expert, reviewer, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        note.submit(by=expert, notify=False)
        note.request_changes(by=reviewer, comment="Name the organizers", notify=False)
        note.submit(by=expert, notify=False)
        note.publish(by=reviewer, notify=False)
        note.withdraw(by=reviewer, reason="Duplicate", notify=False)
    assert callbacks == []
    assert mail.outbox == []
    assert note.transitions.count() == 5


def test_attempt_returns_the_refusal_instead_of_raising(expert, other_expert, reviewer):
    note = make_note(expert)
    assert isinstance(note.attempt("publish", by=reviewer), WorkflowError)
    assert isinstance(note.attempt("submit", by=other_expert), PermissionDenied)
    assert note.attempt("submit", by=expert) is None
    assert note.status == Note.Status.IN_REVIEW
    with pytest.raises(ValueError):
        note.attempt("delete", by=expert)


@pytest.mark.parametrize(
    ("steps", "editable", "submittable", "reviewable"),
    [
        ([], True, True, False),
        (["submit"], False, False, True),
        (["submit", "request_changes"], True, True, False),
        (["submit", "publish"], True, False, False),
        (["submit", "publish", "edit"], True, True, False),
        (["submit", "publish", "withdraw"], True, True, False),
    ],
)
def test_the_state_rules_agree_for_one_note_and_as_filters(
    expert, reviewer, steps, editable, submittable, reviewable
):
    note = make_note(expert)
    for step in steps:
        if step == "edit":
            note.highlights = "A later wording."
            note.save_draft(by=expert)
        elif step == "request_changes":
            note.request_changes(by=reviewer, comment="More detail")
        elif step == "withdraw":
            note.withdraw(by=reviewer, reason="Superseded")
        else:
            note.attempt(step, by=reviewer if step == "publish" else expert)
    note.refresh_from_db()
    notes = Note.objects.filter(pk=note.pk)
    assert (note.accepts_edits, notes.accepting_edits().exists()) == (editable, editable)
    assert (note.is_submittable, notes.submittable().exists()) == (submittable, submittable)
    assert note.is_reviewable == reviewable
    assert note.editable_by(expert) == editable
    assert note.submittable_by(expert) == submittable
    assert note.reviewable_by(reviewer) == reviewable
    assert note.has_unpublished_changes == notes.with_unpublished_changes().exists()
