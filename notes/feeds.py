"""Feeds of the public site: an Atom feed of published notes, an iCalendar of public events."""

import datetime

import icalendar
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from notes import document
from notes.http import conditional_response, fingerprint
from notes.models import Note
from notes.public_filters import public_events
from outreach.text import strip_control_characters, xml_safe

# Each entry carries the whole document: twenty make a feed of a few hundred kilobytes.
FEED_SIZE = 20
CALENDAR_PAST = datetime.timedelta(days=90)


def _xml_safe(value):
    if isinstance(value, str | Promise):
        return xml_safe(str(value))
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class XMLSafeAtom1Feed(Atom1Feed):
    """Atom without the characters XML 1.0 cannot carry: one control character stored in a
    title or a section (typed before forms refused them, or imported) would otherwise stop the
    whole feed with a server error. The pages show the same text; the feed leaves them out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})


def _feed_notes():
    return Note.objects.published().order_by("-last_published_at", "-pk")[:FEED_SIZE]


class LatestNotesFeed(Feed):
    feed_type = XMLSafeAtom1Feed
    title = _("Outreach information notes")
    subtitle = _("Information notes of the experts on their outreach events, newest first.")
    author_name = _("Outreach")
    description_template = "notes/public_feed_item.html"

    def link(self):
        return reverse("notes-list")

    def items(self):
        notes = _feed_notes().select_related("event", "live_revision__disclaimer")
        return notes.defer(*document.SOURCE_FIELDS)

    def item_title(self, note):
        return note.live_revision.display_title

    def item_pubdate(self, note):
        return note.first_published_at

    def item_updateddate(self, note):
        return note.last_published_at


@require_safe
def notes_atom(request):
    # The feed changes when a note is published or withdrawn (entries show live revisions only).
    stamps = _feed_notes().values_list("pk", "last_published_at")
    feed = LatestNotesFeed()
    return conditional_response(request, lambda: feed(request), etag=fingerprint(stamps))


def _calendar_event(request, event):
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@{request.get_host()}")
    entry.add("dtstamp", event.updated_at)
    entry.add("last-modified", event.updated_at)
    entry.add("dtstart", event.start_date)
    # All-day events end on the day after their last day (RFC 5545, 3.6.1).
    entry.add("dtend", event.end_date + datetime.timedelta(days=1))
    # iCalendar text has no control characters either (RFC 5545, 3.3.11).
    entry.add("summary", strip_control_characters(event.title))
    if event.venue:
        entry.add("location", strip_control_characters(event.venue))
    entry.add("url", request.build_absolute_uri(reverse("events-detail", args=[event.slug])))
    cancelled = event.status == event.Status.CANCELLED
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return entry


def calendar_events():
    """The public events a calendar holds: those to come and those of the past three months. A
    calendar application keeps what it read before; twenty years of events (tens of megabytes)
    would only make every refresh slower. Older events stay on the event pages."""
    since = timezone.localdate() - CALENDAR_PAST
    return public_events().filter(end_date__gte=since)


def _calendar(request, events):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Outreach//Public events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(_("Outreach events")))
    for event in events.select_related("country").order_by("start_date", "pk"):
        calendar.add_component(_calendar_event(request, event))
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


@require_safe
def events_ics(request):
    events = calendar_events()
    stamps = events.order_by("pk").values_list("pk", "updated_at")
    return conditional_response(
        request, lambda: _calendar(request, events), etag=fingerprint(stamps)
    )
