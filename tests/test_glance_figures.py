"""The figures of "at a glance" against counts made by hand on a small, awkward dataset."""

import datetime

import pytest
from django.http import QueryDict

from contacts.models import Country, RegionalGroup
from events import figures
from events.figures import NO_GROUP, Figures, Period
from events.models import Event
from notes.models import Note
from notes.public_filters import public_events
from tests.helpers import make_event, make_note, make_published_note

pytestmark = pytest.mark.django_db


def state(iso3):
    return Country.objects.get(iso3=iso3)


@pytest.fixture
def dataset(expert, reviewer):
    make_dataset(expert, reviewer)


def make_dataset(expert, reviewer):
    """Six events; the comment of each says what the public figures make of it."""

    def event(start, venue, states, days=1, **extra):
        extra.setdefault("is_public", True)
        created = make_event(start=datetime.date(*start), days=days, country=venue, **extra)
        created.states.add(*(state(iso3) for iso3 in states))
        return created

    senegal, france, japan = state("SEN"), state("FRA"), state("JPN")
    # 2024, Africa: Senegal hosts and takes part; a published note makes it public.
    dakar = event((2024, 3, 10), senegal, ["SEN", "FRA"], is_public=False)
    make_published_note(expert, reviewer, event=dakar)
    # 2024, online, no venue country; a draft note, which is not counted.
    online = event((2024, 6, 1), None, ["BRA", "FRA"], city="", format=Event.Format.VIRTUAL)
    make_note(expert, event=online)
    # From 30 December 2024 to 2 January 2025: a 2024 event, held in France.
    event((2024, 12, 30), france, ["JPN"], days=3, format=Event.Format.HYBRID)
    # Cancelled: counts nowhere.
    event((2024, 5, 5), state("BRA"), ["NGA"], status=Event.Status.CANCELLED)
    # Staff only (not public, no note): the staff figures count it, the public ones do not.
    event((2025, 2, 2), state("RUS"), ["RUS", "KEN"], is_public=False)
    # 2025, a country visit to Japan, with Senegal.
    event((2025, 4, 4), japan, ["JPN", "SEN"], kind=Event.Kind.COUNTRY_VISIT)


def activity(events, period=figures.ALL_YEARS):
    countries = figures.countries_with_activity(events, period)
    return {c.iso3: (c.took_part, c.hosted) for c in countries if c.took_part or c.hosted}


def test_participation_and_hosting_count_public_events_that_were_not_cancelled(dataset):
    assert activity(public_events()) == {
        "SEN": (2, 1),
        "FRA": (2, 1),
        "BRA": (1, 0),
        "JPN": (2, 1),
    }


def test_staff_figures_count_the_staff_only_event_too(dataset):
    counts = activity(Event.objects.all())
    assert counts["RUS"] == (1, 1)
    assert counts["KEN"] == (1, 0)
    assert "NGA" not in counts  # only at the cancelled event


def test_an_event_spanning_new_year_counts_in_the_year_it_starts(dataset):
    assert activity(public_events(), Period(2025, 2025)) == {"SEN": (1, 0), "JPN": (1, 1)}
    assert activity(public_events(), Period(2024, 2024)) == {
        "SEN": (1, 1),
        "FRA": (2, 1),
        "BRA": (1, 0),
        "JPN": (1, 0),
    }


def test_coverage_counts_the_states_reached_in_each_regional_group(dataset):
    countries = list(figures.countries_with_activity(public_events()))
    rows = {row.group: (row.reached, row.total) for row in figures.coverage(countries)}
    in_group = {
        code: Country.objects.filter(regional_group=code).count() for code in RegionalGroup.values
    }
    assert rows["AFRICAN"] == (1, in_group["AFRICAN"])
    assert rows["WEOG"] == (1, in_group["WEOG"])
    assert rows["GRULAC"] == (1, in_group["GRULAC"])
    assert rows["ASIA_PACIFIC"] == (1, in_group["ASIA_PACIFIC"])
    assert rows["EEG"] == (0, in_group["EEG"])
    assert rows["all"] == (4, Country.objects.count())


def test_the_states_not_reached_are_all_those_that_took_part_in_nothing(dataset):
    countries = list(figures.countries_with_activity(public_events()))
    missing = {c.iso3 for c in figures.not_reached(countries)}
    assert missing == set(Country.objects.values_list("iso3", flat=True)) - {
        "SEN",
        "FRA",
        "BRA",
        "JPN",
    }
    assert {"NGA", "RUS", "KEN"} <= missing


def test_events_per_year_by_venue_group_kind_and_format(dataset):
    events = public_events()
    assert figures.per_year(events, by="group") == {
        2024: {"AFRICAN": 1, NO_GROUP: 1, "WEOG": 1},
        2025: {"ASIA_PACIFIC": 1},
    }
    assert figures.per_year(events, by="kind") == {
        2024: {"workshop": 3},
        2025: {"country_visit": 1},
    }
    assert figures.per_year(events, by="format") == {
        2024: {"in_person": 1, "virtual": 1, "hybrid": 1},
        2025: {"in_person": 1},
    }


def test_headline_figures_count_events_states_and_published_notes(dataset):
    shown = Figures.of(public_events(), notes=Note.objects.published()).headline
    assert (shown.events, shown.states_reached, shown.notes) == (4, 4, 1)
    assert shown.states_total == Country.objects.count()
    staff = Figures.of(Event.objects.all(), notes=Note.objects.all()).headline
    assert (staff.events, staff.states_reached, staff.notes) == (5, 6, 2)


def test_the_period_comes_from_the_query_string_and_ignores_what_is_not_a_year():
    assert Period.from_query(QueryDict("from=2020&to=2022")) == Period(2020, 2022)
    assert Period.from_query(QueryDict("from=2022&to=2020")) == Period(2020, 2022)
    assert Period.from_query(QueryDict("from=abc&to=99999")) == Period()
    assert Period.from_query(QueryDict("to=2021")) == Period(None, 2021)


def test_the_figures_take_a_fixed_number_of_queries(dataset, django_assert_num_queries):
    with django_assert_num_queries(7):
        Figures.of(public_events(), Period(2024, 2025), notes=Note.objects.published())
