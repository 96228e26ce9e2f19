"""The public note page in the six official languages, as a reader switches between them: the
interface in the reader's language, the document in the note's, and the same page kept.
Screenshots of each language go to the artifacts."""

import pytest
from playwright.sync_api import expect

from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db(transaction=True)

# Each language's own name, as the switcher shows it, and a word of its interface.
LANGUAGES = {
    "en": ("English", "Notes"),
    "fr": ("Français", "Notes"),
    "es": ("Español", "Notas"),
    "ru": ("Русский", "Записки"),
    "ar": ("العربية", "المذكرات"),
    "zh-hans": ("中文", "情况说明"),
}


@pytest.fixture
def notes(expert, reviewer):
    event = make_event(title="Atelier régional sur la résolution 1540", slug="atelier-dakar")
    french = make_published_note(
        expert,
        reviewer,
        event=event,
        language="fr",
        slug="atelier-dakar",
        objectives="- Sensibiliser aux obligations de la résolution 1540 (2004)",
    )
    english = make_published_note(
        expert, reviewer, event=event, language="en", slug="dakar-workshop"
    )
    return {"fr": french, "en": english}


def test_the_note_page_in_each_language_keeps_the_page(live_server, page, notes, screenshot):
    address = notes["en"].get_absolute_url()
    page.goto(live_server.url + address)
    for code, (name, word) in LANGUAGES.items():
        page.locator(".language-switcher").get_by_role("link", name=name).click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        # The same note, in the interface of the language chosen.
        prefix = "" if code == "en" else f"/{code}"
        expect(page).to_have_url(f"{live_server.url}{prefix}{address}")
        expect(page.locator(".site-header nav").first).to_contain_text(word)
        expect(page.locator(".information-note")).to_have_attribute("lang", "en")
        direction = "rtl" if code == "ar" else "ltr"
        assert page.evaluate("getComputedStyle(document.body).direction") == direction
        screenshot(page, code)


def test_a_french_note_shows_french_headings_and_the_french_disclaimer(
    live_server, page, notes, screenshot
):
    page.goto(live_server.url + notes["fr"].get_absolute_url())
    document = page.locator(".information-note")
    expect(document).to_have_attribute("lang", "fr")
    expect(document.get_by_role("heading", level=1)).to_contain_text("Note d'information")
    expect(document.get_by_role("heading", name="1. Objectifs")).to_be_visible()
    expect(document.locator("th", has_text="Organisateurs")).to_be_visible()
    expect(document.locator(".note-footnote")).to_contain_text(
        "Pour information – ne constitue pas un rapport officiel."
    )
    # The reader's interface stays English on the English address.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "french-note")
    # The other language version is offered, and leads to it.
    versions = page.get_by_role("navigation", name="This note in other languages")
    versions.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + notes["en"].get_absolute_url())
    expect(page.locator(".information-note")).to_have_attribute("lang", "en")
