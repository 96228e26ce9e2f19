"""Searching and filtering the public notes with the keyboard only, in a real browser."""

import datetime

import pytest
from playwright.sync_api import expect

from contacts.models import Country
from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def notes(expert, reviewer):
    brazil = Country.objects.get(iso3="BRA")
    for title, country, year in [
        ("Export control workshop in Dakar", None, 2019),
        ("Export control workshop in Brasilia", brazil, 2021),
        ("Nuclear security seminar in Brasilia", brazil, 2022),
    ]:
        extra = {"country": country, "city": "Brasilia"} if country else {}
        event = make_event(title=title, start=datetime.date(year, 5, 4), **extra)
        make_published_note(expert, reviewer, event=event)


def tab_to(page, locator, limit=40):
    """Press Tab until the located element has the focus."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{locator} cannot be reached with the Tab key")


def test_a_reader_searches_and_filters_the_notes_with_the_keyboard_only(
    live_server, page, notes, screenshot
):
    page.goto(f"{live_server.url}/notes/")
    expect(page.locator("#result-count")).to_have_text("3 notes match.")

    tab_to(page, page.get_by_role("searchbox", name="Search"))
    page.keyboard.type("export workshop")
    page.keyboard.press("Enter")
    page.wait_for_url("**/notes/?q=export+workshop*")
    expect(page.locator("#result-count")).to_have_text("2 notes match.")
    screenshot(page, "searched")

    tab_to(page, page.get_by_label("UN regional group of the venue"))
    page.keyboard.type("Latin")  # selects "Latin American and Caribbean States"
    tab_to(page, page.get_by_role("button", name="Apply"))
    page.keyboard.press("Enter")
    page.wait_for_url("**region=GRULAC*")
    expect(page.locator("#result-count")).to_have_text("1 note matches.")
    expect(page.get_by_role("link", name="Export control workshop in Brasilia")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("export workshop")
    screenshot(page, "filtered")

    tab_to(page, page.get_by_role("link", name="Export control workshop in Brasilia"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Information Note")).to_be_visible()


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(live_server, page, notes):
    page.goto(f"{live_server.url}/notes/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
