from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from contacts.models import Contact, Country, Organization, Role
from contacts.resources import ContactResource, OrganizationResource
from outreach.merge import MergeRefused, merge


class BulkAdmin(ImportExportModelAdmin):
    """Import and export as CSV/XLSX, with a preview of the changes before they apply."""

    formats = [CSV, XLSX]

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
class CountryAdmin(admin.ModelAdmin):
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
