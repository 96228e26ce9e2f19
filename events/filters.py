"""Filters of event lists, public and staff, and the filter fields the note list shares.

A filter set offers only the years and organizers its own events have: the public lists see
public events' years, the staff list all of them."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from contacts.models import Country, Organization, RegionalGroup
from events.models import Event
from events.search import EVENT_FIELDS, search_events

SEARCH_MAX_LENGTH = 200


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


def choice_filter(label, field_name, choices, empty_label):
    return django_filters.ChoiceFilter(
        label=label,
        field_name=field_name,
        choices=choices,
        empty_label=empty_label,
        widget=QuickSelect,
    )


def search_filter():
    return django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.SearchInput,
    )


def country_filter(label, field_name, empty_label):
    """A State chosen by its ISO code, so that a filtered address reads `?country=AUT`."""
    return django_filters.ModelChoiceFilter(
        label=label,
        field_name=field_name,
        to_field_name="iso3",
        queryset=Country.objects.all(),
        empty_label=empty_label,
        widget=QuickSelect,
    )


def organizer_filter(field_name):
    # Its choices are set by limit_choices_to().
    return django_filters.ModelChoiceFilter(
        label=_("Organizer"),
        field_name=field_name,
        queryset=Organization.objects.none(),
        empty_label=_("Any organizer"),
        widget=QuickSelect,
    )


def years_of(events):
    years = events.annotate(year=ExtractYear("start_date")).values_list("year", flat=True)
    return [(year, year) for year in years.distinct().order_by("-year")]


def limit_choices_to(filterset, events):
    """Offer the years and organizers of these events only."""
    filterset.filters["year"].extra["choices"] = years_of(events)
    organizers = Organization.objects.filter(Exists(events.filter(organizers=OuterRef("pk"))))
    filterset.filters["organizer"].queryset = organizers.order_by("name")


class EventFilter(django_filters.FilterSet):
    """Filters of /events/; every value is in the query string, so a filtered list has an address."""

    q = search_filter()
    year = choice_filter(_("Year"), "start_date__year", [], _("Any year"))
    region = choice_filter(
        _("UN regional group of the venue"),
        "country__regional_group",
        RegionalGroup.choices,
        _("Any group"),
    )
    country = country_filter(_("Venue country"), "country", _("Any country"))
    state = country_filter(_("Participating State"), "states", _("Any State"))
    kind = choice_filter(_("Kind of event"), "kind", Event.Kind.choices, _("Any kind"))
    organizer = organizer_filter("organizers")
    search_fields = EVENT_FIELDS

    class Meta:
        model = Event
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices_to(self, self.queryset)

    def search(self, queryset, name, value):
        return search_events(queryset, value, self.search_fields)


class StaffEventFilter(EventFilter):
    """The staff list also filters by status, and searches the description."""

    status = choice_filter(_("Status"), "status", Event.Status.choices, _("Any status"))
    search_fields = [*EVENT_FIELDS, "description"]

    class Meta(EventFilter.Meta):
        fields = []
