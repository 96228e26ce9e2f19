"""The sitemap: the public pages, every published note and every public event."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from notes.models import Note
from notes.public_filters import public_events


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "notes-list", "events-list", "countries-list"]

    def location(self, name):
        return reverse(name)


class NoteSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Note.objects.published().select_related("event").order_by("pk")

    def lastmod(self, note):
        return note.last_published_at


class EventSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return public_events().order_by("pk")

    def location(self, event):
        return reverse("events-detail", args=[event.slug])

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {"pages": PageSitemap, "notes": NoteSitemap, "events": EventSitemap}
