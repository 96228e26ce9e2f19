"""Background work on a real worker: with the database backend of production, a task is a row
that `manage.py db_worker` runs later, in another process or on another machine. Its arguments
are JSON (ids and tokens, never objects), it is queued only once the transaction that asked for
it commits, it runs once, and a task that fails stays in the table, marked failed."""

import logging
import os
import signal
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from notes.archive import jobs
from notes.archive.admin_views import SESSION_KEY
from notes.models import Note
from tests.helpers import in_review, make_docx, make_note, make_published_note
from tests.test_archive_parser import IRKUTSK

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
IMMEDIATE_BACKEND = "django.tasks.backends.immediate.ImmediateBackend"
# The signals and loggers that `db_worker` takes over for its own process.
WORKER_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
WORKER_LOGGERS = ["django.tasks", "django_tasks_db"]


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}


def run_worker():
    """`manage.py db_worker --batch`: run every queued task, then stop. The command sets the
    signal handlers and log levels of its process; the test run gets its own back."""
    handlers = {number: signal.getsignal(number) for number in WORKER_SIGNALS}
    levels = {name: logging.getLogger(name).level for name in WORKER_LOGGERS}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


class BrokenMailer(BaseEmailBackend):
    """A mail server that closes the connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


# The worker reads committed rows, and between tasks closes a connection left inside a
# transaction, as in its own process: the tests that run it commit, as production does.
on_the_worker = pytest.mark.django_db(transaction=True)


def test_publishing_queues_the_notification_in_the_database_and_sends_nothing(
    expert, reviewer, django_capture_on_commit_callbacks
):
    note = in_review(expert)
    with django_capture_on_commit_callbacks(execute=True):
        note.publish(by=reviewer)
    queued = DBTaskResult.objects.get()
    published = note.transitions.get(to_status=Note.Status.PUBLISHED)
    assert queued.task_path == "notes.tasks.notify_transition"
    assert queued.args_kwargs == {"args": [published.pk], "kwargs": {}}
    assert queued.status == TaskResultStatus.READY
    assert mail.outbox == []


def test_a_step_is_queued_only_when_its_transaction_commits(
    expert, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note.submit(by=expert)
    assert not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.get().task_path == "notes.tasks.notify_transition"


@on_the_worker
def test_the_worker_sends_each_queued_mail_exactly_once(expert, reviewer):
    make_published_note(expert, reviewer)
    assert mail.outbox == []
    run_worker()
    sent = sorted((message.to, message.subject) for message in mail.outbox)
    assert [to for to, _subject in sent] == [["expert@example.org"], ["reviewer@example.org"]]
    assert "Published" in sent[0][1]
    assert set(DBTaskResult.objects.values_list("status", "return_value")) == {
        (TaskResultStatus.SUCCESSFUL, 1)
    }
    run_worker()
    assert len(mail.outbox) == 2


@on_the_worker
def test_a_failing_task_is_recorded_as_failed_not_lost(expert, reviewer, settings):
    note = make_published_note(expert, reviewer)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenMailer"}}
    run_worker()
    published = note.transitions.get(to_status=Note.Status.PUBLISHED)
    failed = DBTaskResult.objects.get(args_kwargs__args=[published.pk])
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert "Connection unexpectedly closed" in failed.traceback
    assert DBTaskResult.objects.failed().count() == 2
    assert mail.outbox == []


@on_the_worker
def test_one_failing_task_does_not_stop_the_others(expert, reviewer):
    note = make_published_note(expert, reviewer)
    submitted, published = note.transitions.order_by("pk").values_list("pk", flat=True)
    note.transitions.filter(pk=submitted).delete()  # its task finds no transition and fails
    run_worker()
    outcome = {row.args_kwargs["args"][0]: row.status for row in DBTaskResult.objects.all()}
    assert outcome == {submitted: TaskResultStatus.FAILED, published: TaskResultStatus.SUCCESSFUL}
    assert [message.to for message in mail.outbox] == [["expert@example.org"]]


@pytest.fixture
def staff_reviewer(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    return reviewer


@on_the_worker
def test_the_archive_import_is_read_on_the_worker(client, staff_reviewer):
    url = reverse("admin:notes_note_import")
    upload = SimpleUploadedFile("irkutsk.docx", make_docx(IRKUTSK.read_text(), header_table=True))
    waiting = client.post(url, {"files": [upload]}, follow=True).content.decode()
    token = client.session[SESSION_KEY]
    assert jobs.state(token)["stage"] == jobs.PREVIEWING
    assert DBTaskResult.objects.get().args_kwargs == {"args": [token], "kwargs": {}}
    assert 'name="confirm"' not in waiting
    run_worker()
    assert 'name="confirm"' in client.get(url, {"job": token}).content.decode()
    client.post(url, {"confirm": "1", "token": token})
    assert not Note.objects.exists()
    run_worker()
    assert Note.objects.get().latest_revision.source == "irkutsk.docx"


def backend_of(**env):
    """The tasks backend that settings.py chooses in a process started with `env`."""
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TASKS_BACKEND"}}
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environ | {"DJANGO_SETTINGS_MODULE": "outreach.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "k3Vq8Lw2Zr7Nx4Tb9Hc1Jm6Pd5Sf0Gy8Ua3Eo2Ki7Wn4Xs9Rl1"}


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        (PRODUCTION, DATABASE_BACKEND),
        ({}, IMMEDIATE_BACKEND),
        (PRODUCTION | {"TASKS_BACKEND": IMMEDIATE_BACKEND}, IMMEDIATE_BACKEND),
    ],
    ids=["production", "development", "production-overridden"],
)
def test_production_queues_tasks_in_the_database_unless_told_otherwise(env, backend):
    assert backend_of(**env) == backend
