"""The public site: published notes, public events, countries and regional groups.

Public event and country pages live here because they list notes, and events never import
notes. Every query starts from ``Note.objects.published()`` or ``public_events()``.
"""

import datetime
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from contacts.models import Country, RegionalGroup, plain_name
from events.figures import COUNTED, by_activity, countries_with_activity
from events.models import Event
from notes import glance_charts, page_query, search
from notes.http import cache_publicly, conditional_response
from notes.models import Note
from notes.public_filters import EventFilter, NoteFilter, public_events
from outreach.text import find_control_character

PAGE_SIZE = 20
UPCOMING_SHOWN = 20
NEWEST_NOTES = ("-event__start_date", "-last_published_at", "-pk")


# What a public list shows of a note (notes/public_row.html): never the sections, which are
# most of a note's row and of its revision's.
NOTE_ROW_FIELDS = (
    "slug",
    "language",
    "event",
    "live_revision",
    "last_published_at",
    *(f"event__{name}" for name in ("title", "slug", "kind", "status", "country", "city")),
    *(f"event__{name}" for name in ("start_date", "end_date", "days")),
    "event__country__name",
    "live_revision__title",
)


def _note_rows(notes):
    return notes.select_related("event__country", "live_revision").only(*NOTE_ROW_FIELDS)


def _with_published_notes(events):
    notes = _note_rows(Note.objects.published()).order_by("language")
    return events.select_related("country").prefetch_related(
        Prefetch("notes", queryset=notes, to_attr="published_notes")
    )


@require_safe
def home(request):
    notes = _note_rows(Note.objects.published()).order_by("-last_published_at", "-pk")[:5]
    upcoming = _with_published_notes(public_events().first_upcoming(5))
    context = {"notes": notes, "upcoming": upcoming}
    return cache_publicly(request, render(request, "notes/home.html", context))


def _filterset(request, filterset_class, queryset):
    """The filters of the query string; all of them dropped, with a message, if one is malformed."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        fields = ", ".join(str(filterset.form.fields[name].label) for name in filterset.errors)
        message = _("Not understood: %(fields)s. The list is shown without filters.")
        messages.warning(request, message % {"fields": fields})
        filterset = filterset_class(None, queryset=queryset, request=request)
    return filterset


def _searched(filterset):
    return filterset.is_bound and bool(filterset.form.cleaned_data.get("q"))


@require_safe
def notes_list(request):
    filterset = _filterset(request, NoteFilter, Note.objects.published())
    most_ranked = None
    if _searched(filterset):
        page, most_ranked = _best_matches_page(request, filterset)
    else:
        notes = _note_rows(filterset.qs).order_by(*NEWEST_NOTES)
        page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page, "most_ranked": most_ranked}
    return cache_publicly(request, render(request, "notes/public_list.html", context))


def _best_matches_page(request, filterset):
    """A page of the search's results, and search.MOST_RANKED if they were cut to that many.

    The ids of the results, best first, come in one query (search.best_matches; the filters
    chose among every match before), then the rows of the page only: a COUNT and a page query
    would each find and rank the same notes again."""
    ids = search.best_matches(filterset.qs, filterset.form.cleaned_data["q"], NEWEST_NOTES)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _note_rows(Note.objects.published()).in_bulk(page.object_list)
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page, search.MOST_RANKED if len(ids) >= search.MOST_RANKED else None


def _other_versions(note):
    """The other published versions of the note, in the order of settings.LANGUAGES: each its
    language code and address, in its own language. Read from the event, which the workflow
    keeps them on (Event.published_versions)."""
    others = {
        code: slug for code, slug in note.event.published_slugs().items() if slug != note.slug
    }
    year = note.event.start_date.year
    versions = []
    for code, _name in settings.LANGUAGES:
        if code in others:
            with translation.override(code):
                versions.append(
                    {"code": code, "url": reverse("notes-detail", args=[year, others[code]])}
                )
    return versions


class Gone(Exception):
    """A note that was published once and has been withdrawn."""


def get_published_note(year, slug):
    """The live note at this address; Http404 if there is none, Gone if it was withdrawn."""
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        # No date has this year: the database lookup would fail, not find nothing.
        raise Http404(_("No published note has this address."))
    note = page_query.published_note(slug=slug, year=year)
    if note is not None:
        return note
    withdrawn = Note.objects.filter(slug=slug, event__start_date__year=year)
    if withdrawn.filter(first_published_at__isnull=False).exists():
        raise Gone
    raise Http404(_("No published note has this address."))


@require_safe
def note_detail(request, year, slug):
    try:
        note = get_published_note(year, slug)
    except Gone:
        return cache_publicly(request, render(request, "410.html", status=410))
    revision = note.live_revision
    context = {"note": note, "revision": revision, "versions": _other_versions(note)}
    event = note.event
    changes = [note.last_published_at, event.updated_at, event.versions_changed_at]
    last_modified = max(filter(None, changes))
    return conditional_response(
        request,
        lambda: render(request, "notes/detail.html", context),
        last_modified=last_modified,
    )


@require_safe
def events_list(request):
    filterset = _filterset(request, EventFilter, public_events())
    events = _with_published_notes(filterset.qs)
    upcoming = events.upcoming()
    past = events.exclude(pk__in=upcoming.values("pk")).order_by("-start_date", "title")
    page = Paginator(past, PAGE_SIZE).get_page(request.GET.get("page"))
    # The next ones only: the calendar holds them all. One more is read to know of the rest.
    shown = list(events.first_upcoming(UPCOMING_SHOWN + 1))
    context = {
        "filter": filterset,
        "upcoming": shown[:UPCOMING_SHOWN],
        "more_upcoming": len(shown) > UPCOMING_SHOWN,
        "page": page,
    }
    return cache_publicly(request, render(request, "events/public_list.html", context))


def get_public_event(slug):
    events = _with_published_notes(public_events())
    events = events.prefetch_related("organizers", "states", "organizations")
    return get_object_or_404(events, slug=slug)


@require_safe
def event_detail(request, slug):
    event = get_public_event(slug)
    context = {"event": event, "notes": event.published_notes}
    return cache_publicly(request, render(request, "events/public_detail.html", context))


def _with_event_counts(countries):
    """Countries with ``took_part`` and ``hosted``: how many public events they joined or held,
    as "at a glance" counts them (events.figures), in one query. ``attended`` is ``took_part``
    under the name the country tables have always used."""
    countries = list(countries_with_activity(public_events()).filter(pk__in=countries))
    for country in countries:
        country.attended = country.took_part
    return countries


def _searched_countries(countries, query):
    """The countries whose name (made plain: case and accents aside) or ISO code has `query`."""
    wanted = plain_name(query)
    if not wanted:
        return countries
    return [
        country
        for country in countries
        if wanted in plain_name(country.name)
        or wanted in (country.iso3.lower(), country.iso2.lower())
    ]


@require_safe
def countries_list(request):
    countries = _with_event_counts(Country.objects.all())
    query = request.GET.get("q", "")[:100]
    if find_control_character(query):
        query = ""
    shown = _searched_countries(countries, query)
    context = {
        "countries": countries,
        "active": by_activity(c for c in shown if c.took_part or c.hosted),
        "inactive": sorted((c for c in shown if not (c.took_part or c.hosted)), key=str),
        "query": query,
        "groups": RegionalGroup.choices,
        "map_shapes": glance_charts.world_map(countries),
        "map_legend": glance_charts.map_legend(),
        "map_box": (glance_charts.MAP_WIDTH, glance_charts.MAP_HEIGHT),
    }
    return cache_publicly(request, render(request, "countries/list.html", context))


@require_safe
def country_detail(request, iso3):
    if len(iso3) != 3 or find_control_character(iso3):
        # PostgreSQL refuses a NUL in a query; no code is longer than three letters.
        raise Http404(_("There is no such country."))
    country = get_object_or_404(Country, iso3=iso3.upper())
    joined = Event.states.through.objects.filter(event=OuterRef("pk"), country=country)
    events = public_events().annotate(attended=Exists(joined))
    events = events.filter(Q(country=country) | Q(attended=True))
    years = _years_of(events, country)
    active_years = {year: counts["counted"] for year, counts in years.items() if counts["counted"]}
    events = _with_published_notes(events.order_by("-start_date", "title"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    by_year = groupby(page.object_list, key=lambda event: event.start_date.year)
    context = {
        "country": country,
        "page": page,
        "events": page.object_list,
        # (year, its number of events, those on this page)
        "years": [(year, years[year]["total"], list(group)) for year, group in by_year],
        "hosted_count": sum(counts["hosted"] for counts in years.values()),
        "attended_count": sum(counts["attended"] for counts in years.values()),
        "canonical": reverse("countries-detail", args=[country.iso3]),
        "timeline": glance_charts.timeline(
            active_years, min(active_years, default=None), max(active_years, default=None)
        ),
    }
    return cache_publicly(request, render(request, "countries/detail.html", context))


def _years_of(events, country):
    """{year: {"total", "hosted", "attended", "counted"}} of a country's events, in one query:
    the page shows a year's count and the country's totals, whichever page of events it shows.
    Its totals and timeline count as "at a glance" does (events.figures): no cancelled event."""
    rows = (
        events.order_by()
        .values(year=ExtractYear("start_date"))
        .annotate(
            total=Count("pk"),
            hosted=Count("pk", filter=Q(country=country) & COUNTED),
            attended=Count("pk", filter=Q(attended=True) & COUNTED),
            counted=Count("pk", filter=COUNTED),
        )
    )
    return {row.pop("year"): row for row in rows}


@require_safe
def region_detail(request, code):
    if code.upper() not in RegionalGroup.values:
        raise Http404(_("There is no such regional group."))
    group = RegionalGroup(code.upper())
    countries = _with_event_counts(Country.objects.filter(regional_group=group))
    context = {"group": group, "countries": countries}
    return cache_publicly(request, render(request, "countries/region.html", context))


@require_safe
def robots_txt(request):
    context = {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    response = render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
    return cache_publicly(request, response)
