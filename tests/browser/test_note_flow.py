"""A note's whole life in a real browser: drafted, returned, revised, published, edited again."""

import re

import pytest
from playwright.sync_api import expect

from notes.models import Disclaimer, Note
from tests.browser.steps import sign_in

# Serialized rollback: the migrated groups and countries come back after the flush.
pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Regional workshop on resolution 1540 in Dakar"


def sign_out(page):
    page.get_by_role("button", name=re.compile("^Sign out")).click()


def open_note_from_dashboard(page, title):
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1, name=re.compile(title))).to_be_visible()


def test_a_note_goes_from_draft_to_the_public_and_a_later_edit_waits_for_review(
    live_server, page, screenshot, expert, reviewer
):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
    )
    sign_in(page, live_server, "expert")
    screenshot(page, "expert-dashboard")

    page.goto(f"{live_server.url}/staff/events/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Status").select_option(label="Held")
    page.get_by_label("Start date").fill("2025-05-06")
    page.get_by_label("End date").fill("2025-05-07")
    page.get_by_label("City").fill("Dakar")
    page.get_by_label("Venue country").select_option(label="Senegal")
    screenshot(page, "event-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The event is recorded.")).to_be_visible()
    page.get_by_role("link", name="Write the note").click()
    page.get_by_label("1. Objectives").fill("- Raise awareness of resolution 1540 (2004)")
    page.get_by_label("2. Background").fill("Organized with the host Government.")
    page.get_by_label("3. Highlights").fill("Twelve States attended.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The draft is saved.")).to_be_visible()
    screenshot(page, "draft-saved")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review: the reviewers")).to_be_visible()
    screenshot(page, "submitted")
    sign_out(page)

    sign_in(page, live_server, "reviewer")
    open_note_from_dashboard(page, TITLE)
    page.get_by_role("link", name="Review").click()
    expect(page.get_by_role("button", name="Approve and publish now")).to_be_visible()
    page.get_by_label("Comment").fill("Please name the States.")
    screenshot(page, "review")
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Changes requested: the authors have been told.")).to_be_visible()
    screenshot(page, "changes-requested")
    sign_out(page)

    sign_in(page, live_server, "expert")
    open_note_from_dashboard(page, TITLE)
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_text("Please name the States.")).to_be_visible()
    page.get_by_label("3. Highlights").fill("Senegal, Mali and Niger attended.")
    screenshot(page, "revising")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("is asked to review it")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "reviewer")
    open_note_from_dashboard(page, TITLE)
    page.get_by_role("link", name="Review").click()
    expect(page.locator(".diff ins", has_text="Senegal,")).to_be_visible()
    screenshot(page, "second-review")
    page.get_by_role("button", name="Approve and publish now").click()
    expect(page.get_by_text("this is its first publication")).to_be_visible()
    screenshot(page, "publish-asks-first")
    page.get_by_role("button", name="Yes, publish now").click()
    expect(page.get_by_text("Published: the public now sees this version.")).to_be_visible()
    screenshot(page, "published")
    sign_out(page)

    note = Note.objects.select_related("event").get(event__title=TITLE)
    page.goto(live_server.url + note.get_absolute_url())
    expect(page.get_by_text("Senegal, Mali and Niger attended.")).to_be_visible()
    expect(page.get_by_text(Disclaimer.objects.in_force().text)).to_be_visible()
    screenshot(page, "public-page")

    sign_in(page, live_server, "expert")
    page.goto(f"{live_server.url}/staff/notes/{note.pk}/edit/")
    expect(page.get_by_text("the public keeps seeing the published version")).to_be_visible()
    page.get_by_label("3. Highlights").fill("A later wording, not yet reviewed.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The draft is saved as revision")).to_be_visible()
    screenshot(page, "edited-after-publication")
    sign_out(page)

    page.goto(live_server.url + note.get_absolute_url())
    expect(page.get_by_text("Senegal, Mali and Niger attended.")).to_be_visible()
    expect(page.get_by_text("A later wording")).to_have_count(0)
    screenshot(page, "public-still-sees-the-published-text")
    assert violations == []
