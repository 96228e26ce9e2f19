"""The options of the filter forms: the public lists offer only the values of public notes
(/notes/) or public events (/events/), kept in the cache for one publication generation; the
staff list offers every value."""

import datetime
import re

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse

import notes.filter_options
from contacts.models import Country
from events.models import Event
from notes.filter_options import generation_of
from notes.models import Note, PublicationGeneration
from notes.public_filters import NoteFilter
from tests.helpers import (
    make_event,
    make_note,
    make_organization,
    make_published_note,
    make_withdrawn_note,
)

pytestmark = pytest.mark.django_db

SELECT = r'<select name="{name}"[^>]*>(.*?)</select>'
OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')


def offered(page, name):
    """The (value, label) pairs of the select `name` of the page, without its empty choice."""
    select = re.search(SELECT.format(name=name), page, re.DOTALL)
    return [(value, label) for value, _, label in OPTION.findall(select.group(1)) if value]


def values(page, name):
    return [value for value, _label in offered(page, name)]


def selected(page, name):
    select = re.search(SELECT.format(name=name), page, re.DOTALL)
    return [value for value, chosen, _label in OPTION.findall(select.group(1)) if chosen]


def country(iso3):
    return Country.objects.get(iso3=iso3)


def event_in(iso3, year, *, states=(), organizers=(), **extra):
    event = make_event(start=datetime.date(year, 5, 1), country=country(iso3), **extra)
    event.states.add(*[country(code) for code in states])
    event.organizers.add(*[make_organization(name) for name in organizers])
    return event


@pytest.fixture
def world(expert, reviewer):
    """A published note, a draft, a withdrawn note, a private event and a public event, each
    with its own year, venue, State and organizer."""
    published = event_in("BRA", 2024, states=["GHA"], organizers=["Published host"])
    make_published_note(expert, reviewer, event=published)
    make_note(expert, event=event_in("FRA", 2019, states=["AUT"], organizers=["Draft host"]))
    withdrawn = event_in("PER", 2018, states=["KAZ"], organizers=["Withdrawn host"])
    make_withdrawn_note(expert, reviewer, event=withdrawn)
    event_in("JPN", 2017, states=["NOR"], organizers=["Private host"])
    event_in("SEN", 2016, states=["IND"], organizers=["Public host"], is_public=True)


def page_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


# -- what the public lists offer --------------------------------------------------------------


def test_the_notes_list_offers_only_the_values_of_published_notes(client, world):
    page = page_of(client, "/notes/")
    assert values(page, "year") == ["2024"]
    assert values(page, "region") == ["GRULAC"]
    assert offered(page, "country") == [("BRA", "Brazil")]
    assert offered(page, "state") == [("GHA", "Ghana")]
    assert [label for _value, label in offered(page, "organizer")] == ["Published host"]
    for hidden in ["Draft host", "Withdrawn host", "Private host", "Public host", "France"]:
        assert hidden not in page


def test_the_events_list_offers_only_the_values_of_public_events(client, world):
    page = page_of(client, "/events/")
    assert values(page, "year") == ["2024", "2016"]
    assert values(page, "region") == ["AFRICAN", "GRULAC"]
    assert values(page, "country") == ["BRA", "SEN"]
    assert values(page, "state") == ["GHA", "IND"]
    organizers = [label for _value, label in offered(page, "organizer")]
    assert organizers == ["Public host", "Published host"]
    for hidden in ["Draft host", "Withdrawn host", "Private host", "Japan", "Peru"]:
        assert hidden not in page


def test_the_options_are_newest_year_first_names_alphabetical_and_groups_in_their_order(client):
    for iso3, year, state, organizer in [
        ("AUT", 2012, "ZWE", "Zeta agency"),
        ("SEN", 2025, "ARG", "Alpha agency"),
        ("BRA", 2019, "MEX", "Mu agency"),
    ]:
        event_in(iso3, year, states=[state], organizers=[organizer], is_public=True)
    page = page_of(client, "/events/")
    assert values(page, "year") == ["2025", "2019", "2012"]
    assert values(page, "region") == ["AFRICAN", "GRULAC", "WEOG"]
    assert values(page, "country") == ["AUT", "BRA", "SEN"]
    assert values(page, "state") == ["ARG", "MEX", "ZWE"]
    organizers = [label for _value, label in offered(page, "organizer")]
    assert organizers == ["Alpha agency", "Mu agency", "Zeta agency"]


def test_a_chosen_option_stays_selected(client, world):
    page = page_of(client, "/notes/?year=2024&country=BRA&region=GRULAC&state=GHA")
    assert selected(page, "year") == ["2024"]
    assert selected(page, "country") == ["BRA"]
    assert selected(page, "region") == ["GRULAC"]
    assert selected(page, "state") == ["GHA"]


# -- the cache --------------------------------------------------------------------------------


def test_a_publication_adds_its_values_on_the_next_request(client, expert, reviewer, world):
    assert "2021" not in values(page_of(client, "/notes/"), "year")
    event = event_in("NZL", 2021, states=["CHL"], organizers=["New host"])
    make_published_note(expert, reviewer, event=event)
    page = page_of(client, "/notes/")
    assert values(page, "year") == ["2024", "2021"]
    assert values(page, "region") == ["GRULAC", "WEOG"]
    assert values(page, "country") == ["BRA", "NZL"]
    assert values(page, "state") == ["CHL", "GHA"]
    assert "New host" in [label for _value, label in offered(page, "organizer")]


def test_a_withdrawal_removes_its_values_on_the_next_request(client, reviewer, world):
    assert values(page_of(client, "/events/"), "country") == ["BRA", "SEN"]
    Note.objects.published().get().withdraw(by=reviewer, reason="Withdrawn for correction")
    for path in ["/notes/", "/events/?kind=workshop"]:
        page = page_of(client, path)
        assert "BRA" not in values(page, "country")
        assert "2024" not in values(page, "year")
        assert "GHA" not in values(page, "state")
        assert "Published host" not in page


def test_the_options_are_kept_until_the_publication_generation_changes(client, world):
    assert values(page_of(client, "/notes/"), "country") == ["BRA"]
    # A bulk update says nothing of the change: the generation, and so the options, stay.
    Event.objects.filter(country=country("BRA")).update(country=country("ARG"))
    assert values(page_of(client, "/notes/?kind=workshop"), "country") == ["BRA"]
    PublicationGeneration.objects.bump()
    assert values(page_of(client, "/notes/?kind=seminar"), "country") == ["ARG"]


def note_filter(query=""):
    request = RequestFactory().get("/notes/", QueryDict(query))
    generation_of(request)  # the page cache reads it first, for every anonymous request
    filterset = NoteFilter(request.GET or None, queryset=Note.objects.published(), request=request)
    return request, filterset


def test_cached_options_cost_no_query(world, django_assert_num_queries):
    note_filter("organizer=0")  # the options of /notes/, and of /events/ to judge organizer 0
    request = RequestFactory().get("/notes/", {"year": "2024", "organizer": "0"})
    generation_of(request)
    with django_assert_num_queries(0):
        filterset = NoteFilter(request.GET, queryset=Note.objects.published(), request=request)
        assert not filterset.is_valid()  # no organizer 0
        assert "Brazil" in str(filterset.form["country"])


def test_a_page_costs_the_four_option_queries_only_until_they_are_cached(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as first:
        page_of(client, "/notes/?kind=workshop")
    with django_assert_max_num_queries(20) as second:
        page_of(client, "/notes/?region=GRULAC")
    assert len(first.captured_queries) - len(second.captured_queries) == 4
    read = " ".join(query["sql"] for query in second.captured_queries)
    assert "contacts_organization" not in read


def test_the_options_are_one_cache_read_per_request(world, monkeypatch):
    note_filter()
    reads = []
    real = notes.filter_options.cache
    monkeypatch.setattr(notes.filter_options, "cache", CountingCache(real, reads))
    _request, filterset = note_filter("country=BRA")
    assert filterset.is_valid()
    str(filterset.form)
    assert reads == ["get_or_set"]


class CountingCache:
    def __init__(self, cache, reads):
        self.cache, self.reads = cache, reads

    def get_or_set(self, *args, **kwargs):
        self.reads.append("get_or_set")
        return self.cache.get_or_set(*args, **kwargs)


# -- a value the options lack -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/notes/", "/events/"])
def test_a_country_with_no_public_note_any_more_filters_to_nothing_and_stays_selected(
    client, expert, reviewer, path
):
    make_published_note(expert, reviewer, event=event_in("BRA", 2024))
    make_withdrawn_note(expert, reviewer, event=event_in("FRA", 2023))
    response = client.get(f"{path}?country=FRA")
    page = response.content.decode()
    assert "Not understood" not in page
    assert len(response.context["page"]) == 0
    assert selected(page, "country") == ["FRA"]
    assert ("FRA", "France") in offered(page, "country")


@pytest.mark.parametrize(
    ("query", "name", "label"),
    [("state=AUT", "state", "Austria"), ("region=WEOG", "region", "Western European")],
)
def test_a_state_or_group_with_no_public_note_filters_to_nothing_and_stays_selected(
    client, world, query, name, label
):
    response = client.get(f"/notes/?{query}")
    page = response.content.decode()
    assert "Not understood" not in page
    assert len(response.context["page"]) == 0
    assert selected(page, name) == [query.split("=")[1]]
    assert label in page


def test_a_year_or_organizer_of_a_public_event_filters_the_notes_to_nothing(client, world):
    host = Event.objects.get(is_public=True).organizers.get()
    response = client.get(f"/notes/?year=2016&organizer={host.pk}")
    page = response.content.decode()
    assert "Not understood" not in page
    assert len(response.context["page"]) == 0
    assert selected(page, "year") == ["2016"]
    assert offered(page, "organizer")[-1] == (str(host.pk), "Public host")
    assert selected(page, "organizer") == [str(host.pk)]


@pytest.mark.parametrize("path", ["/notes/", "/events/"])
@pytest.mark.parametrize(
    "query",
    [
        "country=XXX",
        "state=fra",
        "region=MOON",
        "year=2017",  # a private event's
        "year=2018",  # a withdrawn note's
        "organizer=Private host",
        "organizer=Withdrawn host",
        "organizer=Draft host",
        "organizer=999999",
    ],
)
def test_a_value_the_public_site_does_not_show_is_not_understood(client, world, path, query):
    name, value = query.split("=")
    organizer = Event.objects.filter(organizers__name=value).values_list("organizers", flat=True)
    if organizer:
        query = f"organizer={organizer.get()}"
    response = client.get(f"{path}?{query}")
    page = response.content.decode()
    assert "Not understood" in page
    assert len(response.context["page"]) > 0  # the list without filters
    assert selected(page, name) == [""]  # "Any …"
    assert value not in values(page, name)
    if organizer:
        assert value not in page


# -- the staff list ---------------------------------------------------------------------------


def test_the_staff_list_offers_every_value_and_reads_no_cache(client, expert, world):
    client.force_login(expert)
    url = reverse("events-staff-list")
    page = page_of(client, url)
    assert values(page, "year") == ["2024", "2019", "2018", "2017", "2016"]
    assert values(page, "region") == ["AFRICAN", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG"]
    assert len(values(page, "country")) == Country.objects.count()
    assert values(page, "state") == values(page, "country")
    organizers = [label for _value, label in offered(page, "organizer")]
    assert organizers == [
        "Draft host",
        "Private host",
        "Public host",
        "Published host",
        "Withdrawn host",
    ]
    make_event(start=datetime.date(2001, 1, 1)).organizers.add(make_organization("Late host"))
    page = page_of(client, url)
    assert "2001" in values(page, "year")
    assert "Late host" in page
