"""axe-core finds no serious or critical accessibility violation on the public pages."""

import datetime
from pathlib import Path

import pytest

from contacts.models import Country
from tests.helpers import (
    make_event,
    make_organization,
    make_published_note,
)

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "/",
    "notes": "/notes/?q=export",
    "note": "note",
    "events": "/events/",
    "event": "event",
    "countries": "/countries/",
    "country": "/countries/SEN/",
    "not-found": "/nowhere/",
}


@pytest.fixture
def site(expert, reviewer):
    event = make_event(title="Regional workshop on export control", slug="dakar-workshop")
    event.organizers.add(make_organization("Economic Community of West African States"))
    event.organizations.add(make_organization("Shanghai Cooperation Organization", acronym="SCO"))
    event.states.add(Country.objects.get(iso3="GHA"), Country.objects.get(iso3="SEN"))
    note = make_published_note(expert, reviewer, event=event, additional_comments="Write to us.")
    soon = datetime.date.today() + datetime.timedelta(days=10)
    make_event(title="Seminar ahead", start=soon, is_public=True)
    return {"note": note.get_absolute_url(), "event": "/events/dakar-workshop/"}


def axe_violations(page):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm install --no-audit --no-fund`")
    # Evaluated rather than added as a <script>: the page's CSP refuses inline scripts.
    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_a_public_page_has_no_serious_accessibility_violation(
    live_server, page, site, screenshot, path
):
    page.goto(live_server.url + site.get(path, path))
    screenshot(page, "page")
    assert axe_violations(page) == []


def test_a_note_reads_on_a_phone_without_sideways_scrolling(live_server, page, site, screenshot):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + site["note"])
    screenshot(page, "phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_role("heading", name="Information Note").is_visible()
