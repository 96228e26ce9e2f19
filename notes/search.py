"""Search over published notes and public events.

On PostgreSQL a note's words are stored, weighted and stemmed in the note's language, in
``Note.search_vector`` (a GIN-indexed tsvector refreshed on publish and withdrawal), and a
search is ranked. Other databases have no full-text search in the ORM: there every word of
the query must appear, in any case, in one of the same fields.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When

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


def note_search_vector(note):
    """The weighted tsvector of a note's live revision, or None (withdrawn, or not PostgreSQL).

    Reads the revision's fields and its frozen header only (no model methods), so that a
    migration can use it too: search finds what the public page shows."""
    revision = note.live_revision
    if revision is None or not uses_full_text():
        return None
    header = Header.from_json(getattr(revision, "header_json", None))
    config = LANGUAGE_CONFIGS.get(note.language, "simple")
    weighted = {
        "A": [revision.title, header.title],
        "B": [*header.organizers, *header.organizations, header.city, header.country],
        "C": [revision.objectives, revision.highlights],
        "D": [revision.background, revision.additional_comments],
    }
    parts = [
        SearchVector(Value(" ".join(filter(None, texts))), config=config, weight=weight)
        for weight, texts in weighted.items()
    ]
    return parts[0] + parts[1] + parts[2] + parts[3]


def search_notes(queryset, text):
    """Notes matching text, annotated with a ``rank`` (higher is better; 0 without ranking)."""
    if uses_full_text():
        return _full_text(queryset, text)
    matching = every_word(queryset, text, NOTE_FIELDS)
    return matching.annotate(rank=Value(0.0))


def _full_text(queryset, text):
    # Each note is matched with the stemming of its own language.
    match, ranks = Q(), []
    for language, config in LANGUAGE_CONFIGS.items():
        query = SearchQuery(text, config=config, search_type="websearch")
        match |= Q(language=language, search_vector=query)
        ranks.append(When(language=language, then=SearchRank(F("search_vector"), query)))
    rank = Case(*ranks, default=Value(0.0), output_field=FloatField())
    return queryset.filter(match).annotate(rank=rank)
