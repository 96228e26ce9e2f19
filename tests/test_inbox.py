"""Each person's inbox: what happened to their notes and the reviews asked of them, with
links, and the unread count in the staff header."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notes.models import InboxItem
from tests.helpers import in_review, make_note, make_published_note, messages_of

pytestmark = pytest.mark.django_db

INBOX = reverse("notes-inbox")


def url(name, note):
    return reverse(name, args=[note.pk])


def unread_in_header(client):
    header = client.get(reverse("notes-staff-list")).text.split("</header>")[0]
    if 'class="inbox-unread"' not in header:
        return 0
    return int(header.split('class="inbox-unread">')[1].split("<")[0])


def test_each_step_reaches_the_inbox_of_the_people_concerned(expert, reviewer, second_reviewer):
    note = make_note(expert, title="Dakar workshop")
    note.submit(by=expert, reviewer=reviewer)
    note.request_changes(by=reviewer, comment="More")
    note.submit(by=expert)
    note.publish(by=reviewer)
    received = {
        user: list(
            InboxItem.objects.filter(user=user)
            .order_by("pk")
            .values_list("transition__to_status", flat=True)
        )
        for user in (expert, reviewer, second_reviewer)
    }
    assert received == {
        expert: ["changes_requested", "published"],
        reviewer: ["in_review", "in_review"],
        second_reviewer: [],
    }


def test_the_inbox_says_what_happened_with_a_link(client, expert, reviewer):
    note = make_note(expert, title="Dakar workshop")
    note.submit(by=expert, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.get(INBOX)
    assert "Erin Expert asks you to review “Dakar workshop”." in response.text
    item = InboxItem.objects.get(user=reviewer)
    assert reverse("notes-inbox-open", args=[item.pk]) in response.text


def test_the_unread_count_shows_in_the_staff_header_and_falls_when_read(client, expert, reviewer):
    first = in_review(expert)
    in_review(expert)
    client.force_login(reviewer)
    assert unread_in_header(client) == 2
    item = InboxItem.objects.get(user=reviewer, note=first)
    response = client.post(reverse("notes-inbox-open", args=[item.pk]))
    assert response["Location"] == url("notes-review", first)
    assert unread_in_header(client) == 1
    client.post(reverse("notes-inbox-read-all"))
    assert unread_in_header(client) == 0


def test_the_count_follows_what_happens_after_sign_in(client, expert, reviewer):
    client.force_login(expert)
    assert unread_in_header(client) == 0
    note = in_review(expert)
    note.request_changes(by=reviewer, comment="Name the States.")
    assert unread_in_header(client) == 1


def test_a_comment_leads_to_itself_in_the_conversation(client, expert, reviewer):
    note = in_review(expert)
    comment = note.add_comment(by=reviewer, text="One question.")
    item = InboxItem.objects.get(user=expert, comment=comment)
    client.force_login(expert)
    response = client.post(reverse("notes-inbox-open", args=[item.pk]))
    assert response["Location"] == url("notes-staff-detail", note) + f"#comment-{comment.pk}"


def test_someone_elses_item_is_not_found(client, expert, reviewer):
    in_review(expert)
    item = InboxItem.objects.get(user=reviewer)
    client.force_login(expert)
    assert client.post(reverse("notes-inbox-open", args=[item.pk])).status_code == 404
    assert InboxItem.objects.get(pk=item.pk).read_at is None


def test_nobody_is_told_of_their_own_step(expert, reviewer):
    make_published_note(expert, reviewer)
    assert not InboxItem.objects.filter(user=expert, transition__to_status="in_review").exists()
    assert not InboxItem.objects.filter(user=reviewer, transition__to_status="published").exists()


def test_mark_everything_as_read(client, expert, reviewer):
    in_review(expert)
    client.force_login(reviewer)
    response = client.post(reverse("notes-inbox-read-all"), follow=True)
    assert "Everything in your inbox is marked as read." in messages_of(response)
    assert not InboxItem.objects.unread().exists()


def test_the_header_costs_no_query_once_signed_in(client, expert, reviewer):
    in_review(expert)
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notes-staff-list"))
    assert not [q for q in queries if "notes_inboxitem" in q["sql"]]


def test_the_inbox_keeps_its_query_budget(
    client, expert, reviewer, second_reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    for i in range(3):
        note = make_note(expert, title=f"Note {i}")
        note.submit(by=expert, reviewer=reviewer)
        note.add_comment(by=expert, text="A word.")
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    for i in range(3, 40):
        note = make_note(expert, title=f"Note {i}")
        note.submit(by=expert, reviewer=reviewer)
        note.add_comment(by=expert, text="A word.")
        note.take_over(by=second_reviewer)
    with django_assert_max_num_queries(len(few)):
        response = client.get(INBOX)
    assert len(response.context["page"].object_list) == 50


def test_emails_carry_an_absolute_link_to_the_note(
    expert, reviewer, settings, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    with django_capture_on_commit_callbacks(execute=True):
        note.submit(by=expert, reviewer=reviewer)
    body = mail.outbox[0].body
    assert settings.SITE_URL.rstrip("/") + url("notes-staff-detail", note) in body
    assert settings.SITE_URL.rstrip("/") + url("notes-review", note) in body


def test_a_cancelled_schedule_reaches_the_approver_and_the_authors(client, expert, reviewer):
    from django.utils import timezone

    note = in_review(expert, title="Changed meanwhile")
    at = timezone.now() + timezone.timedelta(hours=1)
    note.schedule_publication(by=reviewer, at=at)
    note.event.city = "Thiès"
    note.event.save()
    note.keep_header_current()
    note.publish_as_scheduled(now=at)
    client.force_login(reviewer)
    response = client.get(INBOX)
    assert "The scheduled publication of “Changed meanwhile” was cancelled" in response.text
    client.force_login(expert)
    assert "was cancelled" in client.get(INBOX).text
