"""Review as a team, in a real browser: an expert records an event with an organization added
from the form and an attendee typed as displayed, writes the note and asks a named reviewer
for a review by a date; the reviewer comments, the author replies, the reviewer approves it for
a time to come, and the worker publishes it then."""

import datetime
import re
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Organization
from events.models import Event
from notes.models import Disclaimer, Note
from notes.tasks import publish_scheduled_note
from tests.browser.steps import browser_page, sign_in
from tests.helpers import make_contact

# Serialized rollback: the migrated groups and countries come back after the flush.
pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Séminaire régional d'Abidjan sur la résolution 1540 (2004)"
# Typed in the panel as the type-ahead shows organizations: "Name (ACRONYM)".
NEW_ORGANIZATION = "Bureau des affaires de désarmement de l'ONU (UNODA-FR)"
# Spelled nearly the same: the panel names it before adding the new one.
LOOKALIKE = "Bureau des affaires du désarmement des Nations unies"
ATTENDEE = "Ms. Amina Diallo"
COMMENT = "Merci ! Could you name the States that sent a delegation?"
REPLY = "Côte d'Ivoire, Ghana and Togo: I'll add them once you agree."


def frozen(at):
    """The clock stopped at `at`, for the worker's code as for the pages."""
    return mock.patch("django.utils.timezone.now", return_value=at)


@pytest.fixture
def reviewer_page(browser):
    """A second browser, the reviewer's, signed in alongside the expert's."""
    with browser_page(browser) as page:
        yield page


def test_an_expert_and_a_named_reviewer_take_a_note_from_the_event_to_its_scheduled_publication(
    live_server, page, reviewer_page, screenshot, expert, reviewer, second_reviewer
):
    unoda = Organization.objects.create(
        name="United Nations Office for Disarmament Affairs", acronym="UNODA"
    )
    Organization.objects.create(name=LOOKALIKE)
    amina = make_contact("Amina Diallo", honorific="Ms.", organization=unoda)
    violations = []
    for each in (page, reviewer_page):
        each.on(
            "console",
            lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
        )

    # 1. The expert records the event, adding an organization that is not in the list.
    sign_in(page, live_server, "expert")
    page.goto(f"{live_server.url}/staff/events/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Status").select_option(label="Held")
    page.get_by_label("Start date").fill("2025-05-06")
    page.get_by_label("End date").fill("2025-05-07")
    page.get_by_label("City").fill("Abidjan")
    page.get_by_label("Venue country").select_option(label="Côte d'Ivoire")
    page.get_by_text("An organization is not in the list? Add it").click()
    page.get_by_label(re.compile("^Name")).fill(NEW_ORGANIZATION)
    page.get_by_role("button", name="Add the organization").click()
    expect(page.get_by_text("Similar organizations are already in the list")).to_be_visible()
    expect(page.get_by_role("button", name=f"Use “{LOOKALIKE}”")).to_be_visible()
    screenshot(page, "similar-organization")
    page.get_by_role("button", name="None of them: add it").click()
    organizations = page.get_by_role("combobox", name="Participating organizations")
    expect(organizations).to_have_value(NEW_ORGANIZATION)
    expect(page.get_by_text(f"“{NEW_ORGANIZATION}” is in the field")).to_be_visible()
    added = Organization.objects.get(acronym="UNODA-FR")
    assert added.name == "Bureau des affaires de désarmement de l'ONU"
    assert not Event.objects.exists()  # the panel adds the organization, not the event

    attendee = page.get_by_role("combobox", name="Attendee").first
    attendee.fill(ATTENDEE)
    page.get_by_label("Role at the event").first.fill("speaker")
    screenshot(page, "event-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The event is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_role("link", name=ATTENDEE)).to_be_visible()
    expect(page.get_by_text(NEW_ORGANIZATION)).to_be_visible()
    screenshot(page, "event-recorded")
    event = Event.objects.get()
    assert list(event.organizations.all()) == [added]
    assert event.attendances.get().contact == amina

    # 2. The expert writes the note and asks the second reviewer for a review within a week.
    page.get_by_role("link", name="Write the note").click()
    page.get_by_label("1. Objectives").fill("- Faire connaître la résolution 1540 (2004)")
    page.get_by_label("2. Background").fill("Organized with the host Government's ministries.")
    page.get_by_label("3. Highlights").fill("Twelve States attended.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The draft is saved.")).to_be_visible()
    screenshot(page, "draft-saved")
    page.get_by_role("navigation", name="This note").get_by_role("link", name="Note").click()
    expect(page.get_by_role("button", name="Submit for review")).to_be_visible()
    reviewers = page.get_by_label("Reviewer", exact=True)
    expect(reviewers.get_by_role("option")).to_have_text(
        ["Any reviewer (all are told)", "Rita Second", "Robin Reviewer"]
    )
    reviewers.select_option(label="Rita Second")
    due = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Review wanted by (optional)").fill(due.isoformat())
    screenshot(page, "submit-form")
    page.get_by_role("button", name="Submit for review").click()
    expect(
        page.get_by_text("Submitted for review: Rita Second is asked to review it.")
    ).to_be_visible()
    expect(page.get_by_text("Review asked of Rita Second.")).to_be_visible()
    expect(page.get_by_text(f"Due on {due.day} {due:%b %Y}.")).to_be_visible()
    screenshot(page, "submitted")
    note = Note.objects.get(event=event)
    assert (note.status, note.reviewer, note.review_due) == (
        Note.Status.IN_REVIEW,
        second_reviewer,
        due,
    )

    # 3. The reviewer asked finds it assigned to her and comments from the review page.
    sign_in(reviewer_page, live_server, "reviewer2")
    assigned = reviewer_page.get_by_role("region", name="Assigned to me")
    expect(assigned.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(reviewer_page, "reviewer-dashboard")
    assigned.get_by_role("link", name=TITLE).click()
    reviewer_page.get_by_role("link", name="Review", exact=True).click()
    expect(reviewer_page.get_by_role("button", name="Approve and publish on…")).to_be_visible()
    reviewer_page.get_by_label("Your message").fill(COMMENT)
    reviewer_page.get_by_role("button", name="Add to the conversation").click()
    expect(reviewer_page.get_by_text("Your comment is added to the conversation.")).to_be_visible()
    comments = reviewer_page.get_by_role("region", name="Conversation").get_by_role("listitem")
    expect(comments.filter(has_text=COMMENT)).to_contain_text("Rita Second")
    screenshot(reviewer_page, "reviewer-commented")

    # 4. The author reads the comment on the note's page and replies.
    page.reload()
    conversation = page.get_by_role("region", name="Conversation")
    expect(conversation.get_by_role("listitem").filter(has_text=COMMENT)).to_contain_text(
        "Rita Second"
    )
    page.get_by_label("Your message").fill(REPLY)
    page.get_by_role("button", name="Add to the conversation").click()
    expect(page.get_by_text("Your comment is added to the conversation.")).to_be_visible()
    expect(conversation.get_by_role("listitem").filter(has_text=REPLY)).to_contain_text(
        "Erin Expert"
    )
    screenshot(page, "author-replied")

    # 5. The reviewer sees the reply, approves and schedules the publication.
    reviewer_page.reload()
    thread = reviewer_page.get_by_role("region", name="Conversation").get_by_role("listitem")
    expect(thread).to_have_count(2)
    expect(thread.last).to_contain_text(REPLY)
    at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    when = timezone.localtime(at)
    reviewer_page.get_by_label("Publish on").fill(when.strftime("%Y-%m-%dT%H:%M"))
    reviewer_page.get_by_label("Comment", exact=True).fill("Bon pour publication.")
    screenshot(reviewer_page, "schedule")
    reviewer_page.get_by_role("button", name="Approve and publish on…").click()
    shown = f"{when.day} {when:%b %Y %H:%M}"
    expect(reviewer_page.get_by_role("heading", name=re.compile(re.escape(shown)))).to_be_visible()
    screenshot(reviewer_page, "schedule-asks-first")
    reviewer_page.get_by_role("button", name=f"Yes, publish on {shown}").click()
    expect(reviewer_page.get_by_text("Approved: the note will be published on")).to_be_visible()
    expect(reviewer_page.get_by_text("Approved by Rita Second: revision 1")).to_be_visible()
    screenshot(reviewer_page, "scheduled")
    note.refresh_from_db()
    assert (note.scheduled_at, note.scheduled_by) == (at, second_reviewer)

    # 6. Not public before its time; the worker publishes it at its time.
    public_url = live_server.url + note.get_absolute_url()
    response = page.goto(public_url)
    assert response.status == 404
    screenshot(page, "not-public-yet")
    # The tests' task backend runs a task when it is queued and cannot wait for its time:
    # the worker's task is queued here, as the approval queues it, with the clock at the time.
    with frozen(at - datetime.timedelta(minutes=1)):
        publish_scheduled_note.enqueue(note.pk, note.scheduled_at.isoformat())
    assert page.goto(public_url).status == 404
    with frozen(at + datetime.timedelta(minutes=1)):
        publish_scheduled_note.enqueue(note.pk, note.scheduled_at.isoformat())
    note.refresh_from_db()
    assert (note.status, note.scheduled_at) == (Note.Status.PUBLISHED, None)
    assert note.transitions.first().actor == second_reviewer

    response = page.goto(public_url)
    assert response.status == 200
    expect(page.get_by_role("heading", name=re.compile("^Information Note"))).to_be_visible()
    expect(page.get_by_text("Twelve States attended.")).to_be_visible()
    expect(page.get_by_text(NEW_ORGANIZATION)).to_be_visible()
    expect(page.get_by_role("link", name="footnote 1")).to_be_visible()
    expect(page.get_by_text(Disclaimer.objects.in_force().text)).to_be_visible()
    screenshot(page, "public-page")
    assert violations == []
