import tablib
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from contacts.models import Contact, Country, Organization, Role
from contacts.resources import ContactResource, ExportForm, OrganizationResource, ReportResource
from outreach.changes import records_changed
from outreach.merge import MergeRefused, merge


class ChangeNoticeMixin:
    """Say that a record changed once the admin has saved it with its relations, for the records
    that show it elsewhere (outreach.changes: a note's header shows its event)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            records_changed(self.model, [form.instance.pk])


class BulkAdmin(ChangeNoticeMixin, ImportExportModelAdmin):
    """Import and export as CSV/XLSX, with a preview of the changes before they apply.

    The export page offers the model's reports first (contacts.resources.ReportResource: names
    and labels, to be read), the default choice, then the importable resources (codes and
    natural keys, to edit and import back). The import page offers only the importable ones,
    each with an empty template file to fill in."""

    formats = [CSV, XLSX]
    export_form_class = ExportForm

    def get_resource_classes(self, request):
        listed = list(super().get_resource_classes(request))
        return [*(r for r in ReportResource.of(self.model) if r not in listed), *listed]

    def get_import_resource_classes(self, request):
        classes = super().get_import_resource_classes(request)
        return [cls for cls in classes if not issubclass(cls, ReportResource)]

    def get_export_resource_classes(self, request):
        classes = super().get_export_resource_classes(request)
        return sorted(classes, key=lambda cls: not issubclass(cls, ReportResource))

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
    """First an intermediate page to choose the record to keep, then the merge."""
    if queryset.count() < 2:
        modeladmin.message_user(request, _("Select at least two records to merge."), messages.ERROR)
        return None
    keep = queryset.filter(pk=request.POST.get("keep") or None).first()
    if "apply" not in request.POST or keep is None:
        return _merge_page(modeladmin, request, queryset)
    try:
        message = merge(keep, list(queryset.exclude(pk=keep.pk)), by=request.user)
    except MergeRefused as refusal:
        modeladmin.message_user(request, str(refusal), messages.ERROR)
        return None
    modeladmin.message_user(request, f"{keep}: {message}", messages.SUCCESS)
    return None


def _merge_page(modeladmin, request, queryset):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge duplicates"),
        "opts": modeladmin.model._meta,
        "queryset": queryset,
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
