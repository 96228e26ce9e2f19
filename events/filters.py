"""The filters of event lists, staff and public, and of the public note list.

The filters are declared once: a list whose rows are notes reaches their event through
``event_path``. What each select offers comes from ``options()``; here every value, as the staff
list needs. The public lists offer only the values of their own rows (``notes/public_filters.py``).
"""

from functools import lru_cache

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from contacts.models import Country, Organization, RegionalGroup
from events.models import Event
from events.search import EVENT_FIELDS, search_events

SEARCH_MAX_LENGTH = 200


class QuickSelect(forms.Select):
    """A select that writes its options in Python, once for each list of choices.

    Django's widgets render a template per option; with two lists of every State that made
    the list pages several times slower. The options of a list are written once and kept
    (``options_html``); the chosen one is marked in the copy each page gets."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple((str(v), str(label)) for v, label in self.choices)
        options = options_html(choices)
        current = "" if value is None else str(value)
        if any(v == current for v, _label in choices):
            chosen = f'<option value="{escape(current)}">'
            options = options.replace(chosen, f'<option value="{escape(current)}" selected>', 1)
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, mark_safe(options))  # nosec B308 B703 # escaped in options_html


@lru_cache(maxsize=256)
def options_html(choices):
    """The <option> elements of these (value, label) pairs, escaped."""
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices
    )


def choice_filter(label, field_name, empty_label, choices=()):
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


def years_of(events):
    """The years these events start in, newest first."""
    years = events.annotate(year=ExtractYear("start_date")).values_list("year", flat=True)
    return [(year, year) for year in years.distinct().order_by("-year")]


def countries_of(events, relation):
    """(ISO code, name, regional group) of the countries these events name through `relation`
    ("country": the venue, "states": the participants), by name."""
    named = Exists(events.filter(**{relation: OuterRef("pk")}))
    countries = Country.objects.filter(named).order_by("name")
    return list(countries.values_list("iso3", "name", "regional_group"))


def organizers_of(events):
    """(id, name) of the organizers of these events, by name."""
    organizers = Organization.objects.filter(Exists(events.filter(organizers=OuterRef("pk"))))
    return [(org.pk, str(org)) for org in organizers.only("name", "acronym").order_by("name")]


def every_option():
    """Every value of each select: all years and organizers of events, all countries."""
    countries = list(Country.objects.order_by("name").values_list("iso3", "name"))
    return {
        "year": years_of(Event.objects.all()),
        "region": RegionalGroup.choices,
        "country": countries,
        "state": countries,
        "organizer": organizers_of(Event.objects.all()),
    }


class EventFilter(django_filters.FilterSet):
    """Filters of an event list; every value is in the query string, so a filtered list has an
    address. A country is chosen by its ISO code, so that the address reads `?country=AUT`."""

    q = search_filter()
    year = choice_filter(_("Year"), "start_date__year", _("Any year"))
    region = choice_filter(
        _("UN regional group of the venue"), "country__regional_group", _("Any group")
    )
    country = choice_filter(_("Venue country"), "country__iso3", _("Any country"))
    state = choice_filter(_("Participating State"), "states__iso3", _("Any State"))
    kind = choice_filter(_("Kind of event"), "kind", _("Any kind"), Event.Kind.choices)
    organizer = choice_filter(_("Organizer"), "organizers", _("Any organizer"))
    search_fields = EVENT_FIELDS
    # How a row of the list reaches its event: "" for events, "event__" for notes.
    event_path = ""

    class Meta:
        model = Event
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if not filter_.method:
                filter_.field_name = self.event_path + filter_.field_name
        for name, choices in self.options().items():
            self.filters[name].extra["choices"] = [*choices, *self.kept(name, choices)]

    def options(self):
        """The choices of year, region, country, state and organizer (the kinds are fixed)."""
        return every_option()

    def understood(self, name, value):
        """The label of a value of the query string that the options lack but that still
        filters (to nothing); None if the value means nothing. Staff are offered every value."""
        return None

    def kept(self, name, choices):
        """The chosen value if the options lack it but it is understood: it filters and stays
        selected in the form."""
        value = self.data.get(name) if self.is_bound else None
        if not value or any(str(option) == value for option, _label in choices):
            return []
        label = self.understood(name, value)
        return [] if label is None else [(value, label)]

    def search(self, queryset, name, value):
        return search_events(queryset, value, self.search_fields)


class StaffEventFilter(EventFilter):
    """The staff list also filters by status, and searches the description."""

    status = choice_filter(_("Status"), "status", _("Any status"), Event.Status.choices)
    search_fields = [*EVENT_FIELDS, "description"]

    class Meta(EventFilter.Meta):
        fields = []
