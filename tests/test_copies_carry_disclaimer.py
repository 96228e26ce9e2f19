"""Every copy of a note says where the published note is: the notification e-mails and the
event report give absolute addresses (settings.SITE_URL), and none of them copies the note's
text, which would have to carry the live revision's footnote (the Atom entry, which does copy
it, is tested in test_feeds.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Event
from notes.resources import COLUMNS, EventReportResource
from outreach.site import absolute_url
from tests.helpers import make_event, make_note, make_published_note, make_withdrawn_note

pytestmark = pytest.mark.django_db

SITE = "https://outreach.example.org"
SECTIONS = ("raise awareness of resolution 1540", "Background text.", "Highlights text.")


@pytest.fixture(autouse=True)
def site_url(settings):
    # A trailing slash, as an administrator may well write it: no "//" in the addresses.
    settings.SITE_URL = f"{SITE}/"


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run `step` with its on-commit notification and return the e-mail it sent."""

    def run(step, **kwargs):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            step(**kwargs)
        [message] = mail.outbox[before:]
        return message

    return run


def staff_url(note):
    return f"{SITE}{reverse('notes-staff-detail', args=[note.pk])}"


def public_url(note):
    return f"{SITE}{note.get_absolute_url()}"


def test_absolute_url_joins_the_site_address_and_the_path_once(settings):
    assert absolute_url("/notes/2025/x/") == f"{SITE}/notes/2025/x/"
    settings.SITE_URL = SITE
    assert absolute_url("/notes/2025/x/") == f"{SITE}/notes/2025/x/"


def test_the_submission_e_mail_links_the_reviewers_to_the_review_page(expert, reviewer, sent):
    note = make_note(expert)
    message = sent(note.submit, by=expert)
    assert message.to == ["reviewer@example.org"]
    assert f"{SITE}{reverse('notes-review', args=[note.pk])}" in message.body
    assert staff_url(note) in message.body
    assert note.get_absolute_url() not in message.body  # not published: no public page


def test_the_publication_e_mail_links_to_the_public_page(expert, reviewer, sent):
    note = make_note(expert)
    note.submit(by=expert)
    message = sent(note.publish, by=reviewer)
    assert message.to == ["expert@example.org"]
    assert public_url(note) in message.body
    assert staff_url(note) in message.body
    assert reverse("notes-review", args=[note.pk]) not in message.body


def test_the_publication_e_mail_carries_no_text_so_no_footnote_is_left_out(expert, reviewer, sent):
    # The link is the copy: an e-mail that came to carry the sections would have to carry the
    # live revision's disclaimer too (note.live_revision.disclaimer.text).
    note = make_note(expert)
    note.submit(by=expert)
    body = sent(note.publish, by=reviewer).body
    assert not [text for text in SECTIONS if text in body]
    assert note.live_revision.disclaimer.text not in body


def test_a_new_live_version_is_announced_with_the_public_page(expert, reviewer, sent):
    note = make_published_note(expert, reviewer)
    note.highlights = "New highlights."
    note.save_draft(by=expert)
    submitted = sent(note.submit, by=expert)
    assert f"{SITE}{reverse('notes-review', args=[note.pk])}" in submitted.body
    republished = sent(note.publish, by=reviewer)
    assert public_url(note) in republished.body
    assert "New highlights." not in republished.body


def test_requested_changes_link_to_the_staff_page_only(expert, reviewer, sent):
    note = make_note(expert)
    note.submit(by=expert)
    message = sent(note.request_changes, by=reviewer, comment="Name the organizers")
    assert staff_url(note) in message.body
    assert "/review/" not in message.body
    assert note.get_absolute_url() not in message.body


def test_the_withdrawal_e_mail_says_the_note_left_the_public_site(expert, reviewer, sent):
    note = make_published_note(expert, reviewer)
    message = sent(note.withdraw, by=reviewer, reason="Duplicate")
    assert staff_url(note) in message.body
    assert note.get_absolute_url() not in message.body
    assert "no longer on the public site" in message.body


def report_rows():
    dataset = EventReportResource().export(Event.objects.order_by("pk"))
    return dataset.dict


def test_the_report_gives_the_public_address_of_a_published_note_and_none_of_a_draft(
    expert, reviewer
):
    published = make_published_note(expert, reviewer)
    draft = make_note(expert, event=published.event, language="fr")
    [row] = report_rows()
    assert row[COLUMNS["public_pages"]] == f"English: {public_url(published)}"
    assert draft.slug not in row[COLUMNS["public_pages"]]
    assert row[COLUMNS["notes"]] == "English: Published; French: Draft"


def test_the_report_gives_no_address_for_an_event_with_only_unpublished_notes(expert, reviewer):
    make_note(expert)
    make_withdrawn_note(expert, reviewer)
    assert [row[COLUMNS["public_pages"]] for row in report_rows()] == ["", ""]


def test_a_published_note_in_review_of_its_changes_keeps_its_address_in_the_report(
    expert, reviewer
):
    note = make_published_note(expert, reviewer, event=make_event())
    note.highlights = "New highlights."
    note.save_draft(by=expert)
    note.submit(by=expert)
    [row] = report_rows()
    assert row[COLUMNS["public_pages"]] == f"English: {public_url(note)}"
    assert "New highlights." not in str(row)
