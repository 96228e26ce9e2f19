"""Search in each note's language: stemming per language on PostgreSQL, Chinese by pairs of
characters, and the reader's language first."""

import pytest
from django.db import connection
from django.utils import translation

from notes import search
from notes.models import Note
from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming and ranking need PostgreSQL"
)

CHINESE = "各国加强出口管制，防止核武器扩散。"


def found(query):
    return sorted(note.slug for note in Note.objects.published().search(query))


def listed(client, query, **extra):
    response = client.get("/notes/", {"q": query}, **extra)
    return [note.slug for note in response.context["page"]]


@pytest.fixture
def chinese(expert, reviewer):
    return make_published_note(expert, reviewer, language="zh-hans", slug="zh", highlights=CHINESE)


# -- French -------------------------------------------------------------------------------------


@postgresql_only
def test_a_french_plural_finds_the_singular_in_a_french_note(client, expert, reviewer):
    highlights = "Le contrôle des exportations a été discuté."
    make_published_note(expert, reviewer, language="fr", slug="fr", highlights=highlights)
    make_published_note(expert, reviewer, slug="en", highlights="Border officials met.")
    assert listed(client, "contrôles") == ["fr"]


# -- Chinese ------------------------------------------------------------------------------------


def test_the_chinese_text_is_stored_as_pairs_of_characters():
    assert search.han_pairs("加强出口管制。") == " 加强 强出 出口 口管 管制 。"
    assert search.han_pairs("核 1540") == " 核  1540"


def test_a_chinese_query_is_read_as_a_phrase_of_pairs():
    assert search._han_query("出口管制") == ' "出口 口管 管制" '
    assert search._han_query('"出口管制" x') == '" 出口 口管 管制 " x'


def test_a_two_character_chinese_word_is_found_in_a_chinese_note(client, chinese):
    assert found("出口") == ["zh"]
    assert listed(client, "出口") == ["zh"]
    assert found("核武器") == ["zh"]


@postgresql_only
def test_the_chinese_note_stores_its_words_as_pairs(chinese):
    stored = Note.objects.values_list("search_vector", flat=True).get(pk=chinese.pk)
    assert "'出口'" in stored and "'口管'" in stored
    assert "出口管制" not in stored


@postgresql_only
def test_chinese_characters_found_apart_do_not_make_a_word(chinese):
    # 出 and 管 are both in the note, never side by side: the pairs must follow each other.
    assert found("出管") == []
    assert found("口管制") == ["zh"]


@postgresql_only
def test_a_chinese_word_is_not_found_in_a_note_without_it(chinese, expert, reviewer):
    make_published_note(expert, reviewer, language="zh-hans", slug="other", highlights="安全理事会")
    assert found("理事") == ["other"]
    assert found("出口") == ["zh"]


# -- the reader's language first ----------------------------------------------------------------


@pytest.fixture
def customs_in_two_languages(expert, reviewer):
    """The same event in English (the word in its title, which ranks higher) and in French
    (the word in its text), the French published first (older)."""
    event = make_event(title="Customs seminar")
    make_published_note(
        expert, reviewer, event=event, language="fr", slug="fr", highlights="Customs à Dakar."
    )
    make_published_note(expert, reviewer, event=event, slug="en", highlights="Officials met.")


def best(text):
    notes = search.search_notes(Note.objects.published(), text)
    ids = search.best_matches(notes, text, ("-last_published_at", "-pk"))
    slugs = dict(Note.objects.values_list("pk", "slug"))
    return [slugs[pk] for pk in ids]


def test_on_the_french_pages_the_french_versions_come_first(customs_in_two_languages):
    with translation.override("fr"):
        assert best("customs") == ["fr", "en"]


def test_on_the_english_pages_the_english_versions_come_first(customs_in_two_languages):
    with translation.override("en"):
        assert best("customs") == ["en", "fr"]


def test_the_french_list_of_results_lists_the_french_versions_first(rf, customs_in_two_languages):
    from django.contrib.messages.storage.cookie import CookieStorage

    from notes import public_views

    request = rf.get("/fr/notes/", {"q": "customs"})
    request._messages = CookieStorage(request)
    with translation.override("fr"):
        body = public_views.notes_list(request).content.decode()
    assert body.index("/notes/2025/fr/") < body.index("/notes/2025/en/")


def test_a_search_in_another_language_finds_every_language(customs_in_two_languages):
    with translation.override("ar"):
        assert sorted(best("customs")) == ["en", "fr"]


def test_the_reader_s_language_costs_the_search_no_query(
    customs_in_two_languages, django_assert_num_queries
):
    notes = search.search_notes(Note.objects.published(), "customs")
    with translation.override("fr"), django_assert_num_queries(1):
        search.best_matches(notes, "customs", ("-pk",))


def test_the_reader_s_language_keeps_the_limit_of_ranked_notes(
    customs_in_two_languages, monkeypatch
):
    monkeypatch.setattr(search, "MOST_RANKED", 1)
    with translation.override("fr"):
        assert best("customs") == ["en"]  # the most recently published, whatever its language
