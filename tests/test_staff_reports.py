"""Staff reports: the figures with staff-only events, each expert's work, the notes waiting
longest for review, and an XLSX workbook equal to the page's tables."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.helpers import make_note
from tests.test_at_a_glance import tables_of
from tests.test_glance_figures import make_dataset

pytestmark = pytest.mark.django_db


def test_the_report_counts_staff_only_events(client, expert, reviewer):
    make_dataset(expert, reviewer)
    client.force_login(expert)
    html = client.get("/staff/reports/").content.decode()
    assert re.findall(r"<dd>(\d+)", html) == ["5", "6", "1"]
    assert "/countries/RUS/" in html


def test_the_report_shows_each_experts_work(client, expert, reviewer):
    make_dataset(expert, reviewer)  # the expert wrote two notes; the reviewer published one
    client.force_login(reviewer)
    html = client.get("/staff/reports/").content.decode()
    table = next(t for t in tables_of(html) if t[0] == ["Work of each member of staff"])
    rows = {row[0]: row[1:] for row in table[2:]}
    assert rows["Erin Expert"] == ["2", "2", "0"]
    assert rows["Robin Reviewer"] == ["0", "0", "1"]


def test_the_notes_waiting_longest_come_first(client, expert, other_expert, reviewer):
    first = make_note(expert, title="Submitted first")
    first.submit(by=expert)
    second = make_note(other_expert, title="Submitted second")
    second.submit(by=other_expert)
    client.force_login(reviewer)
    html = client.get("/staff/reports/").content.decode()
    table = next(t for t in tables_of(html) if t[0] == ["Notes waiting longest for review"])
    assert [row[0] for row in table[2:]] == ["Submitted first", "Submitted second"]


def test_the_xlsx_cells_equal_the_tables_of_the_page(client, expert, reviewer):
    make_dataset(expert, reviewer)
    make_note(expert, title="Waiting").submit(by=expert)
    client.force_login(reviewer)
    page = tables_of(client.get("/staff/reports/").content.decode())
    response = client.get("/staff/reports/report.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    for name, caption in (
        ("experts", "Work of each member of staff"),
        ("waiting", "Notes waiting longest for review"),
        ("per-group", "Events per year by regional group of the venue"),
    ):
        cells = [["" if v is None else str(v) for v in row] for row in workbook[name].values]
        table = next(t for t in page if t[0] == [caption])
        assert cells == table[1:], name


def test_a_staff_csv_counts_staff_only_events(client, expert, reviewer):
    make_dataset(expert, reviewer)
    client.force_login(expert)
    text = client.get("/staff/reports/states.csv").content.decode()
    assert "Russian Federation,RUS,1,1" in text
    assert "Russian Federation" not in client.get("/at-a-glance/states.csv").content.decode()


def test_the_report_keeps_its_query_budget(client, expert, reviewer, django_assert_num_queries):
    client.force_login(expert)
    client.get("/staff/reports/")
    make_dataset(expert, reviewer)
    with django_assert_num_queries(13):
        client.get("/staff/reports/")
