"""Searching the published notes: full text on PostgreSQL, every word elsewhere."""

import datetime

import pytest
from django.db import connection

from contacts.models import Country
from notes import public_views, search
from notes.models import Note
from tests.helpers import make_event, make_note, make_organization, make_published_note

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming and ranking need PostgreSQL"
)


def found(query):
    return sorted(note.slug for note in Note.objects.published().search(query))


@pytest.fixture
def notes(expert, reviewer):
    """Two published notes, a draft and a withdrawn note, with distinct words."""
    dakar = make_event(title="Regional workshop on export control")
    dakar.organizers.add(make_organization("Economic Community of West African States"))
    make_published_note(
        expert, reviewer, event=dakar, slug="dakar", highlights="Border officials met."
    )
    lima = make_event(
        title="Seminar on nuclear security",
        city="Lima",
        country=Country.objects.get(iso3="PER"),
        start=datetime.date(2019, 4, 2),
    )
    make_published_note(expert, reviewer, event=lima, slug="lima", background="Customs training.")
    make_note(expert, slug="draft", highlights="Border officials in a draft.")
    withdrawn = make_published_note(expert, reviewer, slug="withdrawn", highlights="Border talk.")
    withdrawn.withdraw(by=reviewer, reason="Mistake")


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("export", ["dakar"]),  # event title
        ("border", ["dakar"]),  # a section; not the draft, not the withdrawn note
        ("customs", ["lima"]),
        ("West African", ["dakar"]),  # organizer
        ("Lima", ["lima"]),  # venue city
        ("Peru", ["lima"]),  # venue country
        ("SEMINAR", ["lima"]),  # any case
        ("security seminar", ["lima"]),  # every word, in any order
        ("seminar border", []),  # every word must match
        ("zebra", []),
    ],
)
def test_search_finds_published_notes_by_their_words(notes, query, slugs):
    assert found(query) == slugs


def test_search_ignores_unpublished_changes_of_a_published_note(expert, reviewer):
    note = make_published_note(expert, reviewer, highlights="Officials met.")
    note.highlights = "Unreviewed aardvark."
    note.save_draft(by=expert)
    assert found("aardvark") == []
    assert found("officials") == [note.slug]


def test_search_follows_a_republished_revision(expert, reviewer):
    note = make_published_note(expert, reviewer, highlights="Officials met.")
    note.highlights = "Officials and aardvark."
    note.save_draft(by=expert)
    note.submit(by=expert)
    note.publish(by=reviewer)
    assert found("aardvark") == [note.slug]


def test_the_notes_page_combines_search_and_filters(client, notes):
    response = client.get("/notes/?q=workshop+seminar+OR&country=PER")
    assert response.status_code == 200
    assert client.get("/notes/?q=border&country=SEN").context["page"].paginator.count == 1
    assert client.get("/notes/?q=border&country=PER").context["page"].paginator.count == 0


def test_the_search_keeps_its_words_in_the_form(client, notes):
    page = client.get("/notes/?q=border").content.decode()
    assert 'value="border"' in page
    assert "1 note matches." in page


def test_punctuation_and_quotes_in_a_search_do_not_break_the_page(client, notes):
    for query in ['"export control"', "export & control", "-", "a:b|c!", "'"]:
        assert client.get("/notes/", {"q": query}).status_code == 200


@postgresql_only
def test_search_stems_words_on_postgresql(notes):
    assert found("workshops") == ["dakar"]
    assert found("controlling") == ["dakar"]


@postgresql_only
def test_search_ranks_a_title_match_above_a_match_in_the_text(client, expert, reviewer):
    make_published_note(expert, reviewer, slug="in-text", highlights="A word on customs.")
    make_published_note(
        expert, reviewer, event=make_event(title="Customs seminar"), slug="in-title"
    )
    page = client.get("/notes/?q=customs").context["page"]
    assert [note.slug for note in page] == ["in-title", "in-text"]


@postgresql_only
def test_a_withdrawn_note_loses_its_search_words(expert, reviewer):
    note = make_published_note(expert, reviewer)
    assert Note.objects.get(pk=note.pk).search_vector
    note.withdraw(by=reviewer, reason="Mistake")
    assert Note.objects.get(pk=note.pk).search_vector is None


# -- the list of results: ranked among the most recently published matches ------------------


def customs_notes(expert, reviewer, *slugs, **content):
    """A published note with the word "customs" for each slug, published in that order."""
    return [
        make_published_note(expert, reviewer, slug=slug, highlights="Customs officers.", **content)
        for slug in slugs
    ]


def listed(client, address):
    return [note.slug for note in client.get(address).context["page"]]


def test_a_search_matching_more_notes_than_are_ranked_lists_those_published_last(
    client, expert, reviewer, monkeypatch
):
    monkeypatch.setattr(search, "MOST_RANKED", 2)
    customs_notes(expert, reviewer, "first", "second", "third")
    response = client.get("/notes/?q=customs")
    assert response.context["page"].paginator.count == 2
    assert sorted(note.slug for note in response.context["page"]) == ["second", "third"]
    assert "At least 2 notes match. The 2 published most recently are listed" in " ".join(
        response.content.decode().split()
    )


def test_a_search_matching_fewer_notes_than_are_ranked_counts_them(
    client, expert, reviewer, monkeypatch
):
    monkeypatch.setattr(search, "MOST_RANKED", 3)
    customs_notes(expert, reviewer, "first", "second")
    page = client.get("/notes/?q=customs").content.decode()
    assert "2 notes match." in page
    assert "At least" not in page


def test_the_filters_choose_among_every_match_before_the_most_recent_are_kept(
    client, expert, reviewer, monkeypatch
):
    monkeypatch.setattr(search, "MOST_RANKED", 1)
    lima = make_event(country=Country.objects.get(iso3="PER"), city="Lima")
    customs_notes(expert, reviewer, "in-peru", event=lima)
    customs_notes(expert, reviewer, "in-senegal")
    assert listed(client, "/notes/?q=customs&country=PER") == ["in-peru"]
    assert listed(client, "/notes/?q=customs") == ["in-senegal"]


def test_the_pages_of_a_search_cut_to_the_most_recent_follow_each_other(
    client, expert, reviewer, monkeypatch
):
    monkeypatch.setattr(search, "MOST_RANKED", 3)
    monkeypatch.setattr(public_views, "PAGE_SIZE", 2)
    customs_notes(expert, reviewer, "first", "second", "third", "fourth")
    page = client.get("/notes/?q=customs").context["page"]
    first, second = list(page), listed(client, "/notes/?q=customs&page=2")
    assert page.paginator.num_pages == 2 and len(first) == 2 and len(second) == 1
    assert sorted([note.slug for note in first] + second) == ["fourth", "second", "third"]
    assert listed(client, "/notes/?q=customs&page=9") == second


def test_notes_that_match_equally_are_listed_newest_first(client, expert, reviewer):
    # Published in the other order: the event's date decides, as in the list without a search.
    for slug, year in [("newer", 2024), ("older", 2019)][::-1]:
        event = make_event(title="Customs seminar", start=datetime.date(year, 5, 6))
        make_published_note(expert, reviewer, event=event, slug=slug, title="Customs")
    assert listed(client, "/notes/?q=customs") == ["newer", "older"]


@postgresql_only
def test_a_french_note_is_found_by_the_french_stem_of_a_word(expert, reviewer):
    highlights = "Les frontières douanières ont été renforcées."
    make_published_note(expert, reviewer, slug="fr", language="fr", highlights=highlights)
    assert found("frontière") == ["fr"]
    assert found("renforcer") == ["fr"]


@postgresql_only
def test_the_most_relevant_note_comes_first_among_those_kept(client, expert, reviewer, monkeypatch):
    monkeypatch.setattr(search, "MOST_RANKED", 2)
    make_published_note(
        expert, reviewer, event=make_event(title="Customs seminar"), slug="oldest-in-title"
    )
    make_published_note(
        expert, reviewer, event=make_event(title="Customs seminar"), slug="in-title"
    )
    customs_notes(expert, reviewer, "in-text")
    assert listed(client, "/notes/?q=customs") == ["in-title", "in-text"]
