"""Public event pages, and the country and regional group pages built on them."""

import datetime

import pytest

from contacts.models import Country
from events.models import Event
from tests.helpers import (
    make_contact,
    make_event,
    make_note,
    make_organization,
    make_published_note,
)

pytestmark = pytest.mark.django_db

SOON = datetime.date.today() + datetime.timedelta(days=30)


def titles(events):
    return [event.title for event in events]


def test_the_events_list_shows_events_with_a_published_note_or_flagged_public(
    client, expert, reviewer
):
    make_published_note(expert, reviewer, event=make_event(title="Reported workshop"))
    make_event(title="Flagged public meeting", is_public=True)
    make_note(expert, event=make_event(title="Event of a draft"))
    make_event(title="Private meeting")
    response = client.get("/events/")
    assert titles(response.context["page"]) == ["Flagged public meeting", "Reported workshop"]
    assert "2 past events match." in response.content.decode()


def test_upcoming_events_are_listed_apart_soonest_first(client):
    make_event(title="Later", start=SOON + datetime.timedelta(days=9), is_public=True)
    make_event(title="Sooner", start=SOON, is_public=True)
    make_event(title="Held", start=datetime.date(2020, 1, 1), is_public=True)
    response = client.get("/events/")
    assert titles(response.context["upcoming"]) == ["Sooner", "Later"]
    assert titles(response.context["page"]) == ["Held"]
    assert "more are planned" not in response.content.decode()


def test_the_list_shows_the_next_twenty_upcoming_and_points_to_the_calendar_for_more(client):
    for n in range(22):
        make_event(title=f"Planned {n:02}", start=SOON + datetime.timedelta(days=n), is_public=True)
    response = client.get("/events/")
    assert titles(response.context["upcoming"]) == [f"Planned {n:02}" for n in range(20)]
    page = response.content.decode()
    assert "These are the next 20; more are planned." in page
    assert 'href="/events.ics"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=nuclear", ["Nuclear seminar"]),
        ("?q=Lima", ["Nuclear seminar"]),
        ("?region=AFRICAN", ["Export workshop"]),
        ("?state=GHA", ["Nuclear seminar"]),
        ("?kind=seminar&year=2019", ["Nuclear seminar"]),
        ("?year=2021&kind=seminar", []),
    ],
)
def test_the_events_list_filters_like_the_notes_list(client, query, expected):
    make_event(title="Export workshop", is_public=True, start=datetime.date(2021, 1, 5))
    seminar = make_event(
        title="Nuclear seminar",
        kind=Event.Kind.SEMINAR,
        city="Lima",
        country=Country.objects.get(iso3="PER"),
        start=datetime.date(2019, 1, 5),
        is_public=True,
    )
    seminar.states.add(Country.objects.get(iso3="GHA"))
    assert titles(client.get(f"/events/{query}").context["page"]) == expected


def test_a_malformed_events_query_gives_the_unfiltered_list_with_a_message(client):
    make_event(title="Still here", is_public=True)
    response = client.get("/events/?region=MOON&q=" + "x" * 300)
    assert titles(response.context["page"]) == ["Still here"]
    assert "Not understood: Search, UN regional group of the venue." in response.content.decode()


def test_an_event_page_shows_its_facts_and_published_notes_only(client, expert, reviewer):
    event = make_event(title="Reported workshop", slug="reported")
    event.organizers.add(make_organization("Host ministry"))
    event.states.add(Country.objects.get(iso3="GHA"))
    make_published_note(expert, reviewer, event=event, slug="english-note")
    make_note(expert, event=event, language="fr", slug="french-draft")
    page = client.get("/events/reported/").content.decode()
    assert "Host ministry" in page
    assert 'href="/countries/GHA/"' in page
    assert "/english-note/" in page
    assert "french-draft" not in page


def test_an_event_page_never_shows_attendees_or_the_description(client):
    event = make_event(slug="open", is_public=True, description="Internal planning remark")
    contact = make_contact("Jane Attendee", email="jane@private.example")
    event.attendances.create(contact=contact, role="speaker")
    page = client.get("/events/open/").content.decode()
    for private in ["Jane Attendee", "jane@private.example", "Internal planning remark"]:
        assert private not in page


def test_a_private_event_has_no_public_page(client, expert):
    make_event(slug="private")
    make_note(expert, event=make_event(slug="drafted"))
    assert client.get("/events/private/").status_code == 404
    assert client.get("/events/drafted/").status_code == 404


def test_the_countries_page_counts_public_events_held_and_attended(client):
    held = make_event(is_public=True)  # in Senegal
    held.states.add(Country.objects.get(iso3="GHA"))
    make_event()  # private, in Senegal: not counted
    countries = {c.iso3: c for c in client.get("/countries/").context["countries"]}
    assert (countries["SEN"].hosted, countries["SEN"].attended) == (1, 0)
    assert (countries["GHA"].hosted, countries["GHA"].attended) == (0, 1)
    assert len(countries) == 195


def test_a_country_page_groups_its_history_by_year(client, expert, reviewer):
    senegal = Country.objects.get(iso3="SEN")
    make_published_note(
        expert, reviewer, event=make_event(title="Dakar 2019", start=datetime.date(2019, 3, 1))
    )
    make_event(title="Dakar 2021", start=datetime.date(2021, 3, 1), is_public=True)
    abroad = make_event(
        title="Accra 2021",
        start=datetime.date(2021, 6, 1),
        country=Country.objects.get(iso3="GHA"),
        is_public=True,
    )
    abroad.states.add(senegal)
    make_event(title="Private 2021", start=datetime.date(2021, 9, 1))
    response = client.get("/countries/SEN/")
    assert titles(response.context["events"]) == ["Accra 2021", "Dakar 2021", "Dakar 2019"]
    page = response.content.decode()
    assert "3 events held there" not in page
    assert "2 events held there" in page
    assert "1 event attended by its delegation" in page
    assert "(2 events)" in page and "(1 event)" in page
    assert "Private 2021" not in page


def test_a_country_page_shows_its_events_a_page_at_a_time_with_whole_counts(client):
    for day in range(1, 26):  # 25 events in 2023, 3 in 2022 attended abroad
        make_event(title=f"Dakar {day:02}", start=datetime.date(2023, 6, day), is_public=True)
    for day in range(1, 4):
        abroad = make_event(
            title=f"Accra {day}",
            start=datetime.date(2022, 6, day),
            country=Country.objects.get(iso3="GHA"),
            is_public=True,
        )
        abroad.states.add(Country.objects.get(iso3="SEN"))
    first = client.get("/countries/SEN/")
    assert titles(first.context["events"]) == [f"Dakar {day:02}" for day in range(25, 5, -1)]
    page = first.content.decode()
    assert "25 events held there" in page and "3 events attended" in page
    assert "(25 events)" in page and "Page 1 of 2" in page
    second = client.get("/countries/SEN/?page=2")
    assert titles(second.context["events"]) == [
        *(f"Dakar {day:02}" for day in range(5, 0, -1)),
        *(f"Accra {day}" for day in range(3, 0, -1)),
    ]
    page = second.content.decode()
    assert "(25 events)" in page and "(3 events)" in page  # the year's count, not the page's


def test_a_country_page_accepts_a_lowercase_code_and_names_the_canonical_one(client):
    response = client.get("/countries/sen/")
    assert response.status_code == 200
    assert 'rel="canonical" href="http://testserver/countries/SEN/"' in response.content.decode()


def test_an_unknown_country_is_not_found(client):
    assert client.get("/countries/XYZ/").status_code == 404
    assert client.get("/countries/toolong/").status_code == 404


def test_a_regional_group_page_lists_its_states(client):
    response = client.get("/regions/grulac/")
    names = [country.name for country in response.context["countries"]]
    assert len(names) == 33
    assert "Brazil" in names
    assert "Senegal" not in names
    assert client.get("/regions/WEOG/").status_code == 200
    assert client.get("/regions/atlantis/").status_code == 404
