"""What the public may see of events, and the filters of the public note and event lists."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from contacts.models import Country, Organization, RegionalGroup
from events.models import Event
from notes.models import Note
from notes.search import search_events

SEARCH_MAX_LENGTH = 200


def public_events():
    """Events the public may see: those with a published note, and those flagged public."""
    has_note = Exists(Note.objects.published().filter(event=OuterRef("pk")))
    return Event.objects.filter(Q(is_public=True) | Q(has_note))


def public_organizers(request=None):
    return Organization.objects.filter(
        Exists(public_events().filter(organizers=OuterRef("pk")))
    ).order_by("name")


def _years(events):
    years = events.annotate(year=ExtractYear("start_date")).values_list("year", flat=True)
    return [(year, year) for year in years.distinct().order_by("-year")]


def note_years():
    published = Event.objects.filter(Exists(Note.objects.published().filter(event=OuterRef("pk"))))
    return _years(published)


def event_years():
    return _years(public_events())


class QuickSelect(forms.Select):
    """A select that writes its options in Python.

    Django's widgets render a template per option; with two lists of every State that made
    the list pages several times slower."""

    def render(self, name, value, attrs=None, renderer=None):
        current = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if str(v) == current else "", label) for v, label in self.choices),
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


def _choice_field(label, field_name, choices, empty_label):
    return django_filters.ChoiceFilter(
        label=label,
        field_name=field_name,
        choices=choices,
        empty_label=empty_label,
        widget=QuickSelect,
    )


def _search_field():
    return django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.SearchInput,
    )


def _country_field(label, field_name, empty_label):
    return django_filters.ModelChoiceFilter(
        label=label,
        field_name=field_name,
        to_field_name="iso3",
        queryset=Country.objects.all(),
        empty_label=empty_label,
        widget=QuickSelect,
    )


def _organizer_field(field_name):
    return django_filters.ModelChoiceFilter(
        label=_("Organizer"),
        field_name=field_name,
        queryset=public_organizers,
        empty_label=_("Any organizer"),
        widget=QuickSelect,
    )


class NoteFilter(django_filters.FilterSet):
    """Filters of /notes/; every value is in the query string, so a filtered list has an address."""

    q = _search_field()
    # Its choices, the years with a published note, are read when the filters are made.
    year = _choice_field(_("Year"), "event__start_date__year", [], _("Any year"))
    region = _choice_field(
        _("UN regional group of the venue"),
        "event__country__regional_group",
        RegionalGroup.choices,
        _("Any group"),
    )
    country = _country_field(_("Venue country"), "event__country", _("Any country"))
    state = _country_field(_("Participating State"), "event__states", _("Any State"))
    kind = _choice_field(_("Kind of event"), "event__kind", Event.Kind.choices, _("Any kind"))
    organizer = _organizer_field("event__organizers")

    class Meta:
        model = Note
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = note_years()

    def search(self, queryset, name, value):
        return queryset.search(value)


class EventFilter(django_filters.FilterSet):
    """Filters of /events/: the same as those of the notes, on the event itself."""

    q = _search_field()
    year = _choice_field(_("Year"), "start_date__year", [], _("Any year"))
    region = _choice_field(
        _("UN regional group of the venue"),
        "country__regional_group",
        RegionalGroup.choices,
        _("Any group"),
    )
    country = _country_field(_("Venue country"), "country", _("Any country"))
    state = _country_field(_("Participating State"), "states", _("Any State"))
    kind = _choice_field(_("Kind of event"), "kind", Event.Kind.choices, _("Any kind"))
    organizer = _organizer_field("organizers")

    class Meta:
        model = Event
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = event_years()

    def search(self, queryset, name, value):
        return search_events(queryset, value)
