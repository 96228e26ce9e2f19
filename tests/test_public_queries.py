"""Query budgets of the public pages: the same count with 1 note as with 100."""

import datetime

import pytest

from contacts.models import Country
from notes.models import Note
from tests.helpers import make_event, make_organization, make_published_note

pytestmark = pytest.mark.django_db

# Page -> the exact number of queries it makes, whatever the number of notes: the first is
# the publication generation (notes/page_cache.py), read by every anonymous request.
BUDGETS = {
    "/": 5,  # notes; upcoming events' start dates, then the first ones; their notes
    # count; page; the filter options (notes/filter_options.py), cached after the first
    # request: years, venue countries, States, organizers
    "/notes/": 7,
    "/notes/?q=workshop&kind=workshop&region=AFRICAN": 7,
    "/notes/?page=2": 7,
    # note with its event (which keeps the other language versions) and live revision (the
    # stored document); the generation
    "note": 2,
    # count; past page and its notes; upcoming start dates, first ones and their notes; options
    "/events/": 11,
    "event": 6,  # event; organizers, States, organizations; published notes
    # countries with their counts of events taken part in and hosted (correlated subqueries of
    # one statement since "at a glance", events/figures.py); the generation
    "/countries/": 2,
    "/countries/?q=sen": 2,
    "/countries/SEN/": 6,  # country; counts by year; count; the page of events; their notes
    "/regions/african/": 2,  # as /countries/
    "/at-a-glance/": 8,  # the generation; States; per year by group, kind, format; counts; years
    "/at-a-glance/?from=2020&to=2024": 8,
    "/at-a-glance/per-group.csv": 8,
    "/feeds/notes.atom": 3,  # the fingerprint; the notes
    "/events.ics": 3,
    "/sitemap.xml": 5,  # bounds of notes, newest note; bounds of events; generation's time
    "/sitemap-notes.xml": 4,  # bounds of the notes; the page; the generation's time
    "/robots.txt": 1,
}


def add_notes(expert, reviewer, count):
    senegal, ghana = Country.objects.get(iso3="SEN"), Country.objects.get(iso3="GHA")
    for _ in range(count):
        event = make_event(start=datetime.date(2024, 1, 2), is_public=True)
        event.organizers.add(make_organization(), make_organization())
        event.organizations.add(make_organization())
        event.states.add(senegal, ghana)
        make_published_note(expert, reviewer, event=event, title="A workshop")
    upcoming = make_event(start=datetime.date.today() + datetime.timedelta(days=9), is_public=True)
    upcoming.states.add(senegal)


def address(page):
    note = Note.objects.published().select_related("event").order_by("pk").first()
    return {"note": note.get_absolute_url(), "event": f"/events/{note.event.slug}/"}.get(page, page)


@pytest.mark.parametrize("count", [1, 100])
@pytest.mark.parametrize("page", BUDGETS)
def test_a_public_page_keeps_its_query_budget_whatever_the_number_of_notes(
    client, expert, reviewer, django_assert_num_queries, page, count
):
    add_notes(expert, reviewer, count)
    path = address(page)
    with django_assert_num_queries(BUDGETS[page]):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("page", BUDGETS)
def test_a_public_page_read_again_costs_one_query(
    client, expert, reviewer, page, django_assert_num_queries
):
    add_notes(expert, reviewer, 3)
    path = address(page)
    client.get(path)
    with django_assert_num_queries(1):  # the publication generation; the page is in the cache
        response = client.get(path)
    assert response.status_code == 200
