"""A published note, rendered by the public note page and read back as text, imports to the
same fields: the page and the archive reader agree on the official layout."""

import datetime
from html.parser import HTMLParser

import pytest

from contacts.models import Country
from notes.archive.importer import UNCHANGED, Importer, note_content
from notes.archive.parser import parse_note
from tests.helpers import make_event, make_organization, make_published_note

pytestmark = pytest.mark.django_db

CONTACT = (
    "For further information, please contact the 1540 Committee experts by e-mail at "
    "1540experts@un.org."
)


class NoteText(HTMLParser):
    """The text of the note on a page, line by line as the archive files have it.

    Reads only the first <article> (the <main> if there is none), so that navigation, asides
    and footers stay out; inside it, table rows become "Label:<TAB>value", and headings,
    paragraphs and list items lines of their own, whatever classes or wrappers the page uses."""

    HEADINGS = ("h1", "h2", "h3", "h4")

    def __init__(self, root):
        super().__init__()
        self.root, self.depth, self.done = root, 0, False
        self.lists, self.lines, self.current, self.in_cell = [], [], [], False

    @classmethod
    def of(cls, html):
        reader = cls("article" if "<article" in html else "main")
        reader.feed(html)
        reader.flush()
        return "\n".join(reader.lines).strip()

    def handle_starttag(self, tag, attrs):
        if tag == self.root and not self.done:
            self.depth += 1
        if not self.depth:
            return
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            self.flush()
            kind = self.lists[-1] if self.lists else ["ul", 0]
            kind[1] += 1
            self.current.append("- " if kind[0] == "ul" else f"{kind[1]}. ")
        elif tag == "td":
            self.in_cell = True
            self.current.append("\t")
        elif tag in ("tr", "p", *self.HEADINGS) and not self.in_cell:
            self.flush()

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "tr":
            self.in_cell = False
            self.flush()
        elif tag in ("p", "ul", "ol", "table", *self.HEADINGS) and not self.in_cell:
            self.flush(blank=True)
        elif tag == "li":
            self.flush()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag == self.root:
            self.depth -= 1
            self.done = not self.depth

    def handle_data(self, data):
        if self.depth:
            self.current.append(data)

    def flush(self, blank=False):
        cells = "".join(self.current).split("\t")
        text = "\t".join(" ".join(cell.split()) for cell in cells).strip(" ")
        if text:
            self.lines.append(text)
        if blank and self.lines and self.lines[-1]:
            self.lines.append("")
        self.current = []


@pytest.fixture
def published(expert, reviewer):
    event = make_event(
        title="Regional Workshop on Resolution 1540 (2004) for West African States",
        start=datetime.date(2011, 11, 29),
        days=3,
        city="Dakar",
        states_count=15,
    )
    event.organizers.add(make_organization("The Government of Senegal"))
    event.organizers.add(make_organization("United Nations Office for Disarmament Affairs"))
    event.organizations.add(
        make_organization("Economic Community of West African States", acronym="ECOWAS")
    )
    event.organizations.add(make_organization("International Atomic Energy Agency", acronym="IAEA"))
    return make_published_note(
        expert,
        reviewer,
        event=event,
        objectives="- raise awareness of resolution 1540 (2004);\n- identify assistance needs.",
        background="The workshop was the first of its kind in the subregion.",
        highlights=(
            "The States presented their national measures.\n\n"
            "The IAEA offered help with the physical protection of nuclear material."
        ),
        additional_comments=f"The experts will follow up in 2012.\n\n{CONTACT}",
    )


def test_the_rendered_note_reads_back_to_the_same_fields(client, published):
    text = NoteText.of(client.get(published.get_absolute_url()).content.decode())
    parsed = parse_note(text)
    event = published.event
    assert (parsed.event_title, parsed.start_date, parsed.end_date) == (
        event.title,
        event.start_date,
        event.end_date,
    )
    assert (parsed.city, parsed.country, parsed.states_count) == ("Dakar", "Senegal", 15)
    assert parsed.organizers == tuple(org.name for org in event.organizers.all())
    assert parsed.organizations == tuple(str(org) for org in event.organizations.all())
    assert note_content(parsed) == {
        field: getattr(published, field) for field in note_content(parsed)
    }
    assert parsed.has_disclaimer


def test_the_rendered_note_imports_back_as_unchanged(client, published, reviewer, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(NoteText.of(client.get(published.get_absolute_url()).content.decode()))
    outcome = Importer(reviewer).import_file("page.txt", page)
    assert (outcome.status, outcome.note) == (UNCHANGED, published)


def test_a_rendered_note_with_listed_states_across_a_year_end_reads_back(client, expert, reviewer):
    event = make_event(title="Year-end seminar", start=datetime.date(2012, 12, 30), days=3)
    event.states.add(*Country.objects.filter(iso3__in=["CIV", "SEN", "GBR"]))
    note = make_published_note(expert, reviewer, event=event, additional_comments="")
    parsed = parse_note(NoteText.of(client.get(note.get_absolute_url()).content.decode()))
    assert (parsed.start_date, parsed.end_date) == (event.start_date, event.end_date)
    assert parsed.states == tuple(state.name for state in event.states.all())
    assert parsed.states_count is None
    assert [Country.objects.match(name).iso3 for name in parsed.states] == ["CIV", "SEN", "GBR"]


def test_the_text_keeps_site_navigation_out():
    html = (
        "<nav><p>Event: not the note</p></nav><main><article><table>"
        "<tr><th>Event:</th><td>Workshop</td></tr></table><h2>1. Objectives</h2>"
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol></article></main>"
        "<footer><p>About</p></footer>"
    )
    assert NoteText.of(html) == "Event:\tWorkshop\n\n1. Objectives\n\n- one\n- two\n\n1. first"
