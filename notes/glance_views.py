"""Outreach at a glance: a world map, events per year and coverage, for a period the reader
chooses, from the events the public sees (events.figures holds every definition)."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from events.figures import Figures, Period, series_of
from notes import glance_charts
from notes.http import cache_publicly
from notes.models import Note
from notes.public_filters import public_events

CHARTS = {
    "group": gettext_lazy("Events per year by regional group of the venue"),
    "kind": gettext_lazy("Events per year by kind"),
    "format": gettext_lazy("Events per year by format"),
}


def public_figures(request):
    period = Period.from_query(request.GET)
    return Figures.of(public_events(), period, notes=Note.objects.published())


@require_safe
def at_a_glance(request):
    figures = public_figures(request)
    query = query_string(figures.period)
    context = glance_context(figures, lambda name: reverse("glance-csv", args=[name]) + query)
    return cache_publicly(request, render(request, "public/at_a_glance.html", context))


def glance_context(figures, csv_url):
    """What the public page and the staff report show of `figures`; `csv_url(name)` is the
    address of the CSV download of a table (see `tables`)."""
    per_year = figures.per_year_by
    charts = [
        {
            "key": by,
            "title": title,
            "series": series_of(by),
            "chart": glance_charts.stacked_bars(per_year[by], series_of(by)),
            "table": per_year_table(per_year[by], series_of(by)),
            "csv": csv_url(f"per-{by}"),
        }
        for by, title in CHARTS.items()
    ]
    return {
        "figures": figures,
        "period": figures.period,
        "headline": figures.headline,
        "map_shapes": glance_charts.world_map(figures.countries),
        "map_legend": glance_charts.map_legend(),
        "map_box": (glance_charts.MAP_WIDTH, glance_charts.MAP_HEIGHT),
        "active": figures.active(),
        "charts": charts,
        "coverage": figures.coverage,
        "not_reached": figures.not_reached,
        "csv": {
            name.replace("-", "_"): csv_url(name) for name in ("states", "coverage", "not-reached")
        },
    }


def per_year_table(per_year, series):
    """[year, count of each series..., total] rows of a chart's data table and CSV."""
    return [
        [year, *(counts.get(key, 0) for key, _label in series), sum(counts.values())]
        for year, counts in per_year.items()
    ]


def query_string(period):
    query = "&".join(f"{name}={year}" for name, year in period.as_query().items())
    return f"?{query}" if query else ""


def tables(figures):
    """{name: (header, rows)} of every table the page shows, as its CSV downloads write them."""
    result = {
        "states": (
            [_("State"), _("ISO code"), _("Events taken part in"), _("Events hosted")],
            [[c.name, c.iso3, c.took_part, c.hosted] for c in figures.active()],
        ),
        "coverage": (
            [_("Regional group"), _("States reached"), _("States"), _("Per cent")],
            [
                [row.label or _("All States"), row.reached, row.total, row.percent]
                for row in figures.coverage
            ],
        ),
        "not-reached": (
            [_("State"), _("ISO code"), _("Regional group")],
            [[c.name, c.iso3, c.get_regional_group_display()] for c in figures.not_reached],
        ),
    }
    for by, counts in figures.per_year_by.items():
        series = series_of(by)
        header = [_("Year"), *(str(label) for _key, label in series), _("Total")]
        result[f"per-{by}"] = (header, per_year_table(counts, series))
    return result


def csv_response(named, name, filename):
    """The table `name` of `named` ({name: (header, rows)}) as a CSV download."""
    table = named.get(name)
    if table is None:
        raise Http404(_("There is no such table."))
    header, rows = table
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{name}.csv"'
    writer = csv.writer(response)
    writer.writerow([str(cell) for cell in header])
    writer.writerows([_spreadsheet_safe(cell) for cell in row] for row in rows)
    return response


def _spreadsheet_safe(cell):
    """A text a spreadsheet would run as a formula (a note titled "=HYPERLINK(…)") kept as text."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


@require_safe
def at_a_glance_csv(request, table):
    response = csv_response(tables(public_figures(request)), table, "outreach")
    return cache_publicly(request, response)
