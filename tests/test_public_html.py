"""The public pages are well-formed HTML: closed elements, unique ids, one h1, labelled fields."""

from collections import Counter
from html.parser import HTMLParser

import pytest

from contacts.models import Country
from tests.helpers import make_event, make_organization, make_published_note, make_withdrawn_note

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open, self.errors, self.ids, self.labels, self.fields, self.h1 = [], [], [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID:
            self.open.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label":
            self.labels.append(attrs.get("for"))
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.fields.append(attrs.get("id"))
        self.h1 += tag == "h1"

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else None}>")
        else:
            self.open.pop()


@pytest.fixture
def pages(expert, reviewer):
    event = make_event(slug="dakar", states_count=12)
    event.organizers.add(make_organization("Host agency"))
    event.states.add(Country.objects.get(iso3="GHA"))
    note = make_published_note(expert, reviewer, event=event, additional_comments="Write.")
    gone = make_withdrawn_note(expert, reviewer)
    return [
        "/",
        "/notes/",
        "/notes/?q=workshop&year=notayear",
        note.get_absolute_url(),
        gone.get_absolute_url(),
        "/events/",
        "/events/dakar/",
        "/countries/",
        "/countries/SEN/",
        "/regions/african/",
        "/nowhere/",
    ]


def test_every_public_page_is_well_formed_and_labelled(client, pages):
    for path in pages:
        html = client.get(path).content.decode()
        assert html.startswith("<!doctype html>"), path
        page = Structure()
        page.feed(html)
        page.close()
        assert page.errors == [] and page.open == [], (path, page.errors, page.open)
        assert [i for i, n in Counter(page.ids).items() if n > 1] == [], path
        assert page.h1 == 1, path
        assert set(page.fields) <= set(page.labels), path
