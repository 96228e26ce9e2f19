"""The reviewers' daily digest: one e-mail each morning to each reviewer with the reviews due
that day or overdue, sent once a day by the worker, for as long as reviews are due."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notes.models import ReviewDigest
from notes.tasks import digest_time, send_review_digest
from tests.helpers import make_note
from tests.test_scheduled_publication import DATABASE_BACKEND, run_worker

pytestmark = pytest.mark.django_db

on_the_worker = pytest.mark.django_db(transaction=True)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def submitted(author, title, **review):
    note = make_note(author, title=title)
    note.submit(by=author, **review)
    return note


def digests():
    return [message for message in mail.outbox if "due or overdue" in message.subject]


def mail_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_each_reviewer_gets_the_reviews_due_or_overdue_asked_of_them(
    expert, reviewer, second_reviewer, settings
):
    today = submitted(expert, "Due today", reviewer=reviewer, due=days(0))
    submitted(expert, "Due later", reviewer=reviewer, due=days(3))
    submitted(expert, "Late for Rita", reviewer=second_reviewer, due=days(-2))
    submitted(expert, "Late for anyone", due=days(-1))
    assert send_review_digest.call(days(0).isoformat()) == 2
    robin = mail_to(reviewer)[0]
    assert "Due today" in robin.body and "Late for anyone" in robin.body
    assert "Due later" not in robin.body and "Late for Rita" not in robin.body
    assert "2 reviews due or overdue" in robin.subject
    link = settings.SITE_URL.rstrip("/") + reverse("notes-review", args=[today.pk])
    assert link in robin.body
    rita = mail_to(second_reviewer)[0].body
    assert "Late for Rita" in rita and "OVERDUE" in rita and "Due today" not in rita


def test_the_digest_of_a_day_is_sent_once(expert, reviewer):
    submitted(expert, "Due today", reviewer=reviewer, due=days(0))
    send_review_digest.call(days(0).isoformat())
    send_review_digest.call(days(0).isoformat())
    assert len(mail.outbox) == 1
    assert ReviewDigest.objects.get(day=days(0)).sent_at is not None


def test_no_review_due_no_mail(expert, reviewer):
    submitted(expert, "No date", reviewer=reviewer)
    submitted(expert, "Due later", reviewer=reviewer, due=days(3))
    assert send_review_digest.call(days(0).isoformat()) == 0
    assert mail.outbox == []


@on_the_worker
def test_the_worker_sends_the_digest_on_the_morning_a_review_is_due_and_the_days_after(
    expert, reviewer, settings
):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    due = days(2)
    submitted(expert, "Wanted in two days", reviewer=reviewer, due=due)
    queued = DBTaskResult.objects.get(task_path="notes.tasks.send_review_digest")
    assert queued.run_after == digest_time(due)
    with mock.patch(
        "django.utils.timezone.now", return_value=digest_time(due) - datetime.timedelta(minutes=1)
    ):
        run_worker()
    assert digests() == []
    with mock.patch(
        "django.utils.timezone.now", return_value=digest_time(due) + datetime.timedelta(minutes=1)
    ):
        run_worker()
    assert [message.to for message in digests()] == [[reviewer.email]]
    assert "Due today" in digests()[0].body
    # The review is still open: the next morning's digest is queued, and lists it as overdue.
    tomorrow = DBTaskResult.objects.filter(run_after=digest_time(due + datetime.timedelta(days=1)))
    assert tomorrow.count() == 1
    later = digest_time(due + datetime.timedelta(days=1)) + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        run_worker()
    assert "OVERDUE" in digests()[1].body
