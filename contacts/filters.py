"""The staff directory's filters: search, country, organization and role."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Country, Role


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), label=_("Country"), empty_label=_("Any country")
    )
    organization = django_filters.CharFilter(method="in_organization", label=_("Organization"))
    role = django_filters.ModelChoiceFilter(
        field_name="roles", queryset=Role.objects.all(), label=_("Role"), empty_label=_("Any role")
    )

    class Meta:
        model = Contact
        fields = ["q", "country", "organization", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = {"data-typeahead": "organizations", "autocomplete": "off"}
        self.form.fields["organization"].widget.attrs |= attrs
        self.form.fields["q"].widget.input_type = "search"

    def search(self, queryset, name, value):
        words = Q(name__icontains=value) | Q(position__icontains=value) | Q(email__icontains=value)
        return queryset.filter(words)

    def in_organization(self, queryset, name, value):
        # The type-ahead offers "Name (ACRONYM)"; a part of the name or the acronym also does.
        name_part = value.rsplit(" (", 1)[0]
        return queryset.filter(
            Q(organization__name__icontains=name_part) | Q(organization__acronym__iexact=value)
        )
