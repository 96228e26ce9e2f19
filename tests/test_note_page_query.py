"""The note page's query, compiled once (notes/page_query.py), reads what the ORM reads."""

import datetime
from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler

from contacts.models import Country
from notes import page_query
from notes.models import Note
from tests.helpers import in_review, make_event, make_published_note

pytestmark = pytest.mark.django_db


def by_the_orm(note):
    """The same row as Django reads it, compiled afresh."""
    query = page_query._page_query(
        note.slug,
        datetime.date(note.event.start_date.year, 1, 1),
        datetime.date(note.event.start_date.year, 12, 31),
    )
    return query.get()


def shown(note):
    """Every value the page reads, following the joins."""
    values = {name: getattr(note, name) for name in ("pk", "slug", "language")}
    values |= {name: getattr(note, name) for name in ("first_published_at", "last_published_at")}
    for path in page_query.PAGE_FIELDS:
        value = note
        for name in path.split("__"):
            value = getattr(value, name) if value is not None else None
        values[path] = value
    return values


@pytest.fixture
def notes(expert, reviewer):
    senegal = Country.objects.get(iso3="SEN")
    return [
        make_published_note(
            expert,
            reviewer,
            event=make_event(
                "Séminaire « Dakar »", country=senegal, start=datetime.date(2024, 1, 1)
            ),
            language="fr",
        ),
        make_published_note(
            expert,
            reviewer,
            event=make_event(
                "Online briefing", country=None, city="", start=datetime.date(2024, 12, 31)
            ),
        ),
        make_published_note(expert, reviewer, event=make_event(start=datetime.date(1999, 6, 15))),
    ]


def test_it_reads_every_value_the_orm_reads(notes, django_assert_num_queries):
    for note in notes:
        year = note.event.start_date.year
        with django_assert_num_queries(1):
            found = page_query.published_note(slug=note.slug, year=year)
            values = shown(found)
        assert values == shown(by_the_orm(note))


def test_an_event_without_a_country_has_none(notes):
    found = page_query.published_note(slug=notes[1].slug, year=2024)
    assert found.event.country is None and found.event.title == "Online briefing"


def test_the_first_and_last_day_of_the_year_belong_to_it(notes):
    assert page_query.published_note(slug=notes[0].slug, year=2024).pk == notes[0].pk
    assert page_query.published_note(slug=notes[1].slug, year=2024).pk == notes[1].pk
    assert page_query.published_note(slug=notes[0].slug, year=2023) is None
    assert page_query.published_note(slug=notes[1].slug, year=2025) is None


def test_drafts_notes_in_review_and_withdrawn_notes_are_not_found(expert, reviewer):
    waiting = in_review(expert)
    withdrawn = make_published_note(expert, reviewer)
    withdrawn.withdraw(by=reviewer, reason="Wrong figures")
    for note in (waiting, withdrawn):
        assert page_query.published_note(slug=note.slug, year=note.event.start_date.year) is None


def test_a_slug_that_looks_like_sql_is_only_a_value(notes):
    for slug in ("x' OR '1'='1", "%s", "page-query-slug", "\u00e9v\u00e9nement"):
        assert page_query.published_note(slug=slug, year=2024) is None


def test_the_columns_the_page_does_not_show_are_read_when_asked_for(notes):
    found = page_query.published_note(slug=notes[2].slug, year=1999)
    assert (
        found.live_revision.objectives == Note.objects.get(pk=notes[2].pk).live_revision.objectives
    )


def test_the_query_is_compiled_once_per_connection(notes):
    page_query.published_note(slug=notes[0].slug, year=2024)
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as spy:
        for note in notes:
            page_query.published_note(slug=note.slug, year=note.event.start_date.year)
    assert spy.call_count == 0
