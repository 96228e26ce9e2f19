"""Each person gets notification and digest e-mail in the language they chose for their staff
pages (accounts.Profile), whoever took the step and in whatever language they work."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.models import Profile
from notes.tasks import send_review_digest
from tests.helpers import make_note

pytestmark = pytest.mark.django_db


def speaks(user, language):
    Profile.objects.update_or_create(user=user, defaults={"language": language})


def test_a_reviewer_who_chose_french_is_asked_in_french(
    expert, reviewer, django_capture_on_commit_callbacks
):
    speaks(reviewer, "fr")
    note = make_note(expert, title="Regional workshop")
    with django_capture_on_commit_callbacks(execute=True):
        note.submit(by=expert, reviewer=reviewer)
    [message] = mail.outbox
    assert message.to == [reviewer.email]
    assert message.subject == "[Outreach] En relecture : Regional workshop"


def test_each_language_gets_its_own_message_and_the_public_link_in_it(
    expert, other_expert, reviewer, django_capture_on_commit_callbacks
):
    speaks(other_expert, "es")
    note = make_note(expert, title="Seminar")
    note.authors.add(other_expert)
    note.submit(by=expert)
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        note.publish(by=reviewer)
    subjects = {tuple(message.to): message for message in mail.outbox}
    assert subjects[(expert.email,)].subject == "[Outreach] Published: Seminar"
    spanish = subjects[(other_expert.email,)]
    assert spanish.subject == "[Outreach] Publicada: Seminar"
    assert f"/es{note.get_absolute_url()}" in spanish.body
    assert f"/es{note.get_absolute_url()}" not in subjects[(expert.email,)].body


def test_the_digest_is_in_the_reviewers_language(expert, reviewer):
    speaks(reviewer, "fr")
    today = timezone.localdate()
    note = make_note(expert, title="Due today")
    note.submit(by=expert, reviewer=reviewer, due=today)
    mail.outbox.clear()
    send_review_digest.call(today.isoformat())
    [digest] = mail.outbox
    assert digest.to == [reviewer.email]
    assert "relecture attendue ou en retard" in digest.subject
