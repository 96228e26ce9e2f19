"""The plain search every database can run: each word of the query must appear somewhere.

Used for events everywhere, and for notes where there is no full-text search (notes.search)."""

from django.db.models import Exists, OuterRef, Q

from contacts.models import Organization
from outreach.text import strip_control_characters

# What an event is found by: its title, its venue and (see every_word) its organizers.
EVENT_FIELDS = ["title", "city", "country__name"]
# Each word is one more condition on every row: a query of many words is cut to its first
# MAX_WORDS different words (a public query could otherwise keep the database busy).
MAX_WORDS = 20


def words_of(text):
    """The different words of a query, in order, at most MAX_WORDS; quotes and control
    characters (no stored text has them; PostgreSQL refuses a NUL) are left out."""
    words = strip_control_characters(text).replace('"', " ").split()
    return list(dict.fromkeys(words))[:MAX_WORDS]


def every_word(queryset, text, fields, *, organizers_of=None):
    """Rows where each word of text is in one of fields, or names one of the organizers of the
    event `organizers_of` points to (name or acronym), in any case."""
    for word in words_of(text):
        match = Q()
        if organizers_of is not None:
            organizers = Organization.objects.filter(organized_events=organizers_of)
            named = organizers.filter(Q(name__icontains=word) | Q(acronym__icontains=word))
            match = Q(Exists(named))
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def search_events(queryset, text, fields=EVENT_FIELDS):
    """Events whose title, venue or organizers (or other `fields`) contain every word of text."""
    return every_word(queryset, text, fields, organizers_of=OuterRef("pk"))
