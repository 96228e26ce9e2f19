import json

import tablib
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from contacts.models import Contact, Country, Organization, Role
from contacts.personal_data import erase, personal_data
from contacts.resources import (
    ContactResource,
    ExportForm,
    OrganizationResource,
    ReportResource,
    SafeCSV,
    SafeXLSX,
)
from outreach.changes import records_changed
from outreach.merge import MergeRefused, comparison, merge, merged_fields


class ChangeNoticeMixin:
    """Say that records changed once the admin has saved one with its relations, or deleted
    some, for the records that show them elsewhere (outreach.changes: a note's header shows
    its event; the public pages show events, organizations and countries)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        records_changed(self.model, [form.instance.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        records_changed(self.model, [pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        records_changed(self.model, pks)


class BulkAdmin(ChangeNoticeMixin, ImportExportModelAdmin):
    """Import and export as CSV/XLSX, with a preview of the changes before they apply.

    The export page offers the model's reports first (contacts.resources.ReportResource: names
    and labels, to be read), the default choice, then the importable resources (codes and
    natural keys, to edit and import back). The import page offers only the importable ones,
    each with an empty template file to fill in.

    Exporting needs the permission to view the model (IMPORT_EXPORT_EXPORT_PERMISSION_CODE),
    and a resource that shows records of other models (the event report names attendees) the
    permissions listed for it in `export_permissions`. Files are written by SafeCSV and
    SafeXLSX: no cell of an export runs as a formula in a spreadsheet."""

    formats = [SafeCSV, SafeXLSX]
    export_form_class = ExportForm
    # {resource class: ["app_label.codename", ...]} needed on top of viewing the model.
    export_permissions = {}

    def get_resource_classes(self, request):
        listed = list(super().get_resource_classes(request))
        return [*(r for r in ReportResource.of(self.model) if r not in listed), *listed]

    def get_import_resource_classes(self, request):
        classes = super().get_import_resource_classes(request)
        return [cls for cls in classes if not issubclass(cls, ReportResource)]

    def get_export_resource_classes(self, request):
        classes = [
            cls
            for cls in super().get_export_resource_classes(request)
            if request.user.has_perms(self.export_permissions.get(cls, ()))
        ]
        return sorted(classes, key=lambda cls: not issubclass(cls, ReportResource))

    def response_action(self, request, queryset, *args, **kwargs):
        # An id that is no id (a tampered or stale form) would fail deep in the queryset.
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                self.opts.pk.to_python(value)
            except ValidationError:
                message = _(
                    "The selection was not valid: it names a record that is not there. "
                    "Nothing was changed."
                )
                self.message_user(request, message, messages.ERROR)
                return None
        return super().response_action(request, queryset, *args, **kwargs)

    def get_urls(self):
        app_label, model_name = self.get_model_info()
        name = f"{app_label}_{model_name}_import_template"
        view = self.admin_site.admin_view(self.import_template_view)
        return [path("import/template.<str:extension>", view, name=name), *super().get_urls()]

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        app_label, model_name = self.get_model_info()
        name = f"{self.admin_site.name}:{app_label}_{model_name}_import_template"
        context["import_templates"] = [
            (extension.upper(), reverse(name, args=[extension]))
            for extension in (f().get_extension() for f in self.get_import_formats())
        ]
        return context

    def import_template_view(self, request, extension):
        """A file with the headers of the (first) import resource and no rows: filled in, it
        imports back as it is."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = {f().get_extension(): f for f in self.get_import_formats()}
        if extension not in formats:
            raise Http404
        file_format = formats[extension]()
        resource_class = self.get_import_resource_classes(request)[0]
        resource = resource_class(**self.get_import_resource_kwargs(request))
        headers = [field.column_name for field in resource.get_user_visible_fields()]
        response = HttpResponse(
            file_format.export_data(tablib.Dataset(headers=headers)),
            content_type=file_format.get_content_type(),
        )
        filename = f"{self.opts.model_name}-template.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def has_import_permission(self, request):
        # An import adds and changes rows: it needs both permissions, like the forms do.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_merge_permission(self, request):
        # A merge changes the record kept and deletes the others.
        return self.has_change_permission(request) and self.has_delete_permission(request)


@admin.action(description=_("Merge selected duplicates into one"), permissions=["merge"])
def merge_selected(modeladmin, request, queryset):
    """First an intermediate page that shows the records side by side, to choose the record to
    keep and, where they differ, the value of each field; then the merge (outreach.merge),
    which writes down every value it does not keep."""
    records = list(queryset)
    if len(records) < 2:
        modeladmin.message_user(request, _("Select at least two records to merge."), messages.ERROR)
        return None
    if "apply" not in request.POST or not request.POST.get("keep"):
        return _merge_page(modeladmin, request, records)
    by_id = {str(record.pk): record for record in records}
    keep = by_id.get(request.POST["keep"])
    choices = {
        field.name: by_id.get(request.POST[f"field_{field.name}"])
        for field in merged_fields(modeladmin.model)
        if f"field_{field.name}" in request.POST
    }
    if keep is None or None in choices.values():
        modeladmin.message_user(
            request,
            _(
                "The merge was refused: a choice names a record that is not among those "
                "selected. Nothing was changed."
            ),
            messages.ERROR,
        )
        return None
    duplicates = [record for record in records if record is not keep]
    try:
        message = merge(keep, duplicates, by=request.user, choices=choices)
    except MergeRefused as refusal:
        modeladmin.message_user(request, str(refusal), messages.ERROR)
        return None
    modeladmin.message_user(request, f"{keep}: {message}", messages.SUCCESS)
    return None


def _merge_page(modeladmin, request, records):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge duplicates"),
        "opts": modeladmin.model._meta,
        "queryset": records,
        "rows": comparison(records),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "missing_choice": "apply" in request.POST,
    }
    return TemplateResponse(request, "admin/merge.html", context)


@admin.register(Country)
class CountryAdmin(ChangeNoticeMixin, admin.ModelAdmin):
    list_display = ["name", "iso3", "iso2", "regional_group", "is_member"]
    list_filter = ["regional_group", "is_member"]
    search_fields = ["name", "iso2", "iso3"]


@admin.register(Organization)
class OrganizationAdmin(BulkAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country__regional_group"]
    list_select_related = ["country"]
    search_fields = ["name", "acronym", "country__name"]
    autocomplete_fields = ["country"]
    actions = [merge_selected]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Contact)
class ContactAdmin(BulkAdmin):
    resource_classes = [ContactResource]
    list_display = [
        "name",
        "honorific",
        "position",
        "organization",
        "country",
        "email",
        "is_active",
    ]
    list_filter = ["is_active", "roles", "country__regional_group", "organization__kind"]
    list_select_related = ["organization", "country"]
    search_fields = [
        "name",
        "email",
        "position",
        "organization__name",
        "organization__acronym",
        "country__name",
    ]
    autocomplete_fields = ["organization", "country", "roles"]
    actions = [merge_selected]

    def get_urls(self):
        def view(function, suffix):
            name = f"contacts_contact_{suffix}"
            return path(
                f"<path:object_id>/{suffix}/", self.admin_site.admin_view(function), name=name
            )

        return [
            view(self.personal_data_view, "personal_data"),
            view(self.erase_view, "erase"),
            *super().get_urls(),
        ]

    def _contact(self, request, object_id):
        contact = self.get_object(request, unquote(object_id))
        if contact is None:
            raise Http404
        return contact

    def personal_data_view(self, request, object_id):
        """Everything held about the contact, as a JSON file (contacts.personal_data)."""
        contact = self._contact(request, object_id)
        if not self.has_view_permission(request, contact):
            raise PermissionDenied
        data = personal_data(contact)
        data["exported_by"] = request.user.get_username()
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        filename = f"contact-{contact.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def erase_view(self, request, object_id):
        """Ask, then erase the person (contacts.personal_data.erase): needs the permission to
        delete the contact."""
        contact = self._contact(request, object_id)
        if not self.has_delete_permission(request, contact):
            raise PermissionDenied
        if request.method == "POST":
            erased = erase(contact, by=request.user)
            self.message_user(
                request,
                _("The personal data of %(name)s were erased.") % {"name": erased},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:contacts_contact_change", args=[erased.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase the personal data of this contact?"),
            "opts": self.opts,
            "object": contact,
            "attendances": contact.attendances.count(),
            "can_export_personal_data": self.has_view_permission(request, contact),
        }
        return TemplateResponse(request, "admin/contacts/contact/erase_confirmation.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["can_export_personal_data"] = self.has_view_permission(request, obj)
            context["can_erase"] = self.has_delete_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
