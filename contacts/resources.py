"""Organizations and contacts as CSV/XLSX rows for django-import-export.

Relations are written by natural key (a country by its ISO alpha-3 code, an organization by its
name), and an unknown key is a row error: a guess would link the wrong record, and dropping it
silently would lose what the spreadsheet said."""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from contacts.models import Contact, Country, Organization, Role


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(_unknown(self.model, self.field, [value])) from None


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Several natural keys in one cell, separated by ";" (names contain commas)."""

    def __init__(self, model, field):
        super().__init__(model, separator=";", field=field)

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        keys = [key.strip() for key in str(value or "").split(self.separator) if key.strip()]
        missing = set(keys) - {str(getattr(obj, self.field)) for obj in found}
        if missing:
            raise ValueError(_unknown(self.model, self.field, sorted(missing)))
        return found


def _unknown(model, field, keys):
    return _("No %(model)s with %(field)s %(keys)s.") % {
        "model": model._meta.verbose_name,
        "field": model._meta.get_field(field).verbose_name,
        "keys": ", ".join(f"“{key}”" for key in keys),
    }


def country_field(attribute="country"):
    return fields.Field(attribute, attribute, NaturalKeyWidget(Country, "iso3"))


def organization_field(attribute="organization"):
    return fields.Field(attribute, attribute, NaturalKeyWidget(Organization, "name"))


class OrganizationResource(resources.ModelResource):
    country = country_field()

    class Meta:
        model = Organization
        fields = ["name", "acronym", "kind", "country", "website"]
        import_id_fields = ["name"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class ContactResource(resources.ModelResource):
    organization = organization_field()
    country = country_field()
    roles = fields.Field("roles", "roles", NaturalKeysWidget(Role, "name"))

    class Meta:
        model = Contact
        fields = [
            "honorific",
            "name",
            "position",
            "organization",
            "country",
            "email",
            "phone",
            "roles",
            "remarks",
            "is_active",
        ]
        # People have no code: a contact is the same person when name and e-mail match.
        import_id_fields = ["name", "email"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
