"""An anonymous crawl of the whole public site finds nothing that is not published.

The database holds notes in every state, unpublished changes, private events and contacts,
each carrying a distinctive marker word; the crawl follows every link from the home page, the
sitemap and the feeds, tries every filter choice and searches for every marker."""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from notes.models import Note
from tests.helpers import (
    make_contact,
    make_event,
    make_note,
    make_organization,
    make_published_note,
    make_withdrawn_note,
)

pytestmark = pytest.mark.django_db

MARKERS = {
    "draft": "Quokkadraft",
    "in_review": "Quokkareview",
    "changes_requested": "Quokkachanges",
    "unpublished_change": "Quokkaunpublished",
    "change_in_review": "Quokkapending",
    "withdrawn": "Quokkawithdrawn",
    "private_event": "Quokkaprivateevent",
    "private_organizer": "Quokkaprivateorganizer",
    "event_description": "Quokkadescription",
    "contact_name": "Quokkacontact",
    "contact_email": "quokka.contact@private.example",
    "contact_phone": "+99 555 0123 4567",
    "contact_remark": "Quokkaremark",
    "review_comment": "Quokkacomment",
    "revision_message": "Quokkamessage",
    "author_email": "expert@example.org",
}
START = ["/", "/sitemap.xml", "/feeds/notes.atom", "/events.ics", "/robots.txt", "/nowhere/"]
STAFF_PREFIXES = ("/staff/", "/admin/")
# Every language shows the same views: English and Arabic (prefixed, right to left) are crawled.
NOT_CRAWLED = ("/fr/", "/es/", "/ru/", "/zh-hans/")
MAX_PAGES = 1500
# Choices drawn from the data; the country choices are the fixed list of UN States.
FOLLOWED_CHOICES = {"year", "region", "kind", "organizer"}


@pytest.fixture
def private_and_public_data(expert, reviewer):
    m = MARKERS
    public_event = make_event(title="Open workshop", description=m["event_description"])
    contact = make_contact(
        m["contact_name"],
        email=m["contact_email"],
        phone=m["contact_phone"],
        remarks=m["contact_remark"],
    )
    public_event.attendances.create(contact=contact, role="speaker")
    make_published_note(expert, reviewer, event=public_event, highlights="Public words.")

    private_event = make_event(title=m["private_event"])
    private_event.organizers.add(make_organization(m["private_organizer"]))
    make_note(expert, event=private_event, highlights=m["draft"])

    in_review = make_note(expert, highlights=m["in_review"])
    in_review.submit(by=expert)
    asked = make_note(expert, highlights=m["changes_requested"])
    asked.submit(by=expert)
    asked.request_changes(by=reviewer, comment=m["review_comment"])

    changed = make_published_note(expert, reviewer, title="Published then edited")
    changed.highlights = m["unpublished_change"]
    changed.save_draft(by=expert, message=m["revision_message"])
    pending = make_published_note(expert, reviewer, title="Published with a change in review")
    pending.highlights = m["change_in_review"]
    pending.save_draft(by=expert)
    pending.submit(by=expert)

    make_withdrawn_note(expert, reviewer, title=m["withdrawn"], highlights=m["withdrawn"])


class LinkParser(HTMLParser):
    """Links, and one address per filter choice of every GET form."""

    def __init__(self):
        super().__init__()
        self.links, self.form, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and attrs.get("method", "get").lower() == "get":
            self.form = attrs.get("action", "")
        elif tag == "select" and self.form is not None:
            self.select = attrs.get("name") if attrs.get("name") in FOLLOWED_CHOICES else None
        elif tag == "option" and self.select and attrs.get("value"):
            self.links.append(f"{self.form}?{urlencode({self.select: attrs['value']})}")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def links_in(response):
    body = response.content.decode()
    kind = response["Content-Type"]
    if kind.startswith("text/html"):
        parser = LinkParser()
        parser.feed(body)
        return parser.links
    if kind.startswith("text/calendar"):
        return re.findall(r"^URL(?:;[^:]*)?:(\S+)", body.replace("\r\n ", ""), re.M)
    return re.findall(r"<loc>([^<]+)</loc>|href=\"([^\"]+)\"", body)


def local_path(base, link):
    link = link if isinstance(link, str) else next(part for part in link if part)
    url = urlsplit(urljoin(f"http://testserver{base}", link.replace("&amp;", "&")))
    if url.netloc != "testserver" or url.path.startswith(("/static/", *NOT_CRAWLED)):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def crawl(client, start):
    seen, queue, responses = set(start), list(start), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        response = client.get(path)
        responses[path] = response
        if response.status_code != 200 or path.startswith(STAFF_PREFIXES):
            continue
        for link in links_in(response):
            target = local_path(path, link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    assert not queue, "the crawl stopped before it saw every page"
    return responses


def searches():
    return [f"/notes/?{urlencode({'q': word})}" for word in MARKERS.values()] + [
        f"/events/?{urlencode({'q': word})}" for word in MARKERS.values()
    ]


def test_an_anonymous_crawl_finds_no_private_text(client, private_and_public_data):
    responses = crawl(client, START + searches())
    assert len(responses) > 30
    for path, response in responses.items():
        body = response.content.decode()
        for word in MARKERS.values():  # a search form shows back the words searched
            body = body.replace(f'value="{word}"', "")
            # and so do the page's addresses in the other languages (switcher, hreflang).
            body = body.replace(urlencode({"q": word}), "")
        for name, marker in MARKERS.items():
            assert marker not in body, f"{name} leaks on {path}"


def test_every_public_link_answers_and_no_staff_page_opens_to_the_public(
    client, private_and_public_data
):
    responses = crawl(client, START)
    for path, response in responses.items():
        if path.startswith(STAFF_PREFIXES):
            assert response.status_code != 200, path
        elif path != "/nowhere/":
            assert response.status_code == 200, path


def test_the_crawl_reaches_every_published_note_and_no_other(client, private_and_public_data):
    crawled = set(crawl(client, START))
    for note in Note.objects.select_related("event"):
        assert (note.get_absolute_url() in crawled) == note.is_live, note


def test_notes_that_are_not_live_answer_not_found_or_gone(client, private_and_public_data):
    for note in Note.objects.exclude(live_revision__isnull=False).select_related("event"):
        expected = 410 if note.first_published_at else 404
        assert client.get(note.get_absolute_url()).status_code == expected, note
