"""The reporting export: events with their participants, the status of their notes and the
public address of each published one.

Export only, and the default of the Event admin's export page (it imports with
events.resources.EventResource). It lives here because it reads the notes of each event, which
the events app may not import."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from import_export import fields

from contacts.resources import ReportResource
from events.models import Attendance, Event
from outreach.site import absolute_url

COLUMNS = {
    "title": _("Event"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "kind": _("Kind"),
    "format": _("Format"),
    "status": _("Status"),
    "city": _("City"),
    "country": _("Venue country"),
    "organizers": _("Organizers"),
    "states_count": _("Number of States"),
    "states": _("Participating States"),
    "organizations": _("Participating organizations"),
    "attendees": _("Attendees (role)"),
    # Where each published note is: the report carries no note's text, so no footnote.
    "public_pages": _("Public pages (language: address)"),
    "notes": _("Notes (language: status)"),
}


class EventReportResource(ReportResource):
    title = fields.Field("title", COLUMNS["title"])
    start_date = fields.Field("start_date", COLUMNS["start_date"])
    end_date = fields.Field("end_date", COLUMNS["end_date"])
    kind = fields.Field("get_kind_display", COLUMNS["kind"])
    format = fields.Field("get_format_display", COLUMNS["format"])
    status = fields.Field("get_status_display", COLUMNS["status"])
    city = fields.Field("city", COLUMNS["city"])
    country = fields.Field("country__name", COLUMNS["country"])
    organizers = fields.Field(column_name=COLUMNS["organizers"])
    states_count = fields.Field(column_name=COLUMNS["states_count"])
    states = fields.Field(column_name=COLUMNS["states"])
    organizations = fields.Field(column_name=COLUMNS["organizations"])
    attendees = fields.Field(column_name=COLUMNS["attendees"])
    public_pages = fields.Field(column_name=COLUMNS["public_pages"])
    notes = fields.Field(column_name=COLUMNS["notes"])

    class Meta:
        model = Event
        name = _("Report: events with participants and the status of their notes")
        fields = list(COLUMNS)
        export_order = list(COLUMNS)

    def filter_export(self, queryset, **kwargs):
        # A fixed number of queries whatever the number of events exported.
        return queryset.select_related("country").prefetch_related(
            "organizers",
            "states",
            "organizations",
            "notes",
            Prefetch("attendances", Attendance.objects.select_related("contact")),
        )

    def dehydrate_organizers(self, event):
        return "; ".join(org.name for org in event.organizers.all())

    def dehydrate_states_count(self, event):
        return event.participating_states_count()

    def dehydrate_states(self, event):
        return "; ".join(state.name for state in event.states.all())

    def dehydrate_organizations(self, event):
        return "; ".join(str(org) for org in event.organizations.all())

    def dehydrate_attendees(self, event):
        return "; ".join(
            f"{a.contact} ({a.role})" if a.role else str(a.contact) for a in event.attendances.all()
        )

    def dehydrate_public_pages(self, event):
        # The prefetched notes know their event: the address costs no query.
        return "; ".join(
            f"{note.get_language_display()}: {absolute_url(note.get_absolute_url())}"
            for note in _by_language(event)
            if note.is_live
        )

    def dehydrate_notes(self, event):
        return "; ".join(
            f"{note.get_language_display()}: {note.get_status_display()}"
            for note in _by_language(event)
        )


def _by_language(event):
    return sorted(event.notes.all(), key=lambda note: note.language)
