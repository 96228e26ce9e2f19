"""Workflow actions on many notes in the admin obey the workflow note by note and say which
notes were refused, and why, in one message."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from notes.models import Note
from tests.helpers import make_note, make_published_note

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notes_note_changelist")


def staff(client, user):
    user.is_staff = True
    user.save()
    client.force_login(user)


def act(client, action, *notes):
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [note.pk for note in notes]}
    )
    assert response.status_code == 302
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def status(note):
    return Note.objects.get(pk=note.pk).status


def test_publishing_refuses_own_and_unsubmitted_notes_in_one_list(client, reviewer, expert):
    own = make_note(reviewer, title="Own note")
    own.submit(by=reviewer)
    draft = make_note(expert, title="Draft note")
    ready = make_note(expert, title="Ready note")
    ready.submit(by=expert)
    staff(client, reviewer)
    reported = act(client, "publish_notes", own, draft, ready)
    assert reported[0] == ("info", "1 note done.")
    level, refusals = reported[1]
    assert (level, len(reported)) == ("error", 2)
    assert refusals.startswith("2 notes were refused:<ul>")
    assert "<li>Own note: You wrote this note: another reviewer must review it.</li>" in refusals
    assert "<li>Draft note: A note that is “Draft” cannot become “Published”.</li>" in refusals
    assert (status(own), status(draft), status(ready)) == ("in_review", "draft", "published")


def test_submitting_refuses_notes_of_other_authors_and_notes_already_in_review(
    client, expert, other_expert
):
    theirs = make_note(other_expert, title="Their note")
    waiting = make_note(expert, title="Waiting note")
    waiting.submit(by=expert)
    mine = make_note(expert, title="My note")
    staff(client, expert)
    reported = act(client, "submit_notes", theirs, waiting, mine)
    assert reported[0] == ("info", "1 note done.")
    assert reported[1][0] == "error"
    assert "<li>Their note: Only an author of this note can submit it.</li>" in reported[1][1]
    assert (
        "<li>Waiting note: A note that is “In review” cannot become “In review”.</li>"
        in (reported[1][1])
    )
    assert (status(theirs), status(waiting), status(mine)) == ("draft", "in_review", "in_review")


def test_withdrawing_refuses_notes_that_are_not_published(client, reviewer, expert):
    draft = make_note(expert, title="Draft note")
    live = make_published_note(expert, reviewer, title="Live note")
    staff(client, reviewer)
    reported = act(client, "withdraw_notes", draft, live)
    assert reported == [
        ("info", "1 note done."),
        (
            "error",
            "1 note was refused:<ul>"
            "<li>Draft note: A note that is “Draft” cannot become “Withdrawn”.</li></ul>",
        ),
    ]
    assert (status(draft), status(live)) == ("draft", "withdrawn")


def test_when_every_note_is_refused_only_the_refusals_are_reported(client, reviewer, expert):
    draft = make_note(expert, title="Draft note")
    staff(client, reviewer)
    reported = act(client, "publish_notes", draft)
    assert [level for level, _ in reported] == ["error"]


def test_note_titles_in_the_refusal_list_are_escaped(client, reviewer, expert):
    draft = make_note(expert, title="<b>Bold</b> note")
    staff(client, reviewer)
    page = client.post(
        CHANGELIST, {"action": "publish_notes", "_selected_action": [draft.pk]}, follow=True
    ).content.decode()
    assert "<li>&lt;b&gt;Bold&lt;/b&gt; note: A note" in page
