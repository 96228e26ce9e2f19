"""Staff and public pages on a phone (390 px wide): nothing makes the page scroll sideways, and
the public note list shows its results before its filters."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from contacts.models import Country, Role
from events.models import Event
from tests.browser.steps import browser_page, sign_in
from tests.helpers import (
    make_contact,
    make_event,
    make_note,
    make_organization,
    make_published_note,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LONG_TITLE = (
    "Regional workshop on the implementation of resolution 1540 (2004) for West African States"
)
LONG_ORGANIZATION = (
    "Organisation for the Prohibition of Chemical Weapons (OPCW) Technical Secretariat"
)


@pytest.fixture
def phone(browser):
    # Not emulated as a mobile device: that would widen the layout viewport to fit an overflow.
    with browser_page(browser, viewport=PHONE) as page:
        yield page


@pytest.fixture
def world(expert, reviewer, second_reviewer):
    """Something in every list of the reviewer's dashboard, and long texts everywhere."""
    senegal, ghana = Country.objects.get(iso3="SEN"), Country.objects.get(iso3="GHA")
    organizer = make_organization(LONG_ORGANIZATION)
    today = datetime.date.today()

    def event(title, **extra):
        made = make_event(title, **extra)
        made.organizers.add(organizer)
        made.states.add(senegal, ghana)
        return made

    make_note(reviewer, event=event(f"Draft: {LONG_TITLE}"))
    returned = make_note(reviewer, event=event(f"Returned: {LONG_TITLE}"))
    returned.submit(by=reviewer)
    returned.request_changes(by=second_reviewer, comment="Name the States")
    make_note(expert, event=event(f"In review: {LONG_TITLE}")).submit(by=expert)
    published = make_published_note(expert, reviewer, event=event(f"Published: {LONG_TITLE}"))
    event(f"Held, no note: {LONG_TITLE}", start=today - datetime.timedelta(days=30))
    soon = today + datetime.timedelta(days=20)
    event(f"Upcoming: {LONG_TITLE}", start=soon, status=Event.Status.PLANNED, is_public=True)
    event(f"Planned: {LONG_TITLE}", status=Event.Status.PLANNED, format=Event.Format.HYBRID)
    role = Role.objects.get_or_create(name="Focal point")[0]
    for n in range(3):
        contact = make_contact(
            f"Aminata Ndiaye-Diallo {n}",
            position="Director of the Department of Non-Proliferation and Export Control",
            organization=make_organization(f"{LONG_ORGANIZATION} {n}"),
            country=senegal,
        )
        contact.roles.add(role)
    return published


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    assert width <= page.evaluate("window.innerWidth"), f"{page.url} is {width} px wide"


def test_the_staff_pages_fit_a_phone(live_server, phone, world, screenshot):
    sign_in(phone, live_server, "reviewer")
    for path, name in [
        ("/staff/", "dashboard"),
        ("/staff/notes/", "notes"),
        ("/staff/events/", "events"),
        ("/staff/contacts/", "contacts"),
        (f"/staff/events/{world.event.pk}/", "event"),
    ]:
        phone.goto(live_server.url + path)
        screenshot(phone, name)
        assert_fits(phone)
    phone.goto(f"{live_server.url}/staff/")
    for heading in ("Changes requested of me", "Awaiting my review", "My drafts"):
        section = phone.get_by_role("region", name=heading)
        expect(section.get_by_role("link").first).to_be_visible()
    # Each cell of a stacked row still says which column it belongs to.
    first_row = phone.get_by_role("region", name="My drafts").locator("tbody tr").first
    status = first_row.locator("td", has=phone.locator(".status"))
    assert '"Status"' in status.evaluate("cell => getComputedStyle(cell, '::before').content")


def test_the_public_pages_fit_a_phone(live_server, phone, world, screenshot):
    for path, name in [
        ("/notes/", "notes"),
        ("/events/", "events"),
        (world.get_absolute_url(), "note"),
    ]:
        phone.goto(live_server.url + path)
        screenshot(phone, name)
        assert_fits(phone)


def test_the_public_notes_show_their_results_before_the_filters_on_a_phone(
    live_server, phone, world, screenshot
):
    phone.goto(f"{live_server.url}/notes/")
    first_result = phone.locator(".card-list .row-title").first
    year = phone.get_by_label("Year")
    expect(first_result).to_be_visible()
    expect(year).to_be_hidden()
    assert first_result.bounding_box()["y"] < PHONE["height"], "the results start below the fold"

    phone.locator("summary", has_text="Filters").click()
    expect(year).to_be_visible()
    year.select_option(str(world.event.start_date.year))
    phone.get_by_role("button", name="Apply").click()
    phone.wait_for_url(re.compile(r"year="))
    expect(phone.locator("summary")).to_contain_text("1 in use")
    screenshot(phone, "filtered")
    assert_fits(phone)


def test_the_public_filters_are_unfolded_on_a_wide_screen(live_server, page, world, screenshot):
    page.goto(f"{live_server.url}/notes/")
    expect(page.get_by_label("Year")).to_be_visible()
    screenshot(page, "notes")
