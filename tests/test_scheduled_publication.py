"""Approve now, publish later: a scheduled note stays invisible to the public until the worker
publishes it at its time (shown here with a frozen clock and the production task backend);
it can be unscheduled; and a note that changed before its time is not published."""

import datetime
import io
import logging
import signal
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import Event
from notes.models import InboxItem, Note, ReviewEvent
from tests.helpers import in_review, make_published_note, messages_of

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
WORKER_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
WORKER_LOGGERS = ["django.tasks", "django_tasks_db"]
on_the_worker = pytest.mark.django_db(transaction=True)


def url(name, note):
    return reverse(name, args=[note.pk])


def in_an_hour():
    return timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)


def frozen(at):
    """The clock stopped at `at`, for the code under test and for the worker alike."""
    return mock.patch("django.utils.timezone.now", return_value=at)


def run_worker():
    """`manage.py db_worker --batch`: every task due now, then stop (as in test_task_worker)."""
    handlers = {number: signal.getsignal(number) for number in WORKER_SIGNALS}
    levels = {name: logging.getLogger(name).level for name in WORKER_LOGGERS}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def is_public(client, note):
    note.refresh_from_db()
    visible = Note.objects.published().filter(pk=note.pk).exists()
    page = client.get(f"/notes/{note.event.start_date.year}/{note.slug}/")
    assert (page.status_code == 200) == visible
    return visible


@pytest.fixture
def worker_backend(settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}


def test_a_scheduled_note_is_approved_but_nothing_changes_for_the_public(client, expert, reviewer):
    note = in_review(expert)
    at = in_an_hour()
    note.schedule_publication(by=reviewer, at=at, revision=note.latest_revision.number)
    stored = Note.objects.get(pk=note.pk)
    assert stored.status == Note.Status.IN_REVIEW
    assert stored.live_revision is None
    assert (stored.scheduled_at, stored.scheduled_revision) == (at, note.latest_revision)
    assert not is_public(client, note)
    assert InboxItem.objects.get(event__kind=ReviewEvent.Kind.SCHEDULED).user == expert


@on_the_worker
def test_the_worker_publishes_a_scheduled_note_on_time_and_not_before(
    client, expert, reviewer, worker_backend
):
    note = in_review(expert)
    at = in_an_hour()
    note.schedule_publication(by=reviewer, at=at, revision=note.latest_revision.number)
    queued = DBTaskResult.objects.get(task_path="notes.tasks.publish_scheduled_note")
    assert queued.run_after == at
    with frozen(at - datetime.timedelta(minutes=1)):
        run_worker()
        assert not is_public(client, note)
    with frozen(at + datetime.timedelta(minutes=1)):
        run_worker()
        assert is_public(client, note)
    note.refresh_from_db()
    assert note.status == Note.Status.PUBLISHED
    assert note.scheduled_at is None
    assert note.last_published_at == at + datetime.timedelta(minutes=1)
    assert note.transitions.first().actor == reviewer


@on_the_worker
def test_an_unscheduled_note_is_not_published_when_its_time_comes(
    client, expert, reviewer, second_reviewer, worker_backend
):
    note = in_review(expert)
    at = in_an_hour()
    note.schedule_publication(by=reviewer, at=at)
    note.unschedule(by=second_reviewer)
    with frozen(at + datetime.timedelta(minutes=1)):
        run_worker()
        assert not is_public(client, note)
    note.refresh_from_db()
    assert (note.status, note.scheduled_at) == (Note.Status.IN_REVIEW, None)
    assert note.review_events.first().kind == ReviewEvent.Kind.UNSCHEDULED


def test_a_note_that_changed_before_its_time_is_not_published(client, expert, reviewer):
    note = in_review(expert)
    at = in_an_hour()
    note.schedule_publication(by=reviewer, at=at, revision=note.latest_revision.number)
    Event.objects.filter(pk=note.event_id).update(city="Thiès")
    note.keep_header_current()  # the event changed: a new revision, not approved
    with frozen(at + datetime.timedelta(minutes=1)):
        assert note.publish_as_scheduled() is None
        assert not is_public(client, note)
    note.refresh_from_db()
    assert (note.status, note.scheduled_at) == (Note.Status.IN_REVIEW, None)
    cancelled = note.review_events.get(kind=ReviewEvent.Kind.SCHEDULE_FAILED)
    assert "came in" in cancelled.reason
    told = InboxItem.objects.filter(event=cancelled).values_list("user__username", flat=True)
    assert sorted(told) == ["expert", "reviewer"]


def test_a_scheduled_update_leaves_the_published_revision_public_until_then(
    client, expert, reviewer
):
    note = make_published_note(expert, reviewer)
    note.highlights = "A correction."
    note.save_draft(by=expert)
    note.submit(by=expert)
    at = in_an_hour()
    note.schedule_publication(by=reviewer, at=at)
    assert Note.objects.get(pk=note.pk).live_revision.number == 1
    with frozen(at):
        note.publish_as_scheduled()
    assert Note.objects.get(pk=note.pk).live_revision.highlights == "A correction."


def test_requesting_changes_calls_off_the_schedule(expert, reviewer, second_reviewer):
    note = in_review(expert)
    note.schedule_publication(by=reviewer, at=in_an_hour())
    note.request_changes(by=second_reviewer, comment="Wait: a mistake in the date.")
    assert Note.objects.get(pk=note.pk).scheduled_at is None


def test_a_time_in_the_past_is_refused(client, expert, reviewer):
    note = in_review(expert)
    client.force_login(reviewer)
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url("notes-schedule", note), {"publish_at": past}, follow=True)
    assert "Choose a time to come, or publish now." in messages_of(response)
    assert Note.objects.get(pk=note.pk).scheduled_at is None


def test_scheduling_from_the_review_page_asks_first(client, expert, reviewer):
    note = in_review(expert)
    client.force_login(reviewer)
    review = client.get(url("notes-review", note)).text
    assert "Approve and publish now…" in review and "Approve and publish on…" in review
    at = timezone.localtime(in_an_hour()).strftime("%Y-%m-%dT%H:%M")
    data = {"publish_at": at, "revision": 1, "comment": "Good to go."}
    asked = client.post(url("notes-schedule", note), data)
    assert asked.status_code == 200
    assert "Yes, publish on" in asked.text
    assert Note.objects.get(pk=note.pk).scheduled_at is None
    done = client.post(url("notes-schedule", note), data | {"confirm": ""}, follow=True)
    note.refresh_from_db()
    when = timezone.localtime(note.scheduled_at)
    assert when.strftime("%Y-%m-%dT%H:%M") == at
    # In the style of the note page, with one full stop.
    expected = f"Approved: the note will be published on {when:%-d %b %Y %H:%M}."
    assert expected in messages_of(done)
    assert note.comments.get().text == "Good to go."


def test_scheduling_refuses_a_revision_the_reviewer_did_not_read(client, expert, reviewer):
    note = in_review(expert)
    client.force_login(reviewer)
    at = timezone.localtime(in_an_hour()).strftime("%Y-%m-%dT%H:%M")
    data = {"publish_at": at, "revision": 7, "confirm": ""}
    response = client.post(url("notes-schedule", note), data, follow=True)
    assert any("came in while you were reviewing" in m for m in messages_of(response))
    assert Note.objects.get(pk=note.pk).scheduled_at is None


def test_the_dashboard_lists_scheduled_notes_with_their_date_to_unschedule(
    client, expert, reviewer, second_reviewer
):
    note = in_review(expert, title="Soon public")
    at = in_an_hour()
    note.schedule_publication(by=reviewer, at=at)
    client.force_login(second_reviewer)
    response = client.get(reverse("staff-dashboard"))
    assert [n.display_title for n in response.context["scheduled"]] == ["Soon public"]
    assert [n.display_title for n in response.context["awaiting_review"]] == []
    section = response.text.split('id="scheduled"')[1].split("</section>")[0]
    assert timezone.localtime(at).strftime("%H:%M") in section
    assert url("notes-unschedule", note) in section
    done = client.post(url("notes-unschedule", note), follow=True)
    assert "Unscheduled: the note is back in review, not approved." in messages_of(done)
    assert Note.objects.get(pk=note.pk).scheduled_at is None


def test_the_catch_up_command_publishes_what_is_due(client, expert, reviewer):
    due = in_review(expert)
    later = in_review(expert)
    due.schedule_publication(by=reviewer, at=in_an_hour())
    later.schedule_publication(by=reviewer, at=in_an_hour() + datetime.timedelta(days=1))
    with frozen(in_an_hour() + datetime.timedelta(minutes=5)):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert is_public(client, due)
    assert not is_public(client, later)


def test_the_note_page_says_when_it_goes_public_and_warns_once_it_changed(client, expert, reviewer):
    note = in_review(expert)
    at = in_an_hour()
    note.schedule_publication(by=reviewer, at=at)
    client.force_login(expert)
    page = client.get(url("notes-staff-detail", note)).text
    when = timezone.localtime(at).strftime("%H:%M")
    assert "Approved by Robin Reviewer: revision 1 is to be published on" in page
    assert when in page
    assert "A newer revision came in after the approval" not in page
    Event.objects.filter(pk=note.event_id).update(city="Thiès")
    note.keep_header_current()
    page = client.get(url("notes-staff-detail", note)).text
    assert "A newer revision came in after the approval" in page


def test_the_history_keeps_the_schedule_and_its_cancellation(client, expert, reviewer):
    note = in_review(expert)
    at = in_an_hour()
    note.schedule_publication(by=reviewer, at=at)
    Event.objects.filter(pk=note.event_id).update(city="Thiès")
    note.keep_header_current()
    note.publish_as_scheduled(now=at)
    client.force_login(expert)
    history = client.get(url("notes-history", note)).text
    assert "Approved, publication scheduled" in history
    assert "Scheduled publication cancelled" in history
    assert "by the system" in history
    compare = client.get(url("notes-compare", note), {"a": 1, "b": 2})  # 2 is the system's
    assert "Revision 2: the system" in compare.text
