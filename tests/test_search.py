"""Searching the published notes: full text on PostgreSQL, every word elsewhere."""

import datetime

import pytest
from django.db import connection

from contacts.models import Country
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
