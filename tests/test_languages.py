"""Public pages in the six languages: the address decides (/fr/notes/…, English unprefixed),
a switcher and hreflang alternates on every page, the sitemap and the feeds per language, and
a page cache that never mixes two languages."""

import datetime
import re
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils.functional import Promise

from notes.feeds import LatestNotesFeed
from notes.page_cache import page_key
from notes.sitemaps import SECTION_SIZE, EventSitemap, NoteSitemap
from outreach.languages import OWN_NAMES
from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]
PREFIXES = {"en": "", "fr": "/fr", "es": "/es", "ru": "/ru", "ar": "/ar", "zh-hans": "/zh-hans"}
SERVER = "http://testserver"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def switcher(response):
    """(code, address, attributes) of each link of the language switcher."""
    body = response.content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    return [
        (code, href, tag)
        for tag, href, code in re.findall(r'(<a href="([^"]*)" lang="([^"]*)"[^>]*>)', nav)
    ]


def alternates(response):
    body = response.content.decode()
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', body))


@pytest.fixture
def note(expert, reviewer):
    event = make_event(start=datetime.date(2025, 3, 10))
    return make_published_note(expert, reviewer, event=event, slug="border-controls")


# -- the address decides --------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_every_public_page_answers_in_each_language(client, note, code):
    prefix = PREFIXES[code]
    for path in ["/", "/notes/", "/events/", "/countries/", note.get_absolute_url()]:
        response = client.get(f"{prefix}{path}")
        assert response.status_code == 200, f"{prefix}{path}"
        assert f'lang="{code}"' in html_tag(response)
        assert response["Content-Language"] == code


def test_french_pages_say_they_are_in_french(client):
    response = client.get("/fr/notes/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="fr">'


def test_arabic_pages_are_written_right_to_left(client):
    assert html_tag(client.get("/ar/")) == '<html lang="ar" dir="rtl">'


def test_english_keeps_its_unprefixed_addresses_without_a_redirect(client, note):
    for path in ["/", "/notes/", note.get_absolute_url(), "/feeds/notes.atom", "/events.ics"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Language"] == "en"
    assert note.get_absolute_url() == "/notes/2025/border-controls/"


def test_an_english_prefix_leads_to_the_unprefixed_page(client, note):
    response = client.get("/en/notes/?q=water&year=2025")
    assert response.status_code == 301
    assert response["Location"] == "/notes/?q=water&year=2025"
    assert client.get(f"/en{note.get_absolute_url()}")["Location"] == note.get_absolute_url()
    assert client.get("/en/")["Location"] == "/"


@pytest.mark.parametrize("path", ["/en/nowhere/", "/en//evil.example/", "/en/%2Fevil.example/"])
def test_an_english_prefix_never_leads_elsewhere(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/de/notes/", "/xx/", "/fr-ca/notes/", "/zh-hant/notes/"])
def test_a_language_the_site_does_not_have_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_neither_a_cookie_nor_the_browser_s_language_changes_an_unprefixed_page(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/notes/", headers={"accept-language": "ru,fr;q=0.8"})
    assert response.status_code == 200  # no redirect to /ru/notes/
    assert html_tag(response) == '<html lang="en">'
    assert response["Content-Language"] == "en"


def test_the_address_alone_decides_so_caches_are_not_told_to_vary_on_the_browser(client):
    for path in ["/notes/", "/fr/notes/"]:
        response = client.get(path)
        assert "Accept-Language" not in response.get("Vary", "")


def test_month_names_follow_the_language_of_the_page(client):
    # Django translates month names itself: no catalogue of ours is needed. (A note's header
    # keeps the dates as frozen in the note's own language.)
    make_event(slug="open-day", is_public=True, start=datetime.date(2025, 3, 10))
    assert "10–12 March 2025" in client.get("/events/open-day/").content.decode()
    assert "10–12 mars 2025" in client.get("/fr/events/open-day/").content.decode()


# -- the switcher and the alternates --------------------------------------------------------


def test_the_switcher_on_a_note_links_to_the_same_note_in_each_language(client, note):
    links = switcher(client.get(f"/fr{note.get_absolute_url()}"))
    assert [(code, href) for code, href, _tag in links] == [
        (code, f"{PREFIXES[code]}/notes/2025/border-controls/") for code in CODES
    ]
    for code, href, _tag in links:
        assert client.get(href).status_code == 200
        assert f'hreflang="{code}"' in _tag


def test_the_switcher_names_each_language_in_that_language(client):
    body = client.get("/es/").content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", nav) == [OWN_NAMES[code] for code in CODES]
    assert '<a href="/ar/" lang="ar" hreflang="ar" dir="rtl">' in nav


def test_the_switcher_marks_the_current_language_only(client):
    links = switcher(client.get("/ru/events/"))
    current = [code for code, _href, tag in links if 'aria-current="true"' in tag]
    assert current == ["ru"]


def test_switching_language_keeps_the_query_string(client):
    links = {code: href for code, href, _tag in switcher(client.get("/notes/?q=water"))}
    assert links["fr"] == "/fr/notes/?q=water"
    assert links["en"] == "/notes/?q=water"


def test_every_page_lists_its_alternates_in_each_language_and_english_by_default(client, note):
    found = alternates(client.get(f"/zh-hans{note.get_absolute_url()}"))
    expected = {code: f"{SERVER}{PREFIXES[code]}{note.get_absolute_url()}" for code in CODES}
    expected["x-default"] = f"{SERVER}{note.get_absolute_url()}"
    assert found == expected


# -- the page cache -------------------------------------------------------------------------


def test_the_page_cache_never_serves_one_language_for_another(client, note):
    english = client.get("/notes/")
    french = client.get("/fr/notes/")
    assert html_tag(english) == '<html lang="en">'
    assert html_tag(french) == '<html lang="fr">'
    # Served from the cache now: still each its own.
    again_english, again_french = client.get("/notes/"), client.get("/fr/notes/")
    assert again_english.content == english.content
    assert again_french.content == french.content
    assert again_french["Content-Language"] == "fr"
    assert again_english["Content-Language"] == "en"


@pytest.mark.parametrize("code", [code for code in CODES if code != "en"])
def test_the_cache_key_of_a_page_differs_in_every_language(code):
    english = page_key(RequestFactory().get("/notes/?q=water"), 1)
    assert page_key(RequestFactory().get(f"/{code}/notes/?q=water"), 1) != english


def test_a_cookie_cannot_make_the_cache_keep_a_page_in_the_wrong_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    client.get("/notes/")
    client.cookies.clear()
    assert html_tag(client.get("/notes/")) == '<html lang="en">'


# -- feeds and calendar ---------------------------------------------------------------------


def test_the_french_feed_links_to_french_pages(client, note):
    response = client.get("/fr/feeds/notes.atom")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.link == f"{SERVER}/fr/notes/"
    assert feed.feed.language == "fr"
    assert [entry.link for entry in feed.entries] == [f"{SERVER}/fr{note.get_absolute_url()}"]
    assert client.get("/feeds/notes.atom").content != response.content


def test_the_feed_s_title_is_translated():
    assert isinstance(LatestNotesFeed.title, Promise)
    assert isinstance(LatestNotesFeed.subtitle, Promise)


def test_each_page_points_to_the_feed_in_its_language(client):
    assert 'href="/es/feeds/notes.atom"' in client.get("/es/").content.decode()


def test_the_spanish_calendar_links_to_spanish_event_pages(client):
    make_event(slug="open-day", is_public=True, start=datetime.date.today())
    response = client.get("/es/events.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["url"]) == f"{SERVER}/es/events/open-day/"


# -- the sitemap ----------------------------------------------------------------------------


def urls_of(client, address):
    response = client.get(address)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_each_note_in_each_language_with_its_alternates(client, note):
    urls = urls_of(client, "/sitemap-notes.xml")
    path = note.get_absolute_url()
    expected = {code: f"{SERVER}{PREFIXES[code]}{path}" for code in CODES}
    assert set(urls) == set(expected.values())
    for links in urls.values():
        assert links == expected | {"x-default": f"{SERVER}{path}"}


def test_the_pages_section_lists_each_page_in_each_language(client):
    urls = urls_of(client, "/sitemap-pages.xml")
    assert len(urls) == 4 * len(CODES)
    assert urls[f"{SERVER}/fr/notes/"]["x-default"] == f"{SERVER}/notes/"
    assert urls[f"{SERVER}/notes/"]["ar"] == f"{SERVER}/ar/notes/"


def test_an_x_default_is_right_for_a_slug_that_looks_like_a_language(client, expert, reviewer):
    note = make_published_note(expert, reviewer, slug="en")
    urls = urls_of(client, "/sitemap-notes.xml")
    assert urls[f"{SERVER}/fr{note.get_absolute_url()}"]["x-default"] == (
        f"{SERVER}{note.get_absolute_url()}"
    )


def test_a_section_page_holds_at_most_ten_thousand_addresses_in_all_languages():
    assert NoteSitemap().paginator.per_page * len(CODES) <= SECTION_SIZE
    assert EventSitemap().paginator.per_page * len(CODES) <= SECTION_SIZE


def test_sections_are_split_by_notes_each_in_every_language(
    client, expert, reviewer, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(NoteSitemap, "limit", 2 * len(CODES))  # two notes a page
    for _ in range(5):
        make_published_note(expert, reviewer)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    assert [s for s in sections if "notes" in s] == [
        f"{SERVER}/sitemap-notes.xml",
        f"{SERVER}/sitemap-notes.xml?p=2",
        f"{SERVER}/sitemap-notes.xml?p=3",
    ]
    # The generation, the keys' bounds, the rows, the generation's time: as in one language.
    with django_assert_num_queries(4):
        response = client.get("/sitemap-notes.xml", {"p": 2})
    assert len(ET.fromstring(response.content).findall("s:url", NS)) == 2 * len(CODES)
    assert len(urls_of(client, "/sitemap-notes.xml?p=3")) == len(CODES)


def test_the_sitemap_is_only_at_its_one_address(client):
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/fr/sitemap.xml").status_code == 404
