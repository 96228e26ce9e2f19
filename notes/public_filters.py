"""What the public may see of events, and the filters of the public lists /notes/ and /events/."""

from django.db.models import Q

from contacts.models import RegionalGroup
from events import filters as event_filters
from events.models import Event
from notes.filter_options import cached_options, country_names, generation_of
from notes.models import Note

__all__ = ["EventFilter", "NoteFilter", "public_events"]


def public_events():
    """Events the public may see: those with a published note, and those flagged public.

    `has_published_note` is kept by the workflow in the transaction of every change of a
    published note (notes.models.refresh_published_notes): no list reads every event's notes."""
    return Event.objects.filter(Q(is_public=True) | Q(has_published_note=True))


def events_with_published_notes():
    """The events of the note list's rows, by the flag the workflow keeps: at 100,000 notes the
    filter options read through it in a fifth of the time a test of each event's notes took."""
    return Event.objects.filter(has_published_note=True)


class PublicOptions:
    """The selects of a public list offer only the values of its own rows, from the cache.

    A value of the query string that they lack still filters (to an empty list, and stays
    selected) when it names something the public site shows: any country or regional group,
    each with its own page, and a year or an organizer of a public event. A reader who follows
    an old link to `?country=FRA` after the last note on France was withdrawn is told that no
    note matches, with France selected, rather than shown every note under a message that the
    address was not understood. Anything else, an unknown code or an organizer of no public
    event, is not understood."""

    scope = None  # the key of the list's options: "notes" or "events"
    rows_events = None  # the events of the list's rows

    def options(self):
        return cached_options(generation_of(self.request), self.scope, self.rows_events)

    def understood(self, name, value):
        generation = generation_of(self.request)
        if name in ("country", "state"):
            return country_names(generation).get(value)
        if name == "region":
            return dict(RegionalGroup.choices).get(value)
        shown = cached_options(generation, "events", public_events)[name]
        return {str(option): label for option, label in shown}.get(value)


class EventFilter(PublicOptions, event_filters.EventFilter):
    """Filters of /events/."""

    scope = "events"
    rows_events = staticmethod(public_events)


class NoteFilter(PublicOptions, event_filters.EventFilter):
    """Filters of /notes/: those of the event list, on each note's event."""

    scope = "notes"
    rows_events = staticmethod(events_with_published_notes)
    event_path = "event__"

    class Meta:
        model = Note
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)
