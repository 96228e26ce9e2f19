from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from contacts.admin import BulkAdmin
from events.models import Attendance, Event, Material
from events.resources import EventResource


class AttendanceInline(admin.TabularInline):
    model = Attendance
    autocomplete_fields = ["contact"]
    extra = 0


class MaterialInline(admin.TabularInline):
    """Files are attached on the event's staff page, which checks them; here their title, kind
    and visibility are corrected, or they are deleted (with their files)."""

    model = Material
    extra = 0
    fields = ["title", "kind", "is_public", "download", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["download", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("file"))
    def download(self, material):
        url = reverse("events-material-file", args=[material.pk])
        return format_html('<a href="{}">{}</a>', url, material.original_name)


@admin.register(Event)
class EventAdmin(BulkAdmin):
    # Other apps may add reports, export only (the notes app adds one); see BulkAdmin.
    resource_classes = [EventResource]
    list_display = [
        "title",
        "start_date",
        "end_date",
        "city",
        "country",
        "kind",
        "status",
        "is_public",
    ]
    list_filter = ["status", "kind", "format", "is_public", "country__regional_group"]
    list_select_related = ["country"]
    search_fields = ["title", "city", "country__name", "organizers__name", "organizers__acronym"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["country", "organizers", "states", "organizations"]
    inlines = [AttendanceInline, MaterialInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "format", "status", "is_public"]}),
        (_("Date and venue"), {"fields": ["start_date", "end_date", "days", "city", "country"]}),
        (_("Participants"), {"fields": ["organizers", "states", "states_count", "organizations"]}),
        (None, {"fields": ["description"]}),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Material:
            return super().save_formset(request, form, formset, change)
        changed = formset.save(commit=False)
        for material in formset.deleted_objects:
            material.remove()
        for material in changed:
            material.save(update_fields=["title", "kind", "is_public"])
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A material made public or staff-only here shows (or not) on the public pages.
        Event.objects.filter(pk=form.instance.pk).refresh_materials()

    def delete_model(self, request, obj):
        with transaction.atomic():
            Material.objects.filter(event=obj).delete_files_on_commit()
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            Material.objects.filter(event__in=queryset).delete_files_on_commit()
            super().delete_queryset(request, queryset)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["contact", "event", "role"]
    list_select_related = ["contact", "event"]
    search_fields = ["contact__name", "event__title", "role"]
    autocomplete_fields = ["contact", "event"]
