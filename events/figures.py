"""The figures of outreach: who took part, who hosted, what was held each year, who was reached.

Every figure starts from a queryset of events that the caller passes in: the public pages pass
the events the public may see (notes.public_filters.public_events, which events cannot import),
the staff reports every event. One definition holds everywhere:

- an event counts if it was not cancelled, and falls in a period by the year it starts (an
  event from 30 December to 2 January belongs to the first year);
- a State *took part* in an event it is listed among the participating States of (an event that
  only knows a count, "57 States", names none);
- a State *hosted* an event held in it (the venue country; a virtual event has none);
- a State is *reached* in a period if it took part in at least one event of it.

Each function runs a fixed number of aggregate queries, whatever the number of events.
"""

import dataclasses

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from contacts.models import Country, RegionalGroup
from events.models import Event

# The condition of an event that counts, for the queries that count events of several kinds
# in one statement (a country's page counts its events per year with it).
COUNTED = ~Q(status=Event.Status.CANCELLED)

# The years a period may name: the archive starts in 2004, the form refuses nonsense.
FIRST_YEAR, LAST_YEAR = 1990, 2100

# The bucket of events per year that have no venue country (virtual ones, mostly), and of
# States in no regional group.
NO_GROUP = ""


@dataclasses.dataclass(frozen=True)
class Period:
    """All years (both None), one year (first == last) or a range of years, inclusive."""

    first: int | None = None
    last: int | None = None

    @classmethod
    def from_query(cls, query):
        """The period of a query string's `from` and `to` (either may be missing); a value that
        is not a year in range is ignored, and a reversed range is put right."""
        first, last = (_year(query.get(name)) for name in ("from", "to"))
        if first and last and first > last:
            first, last = last, first
        return cls(first, last)

    @property
    def is_all(self):
        return self.first is None and self.last is None

    def filter(self, events):
        if self.first:
            events = events.filter(start_date__year__gte=self.first)
        if self.last:
            events = events.filter(start_date__year__lte=self.last)
        return events

    def as_query(self):
        return {name: year for name, year in (("from", self.first), ("to", self.last)) if year}


ALL_YEARS = Period()


def _year(value):
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def counted(events, period=ALL_YEARS):
    """The events that count in `period`: not cancelled, starting in it."""
    return period.filter(events.filter(COUNTED))


def countries_with_activity(events, period=ALL_YEARS):
    """Every country, annotated with `took_part` and `hosted`: how many of the counted events it
    took part in and hosted. One query (two correlated counts)."""
    events = counted(events, period).order_by()
    joined = Event.states.through.objects.filter(
        country=OuterRef("pk"), event__in=events.values("pk")
    )
    hosted = events.filter(country=OuterRef("pk"))
    return Country.objects.annotate(
        took_part=_count_of(joined.values("country")),
        hosted=_count_of(hosted.values("country")),
    )


def _count_of(rows):
    counted_rows = rows.annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted_rows, output_field=IntegerField()), Value(0))


def by_activity(countries):
    """Countries most active first (taking part, then hosting), then by name."""
    return sorted(countries, key=lambda c: (-c.took_part, -c.hosted, c.name))


@dataclasses.dataclass
class Coverage:
    """How many States of a regional group (or of all of them) were reached."""

    group: str
    label: str
    total: int = 0
    reached: int = 0

    @property
    def percent(self):
        return round(100 * self.reached / self.total) if self.total else 0


def coverage(countries):
    """[Coverage of each regional group..., Coverage of all States] of countries annotated by
    countries_with_activity; no query of its own."""
    groups = {code: Coverage(code, label) for code, label in RegionalGroup.choices}
    overall = Coverage("all", "")
    for country in countries:
        for row in filter(None, (groups.get(country.regional_group), overall)):
            row.total += 1
            row.reached += country.took_part > 0
    return [*groups.values(), overall]


def not_reached(countries):
    """The States that took part in no counted event, by regional group and name."""
    return sorted(
        (country for country in countries if not country.took_part),
        key=lambda country: (country.regional_group or "~", country.name),
    )


# What the events of a year are broken down by (per_year, series_of).
BREAKDOWNS = ("group", "kind", "format")


def per_year(events, period=ALL_YEARS, by="group"):
    """{year: {key: count}} of the counted events, `by` the venue's regional group ("group",
    NO_GROUP for an event without a venue country or in none), "kind" or "format". One query."""
    field = {"group": F("country__regional_group"), "kind": F("kind"), "format": F("format")}[by]
    rows = (
        counted(events, period)
        .order_by()
        .values(year=ExtractYear("start_date"), key=field)
        .annotate(n=Count("pk"))
    )
    years = {}
    for row in rows:
        key = row["key"] or NO_GROUP
        years.setdefault(row["year"], {})
        years[row["year"]][key] = years[row["year"]].get(key, 0) + row["n"]
    return dict(sorted(years.items()))


def series_of(by):
    """[(key, label)] of the bars of a per_year chart, in the order they stack."""
    if by == "group":
        return [*RegionalGroup.choices, (NO_GROUP, _("No venue country or regional group"))]
    return list({"kind": Event.Kind, "format": Event.Format}[by].choices)


def years_with_events(events):
    """The years in which a counted event starts, for the period selector. One query."""
    rows = counted(events).order_by().values_list(ExtractYear("start_date"), flat=True)
    return sorted(set(rows.distinct()))


@dataclasses.dataclass
class Headline:
    events: int
    states_reached: int
    states_total: int
    notes: int | None


def headline(events, countries, period=ALL_YEARS, notes=None):
    """The headline figures: events counted, States reached (of all), and, given a queryset of
    published notes, how many of them are on the counted events. One or two queries."""
    event_ids = counted(events, period).values("pk")
    overall = coverage(countries)[-1]
    return Headline(
        events=counted(events, period).count(),
        states_reached=overall.reached,
        states_total=overall.total,
        notes=None if notes is None else notes.filter(event__in=event_ids).count(),
    )


@dataclasses.dataclass
class Figures:
    """Everything the "at a glance" pages show for one period, in seven queries."""

    period: Period
    countries: list
    coverage: list
    not_reached: list
    per_year_by: dict  # {"group" | "kind" | "format": per_year(…, by)}
    headline: Headline
    years: list

    @classmethod
    def of(cls, events, period=ALL_YEARS, notes=None):
        countries = list(countries_with_activity(events, period))
        return cls(
            period=period,
            countries=countries,
            coverage=coverage(countries),
            not_reached=not_reached(countries),
            per_year_by={by: per_year(events, period, by) for by in BREAKDOWNS},
            headline=headline(events, countries, period, notes),
            years=years_with_events(events),
        )

    def active(self):
        return by_activity(c for c in self.countries if c.took_part or c.hosted)

    def inactive(self):
        return [c for c in self.countries if not (c.took_part or c.hosted)]
