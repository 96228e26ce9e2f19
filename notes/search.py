"""Search over published notes and public events.

On PostgreSQL a note's words are stored, weighted and stemmed in the note's language, in
``Note.search_vector`` (a GIN-indexed tsvector refreshed on publish and withdrawal), and a
search is ranked. Other databases have no full-text search in the ORM: there every word of
the query must appear, in any case, in one of the same fields.

A list of results ranks at most MOST_RANKED notes (``best_matches``): ranking reads each note's
stored words, and a query of common words matches half of the notes. Among them the notes in
the reader's language come first (on /fr/notes/ the French versions), then the others.

Chinese is written without spaces, and PostgreSQL's parser takes a run of Han characters for one
word: "出口管制" (export control) would be found by that whole run only, never by "出口" (export).
So a Chinese note's words are stored as overlapping pairs of characters (出口 口管 管制), with the
`simple` configuration, and a query's Han characters are read as the same pairs, in a phrase: a
word of two characters or more is found wherever it is written. (A trigram index could not
serve a word of two characters: it has no trigram to look for.) A single character is not found
on its own.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.utils import translation

from events.search import every_word
from notes.header import Header

# PostgreSQL text search configurations: stemming and stop words of each UN language.
LANGUAGE_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "zh-hans": "simple",
}

# The language whose notes are stored and searched as pairs of Han characters (han_pairs).
PAIRED = "zh-hans"
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")

# A list of results ranks at most this many of the matching notes, those published most
# recently: ranking reads each note's stored words (kilobytes each, stored out of line), and a
# query of common words matches half the notes (at 100,000 notes ranking them all took more
# than a second). For common words PostgreSQL walks note_live_published_idx and stops at the
# MOST_RANKED-th match; for rare words it reads the matches from the GIN index.
MOST_RANKED = 500
RECENTLY_PUBLISHED = ("-last_published_at", "-pk")

# The plain search reads the live revision: its sections and its frozen header.
NOTE_FIELDS = [
    "live_revision__title",
    "live_revision__objectives",
    "live_revision__background",
    "live_revision__highlights",
    "live_revision__additional_comments",
    "live_revision__header_json__title",
    "live_revision__header_json__city",
    "live_revision__header_json__country",
    "live_revision__header_json__organizers",
    "live_revision__header_json__organizations",
]


def uses_full_text():
    return connection.vendor == "postgresql"


def _pairs(run):
    return " ".join(run[i : i + 2] for i in range(max(len(run) - 1, 1)))


def han_pairs(text):
    """The text with each run of Han characters written as its overlapping pairs of characters,
    apart from what surrounds it: "关于出口管制。" is " 关于 于出 出口 口管 管制 。"."""
    return HAN_RUN.sub(lambda run: f" {_pairs(run.group())} ", text)


def _han_query(text):
    """A query's Han characters as pairs that must follow each other (a phrase): "出口管制" is
    '"出口 口管 管制"'; inside quotes the reader wrote, the pairs only."""

    def pairs(run):
        quoted = text.count('"', 0, run.start()) % 2
        return f" {_pairs(run.group())} " if quoted else f' "{_pairs(run.group())}" '

    return HAN_RUN.sub(pairs, text)


def note_search_vector(note):
    """The weighted tsvector of a note's live revision, or None (withdrawn, or not PostgreSQL).

    Reads the revision's fields and its frozen header only (no model methods), so that a
    migration can use it too: search finds what the public page shows."""
    revision = note.live_revision
    if revision is None or not uses_full_text():
        return None
    header = Header.from_json(getattr(revision, "header_json", None))
    config = LANGUAGE_CONFIGS.get(note.language, "simple")
    as_stored = han_pairs if note.language == PAIRED else str
    weighted = {
        "A": [revision.title, header.title],
        "B": [*header.organizers, *header.organizations, header.city, header.country],
        "C": [revision.objectives, revision.highlights],
        "D": [revision.background, revision.additional_comments],
    }
    parts = [
        SearchVector(Value(as_stored(" ".join(filter(None, texts)))), config=config, weight=weight)
        for weight, texts in weighted.items()
    ]
    return parts[0] + parts[1] + parts[2] + parts[3]


def search_notes(queryset, text):
    """Notes matching text, annotated with a ``rank`` (higher is better; 0 without ranking)."""
    if uses_full_text():
        matching = queryset.filter(search_vector=_in_any_language(text))
    else:
        matching = every_word(queryset, text, NOTE_FIELDS)
    return matching.annotate(rank=_rank(text))


def best_matches(notes, text, newest):
    """The ids of these matching notes, the best first: those in the reader's language (the
    active one), then by rank, then in the order `newest`; at most MOST_RANKED of them, those
    published most recently."""
    recent = notes.order_by(*RECENTLY_PUBLISHED).values("pk")[:MOST_RANKED]
    ranked = notes.model.objects.filter(pk__in=recent).annotate(rank=_rank(text))
    order = (_in_reader_language().desc(), "-rank", *newest)
    return list(ranked.order_by(*order).values_list("pk", flat=True))


def _in_reader_language():
    """1 for a note in the language of the page (/fr/notes/: French), else 0."""
    reader = translation.get_language()
    return Case(When(language=reader, then=Value(1)), default=Value(0), output_field=IntegerField())


def _queries(text):
    """{language: the query read with the stemming and stop words of that language}."""
    return {
        language: SearchQuery(
            _han_query(text) if language == PAIRED else text, config=config, search_type="websearch"
        )
        for language, config in LANGUAGE_CONFIGS.items()
    }


def _in_any_language(text):
    """One tsquery: the query read in every language, OR-ed.

    A note matches when its words match the query read in any of the languages, not only in
    its own. As one tsquery the GIN index decides the match alone; a test per language
    (language = 'fr' AND search_vector @@ the French query, OR …) made PostgreSQL read every
    matching note's stored words again to check it. The extra matches are words that another
    language stems alike (read in French, "academia" also finds "academy"); every note is
    still ranked in its own language (_rank)."""
    return reduce(operator.or_, _queries(text).values())


def _rank(text):
    """Each note ranked with the stemming of its own language; 0 without full-text search."""
    if not uses_full_text():
        return Value(0.0)
    ranks = [
        When(language=language, then=SearchRank(F("search_vector"), query))
        for language, query in _queries(text).items()
    ]
    return Case(*ranks, default=Value(0.0), output_field=FloatField())
