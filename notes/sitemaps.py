"""The sitemap, in sections: the public pages, every published note and every public event.

Every page is listed in each language (``/notes/…``, ``/fr/notes/…``), each address with the
others as its hreflang alternates and English as ``x-default``. Each section is split in pages
of at most ``SECTION_SIZE`` addresses, all languages counted (a page holds a sixth as many
notes), listed by the sitemap index (``notes/sitemap_views.py``). A page of notes or events is a range of primary keys
(``KeyRangePaginator``): two queries, the bounds of the table's keys and the page's rows, with
only the columns its addresses need (no model instance, no join but the note's event). No
query counts rows or skips over them, so the index and every page cost the same at any size.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import F, Max, Min
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from notes.models import Note
from notes.public_filters import public_events

# Search engines read up to 50,000 addresses a file; smaller files are quicker to make.
SECTION_SIZE = 10_000
# Stands for a slug in an address made once by `reverse` (see SlugAddresses).
SLUG_MARK = "slug-mark-of-the-sitemap"


def day_of(field):
    """The day of a time, in the site's time zone, as the sitemap has always shown it; read
    from the database, which turns ten thousand times into days quicker than Python does."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


class KeyRangePaginator:
    """Pages of `rows` by primary key, for Django's sitemap views (they ask only `num_pages`
    and `page(number)`).

    Page n holds the rows whose keys are among the n-th `per_page` numbers from `first`: at
    most `per_page` rows, read through the primary key's index, so the last page costs what
    the first does. The bounds are those of the whole table, not of the rows listed: a page
    keeps its rows when a note on another page is published or withdrawn, and finding them
    needs no filter. A page holds fewer rows where keys belong to rows not listed, or none."""

    messages = Paginator.default_error_messages

    def __init__(self, rows, per_page, bounds):
        self.rows = rows
        self.per_page = per_page
        self.first, self.last = bounds

    @property
    def num_pages(self):
        if self.first is None:
            return 1
        return (self.last - self.first) // self.per_page + 1

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.messages["min_page"])
        if number > self.num_pages:
            raise EmptyPage(self.messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        if self.first is None:
            return Page([], number, self)
        start = self.first + (number - 1) * self.per_page
        rows = self.rows.filter(pk__gte=start, pk__lt=start + self.per_page)
        return Page(rows, number, self)


class SlugAddresses:
    """The addresses of one URL name whose last argument is a slug, for thousands of rows.

    `reverse` costs tens of microseconds, too much ten thousand times a page: it is called
    once per language and distinct leading argument (a note's year) with a mark for the slug,
    and each address is the slug put in place of the mark. Slugs need no quoting in an
    address."""

    def __init__(self, name):
        self.name = name
        self.shapes = {}

    def __call__(self, *args, slug, language=None):
        language = language or translation.get_language()
        shape = self.shapes.get((language, args))
        if shape is None:
            with translation.override(language):
                address = reverse(self.name, args=[*args, SLUG_MARK])
            shape = self.shapes[language, args] = address.split(SLUG_MARK)
        before, after = shape
        return f"{before}{slug}{after}"


class InEveryLanguage:
    """Each item listed once per language, with hreflang alternates and English as x-default
    (Django's own `i18n`, `alternates` and `x_default`)."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(InEveryLanguage, Sitemap):
    limit = SECTION_SIZE
    changefreq = "daily"

    def items(self):
        return ["home", "notes-list", "events-list", "countries-list"]

    def location(self, name):
        return reverse(name)


class RowSitemap(InEveryLanguage, Sitemap):
    """A section of what `listed()` gives, read as rows (dicts) of `rows()`; each row has the
    day of its last change as "changed", and its address in a language is `address(row,
    language)`.

    Its own `get_urls`: Django's works out every address eight times (once listed, six times
    as an alternate, once as x-default), each time switching the active language. Here each
    is worked out once (a page of ten thousand addresses in a few tenths of a second, XML
    included), and the alternates, the
    same for the six addresses of a row, are written once as XML (``alternates_xml``). Django's
    x-default also removes the first "/en/" of an address, which is no prefix here and may be
    a slug; here it is the English address itself."""

    limit = SECTION_SIZE
    changefreq = "monthly"

    def address(self, row, language):
        raise NotImplementedError

    def location(self, row):
        # What Django's own get_urls would call, in the language of the item.
        return self.address(row, translation.get_language())

    def get_urls(self, page=1, site=None, protocol=None):
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        languages = self._languages()
        urls = []
        for row in self.paginator.page(page).object_list:
            alternates = [
                {"location": origin + self.address(row, code), "lang_code": code}
                for code in languages
            ]
            default = next(a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE)
            alternates.append({"location": default["location"], "lang_code": "x-default"})
            alternates_xml = mark_safe(  # nosec B308 B703 # every address escaped
                "".join(
                    f'<xhtml:link rel="alternate" hreflang="{a["lang_code"]}" '
                    f'href="{escape(a["location"])}"/>'
                    for a in alternates
                )
            )
            for alternate in alternates[:-1]:
                urls.append(
                    {
                        "item": (row, alternate["lang_code"]),
                        "location": alternate["location"],
                        "lastmod": row["changed"],
                        "changefreq": self.changefreq,
                        "priority": "",
                        "alternates": alternates,
                        "alternates_xml": alternates_xml,
                    }
                )
        return urls

    def listed(self):
        raise NotImplementedError

    def rows(self):
        raise NotImplementedError

    def key_bounds(self):
        keys = self.listed().model.objects.aggregate(first=Min("pk"), last=Max("pk"))
        return keys["first"], keys["last"]

    def items(self):
        return self.rows().order_by("pk")

    @cached_property
    def paginator(self):
        # `limit` counts addresses; each row has one per language.
        rows_a_page = max(1, self.limit // len(self._languages()))
        return KeyRangePaginator(self.items(), rows_a_page, self.key_bounds())

    def lastmod(self, row):
        return row["changed"]

    def get_latest_lastmod(self):
        """None: the sitemap index shows no date for the section. Django's default reads every
        row; a section with an index to its newest change says so here."""
        return None


class NoteSitemap(RowSitemap):
    def __init__(self):
        self.addresses = SlugAddresses("notes-detail")

    def listed(self):
        return Note.objects.published()

    def rows(self):
        # Note.get_absolute_url: the year the event starts, and the note's slug.
        return self.listed().values(
            "pk", "slug", start=F("event__start_date"), changed=day_of("last_published_at")
        )

    def address(self, row, language):
        return self.addresses(row["start"].year, slug=row["slug"], language=language)

    def get_latest_lastmod(self):
        # Read backwards on the index of last_published_at: the first published note found.
        newest = self.listed().filter(last_published_at__isnull=False)
        newest = newest.order_by("-last_published_at")
        return newest.values_list("last_published_at", flat=True).first()


class EventSitemap(RowSitemap):
    """No index leads to the newest public event (finding it reads every event), so the
    sitemap index shows no date for this section."""

    def __init__(self):
        self.addresses = SlugAddresses("events-detail")

    def listed(self):
        return public_events()

    def rows(self):
        return self.listed().values("pk", "slug", changed=day_of("updated_at"))

    def address(self, row, language):
        return self.addresses(slug=row["slug"], language=language)


SITEMAPS = {"pages": PageSitemap, "notes": NoteSitemap, "events": EventSitemap}
