"""Query budgets of the public pages: the same count with 1 note as with 100."""

import datetime

import pytest

from contacts.models import Country
from notes.models import Note
from tests.helpers import make_event, make_organization, make_published_note

pytestmark = pytest.mark.django_db

# Page -> the exact number of queries it makes, whatever the number of notes.
BUDGETS = {
    "/": 3,  # notes; upcoming events; their notes
    "/notes/": 6,  # count; page; filter choices: years, countries x2, organizers
    "/notes/?q=workshop&kind=workshop&region=AFRICAN": 6,
    "/notes/?page=2": 6,
    "note": 4,  # note with event, revision and disclaimer; organizers, States, organizations
    "/events/": 9,  # count; past page and its notes; upcoming and its notes; filter choices
    "event": 5,  # event; organizers, States, organizations; published notes
    "/countries/": 3,  # countries; events held, events attended
    "/countries/SEN/": 3,  # country; events; their notes
    "/regions/african/": 3,
    "/feeds/notes.atom": 2,  # the fingerprint; the notes
    "/events.ics": 2,
    "/sitemap.xml": 4,  # count and list of notes, and of events
    "/robots.txt": 0,
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
