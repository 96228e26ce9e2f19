import pytest

from contacts.models import Organization
from events.models import Event
from tests.helpers import make_contact

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("expert")
    page.get_by_label("Password").fill("secret")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/staff/**")


def suggestions(page, field):
    return page.locator(f"#{field.get_attribute('aria-controls')}")


def pick(page, field, typed, suggestion):
    """Type into a type-ahead field, wait for `suggestion`, choose it with the arrow keys."""
    field.press_sequentially(typed, delay=30)
    option = suggestions(page, field).get_by_role("option", name=suggestion, exact=True)
    option.wait_for()
    while option.get_attribute("aria-selected") != "true":
        field.press("ArrowDown")
    field.press("Enter")


def test_an_expert_records_an_event_choosing_participants_with_the_keyboard(
    live_server, page, expert, screenshot
):
    unodc = Organization.objects.create(
        name="United Nations Office on Drugs and Crime", acronym="UNODC"
    )
    make_contact("Aminata Diallo", organization=unodc)
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/staff/events/new/")
    page.get_by_label("Title").fill("Regional workshop in Dakar")
    page.get_by_label("Start date").fill("2025-05-06")
    page.get_by_label("End date").fill("2025-05-07")
    page.get_by_label("City").fill("Dakar")
    page.get_by_label("Venue country").select_option(label="Senegal")

    states = page.get_by_role("combobox", name="Participating States")
    pick(page, states, "Seneg", "Senegal")
    pick(page, states, "Gha", "Ghana")
    states.press_sequentially("Côte", delay=30)
    suggestions(page, states).get_by_role("option", name="Côte d'Ivoire").wait_for()
    screenshot(page, "suggestions")
    states.press("ArrowDown")
    states.press("Enter")
    assert states.input_value() == "Senegal; Ghana; Côte d'Ivoire; "

    organizations = page.get_by_role("combobox", name="Participating organizations")
    pick(page, organizations, "unod", str(unodc))
    attendee = page.locator("#id_attendees-0-contact")
    pick(page, attendee, "Dial", "Aminata Diallo (UNODC)")
    page.locator("#id_attendees-0-role").fill("speaker")
    screenshot(page, "filled")

    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/staff/events/*/")
    assert page.get_by_text("The event is recorded.").is_visible()
    screenshot(page, "recorded")
    event = Event.objects.get()
    assert {state.iso3 for state in event.states.all()} == {"SEN", "GHA", "CIV"}
    assert list(event.organizations.all()) == [unodc]
    assert event.attendances.get().role == "speaker"
    assert violations == []


def test_the_form_works_without_javascript_from_typed_names(live_server, browser, expert):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/staff/events/new/")
    page.get_by_label("Title").fill("Virtual briefing")
    page.get_by_label("Format").select_option(label="Virtual")
    page.get_by_label("Start date").fill("2025-05-06")
    page.get_by_label("End date").fill("2025-05-06")
    page.get_by_label("Participating States").fill("Senegal; Atlantis")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("No State is called “Atlantis”.").is_visible()
    page.get_by_label("Participating States").fill("Senegal; Russia")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/staff/events/*/")
    assert {state.iso3 for state in Event.objects.get().states.all()} == {"SEN", "RUS"}
    context.close()
