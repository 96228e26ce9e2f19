"""The staff list of events: search and filters by status, kind, year, venue country, region."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Country, RegionalGroup
from events.models import Event


def event_years():
    return [(day.year, day.year) for day in Event.objects.dates("start_date", "year", "DESC")]


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=Event.Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        choices=Event.Kind.choices, label=_("Kind"), empty_label=_("Any kind")
    )
    year = django_filters.ChoiceFilter(
        field_name="start_date",
        lookup_expr="year",
        choices=event_years,
        label=_("Year"),
        empty_label=_("Any year"),
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), label=_("Venue country"), empty_label=_("Any country")
    )
    region = django_filters.ChoiceFilter(
        field_name="country__regional_group",
        choices=RegionalGroup.choices,
        label=_("Region"),
        empty_label=_("Any region"),
    )

    class Meta:
        model = Event
        fields = ["q", "status", "kind", "year", "country", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.input_type = "search"

    def search(self, queryset, name, value):
        words = Q(title__icontains=value) | Q(city__icontains=value)
        return queryset.filter(words | Q(description__icontains=value))
