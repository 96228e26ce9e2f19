import pytest
from playwright.sync_api import expect

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
    # The best match comes first and is selected: Enter picks Uganda, not Portugal.
    states.press_sequentially("Ug", delay=30)
    best = suggestions(page, states).get_by_role("option").first
    best.wait_for()
    assert best.text_content() == "Uganda"
    assert best.get_attribute("aria-selected") == "true"
    states.press("Enter")
    assert states.input_value() == "Senegal; Ghana; Côte d'Ivoire; Uganda; "

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
    assert {state.iso3 for state in event.states.all()} == {"SEN", "GHA", "CIV", "UGA"}
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


def test_an_expert_adds_a_missing_organization_without_leaving_the_form(
    live_server, page, expert, screenshot
):
    unoda = Organization.objects.create(
        name="United Nations Office for Disarmament Affairs", acronym="UNODA"
    )
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/staff/events/new/")
    page.get_by_label("Title").fill("Séminaire d'Abidjan")
    page.get_by_text("An organization is not in the list? Add it").click()
    page.locator("#id_new_organization-name").fill("UNODA")
    page.get_by_role("button", name="Add the organization").click()
    use = page.get_by_role("button", name=f"Use “{unoda}”")
    use.wait_for()
    screenshot(page, "similar")
    use.click()
    organizations = page.get_by_role("combobox", name="Participating organizations")
    assert organizations.input_value() == str(unoda)

    page.locator("#id_new_organization-name").fill("Centre (Régional) de Lomé")
    page.get_by_label("Acronym").fill("CRL")
    page.get_by_label("Add it to").select_option(label="Organizers")
    page.get_by_label("Acronym").press("Enter")  # adds the organization, does not save
    organizers = page.get_by_role("combobox", name="Organizers")
    expect(organizers).to_have_value("Centre (Régional) de Lomé (CRL)")
    assert page.get_by_label("Title").input_value() == "Séminaire d'Abidjan"
    assert not Event.objects.exists()
    screenshot(page, "added")


def test_without_javascript_a_missing_organization_is_added_by_the_form_itself(
    live_server, browser, expert
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/staff/events/new/")
    page.get_by_label("Title").fill("Séminaire d'Abidjan")
    page.get_by_text("An organization is not in the list? Add it").click()
    page.locator("#id_new_organization-name").fill("Douanes de Côte d'Ivoire")
    page.get_by_role("button", name="Add the organization").click()
    assert page.get_by_label("Participating organizations").input_value() == (
        "Douanes de Côte d'Ivoire"
    )
    assert page.get_by_label("Title").input_value() == "Séminaire d'Abidjan"
    assert Organization.objects.filter(name="Douanes de Côte d'Ivoire").exists()
    context.close()


def test_an_expert_lists_a_regional_group_removes_a_state_and_saves_with_enter(
    live_server, page, expert, screenshot
):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/staff/events/new/")
    page.get_by_label("Title").fill("Atelier d'Abidjan")
    page.get_by_label("Format").select_option(label="Virtual")
    page.get_by_label("Start date").fill("2025-05-06")
    page.get_by_label("End date").fill("2025-05-06")
    page.get_by_label("African States").check()
    page.get_by_role("button", name="List their States").click()
    states = page.get_by_role("combobox", name="Participating States")
    states.wait_for()
    listed = states.input_value().split("; ")
    assert "Uganda" in listed and "Côte d'Ivoire" in listed
    assert page.get_by_label("Title").input_value() == "Atelier d'Abidjan"
    screenshot(page, "listed")
    states.fill("; ".join(name for name in listed if name != "Uganda"))
    page.get_by_label("Title").press("Enter")  # Enter still saves the event
    page.wait_for_url(f"{live_server.url}/staff/events/*/")
    saved = set(Event.objects.get().states.values_list("name", flat=True))
    assert "Uganda" not in saved and "Côte d'Ivoire" in saved
    assert len(saved) == len(listed) - 1
