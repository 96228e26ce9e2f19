"""Events as CSV/XLSX rows for django-import-export: relations by natural key, a slug per event."""

from import_export import fields

from contacts.models import Country, Organization
from contacts.resources import IMPORTABLE, ImportableResource, NaturalKeysWidget, country_field
from events.models import Event


class EventResource(ImportableResource):
    country = country_field()
    organizers = fields.Field("organizers", "organizers", NaturalKeysWidget(Organization, "name"))
    states = fields.Field("states", "states", NaturalKeysWidget(Country, "iso3"))
    organizations = fields.Field(
        "organizations", "organizations", NaturalKeysWidget(Organization, "name")
    )

    class Meta:
        model = Event
        name = IMPORTABLE
        fields = [
            "slug",
            "title",
            "kind",
            "format",
            "status",
            "start_date",
            "end_date",
            "city",
            "country",
            "organizers",
            "states",
            "states_count",
            "organizations",
            "is_public",
            "description",
        ]
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def filter_export(self, queryset, **kwargs):
        # One query per relation for the whole export, not one per event.
        return queryset.select_related("country").prefetch_related(
            "organizers", "states", "organizations"
        )
