"""What the SVG charts of "at a glance" draw, computed here and written by templates
(templates/glance/_*.html): no chart library, no script, no inline style — colours come from
classes in static/css/glance.css, so the Content Security Policy holds and print works. The
templates write coordinates with {% localize off %}: "47,6" is no SVG number.

The world map's shapes (events/data/world_shapes.json) are Natural Earth's 1:110m countries
(public domain) as packaged in world-atlas 2.0.2 (ISC licence, world_shapes.LICENSE beside
it), keyed by ISO alpha-3 code, projected (Miller) onto a 1000 × 501 box, rounded to whole
units and written as relative paths: 48 kB, written by events/data/make_world_shapes.py.
Antarctica is left out; the parts Natural Earth draws apart (Northern Cyprus, Somaliland,
Kosovo) are drawn with the State the United Nations lists them under. States too small for
that scale (Malta, Singapore, most island States) have no shape: the table beside the map and
the list of countries name every State.
"""

import functools
import json
import math
from pathlib import Path

from django.conf import settings

SHAPES_FILE = Path(settings.BASE_DIR) / "events" / "data" / "world_shapes.json"
MAP_WIDTH, MAP_HEIGHT = 1000, 501

# The map's colour steps: (lowest count of the step, its class); counts double, so that one
# State with 60 events does not leave every other one in the palest colour.
MAP_STEPS = ((1, 1), (2, 2), (5, 3), (10, 4), (20, 5))


@functools.cache
def world_shapes():
    return json.loads(SHAPES_FILE.read_text())


def map_level(count):
    """The colour step (0 for none, 1 to 5) of a State with `count` events."""
    level = 0
    for lowest, step in MAP_STEPS:
        if count >= lowest:
            level = step
    return level


def map_legend():
    """[(level, lowest, highest or None)] of the legend: 1, 2–4, 5–9, 10–19, 20 and more."""
    bounds = [lowest for lowest, _ in MAP_STEPS]
    highs = [next_low - 1 for next_low in bounds[1:]] + [None]
    return [(0, 0, 0)] + [
        (step, low, high) for (low, step), high in zip(MAP_STEPS, highs, strict=True)
    ]


def world_map(countries):
    """The map's shapes: [(path, country or None, level)]; a shape of no State the site lists
    (Greenland, Western Sahara…) is drawn without a country, in the colour of no data."""
    by_iso3 = {country.iso3: country for country in countries}
    shapes = []
    for iso3, path in world_shapes().items():
        country = by_iso3.get(iso3)
        count = country.took_part + country.hosted if country else 0
        shapes.append((path, country, map_level(count) if country else None))
    return shapes


# The stacked bar chart: a box of CHART_WIDTH × CHART_HEIGHT with room for the axes.
CHART_WIDTH, CHART_HEIGHT = 640, 260
LEFT, BOTTOM, TOP = 36, 24, 8


def stacked_bars(per_year, series):
    """The bars of a chart of events per year, each bar stacked by series.

    `per_year` is {year: {key: count}} (events.figures.per_year), `series` [(key, label)].
    Returns a dict: the bars [{"year", "x", "width", "label_x", "total", "segments"}], each
    segment {"y", "height", "index", "label", "count"}; the y axis ticks [{"y", "value"}];
    and the box's width and height."""
    years = list(per_year)
    if years:
        years = list(range(years[0], years[-1] + 1))  # a year without events shows as a gap
    highest = max((sum(counts.values()) for counts in per_year.values()), default=0)
    top = _nice_top(highest)
    plot_height = CHART_HEIGHT - BOTTOM - TOP
    slot = (CHART_WIDTH - LEFT) / max(len(years), 1)
    bars = []
    for position, year in enumerate(years):
        counts = per_year.get(year, {})
        x = LEFT + position * slot + slot * 0.15
        bars.append(
            {
                "year": year,
                "x": round(x, 1),
                "width": round(slot * 0.7, 1),
                "label_x": round(x + slot * 0.35, 1),
                "total": sum(counts.values()),
                "show_label": _show_year_label(position, len(years)),
                "segments": _segments(counts, series, top, plot_height),
            }
        )
    ticks = [
        {"y": round(TOP + plot_height - plot_height * value / top, 1), "value": value}
        for value in _ticks(top)
    ]
    return {
        "bars": bars,
        "ticks": ticks,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "axis_y": CHART_HEIGHT - BOTTOM,
        "left": LEFT,
        "label_y": CHART_HEIGHT - 6,
    }


def _segments(counts, series, top, plot_height):
    segments, base = [], TOP + plot_height
    for index, (key, label) in enumerate(series, start=1):
        count = counts.get(key, 0)
        if not count:
            continue
        height = plot_height * count / top
        base -= height
        segments.append(
            {
                "y": round(base, 1),
                "height": round(height, 1),
                "index": index,
                "label": label,
                "count": count,
            }
        )
    return segments


def _nice_top(highest):
    """The top of the y axis: 1, 2 or 5 times a power of ten, at least the highest bar."""
    if highest <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(highest))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= highest:
            return factor * magnitude
    return 10 * magnitude


def _ticks(top):
    step = top / 5 if top >= 5 else 1
    count = round(top / step)
    return [round(step * n) for n in range(count + 1)]


def _show_year_label(position, count):
    """Every year's label up to 12 years; past that every other, or every fifth."""
    every = 1 if count <= 12 else 2 if count <= 24 else 5
    return position % every == 0 or position == count - 1


def timeline(years, first, last):
    """A small strip of one bar per year from `first` to `last` for a country's page:
    `years` is {year: count}. Returns the bars [{"year", "x", "y", "height", "width", "count"}]
    and the box, TIMELINE_WIDTH wide whatever the number of years."""
    if first is None:
        return {"bars": [], "width": 0, "height": 0}
    span = list(range(first, last + 1))
    highest = max(years.values(), default=1) or 1
    slot = min(TIMELINE_SLOT, TIMELINE_WIDTH / len(span))
    bars = []
    for position, year in enumerate(span):
        count = years.get(year, 0)
        bar_height = round(36 * count / highest, 1) if count else 0
        bars.append(
            {
                "year": year,
                "x": round(position * slot + slot * 0.15, 1),
                "y": round(38 - bar_height, 1),
                "height": bar_height,
                "width": round(slot * 0.7, 1),
                "count": count,
            }
        )
    return {
        "bars": bars,
        "width": TIMELINE_WIDTH,
        "height": 50,
        "first": first,
        "last": last,
        "last_x": round(len(span) * slot, 1),
    }


# A country's timeline: years as bars at most TIMELINE_SLOT wide, in a box of a fixed width.
TIMELINE_WIDTH, TIMELINE_SLOT = 240, 24
