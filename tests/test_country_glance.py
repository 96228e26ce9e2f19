"""Country pages since "at a glance": a summary line and a timeline on a State's page, and a
compact, searchable /countries/ with the most active States first and the map on top."""

import datetime
import re

import pytest

from contacts.models import Country
from events.models import Event
from tests.helpers import make_event

pytestmark = pytest.mark.django_db


def state(iso3):
    return Country.objects.get(iso3=iso3)


def joined(iso3, year, **extra):
    extra.setdefault("country", state("GHA"))
    event = make_event(start=datetime.date(year, 5, 1), is_public=True, **extra)
    event.states.add(state(iso3))
    return event


def test_a_country_page_sums_up_its_events_since_the_first_year(client):
    joined("SEN", 2006)
    joined("SEN", 2010)
    joined("SEN", 2012, status=Event.Status.CANCELLED)  # not counted
    make_event(start=datetime.date(2011, 1, 1), is_public=True)  # held in Senegal
    html = client.get("/countries/SEN/").content.decode()
    assert "Took part in 2 events since 2006; hosted 1." in html
    svg = re.search(r'<svg class="timeline".*?</svg>', html, re.S).group()
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert re.search(r"<desc[^>]*>2006: 1; 2010: 1; 2011: 1", svg)
    assert svg.count("<rect") == 3
    assert "style=" not in html


def test_a_country_without_events_has_no_timeline(client):
    html = client.get("/countries/MLT/").content.decode()
    assert 'class="timeline"' not in html


def test_the_countries_page_lists_the_most_active_states_first(client):
    joined("SEN", 2020)
    joined("SEN", 2021)
    joined("FRA", 2021)
    response = client.get("/countries/")
    assert [c.iso3 for c in response.context["active"]] == ["SEN", "FRA", "GHA"]
    assert len(response.context["inactive"]) == Country.objects.count() - 3
    html = response.content.decode()
    assert html.index("world-map") < html.index("States with events, the most active first")
    assert re.search(r'<details class="not-reached">\s*<summary>192 States', html)


def test_the_countries_page_finds_a_state_by_name_or_code_without_script(client):
    joined("CIV", 2020)
    response = client.get("/countries/?q=cote d'ivoire")
    assert [c.iso3 for c in response.context["active"]] == ["CIV"]
    assert response.context["inactive"] == []
    assert [c.name for c in client.get("/countries/?q=GHA").context["active"]] == ["Ghana"]
    names = [c.name for c in client.get("/countries/?q=guinea").context["inactive"]]
    assert names == ["Equatorial Guinea", "Guinea", "Guinea-Bissau", "Papua New Guinea"]


def test_a_search_that_finds_nothing_says_so(client):
    html = client.get("/countries/?q=atlantis").content.decode()
    assert "No State matches “atlantis”." in html
