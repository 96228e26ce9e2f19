""" "At a glance" in Chromium: it looks right on a desktop and a phone, axe-core finds no
violation, and printing keeps the map and the charts on the page."""

import pytest

from tests.browser.test_public_accessibility import AXE
from tests.test_glance_figures import make_dataset

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "glance": "/at-a-glance/",
    "glance-arabic": "/ar/at-a-glance/",
    "countries": "/countries/",
    "country": "/countries/SEN/",
}


@pytest.fixture
def site(expert, reviewer):
    make_dataset(expert, reviewer)


def violations(page):
    """Every violation axe-core finds, whatever its impact."""
    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run(document)")
    return [(v["id"], [node["target"] for node in v["nodes"]]) for v in results["violations"]]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_the_page_has_no_accessibility_violation(live_server, page, site, screenshot, path):
    page.goto(live_server.url + path)
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    screenshot(page, "data-shown")
    assert violations(page) == []


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 390)])
def test_the_page_fits_desktops_and_phones(live_server, page, site, screenshot, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/at-a-glance/")
    screenshot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("svg.world-map").bounding_box()["width"] <= width
    page.goto(live_server.url + "/countries/")
    screenshot(page, f"countries-{name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_printing_keeps_the_map_and_the_charts(live_server, page, site, screenshot):
    page.goto(live_server.url + "/at-a-glance/")
    page.emulate_media(media="print")
    screenshot(page, "print")
    for svg in page.locator("svg.world-map, svg.bar-chart").all():
        assert svg.is_visible()
        assert svg.bounding_box()["height"] > 50
    assert page.locator("svg.bar-chart").count() == 3
    assert not page.locator(".period-form").is_visible()
