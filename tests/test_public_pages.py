"""The public note pages: the list with its filters, a note in its official layout, 404/410."""

import datetime

import pytest

from contacts.models import Country
from events.models import Event
from tests.helpers import (
    make_event,
    make_note,
    make_organization,
    make_published_note,
    make_withdrawn_note,
)

pytestmark = pytest.mark.django_db


def published(expert, reviewer, title, **event_fields):
    event = make_event(title=title, **event_fields)
    return make_published_note(expert, reviewer, event=event)


def listed_titles(client, query=""):
    response = client.get(f"/notes/{query}")
    assert response.status_code == 200
    return [note.display_title for note in response.context["page"]]


def test_the_home_page_lists_published_notes_only(client, expert, reviewer):
    make_published_note(expert, reviewer, title="Published workshop")
    make_note(expert, title="Secret draft")
    page = client.get("/").content.decode()
    assert "Published workshop" in page
    assert "Secret draft" not in page


def test_the_home_page_lists_upcoming_public_events_only(client):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    make_event(title="Open seminar ahead", start=soon, is_public=True, status=Event.Status.PLANNED)
    make_event(title="Private planning meeting", start=soon, status=Event.Status.PLANNED)
    page = client.get("/").content.decode()
    assert "Open seminar ahead" in page
    assert "Private planning meeting" not in page


def test_a_published_note_shows_its_live_revision_and_disclaimer(client, expert, reviewer):
    note = make_published_note(expert, reviewer, highlights="Live words.")
    note.highlights = "Unreviewed words."
    note.save_draft(by=expert)
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Live words." in page
    assert "Unreviewed words." not in page
    assert "not an official report" in page


def test_a_note_page_has_the_official_header_and_numbered_sections(client, expert, reviewer):
    event = make_event(title="Regional workshop on export control", states_count=57)
    event.organizers.add(make_organization("Federal Security Service"))
    event.organizations.add(make_organization("Shanghai Cooperation Organization", acronym="SCO"))
    note = make_published_note(expert, reviewer, event=event, additional_comments="Contact us.")
    page = client.get(note.get_absolute_url()).content.decode()
    for text in [
        "Information Note",
        'href="#disclaimer"',
        "Event:",
        "Regional workshop on export control",
        "Organizers:",
        "Federal Security Service",
        "Date and Venue:",
        # Each part isolated, so that it reads in its own direction in an Arabic note.
        "<bdi>10–12 March 2025</bdi>; <bdi>Dakar, Senegal</bdi>",
        "57 States",
        "Shanghai Cooperation Organization (SCO)",
        "1. Objectives",
        "2. Background",
        "3. Highlights",
        "4. Additional comments",
    ]:
        assert text in page, text


def test_a_note_keeps_the_disclaimer_it_was_published_with(client, expert, reviewer):
    from notes.models import Disclaimer

    note = make_published_note(expert, reviewer)
    Disclaimer.objects.create(text="A newer footnote.", contact_line="x").put_in_force()
    page = client.get(note.get_absolute_url()).content.decode()
    assert "not an official report" in page
    assert "A newer footnote." not in page


def test_a_note_page_links_to_its_event_and_countries(client, expert, reviewer):
    event = make_event(slug="dakar-workshop")
    event.states.add(Country.objects.get(iso3="GHA"))
    note = make_published_note(expert, reviewer, event=event)
    page = client.get(note.get_absolute_url()).content.decode()
    assert 'href="/events/dakar-workshop/"' in page
    assert 'href="/countries/SEN/"' in page
    assert 'href="/countries/GHA/"' in page


def test_a_draft_has_no_public_page(client, expert):
    note = make_note(expert)
    response = client.get(note.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_note_under_the_wrong_year_is_not_found(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    assert client.get(f"/notes/1999/{note.slug}/").status_code == 404


def test_a_withdrawn_note_answers_gone_without_its_text(client, expert, reviewer):
    note = make_withdrawn_note(expert, reviewer, highlights="Words taken back.")
    response = client.get(note.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "has been withdrawn" in page
    assert "Words taken back." not in page


def test_the_list_shows_published_notes_newest_event_first(client, expert, reviewer):
    published(expert, reviewer, "Old workshop", start=datetime.date(2012, 5, 1))
    published(expert, reviewer, "New workshop", start=datetime.date(2024, 5, 1))
    make_note(expert, title="Draft workshop")
    assert listed_titles(client) == ["New workshop", "Old workshop"]


def test_the_list_says_how_many_notes_match(client, expert, reviewer):
    published(expert, reviewer, "One")
    published(expert, reviewer, "Two")
    assert "2 notes match." in client.get("/notes/").content.decode()


def test_the_list_is_paginated_and_pages_keep_the_filters(client, expert, reviewer):
    for n in range(21):
        published(expert, reviewer, f"Seminar {n}", kind=Event.Kind.SEMINAR)
    first = client.get("/notes/?kind=seminar").content.decode()
    assert "?kind=seminar&amp;page=2" in first
    second = client.get("/notes/?kind=seminar&page=2")
    assert len(second.context["page"]) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?year=2012", ["Dakar 2012"]),
        ("?region=GRULAC", ["Brasilia 2024"]),
        ("?country=SEN", ["Dakar 2012"]),
        ("?state=GHA", ["Brasilia 2024"]),
        ("?kind=conference", ["Brasilia 2024"]),
        ("?region=AFRICAN&year=2024", []),
    ],
)
def test_each_filter_narrows_the_list(client, expert, reviewer, query, expected):
    published(expert, reviewer, "Dakar 2012", start=datetime.date(2012, 5, 1))
    brasilia = published(
        expert,
        reviewer,
        "Brasilia 2024",
        start=datetime.date(2024, 5, 1),
        country=Country.objects.get(iso3="BRA"),
        kind=Event.Kind.CONFERENCE,
    )
    brasilia.event.states.add(Country.objects.get(iso3="GHA"))
    assert listed_titles(client, query) == expected


def test_the_organizer_filter_offers_only_organizers_of_public_events(client, expert, reviewer):
    note = published(expert, reviewer, "Organized")
    host = make_organization("Public host agency")
    note.event.organizers.add(host)
    make_event().organizers.add(make_organization("Hidden planner agency"))
    page = client.get("/notes/").content.decode()
    assert "Public host agency" in page
    assert "Hidden planner agency" not in page
    assert listed_titles(client, f"?organizer={host.pk}") == ["Organized"]


@pytest.mark.parametrize(
    "query",
    ["?year=abc", "?year=1850", "?country=XXX", "?state=zz", "?kind=party", "?q=" + "a" * 201],
)
def test_a_malformed_query_gives_the_unfiltered_list_with_a_message(
    client, expert, reviewer, query
):
    published(expert, reviewer, "Still listed")
    response = client.get(f"/notes/{query}")
    assert response.status_code == 200
    assert [note.display_title for note in response.context["page"]] == ["Still listed"]
    assert "Not understood" in response.content.decode()


def test_a_page_number_out_of_range_gives_the_last_page(client, expert, reviewer):
    published(expert, reviewer, "Only one")
    assert listed_titles(client, "?page=999") == ["Only one"]
    assert listed_titles(client, "?page=abc") == ["Only one"]


def test_every_filter_field_has_a_visible_label(client):
    page = client.get("/notes/").content.decode()
    for name in ["q", "year", "region", "country", "state", "kind", "organizer"]:
        assert f'<label for="id_{name}">' in page, name


def test_the_chosen_filters_stay_selected_in_the_form(client, expert, reviewer):
    published(expert, reviewer, "Dakar 2012", start=datetime.date(2012, 5, 1))
    ghana = Country.objects.get(iso3="GHA")
    published(expert, reviewer, "Accra 2020", start=datetime.date(2020, 5, 1), country=ghana)
    page = client.get("/notes/?year=2012&country=SEN").content.decode()
    assert '<option value="2012" selected>2012</option>' in page
    assert '<option value="SEN" selected>Senegal</option>' in page
    assert '<option value="GHA">Ghana</option>' in page
