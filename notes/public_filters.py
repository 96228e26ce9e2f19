"""What the public may see of events, and the filters of the public note list."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from contacts.models import RegionalGroup
from events.filters import (
    EventFilter,
    choice_filter,
    country_filter,
    limit_choices_to,
    organizer_filter,
    search_filter,
)
from events.models import Event
from notes.models import Note

__all__ = ["EventFilter", "NoteFilter", "public_events"]


def public_events():
    """Events the public may see: those with a published note, and those flagged public."""
    has_note = Exists(Note.objects.published().filter(event=OuterRef("pk")))
    return Event.objects.filter(Q(is_public=True) | Q(has_note))


class NoteFilter(django_filters.FilterSet):
    """Filters of /notes/: those of the event list, on each note's event."""

    q = search_filter()
    year = choice_filter(_("Year"), "event__start_date__year", [], _("Any year"))
    region = choice_filter(
        _("UN regional group of the venue"),
        "event__country__regional_group",
        RegionalGroup.choices,
        _("Any group"),
    )
    country = country_filter(_("Venue country"), "event__country", _("Any country"))
    state = country_filter(_("Participating State"), "event__states", _("Any State"))
    kind = choice_filter(_("Kind of event"), "event__kind", Event.Kind.choices, _("Any kind"))
    organizer = organizer_filter("event__organizers")

    class Meta:
        model = Note
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = Event.objects.filter(Exists(self.queryset.filter(event=OuterRef("pk"))))
        limit_choices_to(self, events)

    def search(self, queryset, name, value):
        return queryset.search(value)
