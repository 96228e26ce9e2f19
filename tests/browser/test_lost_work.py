"""Nothing typed is lost, in a real browser: an expired session, signing out and in again in
another tab, a reload before saving, two authors at once (who see each other, and whose saves
of different sections are both kept)."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from playwright.sync_api import expect

from notes import editor_views
from notes.models import EditSession, Note
from tests.browser.steps import browser_page
from tests.helpers import make_note

# Serialized rollback: the migrated groups and countries come back after the flush.
pytestmark = pytest.mark.django_db(transaction=True)

RESTORED = "Your text is restored from this browser. It is not saved yet: save it now."


@pytest.fixture(autouse=True)
def fast_heartbeat(monkeypatch):
    monkeypatch.setattr(editor_views, "HEARTBEAT_SECONDS", 0.5)


@pytest.fixture
def csp_violations(page):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
    )
    return violations


@pytest.fixture
def other_page(browser):
    """A second browser (its own cookies and storage), for a second person."""
    with browser_page(browser) as page:
        yield page


@pytest.fixture(autouse=True)
def editors_leave_before_the_database_goes(page):
    """An editor page says goodbye to the server as it closes (a request that outlives it):
    leave every editor and wait for those farewells before the test's data is flushed."""
    yield
    for each in OPENED:
        if not each.is_closed():
            each.goto("about:blank")
    OPENED.clear()
    for _ in range(50):
        try:
            if not EditSession.objects.exclude(seen_at=None).exists():
                break
        except OperationalError:
            pass  # SQLite's shared in-memory database: the server thread is writing a farewell
        time.sleep(0.1)


OPENED = []


def sign_in(page, live_server, username, *, at="/accounts/login/"):
    if at:
        page.goto(f"{live_server.url}{at}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("secret")
    page.get_by_role("button", name="Sign in").click()


def open_editor(page, live_server, note):
    OPENED.append(page)
    page.goto(f"{live_server.url}/staff/notes/{note.pk}/edit/")
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()


def browser_copies(page):
    return page.evaluate(
        "Object.keys(localStorage).filter((key) => key.startsWith('outreach-editor:'))"
    )


def test_text_typed_before_the_session_expired_comes_back_after_signing_in_and_is_saved(
    live_server, page, screenshot, csp_violations, expert
):
    note = make_note(expert, highlights="Saved before.")
    sign_in(page, live_server, "expert")
    open_editor(page, live_server, note)
    page.get_by_label("3. Highlights").fill("Typed while the session ran out.")
    Session.objects.all().delete()  # the session expires on the server
    expect(
        page.get_by_text("You are signed out. Your text is kept in this browser")
    ).to_be_visible()
    screenshot(page, "signed-out-while-typing")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("your unsaved text is kept in this browser")).to_be_visible()
    screenshot(page, "sign-in-again")
    sign_in(page, live_server, "expert", at=None)

    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(page.get_by_label("3. Highlights")).to_have_value("Typed while the session ran out.")
    assert Note.objects.get(pk=note.pk).highlights == "Saved before."  # not saved yet
    screenshot(page, "text-restored")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The draft is saved as revision 2.")).to_be_visible()
    assert note.revisions.first().highlights == "Typed while the session ran out."
    expect(page.get_by_text(RESTORED)).to_have_count(0)
    assert browser_copies(page) == []  # the save holds it: the copy is gone
    page.reload()
    expect(page.get_by_label("3. Highlights")).to_have_value("Typed while the session ran out.")
    expect(page.get_by_text("you did not save")).to_be_hidden()
    assert csp_violations == []


def test_signing_out_and_in_again_in_another_tab_loses_nothing(
    live_server, page, screenshot, csp_violations, expert
):
    note = make_note(expert)
    sign_in(page, live_server, "expert")
    open_editor(page, live_server, note)
    page.get_by_label("2. Background").fill("Typed in the first tab.")

    second = page.context.new_page()
    second.goto(f"{live_server.url}/staff/")
    second.get_by_role("button", name=re.compile("^Sign out")).click()
    sign_in(second, live_server, "expert")
    expect(second.get_by_role("heading", name="Dashboard")).to_be_visible()
    second.close()

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The draft is saved as revision 2.")).to_be_visible()
    screenshot(page, "saved-after-signing-in-elsewhere")
    assert Note.objects.get(pk=note.pk).background == "Typed in the first tab."
    assert csp_violations == []


def test_a_reload_before_saving_offers_the_text_back(
    live_server, page, screenshot, csp_violations, expert
):
    note = make_note(expert, objectives="Saved objectives.")
    sign_in(page, live_server, "expert")
    open_editor(page, live_server, note)
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?"
    page.get_by_label("1. Objectives").fill("Typed, then the page was reloaded.")
    page.wait_for_function(
        "(key) => JSON.parse(localStorage.getItem(key) || '{}').fields?.objectives"
        " === 'Typed, then the page was reloaded.'",
        arg=f"outreach-editor:note-{note.pk}",
    )
    page.reload()

    offer = page.locator("#local-offer")
    expect(offer.get_by_text("This browser has text you did not save")).to_be_visible()
    expect(page.locator("#autosave-offer")).to_be_hidden()  # the same text, offered once
    expect(page.get_by_label("1. Objectives")).to_have_value("Saved objectives.")
    screenshot(page, "offer")
    offer.get_by_role("button", name="Restore").click()
    expect(page.get_by_label("1. Objectives")).to_have_value("Typed, then the page was reloaded.")
    expect(page.get_by_text(RESTORED)).to_be_visible()
    screenshot(page, "restored")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The draft is saved as revision 2.")).to_be_visible()
    assert Note.objects.get(pk=note.pk).objectives == "Typed, then the page was reloaded."
    assert csp_violations == []


def test_two_authors_see_each_other_in_the_editor(
    live_server, page, other_page, screenshot, expert, other_expert
):
    note = make_note(expert)
    note.authors.add(other_expert)
    sign_in(page, live_server, "expert")
    open_editor(page, live_server, note)
    sign_in(other_page, live_server, "other")
    open_editor(other_page, live_server, note)

    expect(
        other_page.get_by_role("status").filter(has_text="Erin Expert has been editing since")
    ).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Oscar Other has been editing since")
    ).to_be_visible()
    screenshot(page, "expert-sees-oscar")
    screenshot(other_page, "oscar-sees-expert")

    other_page.goto(f"{live_server.url}/staff/")  # Oscar leaves the editor
    expect(page.get_by_text("Oscar Other has been editing since")).to_have_count(0)


def test_two_authors_editing_different_sections_keep_both(
    live_server, page, other_page, screenshot, expert, other_expert
):
    note = make_note(expert)
    note.authors.add(other_expert)
    sign_in(page, live_server, "expert")
    open_editor(page, live_server, note)
    sign_in(other_page, live_server, "other")
    open_editor(other_page, live_server, note)

    page.get_by_label("1. Objectives").fill("Erin's objectives.")
    other_page.get_by_label("3. Highlights").fill("Oscar's highlights.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The draft is saved as revision 2.")).to_be_visible()
    other_page.get_by_role("button", name="Save draft").click()
    expect(other_page.get_by_text("The draft is saved as revision 3.")).to_be_visible()
    screenshot(other_page, "merged")

    note.refresh_from_db()
    assert (note.objectives, note.highlights) == ("Erin's objectives.", "Oscar's highlights.")
    expect(other_page.get_by_label("1. Objectives")).to_have_value("Erin's objectives.")


def test_a_refused_form_explains_itself_and_the_editor_gives_the_text_back(
    live_server, page, screenshot, csp_violations, expert
):
    note = make_note(expert)
    sign_in(page, live_server, "expert")
    open_editor(page, live_server, note)
    page.get_by_label("3. Highlights").fill("Typed, then the form was refused.")
    page.context.clear_cookies(name="csrftoken")  # as if the browser had lost it

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Not saved: the page had expired")).to_be_visible()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()  # the staff layout
    screenshot(page, "refused")
    page.get_by_role("link", name="Back to the editor").click()

    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(page.get_by_label("3. Highlights")).to_have_value("Typed, then the form was refused.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The draft is saved as revision 2.")).to_be_visible()
    assert Note.objects.get(pk=note.pk).highlights == "Typed, then the form was refused."
    assert csp_violations == []
