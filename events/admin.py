from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contacts.admin import BulkAdmin
from events.models import Attendance, Event
from events.resources import EventResource


class AttendanceInline(admin.TabularInline):
    model = Attendance
    autocomplete_fields = ["contact"]
    extra = 0


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
    inlines = [AttendanceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "format", "status", "is_public"]}),
        (_("Date and venue"), {"fields": ["start_date", "end_date", "days", "city", "country"]}),
        (_("Participants"), {"fields": ["organizers", "states", "states_count", "organizations"]}),
        (None, {"fields": ["description"]}),
    ]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["contact", "event", "role"]
    list_select_related = ["contact", "event"]
    search_fields = ["contact__name", "event__title", "role"]
    autocomplete_fields = ["contact", "event"]
