"""The public page "Outreach at a glance": figures, SVG charts that assistive technology can
read, CSV downloads equal to the tables, the page cache, and a fixed query budget."""

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import pytest

from contacts.models import Country
from events.models import Event
from tests.test_glance_figures import make_dataset

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """The rows of every <table> of a page, as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.row, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag in ("tr", "caption"):
            self.row = []
        if tag in ("td", "th", "caption"):
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th", "caption") and self.row is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        if tag in ("tr", "caption"):
            self.tables[-1].append(self.row)
            self.row = None


def tables_of(html):
    parser = Tables()
    parser.feed(html)
    return parser.tables


def test_the_page_shows_the_headline_figures(client, expert, reviewer):
    make_dataset(expert, reviewer)
    html = client.get("/at-a-glance/").content.decode()
    figures = re.findall(r"<dd>(\d+)", html)
    assert figures == ["4", "4", "1"]  # events, States reached, published notes


def test_a_period_of_one_year_counts_only_its_events(client, expert, reviewer):
    make_dataset(expert, reviewer)
    html = client.get("/at-a-glance/?from=2025&to=2025").content.decode()
    assert re.findall(r"<dd>(\d+)", html) == ["1", "2", "0"]
    assert '<option value="2025" selected>' in html


def test_every_chart_is_an_svg_with_a_title_and_a_description(client, expert, reviewer):
    make_dataset(expert, reviewer)
    html = client.get("/at-a-glance/").content.decode()
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 4  # the map and three charts
    for svg in svgs:
        title, desc = re.search(r'aria-labelledby="(\S+) (\S+)"', svg).groups()
        assert f'<title id="{title}">' in svg
        assert f'<desc id="{desc}">' in svg
        assert 'role="img"' in svg or 'role="group"' in svg
    assert "style=" not in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_the_map_links_the_states_with_events_to_their_pages(client, expert, reviewer):
    make_dataset(expert, reviewer)
    html = client.get("/at-a-glance/").content.decode()
    svg = re.search(r"<svg[^>]*world-map.*?</svg>", html, re.S).group()
    linked = set(re.findall(r'href="/countries/([A-Z]{3})/"', svg))
    assert linked == {"SEN", "FRA", "BRA", "JPN"}


@pytest.mark.parametrize(
    ("name", "caption"),
    [
        ("per-group", "Events per year by regional group of the venue"),
        ("per-kind", "Events per year by kind"),
        ("per-format", "Events per year by format"),
        ("states", "States by events taken part in and hosted"),
        ("coverage", "States reached, by regional group"),
    ],
)
def test_each_csv_download_equals_the_table_on_the_page(client, expert, reviewer, name, caption):
    make_dataset(expert, reviewer)
    html = client.get("/at-a-glance/").content.decode()
    table = next(t for t in tables_of(html) if t and t[0] == [caption])[1:]
    response = client.get(f"/at-a-glance/{name}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    if name == "states":  # the page shows no ISO code column
        rows = [[row[0], *row[2:]] for row in rows]
    if name == "coverage":  # the page writes "1 of 54" and "2 %", and draws a bar
        assert table[0][:3] == [rows[0][0], rows[0][1], rows[0][3]]
        table = [[row[0], row[1].split()[0], row[2].rstrip(" %")] for row in table[1:]]
        rows = [[row[0], row[1], row[3]] for row in rows[1:]]
    assert rows == table


def test_the_not_reached_csv_lists_every_state_the_page_lists(client, expert, reviewer):
    make_dataset(expert, reviewer)
    html = client.get("/at-a-glance/").content.decode()
    listed = re.search(r'<details class="not-reached">.*?</details>', html, re.S).group()
    names = re.findall(r'<a href="/countries/[A-Z]{3}/">([^<]+)</a>', listed)
    rows = list(
        csv.reader(io.StringIO(client.get("/at-a-glance/not-reached.csv").content.decode()))
    )
    assert [row[0] for row in rows[1:]] == [n.replace("&#x27;", "'") for n in names]
    assert len(names) == Country.objects.count() - 4


def test_an_unknown_table_is_no_address(client):
    assert client.get("/at-a-glance/secrets.csv").status_code == 404


def test_the_page_exists_in_every_language_and_is_linked_from_the_menu(client):
    assert client.get("/fr/at-a-glance/").status_code == 200
    assert 'href="/at-a-glance/"' in client.get("/").content.decode()


def test_the_staff_only_event_does_not_reach_the_public_page(client, expert, reviewer):
    make_dataset(expert, reviewer)
    html = client.get("/at-a-glance/").content.decode()
    assert "/countries/RUS/" not in re.search(r"<svg[^>]*world-map.*?</svg>", html, re.S).group()


def test_an_anonymous_reader_is_served_the_page_from_the_cache(
    client, expert, reviewer, django_assert_num_queries
):
    make_dataset(expert, reviewer)
    first = client.get("/at-a-glance/")
    assert "public" in first["Cache-Control"]
    assert client.get("/at-a-glance/", headers={"if-none-match": first["ETag"]}).status_code == 304
    with django_assert_num_queries(1):  # the publication generation
        again = client.get("/at-a-glance/")
    assert again.content == first.content


def add_events(count):
    senegal, ghana = Country.objects.get(iso3="SEN"), Country.objects.get(iso3="GHA")
    events = Event.objects.bulk_create(
        Event(
            title=f"Workshop {n}",
            slug=f"workshop-{n}",
            start_date=datetime.date(2000 + n % 25, 3, 1),
            end_date=datetime.date(2000 + n % 25, 3, 2),
            country=senegal if n % 3 else None,
            kind=Event.Kind.values[n % 7],
            format=Event.Format.values[n % 3],
            status=Event.Status.HELD,
            is_public=True,
        )
        for n in range(count)
    )
    through = Event.states.through
    through.objects.bulk_create(
        through(event=event, country=state) for event in events for state in (senegal, ghana)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_page_keeps_its_query_budget_whatever_the_number_of_events(
    client, django_assert_num_queries, count
):
    add_events(count)
    # the generation; States with their counts; events per year by group, kind and format;
    # the count of events; of notes; the years of the period selector
    with django_assert_num_queries(8):
        response = client.get("/at-a-glance/?from=2001&to=2020")
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["fr", "ar", "ru"])
def test_the_charts_write_their_coordinates_as_svg_reads_them_in_every_language(
    client, expert, reviewer, language
):
    make_dataset(expert, reviewer)
    html = client.get(f"/{language}/at-a-glance/").content.decode()
    coordinates = re.findall(r' (?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', html)
    assert coordinates
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates)
