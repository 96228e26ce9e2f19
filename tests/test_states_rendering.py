"""An event's participating States read the same on every page that shows them: the note's
official header (public and staff), the staff event page and the public event page."""

import html
import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from contacts.models import Country
from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db

# (the States' count, the ISO codes of the States listed) -> what every page says
CASES = {
    "count only": (57, [], "57 States"),
    "count and listed States": (57, ["SEN", "GHA"], "57 States, including Ghana, Senegal"),
    "listed States only": (None, ["SEN", "GHA"], "Ghana, Senegal"),
    "neither": (None, [], "—"),
    "one State": (1, [], "1 State"),
}

# Where each page writes the States: the HTML between these two patterns.
PLACES = {
    "public note": (r"<em>States:</em>", r"</p>"),
    "staff note": (r"<em>States:</em>", r"</p>"),
    "staff event": (r"<dt>States</dt>\s*<dd>", r"</dd>"),
    "public event": (r"<dt>Participating States</dt>\s*<dd>", r"</dd>"),
}


def states_part(page, place):
    start, end = PLACES[place]
    found = re.search(f"{start}(.*?){end}", page, re.S)
    assert found, f"the {place} page shows no participating States"
    return found.group(1)


def as_text(part):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", part)).split())


def address(place, note):
    return {
        "public note": note.get_absolute_url(),
        "staff note": reverse("notes-staff-detail", args=[note.pk]),
        "staff event": reverse("events-staff-detail", args=[note.event.pk]),
        "public event": reverse("events-detail", args=[note.event.slug]),
    }[place]


@pytest.fixture(params=CASES)
def case(request, expert, reviewer):
    count, listed, expected = CASES[request.param]
    event = make_event("Workshop in Dakar", states_count=count)
    event.states.add(*Country.objects.filter(iso3__in=listed))
    note = make_published_note(expert, reviewer, event=event)
    return note, expected


@pytest.mark.parametrize("place", PLACES)
def test_every_page_states_the_participating_states_by_the_same_rule(client, expert, case, place):
    note, expected = case
    if "staff" in place:
        client.force_login(expert)
    response = client.get(address(place, note))
    assert response.status_code == 200
    assert as_text(states_part(response.text, place)) == expected


def test_only_the_public_event_page_links_the_states_to_their_country_pages(
    client, expert, reviewer
):
    event = make_event("Workshop in Dakar", states_count=57)
    event.states.add(Country.objects.get(iso3="GHA"))
    note = make_published_note(expert, reviewer, event=event)
    link = f'href="{reverse("countries-detail", args=["GHA"])}"'
    public_event = client.get(address("public event", note)).text
    assert link in states_part(public_event, "public event")
    assert link not in states_part(client.get(note.get_absolute_url()).text, "public note")
    client.force_login(expert)
    for place in ("staff event", "staff note"):
        assert link not in states_part(client.get(address(place, note)).text, place)


def test_the_fragment_needs_no_event_only_states_and_a_count():
    """Frozen data (plain objects with a name and an ISO code) reads like a live event."""
    states = [SimpleNamespace(name="Ghana", iso3="GHA"), SimpleNamespace(name="Mali", iso3="MLI")]
    for count, expected in [(12, "12 States, including Ghana, Mali"), (None, "Ghana, Mali")]:
        text = render_to_string("events/_states.html", {"states": states, "count": count})
        assert as_text(text) == expected
    linked = render_to_string("events/_states.html", {"states": states, "link": True})
    assert 'href="/countries/MLI/"' in linked
    assert as_text(render_to_string("events/_states.html", {"states": [], "count": None})) == "—"
