"""The sitemap index at /sitemap.xml and its sections, in pages of at most 10,000 addresses."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import timezone

from notes.models import Note, PublicationGeneration
from notes.sitemaps import SECTION_SIZE, EventSitemap, NoteSitemap
from tests.helpers import (
    in_review,
    make_event,
    make_note,
    make_published_note,
    make_withdrawn_note,
)

pytestmark = pytest.mark.django_db

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
SITEMAP_NS = {"s": NS}
# Every page is listed once per language (its alternates: test_languages).
LANGUAGES = len(settings.LANGUAGES)
PREFIXED = re.compile(r"^http://testserver/(fr|es|ru|ar|zh-hans)/")
SERVER = "http://testserver"
# The publication generation (page cache), the bounds of the keys, the rows, the generation's
# time (Last-Modified).
SECTION_PAGE_QUERIES = 4


def parsed(response, root_tag):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS}}}{root_tag}"
    return root


def index_locations(client):
    root = parsed(client.get("/sitemap.xml"), "sitemapindex")
    return [loc.text for loc in root.findall("s:sitemap/s:loc", SITEMAP_NS)]


def section_locations(client, address, every_language=False):
    """The English addresses listed (or, with every_language, those in every language)."""
    root = parsed(client.get(address.removeprefix(SERVER)), "urlset")
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    return locations if every_language else [loc for loc in locations if not PREFIXED.match(loc)]


def every_location(client, every_language=False):
    return [
        location
        for section in index_locations(client)
        for location in section_locations(client, section, every_language)
    ]


def public_address(note):
    return f"{SERVER}{note.get_absolute_url()}"


@pytest.fixture
def small_pages(monkeypatch):
    # Ten notes a page, in every language.
    monkeypatch.setattr(NoteSitemap, "limit", 10 * LANGUAGES)
    monkeypatch.setattr(EventSitemap, "limit", 10 * LANGUAGES)


def test_sections_hold_at_most_ten_thousand_addresses():
    assert NoteSitemap.limit == EventSitemap.limit == SECTION_SIZE == 10_000


def test_the_index_lists_the_three_sections_with_the_newest_note_s_date(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    root = parsed(client.get("/sitemap.xml"), "sitemapindex")
    entries = {
        entry.findtext("s:loc", namespaces=SITEMAP_NS): entry.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for entry in root.findall("s:sitemap", SITEMAP_NS)
    }
    assert list(entries) == [
        f"{SERVER}/sitemap-pages.xml",
        f"{SERVER}/sitemap-notes.xml",
        f"{SERVER}/sitemap-events.xml",
    ]
    assert entries[f"{SERVER}/sitemap-pages.xml"] is None
    assert entries[f"{SERVER}/sitemap-events.xml"] is None
    newest = datetime.datetime.fromisoformat(entries[f"{SERVER}/sitemap-notes.xml"])
    assert newest == note.last_published_at


def test_25_notes_in_pages_of_10_make_3_pages_and_the_third_holds_the_last_5(
    client, expert, reviewer, small_pages
):
    notes = [make_published_note(expert, reviewer) for _ in range(25)]
    sections = index_locations(client)
    assert [s for s in sections if "notes" in s] == [
        f"{SERVER}/sitemap-notes.xml",
        f"{SERVER}/sitemap-notes.xml?p=2",
        f"{SERVER}/sitemap-notes.xml?p=3",
    ]
    assert section_locations(client, "/sitemap-notes.xml") == [
        public_address(note) for note in notes[:10]
    ]
    assert section_locations(client, "/sitemap-notes.xml?p=3") == [
        public_address(note) for note in notes[20:]
    ]
    assert client.get("/sitemap-notes.xml?p=4").status_code == 404


def test_a_page_keeps_its_notes_when_a_note_on_another_page_is_withdrawn(
    client, expert, reviewer, small_pages
):
    notes = [make_published_note(expert, reviewer) for _ in range(25)]
    second_page = section_locations(client, "/sitemap-notes.xml?p=2")
    notes[0].withdraw(by=reviewer, reason="Mistake")
    assert public_address(notes[0]) not in section_locations(client, "/sitemap-notes.xml")
    assert section_locations(client, "/sitemap-notes.xml?p=2") == second_page


def test_every_address_of_every_section_page_answers_to_an_anonymous_reader(
    client, expert, reviewer, small_pages
):
    for year in range(2012, 2024):
        event = make_event(start=datetime.date(year, 5, 1))
        make_published_note(expert, reviewer, event=event)
        make_published_note(expert, reviewer, event=event, language="fr", slug=f"fr-{year}")
    for _ in range(3):
        make_event(is_public=True)
    locations = every_location(client, every_language=True)
    assert len(locations) == (4 + 24 + 15) * LANGUAGES
    for location in locations:
        assert client.get(location.removeprefix(SERVER)).status_code == 200, location


def test_the_notes_section_gives_each_note_the_address_of_its_page(client, expert, reviewer):
    notes = [
        make_published_note(expert, reviewer, event=make_event(start=datetime.date(year, 1, 9)))
        for year in (1999, 2010, 2026)
    ]
    expected = [public_address(note) for note in notes]
    assert section_locations(client, "/sitemap-notes.xml") == expected


def test_only_published_notes_and_public_events_are_listed(client, expert, reviewer):
    published = make_published_note(expert, reviewer)
    changed = make_published_note(expert, reviewer)
    changed.highlights = "Unpublished change."
    changed.save_draft(by=expert)
    hidden = [
        make_note(expert),
        in_review(expert),
        make_withdrawn_note(expert, reviewer),
    ]
    asked = in_review(expert)
    asked.request_changes(by=reviewer, comment="Shorter, please.")
    hidden.append(asked)
    open_event = make_event(slug="open-day", is_public=True)
    private_event = make_event(slug="closed-door")
    locations = set(every_location(client))
    assert {public_address(published), public_address(changed)} <= locations
    assert not {public_address(note) for note in hidden} & locations
    events = {location for location in locations if re.search("/events/.", location)}
    expected = {open_event, published.event, changed.event}
    assert events == {f"{SERVER}/events/{event.slug}/" for event in expected}
    assert f"{SERVER}/events/{private_event.slug}/" not in locations
    assert f"{SERVER}/events/{hidden[0].event.slug}/" not in locations


def test_an_empty_site_still_has_a_valid_index_and_sections(client):
    assert len(index_locations(client)) == 3
    assert section_locations(client, "/sitemap-notes.xml") == []
    assert section_locations(client, "/sitemap-events.xml") == []
    assert section_locations(client, "/sitemap-pages.xml") == [
        f"{SERVER}/",
        f"{SERVER}/notes/",
        f"{SERVER}/events/",
        f"{SERVER}/countries/",
    ]


def test_each_listed_address_has_the_day_of_its_last_change(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    root = parsed(client.get("/sitemap-notes.xml"), "urlset")
    entries = root.findall("s:url", SITEMAP_NS)
    assert len(entries) == LANGUAGES
    entry = entries[0]
    assert [child.tag for child in entry] == [
        f"{{{NS}}}{tag}" for tag in ("loc", "lastmod", "changefreq")
    ] + [f"{{{XHTML}}}link"] * (LANGUAGES + 1)
    assert entry.findtext("s:lastmod", namespaces=SITEMAP_NS) == str(
        timezone.localdate(note.last_published_at)
    )
    assert entry.findtext("s:changefreq", namespaces=SITEMAP_NS) == "monthly"


def test_the_xml_is_well_formed_and_in_the_sitemap_namespace(client, expert, reviewer):
    make_published_note(expert, reviewer)
    for address in [
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-notes.xml",
        "/sitemap-events.xml",
    ]:
        body = client.get(address).content.decode()
        assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
        root = ET.fromstring(body)
        # Sections also carry the hreflang alternates, in the XHTML namespace.
        expected = {f"{{{NS}"} if address == "/sitemap.xml" else {f"{{{NS}", f"{{{XHTML}"}
        assert {element.tag.split("}")[0] for element in root.iter()} == expected


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize("section", ["notes", "events"])
def test_a_section_page_costs_the_same_queries_whatever_the_number_of_notes(
    client, expert, reviewer, django_assert_num_queries, monkeypatch, count, section
):
    monkeypatch.setattr(NoteSitemap, "limit", 4 * LANGUAGES)
    monkeypatch.setattr(EventSitemap, "limit", 4 * LANGUAGES)
    for _ in range(count):
        make_published_note(expert, reviewer)
    last_page = -(-count // 4)
    for page in (1, last_page):
        with django_assert_num_queries(SECTION_PAGE_QUERIES):
            response = client.get(f"/sitemap-{section}.xml", {"p": page})
        assert response.status_code == 200


def test_the_index_costs_the_same_queries_with_many_pages(
    client, expert, reviewer, django_assert_num_queries, small_pages
):
    for _ in range(25):
        make_published_note(expert, reviewer)
    # The generation; bounds of the notes, their newest change; bounds of the events; its time.
    with django_assert_num_queries(5):
        assert len(index_locations(client)) == 1 + 3 + 3


@pytest.mark.parametrize("page", ["0", "-1", "two", "2"])
def test_a_page_that_does_not_exist_is_not_found(client, expert, reviewer, page):
    make_published_note(expert, reviewer)
    assert client.get("/sitemap-notes.xml", {"p": page}).status_code == 404


def test_a_section_that_does_not_exist_is_not_found(client):
    assert client.get("/sitemap-contacts.xml").status_code == 404


def test_sitemaps_are_public_and_not_indexed_themselves(client, expert, reviewer):
    make_published_note(expert, reviewer)
    for address in ["/sitemap.xml", "/sitemap-notes.xml"]:
        response = client.get(address)
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
        assert response["ETag"]


def published_an_hour_ago(expert, reviewer, count):
    notes = [make_published_note(expert, reviewer) for _ in range(count)]
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Note.objects.update(last_published_at=an_hour_ago)
    PublicationGeneration.objects.update(changed_at=an_hour_ago)
    return notes


@pytest.mark.parametrize("address", ["/sitemap.xml", "/sitemap-notes.xml"])
def test_a_current_copy_is_not_modified(client, expert, reviewer, address):
    published_an_hour_ago(expert, reviewer, 2)
    first = client.get(address)
    current = {"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]}
    assert client.get(address, headers=current).status_code == 304
    later = {"if-modified-since": first["Last-Modified"]}
    assert client.get(address, headers=later).status_code == 304


def test_a_withdrawal_makes_the_section_modified_though_no_date_is_newer(client, expert, reviewer):
    first_note, _ = published_an_hour_ago(expert, reviewer, 2)
    copy = client.get("/sitemap-notes.xml")
    first_note.withdraw(by=reviewer, reason="Mistake")
    since = {"if-modified-since": copy["Last-Modified"]}
    response = client.get("/sitemap-notes.xml", headers=since)
    assert response.status_code == 200
    assert public_address(first_note) not in response.content.decode()
    etag = {"if-none-match": copy["ETag"]}
    assert client.get("/sitemap-notes.xml", headers=etag).status_code == 200


def test_robots_txt_points_to_the_index(client):
    text = client.get("/robots.txt").content.decode()
    assert re.search(r"^Sitemap: http://testserver/sitemap\.xml$", text, re.M)
