"""Organizations and contacts as CSV/XLSX rows for django-import-export, and what the admin's
import and export pages share.

Importable resources write relations by natural key (a country by its ISO alpha-3 code, an
organization by its name), and an unknown key is a row error: a guess would link the wrong record,
and dropping it silently would lose what the spreadsheet said. Reports are export only and written
to be read: names and labels instead of codes."""

import re

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX, TablibFormat
from import_export.forms import SelectableFieldsExportForm
from tablib.formats._xlsx import XLSXFormat

from contacts.models import Contact, Country, Organization, Role
from outreach.changes import records_changed
from outreach.text import strip_control_characters

# The columns of a contact, in the order both its importable file and its report use.
CONTACT_COLUMNS = [
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


# What makes a spreadsheet read a cell as a formula (or, for tab and carriage return, what
# some spreadsheets strip before they do): a cell that starts with one of these is a formula
# injection waiting for someone to open the file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A value our CSV export escaped: one apostrophe more than it had, before a formula start.
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def neutralise_formula(value):
    """`value` as a CSV cell no spreadsheet runs: a leading apostrophe before a formula start
    (the way one types such text into a spreadsheet). A value that already reads as escaped
    ("'=…") gets one more, so that clean_formula gives back exactly what was exported."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or _ESCAPED.match(value)):
        return "'" + value
    return value


def clean_formula(value):
    """The value neutralise_formula escaped, as it was."""
    if isinstance(value, str) and _ESCAPED.match(value):
        return value[1:]
    return value


class SafeCSV(CSV):
    """CSV whose cells never start a formula when the file is opened in a spreadsheet
    (neutralise_formula); an import takes the escape off again, so an exported file imports
    back unchanged. The library's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a leading
    "=", which changes the value and leaves "+", "-" and "@" live."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_mapped(dataset, neutralise_formula), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return _mapped(super().create_dataset(in_stream, **kwargs), clean_formula)


def _mapped(dataset, function):
    rows = [tuple(function(value) for value in row) for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers, title=dataset.title)


class _TextCellsXLSXFormat(XLSXFormat):
    """Tablib's XLSX writer, with every cell that starts like a formula written as text."""

    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    # A text cell, never a formula, marked as typed after an apostrophe: the
                    # spreadsheet shows the value as it is and keeps it text when edited.
                    cell.data_type = "s"
                    cell.quotePrefix = True


class _TextCells(TablibFormat):
    def export_data(self, dataset, **kwargs):
        return _TextCellsXLSXFormat.export_set(dataset, **kwargs)


class SafeXLSX(XLSX, _TextCells):
    """XLSX whose cells that start like a formula are text cells with the exact value (the
    library's XLSX.export_data, with its handling of illegal characters, writes through
    _TextCells)."""


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


class ImportableResource(resources.ModelResource):
    """A resource whose every bad cell is a validation error of its row, named by its column."""

    def before_import_row(self, row, **kwargs):
        # A spreadsheet has nobody to ask: its control characters go (outreach.text).
        super().before_import_row(row, **kwargs)
        for column, value in row.items():
            row[column] = strip_control_characters(value)

    def import_instance(self, instance, row, **kwargs):
        # Many-to-many cells are saved after the row, where an unknown key would be an error
        # without its column; check them with the other cells instead.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not self._is_dry_run(kwargs):
            # Notes show events and organizations in their header, the public pages show them
            # too (outreach.changes).
            records_changed(self._meta.model, [row.object_id for row in result.valid_rows()])


class ReportResource(resources.ModelResource):
    """An export-only resource written to be read: names and labels where the importable
    resource of the same model writes codes (“Senegal”, not “SEN”; “Government agency”, not
    “government”), and headers in words.

    The admin offers every report of a model first on its export page, as the default choice,
    and never on its import page."""

    @classmethod
    def of(cls, model):
        """The reports of `model` (the direct subclasses of ReportResource), as defined."""
        return [report for report in cls.__subclasses__() if report._meta.model is model]


IMPORTABLE = gettext_lazy("Importable: codes and keys, to edit and import back")


def yes_no(value):
    return _("Yes") if value else _("No")


class ExportForm(SelectableFieldsExportForm):
    """The export page's form, where every ticked column is exported.

    The library's form names the box of a column "<resource>_<column>"; once valid, it strips
    the prefix and files the boxes among the form's own values, where the file format (the
    form's "format") overwrites the box of a column called "format" (an event's format): that
    column was left out of the file however it was ticked. This form reads the boxes by their
    own names instead."""

    def clean(self):
        # The library's clean() is the one that renames the boxes: skip it.
        cleaned_data = super(SelectableFieldsExportForm, self).clean()
        resource = self.get_selected_resource()
        self.selected_fields = [
            field
            for field in resource().get_export_order()
            if cleaned_data.get(self.create_boolean_field_name(resource, field)) is True
        ]
        if not self.selected_fields:
            raise forms.ValidationError(
                gettext_lazy('Select at least 1 field for "%(resource_name)s" to export'),
                code="invalid",
                params={"resource_name": resource.get_display_name()},
            )
        return cleaned_data

    def get_selected_resource_export_fields(self):
        return self.selected_fields


class OrganizationResource(ImportableResource):
    country = country_field()

    class Meta:
        model = Organization
        name = IMPORTABLE
        fields = ["name", "acronym", "kind", "country", "website"]
        import_id_fields = ["name"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class ContactResource(ImportableResource):
    organization = organization_field()
    country = country_field()
    roles = fields.Field("roles", "roles", NaturalKeysWidget(Role, "name"))

    class Meta:
        model = Contact
        name = IMPORTABLE
        fields = CONTACT_COLUMNS
        # People have no code: a contact is the same person when name and e-mail match.
        import_id_fields = ["name", "email"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class OrganizationReportResource(ReportResource):
    name = fields.Field("name", gettext_lazy("Name"))
    acronym = fields.Field("acronym", gettext_lazy("Acronym"))
    kind = fields.Field("get_kind_display", gettext_lazy("Kind"))
    country = fields.Field("country__name", gettext_lazy("Country"))
    website = fields.Field("website", gettext_lazy("Website"))

    class Meta:
        model = Organization
        name = gettext_lazy("Report: organizations with their kind and country")
        fields = ["name", "acronym", "kind", "country", "website"]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("country")


class ContactReportResource(ReportResource):
    honorific = fields.Field("honorific", gettext_lazy("Honorific"))
    name = fields.Field("name", gettext_lazy("Name"))
    position = fields.Field("position", gettext_lazy("Position"))
    organization = fields.Field("organization__name", gettext_lazy("Organization"))
    country = fields.Field("country__name", gettext_lazy("Country"))
    email = fields.Field("email", gettext_lazy("E-mail"))
    phone = fields.Field("phone", gettext_lazy("Phone"))
    roles = fields.Field(column_name=gettext_lazy("Roles"))
    remarks = fields.Field("remarks", gettext_lazy("Private remarks"))
    is_active = fields.Field(column_name=gettext_lazy("Active"))

    class Meta:
        model = Contact
        name = gettext_lazy("Report: contacts with their organization, country and roles")
        fields = CONTACT_COLUMNS

    def filter_export(self, queryset, **kwargs):
        # A fixed number of queries whatever the number of contacts exported.
        return queryset.select_related("organization", "country").prefetch_related("roles")

    def dehydrate_roles(self, contact):
        return "; ".join(role.name for role in contact.roles.all())

    def dehydrate_is_active(self, contact):
        return yes_no(contact.is_active)
