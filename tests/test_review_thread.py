"""The review's conversation: reviewers' comments and authors' replies form one thread on the
note page and the review page, newest last, with author and time, kept in the history; a
request for changes needs a comment and stays on top of the editor until the note goes back
to review."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notes.models import Comment, InboxItem, Note
from tests.helpers import in_review, make_note, messages_of

pytestmark = pytest.mark.django_db


def url(name, note):
    return reverse(name, args=[note.pk])


def thread_texts(response):
    return [comment.text for comment in response.context["thread"]]


@pytest.fixture
def conversation(client, expert, reviewer):
    """A note sent back with a request, the author's reply and the reviewer's answer."""
    note = in_review(expert)
    note.request_changes(by=reviewer, comment="Name the States.")
    client.force_login(expert)
    client.post(url("notes-comment", note), {"text": "Which ones?"})
    client.force_login(reviewer)
    client.post(url("notes-comment", note), {"text": "All twelve.", "from": "review"})
    return note


def test_comments_and_replies_form_one_thread_newest_last(client, conversation, expert):
    client.force_login(expert)
    response = client.get(url("notes-staff-detail", conversation))
    assert thread_texts(response) == ["Name the States.", "Which ones?", "All twelve."]
    authors = [comment.author.username for comment in response.context["thread"]]
    assert authors == ["reviewer", "expert", "reviewer"]
    assert "Robin Reviewer" in response.text and "Erin Expert" in response.text
    when = timezone.localtime(response.context["thread"][0].created_at).strftime("%H:%M")
    assert when in response.text.split('id="conversation"')[1]


def test_the_review_page_shows_the_same_thread(client, conversation, expert, reviewer):
    conversation.submit(by=expert)
    client.force_login(reviewer)
    response = client.get(url("notes-review", conversation))
    assert thread_texts(response) == ["Name the States.", "Which ones?", "All twelve."]


def test_the_thread_is_kept_in_the_history(client, conversation, expert):
    client.force_login(expert)
    response = client.get(url("notes-history", conversation))
    assert thread_texts(response) == ["Name the States.", "Which ones?", "All twelve."]
    assert "Which ones?" in response.text


def test_a_comment_is_told_to_the_others_taking_part(conversation, expert, reviewer):
    replies = InboxItem.objects.filter(comment__isnull=False)
    assert {(item.user.username, item.comment.text) for item in replies} == {
        ("reviewer", "Which ones?"),
        ("expert", "All twelve."),
    }


def test_requesting_changes_without_a_comment_is_refused(client, expert, reviewer):
    note = in_review(expert)
    client.force_login(reviewer)
    response = client.post(url("notes-request-changes", note), {"comment": "  "}, follow=True)
    assert "Say what should change: a comment is required." in messages_of(response)
    assert Note.objects.get(pk=note.pk).status == Note.Status.IN_REVIEW


def test_someone_outside_the_review_may_not_comment(client, expert, other_expert):
    note = make_note(expert)
    client.force_login(other_expert)
    assert client.post(url("notes-comment", note), {"text": "Hello"}).status_code == 403
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    response = client.post(url("notes-comment", note), {"text": ""}, follow=True)
    assert messages_of(response)
    assert not Comment.objects.exists()


def test_the_editor_shows_the_request_prominently_in_normal_text(client, conversation, expert):
    client.force_login(expert)
    response = client.get(url("notes-edit", conversation))
    request_box = response.text.split('class="change-request"')[1].split("</section>")[0]
    assert "Robin Reviewer requested changes" in request_box
    assert "Name the States." in request_box and "All twelve." in request_box
    assert 'class="source' not in request_box


def test_the_request_leaves_the_editor_once_the_note_is_resubmitted(
    client, conversation, expert, reviewer
):
    conversation.submit(by=expert)
    conversation.publish(by=reviewer)
    client.force_login(expert)
    response = client.get(url("notes-edit", conversation))
    assert response.context["change_request"] is None
    assert 'class="change-request"' not in response.text


def test_an_older_comment_is_not_shown_as_part_of_the_latest_request(client, expert, reviewer):
    note = in_review(expert)
    note.request_changes(by=reviewer, comment="First request.")
    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    note.submit(by=expert)
    note.request_changes(by=reviewer, comment="Second request.")
    client.force_login(expert)
    response = client.get(url("notes-edit", note))
    thread = [c.text for c in response.context["change_request"]["thread"]]
    assert thread == ["Second request."]
