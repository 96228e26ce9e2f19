"""The public footer's way in for staff: "Staff sign-in", or "Staff pages" once signed in."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/login/?next=/staff/"


class FooterLinks(HTMLParser):
    """The footer's links as (text, href), as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.in_footer, self.href, self.links = False, None, []

    def handle_starttag(self, tag, attrs):
        if tag == "footer" and ("class", "site-footer") in attrs:
            self.in_footer = True
        elif tag == "a" and self.in_footer:
            self.href, self.text = dict(attrs)["href"], ""

    def handle_data(self, data):
        if self.href is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "a" and self.href is not None:
            self.links.append((" ".join(self.text.split()), self.href))
            self.href = None
        elif tag == "footer":
            self.in_footer = False


def footer_links(page):
    parser = FooterLinks()
    parser.feed(page)
    return dict(parser.links)


@pytest.fixture
def public_pages(expert, reviewer):
    note = make_published_note(expert, reviewer, event=make_event(is_public=True))
    return [
        "/",
        "/notes/",
        "/events/",
        note.get_absolute_url(),
        f"/events/{note.event.slug}/",
        "/countries/",
        "/countries/SEN/",
        "/no-such-page/",
    ]


def test_every_public_page_offers_staff_a_way_to_sign_in(client, public_pages):
    for path in public_pages:
        links = footer_links(client.get(path).text)
        assert links.get("Staff sign-in") == SIGN_IN, path
        assert "Staff pages" not in links, path


def test_the_sign_in_link_leads_to_the_staff_dashboard(client, expert, public_pages):
    href = footer_links(client.get("/notes/").text)["Staff sign-in"]
    target = urlsplit(urljoin("http://testserver/notes/", href))
    form = client.get(f"{target.path}?{target.query}")
    assert form.status_code == 200
    assert re.search(r'name="next" value="/staff/"', form.text)
    signed_in = client.post(
        f"{target.path}?{target.query}",
        {"username": "expert", "password": "secret", "next": "/staff/"},
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/staff/"


def test_the_sign_in_page_does_not_link_to_itself(client):
    assert "Staff sign-in" not in footer_links(client.get("/accounts/login/").text)


def test_a_signed_in_visitor_gets_the_staff_pages_instead(client, expert, public_pages):
    client.force_login(expert)
    for path in public_pages:
        links = footer_links(client.get(path).text)
        assert links.get("Staff pages") == "/staff/", path
        assert "Staff sign-in" not in links, path


def test_shared_caches_keep_the_two_footers_apart(client, expert):
    """Public pages may be cached by anyone; the footer depends on the session cookie."""
    response = client.get("/notes/")
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    client.force_login(expert)
    assert "Cookie" in client.get("/notes/")["Vary"]
