"""Arabic pages read right to left: <html dir="rtl">, and the layout is the English one in a
mirror, the note document, its print view and the staff editor included; axe-core finds no
serious violation on the Arabic public pages.

Public pages are in Arabic at /ar/…. Where the site has no such address, Arabic is made the
site's default language for the test (``settings.LANGUAGE_CODE``), which an unprefixed
address is in. Staff pages are in the language a user chose on their profile, or the site's
default when there is no such choice."""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import expect

from notes.page_cache import recent_pages
from tests.browser.steps import browser_page, sign_in
from tests.browser.test_public_accessibility import axe_violations
from tests.helpers import make_event, make_note, make_organization, make_published_note

pytestmark = pytest.mark.django_db(transaction=True)

# Boxes are measured in fractions of a pixel: a pixel either way is the same place.
CLOSE = 1

ARABIC_NOTE = {
    "objectives": "- التوعية بالقرار 1540 (2004)\n- تبادل الخبرات في مراقبة الصادرات",
    "background": "نُظمت حلقة العمل بالتعاون مع حكومة البلد المضيف.",
    "highlights": "شاركت اثنتا عشرة دولة في المناقشات.",
    "additional_comments": "للمزيد من المعلومات يرجى الاتصال بالخبراء.",
}


@pytest.fixture
def arabic(browser):
    """A window as wide as the page fixture's, in a browser set to Arabic."""
    with browser_page(browser, locale="ar") as page:
        yield page


@pytest.fixture
def site(expert, reviewer):
    event = make_event(title="Regional workshop on export control", slug="dakar-workshop")
    event.organizers.add(make_organization("Economic Community of West African States"))
    arabic_note = make_published_note(expert, reviewer, event=event, language="ar", **ARABIC_NOTE)
    english_note = make_published_note(expert, reviewer, event=event)
    draft = make_note(expert, event=make_event(title="Seminar in Amman"), language="ar")
    return {"arabic": arabic_note, "english": english_note, "draft": draft}


def forget_cached_pages():
    """The public page cache keeps a page by its address: one made in English must not answer
    for the same address once Arabic is the default."""
    cache.clear()
    recent_pages.clear()


def open_in_arabic(page, live_server, settings, path):
    """Opens a public page in Arabic: at /ar/… where the site answers there, else at its own
    address with Arabic the site's default language from here on."""
    if settings.LANGUAGE_CODE != "ar":
        response = page.goto(f"{live_server.url}/ar{path}")
        if response.ok and page.locator("html").get_attribute("lang") == "ar":
            return
        settings.LANGUAGE_CODE = "ar"
        forget_cached_pages()
    page.goto(live_server.url + path)


def sign_in_in_arabic(page, live_server, settings, user):
    """Signs user in on page with Arabic as the language of their staff pages: their profile's
    choice where users have one, else the site's default. The session is made directly, after
    the choice: signing in is when the session learns the language."""
    try:
        profile = apps.get_model("accounts", "Profile")
    except LookupError:
        profile = None
    if profile is not None and "language" in {field.name for field in profile._meta.fields}:
        profile.objects.update_or_create(user=user, defaults={"language": "ar"})
    else:
        settings.LANGUAGE_CODE = "ar"
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def assert_right_to_left(page):
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def right_edge(of):
    return of["x"] + of["width"]


def page_width(page):
    return page.evaluate("document.documentElement.clientWidth")


def direction(page, selector):
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).direction")


def text_box(page, selector):
    """The box of an element's text, not of the element: where its text is aligned."""
    return page.locator(selector).first.evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const { x, width } = range.getBoundingClientRect();
            return { x, width };
        }"""
    )


def assert_document_mirrors(page):
    """The note's header labels sit on the right of their values, their text against the
    right edge, and the footnote (shorter than the text) starts at the right edge."""
    document = box(page, ".information-note")
    label, value = box(page, ".note-header th"), box(page, ".note-header td")
    footnote = box(page, ".note-footnote")
    assert direction(page, ".information-note") == "rtl"
    assert label["x"] >= right_edge(value) - CLOSE, (label, value)
    assert abs(right_edge(label) - right_edge(document)) <= CLOSE, (label, document)
    label_text = text_box(page, ".note-header th")
    assert abs(right_edge(label_text) - right_edge(label)) <= CLOSE, (label_text, label)
    assert abs(right_edge(footnote) - right_edge(document)) <= CLOSE, (footnote, document)
    assert footnote["x"] > document["x"] + CLOSE, "the footnote is as wide as the text"


def test_the_arabic_home_page_mirrors_the_english_one(
    live_server, page, arabic, site, settings, screenshot
):
    page.goto(live_server.url + "/")
    english_brand = box(page, ".brand")
    screenshot(page, "english")

    open_in_arabic(arabic, live_server, settings, "/")
    screenshot(arabic, "arabic")
    assert_right_to_left(arabic)
    arabic_brand = box(arabic, ".brand")
    # The site's name is as far from the right edge in Arabic as from the left in English.
    assert abs((page_width(arabic) - right_edge(arabic_brand)) - english_brand["x"]) <= CLOSE
    assert arabic_brand["x"] > page_width(arabic) / 2
    # The skip link waits off the right edge, where it makes no sideways scrolling, and comes
    # in at the top right.
    assert arabic.evaluate("document.documentElement.scrollWidth") <= page_width(arabic)
    arabic.keyboard.press("Tab")
    skip_link = arabic.locator(".skip-link")
    expect(skip_link).to_be_focused()
    assert right_edge(skip_link.bounding_box()) > page_width(arabic) / 2
    assert axe_violations(arabic) == []


def test_an_arabic_note_reads_right_to_left_on_screen_and_in_print(
    live_server, arabic, site, settings, screenshot
):
    open_in_arabic(arabic, live_server, settings, site["arabic"].get_absolute_url())
    screenshot(arabic, "note")
    assert_right_to_left(arabic)
    expect(arabic.locator(".note-footnote")).to_be_visible()
    assert_document_mirrors(arabic)
    assert axe_violations(arabic) == []

    arabic.emulate_media(media="print")
    screenshot(arabic, "print")
    expect(arabic.locator(".site-header")).to_be_hidden()
    assert_document_mirrors(arabic)


def test_an_english_note_keeps_its_document_left_to_right_on_an_arabic_page(
    live_server, arabic, site, settings, screenshot
):
    open_in_arabic(arabic, live_server, settings, site["english"].get_absolute_url())
    screenshot(arabic, "note")
    assert_right_to_left(arabic)
    assert direction(arabic, ".information-note") == "ltr"
    label, value = box(arabic, ".note-header th"), box(arabic, ".note-header td")
    assert right_edge(label) <= value["x"] + CLOSE, (label, value)


def test_the_staff_dashboard_editor_and_history_mirror_in_arabic(
    live_server, page, arabic, site, settings, screenshot, expert
):
    sign_in(page, live_server, "expert")
    english_brand = box(page, ".brand")
    screenshot(page, "english-dashboard")

    sign_in_in_arabic(arabic, live_server, settings, expert)
    arabic.goto(f"{live_server.url}/staff/")
    screenshot(arabic, "dashboard")
    assert_right_to_left(arabic)
    arabic_brand = box(arabic, ".brand")
    assert abs((page_width(arabic) - right_edge(arabic_brand)) - english_brand["x"]) <= CLOSE
    # A note's title in a table starts at the right of its cell.
    cell = arabic.locator(".staff-table tbody td:has(a), .staff-table tbody th:has(a)").first
    title, cell_box = cell.locator("a").first.bounding_box(), cell.bounding_box()
    assert right_edge(cell_box) - right_edge(title) < title["x"] - cell_box["x"]

    arabic.goto(f"{live_server.url}/staff/notes/{site['draft'].pk}/edit/")
    screenshot(arabic, "editor")
    assert_right_to_left(arabic)
    # The form comes first, on the right; the preview beside it, on the left.
    assert box(arabic, ".editor-form")["x"] > right_edge(box(arabic, ".preview")) - CLOSE
    assert direction(arabic, ".preview .information-note") == "rtl"

    arabic.goto(f"{live_server.url}/staff/notes/{site['arabic'].pk}/history/")
    screenshot(arabic, "history")
    # "Draft → In review" reads from the right: its arrow points left.
    arrow = arabic.locator(".log .arrow-forward").first
    assert arrow.evaluate("arrow => getComputedStyle(arrow).transform").startswith("matrix(-1")
