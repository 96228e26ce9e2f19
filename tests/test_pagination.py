"""Every paginated list, public and staff: its "Next page" link, followed as a browser follows
it, leads to the next rows and keeps the list's filters."""

import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

import contacts.staff_views
import events.staff_views
import notes.public_views
import notes.staff_views
from events.models import Event
from tests.helpers import make_contact, make_event, make_note, make_published_note

pytestmark = pytest.mark.django_db

PER_PAGE = 2
# Names that are no part of one another, so that finding one in a page is finding its row.
NAMES = ["Kestrel", "Heron", "Osprey", "Plover", "Curlew"]
# Rows a filter leaves out: a list that drops its filter on page 2 shows them.
LEFT_OUT = ["Albatross", "Gannet"]


class LinkFinder(HTMLParser):
    """The href of each link by its rel, as a browser reads it (entities decoded)."""

    def __init__(self):
        super().__init__()
        self.links = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("rel"):
            self.links.setdefault(attrs["rel"], attrs.get("href"))


def link(html, rel):
    finder = LinkFinder()
    finder.feed(html)
    return finder.links.get(rel)


def follow(client, page_url, href):
    """GET the address a browser would go to from page_url by this href."""
    target = urlsplit(urljoin(f"http://testserver{page_url}", href))
    address = f"{target.path}?{target.query}" if target.query else target.path
    response = client.get(address)
    assert response.status_code == 200
    return address, response.text


def staff_events(expert, reviewer):
    for name in NAMES:
        make_event(f"{name} workshop", status=Event.Status.HELD)
    for name in LEFT_OUT:
        make_event(f"{name} workshop", status=Event.Status.PLANNED)
    return "/staff/events/", "status=held"


def staff_contacts(expert, reviewer):
    for name in NAMES:
        make_contact(f"{name} Bird")
    for name in LEFT_OUT:
        make_contact(f"{name} Seafarer")
    return "/staff/contacts/", "q=Bird"


def staff_notes(expert, reviewer):
    for name in NAMES:
        make_note(expert, event=make_event(f"{name} workshop"))
    for name in LEFT_OUT:
        make_note(expert, event=make_event(f"{name} workshop")).submit(by=expert)
    return "/staff/notes/", "status=draft"


def public_notes(expert, reviewer):
    for n, name in enumerate(NAMES):
        event = make_event(f"{name} workshop", start=datetime.date(2022, 3, 1 + n))
        make_published_note(expert, reviewer, event=event)
    for name in LEFT_OUT:
        event = make_event(f"{name} workshop", start=datetime.date(2021, 3, 1))
        make_published_note(expert, reviewer, event=event)
    return "/notes/", "year=2022"


def public_events(expert, reviewer):
    for n, name in enumerate(NAMES):
        make_event(f"{name} workshop", start=datetime.date(2022, 3, 1 + n), is_public=True)
    for name in LEFT_OUT:
        make_event(f"{name} workshop", start=datetime.date(2021, 3, 1), is_public=True)
    return "/events/", "year=2022"


# (the list's rows and address, the module and name of its page size)
LISTS = {
    "staff events": (staff_events, events.staff_views, "EVENTS_PER_PAGE"),
    "staff contacts": (staff_contacts, contacts.staff_views, "CONTACTS_PER_PAGE"),
    "staff notes": (staff_notes, notes.staff_views, "NOTES_PER_PAGE"),
    "public notes": (public_notes, notes.public_views, "PAGE_SIZE"),
    "public events": (public_events, notes.public_views, "PAGE_SIZE"),
}


@pytest.fixture(params=LISTS)
def paginated(request, client, expert, reviewer, monkeypatch):
    """A list with len(NAMES) rows its filter keeps, shown PER_PAGE rows a page."""
    make_rows, module, size = LISTS[request.param]
    monkeypatch.setattr(module, size, PER_PAGE)
    client.force_login(expert)
    path, filters = make_rows(expert, reviewer)
    if not path.startswith("/staff/"):
        client.logout()  # the public lists as the public sees them
    return client, path, filters


def shown(html, names):
    return {name for name in names if name in html}


def pages_of(client, url):
    """The names on each page of the list at url, following its Next links to the end."""
    pages = []
    html = client.get(url).text
    while True:
        pages.append(shown(html, NAMES + LEFT_OUT))
        href = link(html, "next")
        if href is None:
            return pages
        assert len(pages) < 10, "the Next links go round in circles"
        url, html = follow(client, url, href)


def test_next_leads_to_the_next_rows(paginated):
    client, path, _filters = paginated
    first = client.get(path).text
    href = link(first, "next")
    assert href is not None, "page 1 has no Next link"
    second_url, second = follow(client, path, href)
    assert "page=2" in second_url
    on_first, on_second = shown(first, NAMES + LEFT_OUT), shown(second, NAMES + LEFT_OUT)
    assert len(on_first) == PER_PAGE
    assert on_second, "page 2 shows no row"
    assert not on_first & on_second, "page 2 shows the rows of page 1 again"
    assert "Page 2 of" in second


def test_previous_leads_back_to_the_first_rows(paginated):
    client, path, _filters = paginated
    first = client.get(path).text
    second_url, second = follow(client, path, link(first, "next"))
    _, back = follow(client, second_url, link(second, "prev"))
    assert shown(back, NAMES + LEFT_OUT) == shown(first, NAMES + LEFT_OUT)


def test_every_row_is_on_exactly_one_page(paginated):
    client, path, _filters = paginated
    pages = pages_of(client, path)
    assert len(pages) == 4  # 7 rows, 2 a page
    assert sorted(name for page in pages for name in page) == sorted(NAMES + LEFT_OUT)


def test_a_filtered_list_keeps_its_filter_on_every_page(paginated):
    client, path, filters = paginated
    url = f"{path}?{filters}"
    first = client.get(url).text
    href = link(first, "next")
    assert filters.split("=")[0] + "=" in href
    pages = pages_of(client, url)
    assert len(pages) == 3  # 5 rows kept by the filter, 2 a page
    assert sorted(name for page in pages for name in page) == sorted(NAMES)
