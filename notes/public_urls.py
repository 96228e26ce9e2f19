from django.urls import path, register_converter

from events import material_views
from notes import feeds, glance_views, public_views, sitemap_views


class YearConverter:
    """A year a date can have, written as it is written: 1 to 9999, no leading zero. Any other
    number is no address (it was a server error: the database lookup needs a real date)."""

    regex = "[1-9][0-9]{0,3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(YearConverter, "year")

# The same in every language (outreach/urls.py): the sitemap lists every language itself, and a
# material is one file whatever the page that links to it.
unprefixed_patterns = [
    path("materials/<int:pk>/", material_views.public_file, name="events-public-material"),
    path("sitemap.xml", sitemap_views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_views.sitemap_section, name="sitemap-section"),
    path("robots.txt", public_views.robots_txt, name="robots"),
]

# Under each language's prefix (/fr/notes/…; English has none).
urlpatterns = [
    path("", public_views.home, name="home"),
    path("notes/", public_views.notes_list, name="notes-list"),
    path("notes/<year:year>/<slug:slug>/", public_views.note_detail, name="notes-detail"),
    path("events/", public_views.events_list, name="events-list"),
    path("events/<slug:slug>/", public_views.event_detail, name="events-detail"),
    path("countries/", public_views.countries_list, name="countries-list"),
    path("countries/<str:iso3>/", public_views.country_detail, name="countries-detail"),
    path("regions/<str:code>/", public_views.region_detail, name="countries-region"),
    path("at-a-glance/", glance_views.at_a_glance, name="glance"),
    path("at-a-glance/<slug:table>.csv", glance_views.at_a_glance_csv, name="glance-csv"),
    path("feeds/notes.atom", feeds.notes_atom, name="feeds-notes"),
    path("events.ics", feeds.events_ics, name="feeds-events"),
]
