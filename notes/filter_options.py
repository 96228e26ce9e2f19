"""The options of the public filter forms, kept in the cache for one publication generation.

A public list offers in its selects only the years, regional groups, venue countries,
participating States and organizers of its own rows. Finding them takes a few aggregate queries
over every public event, most of the work of a list's first page when there are many notes, and
they change only with the publication generation (``notes.models.PublicationGeneration``: every
publication, withdrawal, event, organization or country change). So they are kept under a key
that holds it: a request reads them with one cache read, and a publication shows in the options
on the next request, on every server.
"""

from django.core.cache import cache

from contacts.models import Country, RegionalGroup
from events.filters import countries_of, organizers_of, years_of
from notes.models import PublicationGeneration

# A new generation leaves the old keys unread; the cache drops them when they expire.
OPTIONS_SECONDS = 24 * 60 * 60


def generation_of(request):
    """The publication generation, read once per request."""
    if request is None:
        return PublicationGeneration.objects.current()
    if not hasattr(request, "publication_generation"):
        request.publication_generation = PublicationGeneration.objects.current()
    return request.publication_generation


def options_of(events):
    """The options of a list of these events, in four queries. The regions are kept as codes,
    so that the cache holds plain data and their names are translated when read."""
    venues = countries_of(events, "country")
    groups = {group for _iso3, _name, group in venues}
    return {
        "year": years_of(events),
        "region": [code for code in RegionalGroup.values if code in groups],
        "country": [(iso3, name) for iso3, name, _group in venues],
        "state": [(iso3, name) for iso3, name, _group in countries_of(events, "states")],
        "organizer": organizers_of(events),
    }


def cached_options(generation, scope, events):
    """The options of the list `scope` ("notes", "events"), whose rows are `events()`."""
    kept = cache.get_or_set(_key(generation, scope), lambda: options_of(events()), OPTIONS_SECONDS)
    return {**kept, "region": [(code, RegionalGroup(code).label) for code in kept["region"]]}


def country_names(generation):
    """The name of every country by ISO code."""
    return cache.get_or_set(
        _key(generation, "countries"),
        lambda: dict(Country.objects.values_list("iso3", "name")),
        OPTIONS_SECONDS,
    )


def _key(generation, scope):
    return f"public-filter-options:{generation}:{scope}"
