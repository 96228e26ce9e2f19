"""The cache of public pages: an anonymous reader's GET is answered from the cache when the
same page was made before in the same publication generation.

The middleware sits near the top of the chain, before sessions and authentication, so a page
served from the cache costs two lookups: the generation (one primary-key read in the database,
shared by every app server) and the page (one read in the cache of ``CACHE_URL``, Redis in
production; none when this process served the same page lately). The key holds:

- the publication generation (``notes.models.PublicationGeneration``), so a publication,
  withdrawal, event, organization, country or disclaimer change makes every page again on
  every server, in the transaction of the change;
- today's date, because home and event lists say which events are still to come;
- the scheme, host, path and the query string with its parameters sorted by name
  (``?year=2020&q=water`` is ``?q=water&year=2020``). The path holds the language too
  (``/notes/`` is English, ``/fr/notes/`` French), and nothing else chooses the language of a
  public page: no cookie, no Accept-Language header (outreach/languages.py), so the path
  keeps every language apart and no ``Vary`` header is needed for it.

Only what a view marks public is kept (``notes.http.cache_publicly``: ``Cache-Control:
public``), only from a request without a session or a message cookie, and only when the
response sets no cookie: staff and signed-in users are never served or stored, and neither is
a page that showed someone a message or handed out a CSRF token. Each stored page carries its
ETag, so a reader who has it gets 304 Not Modified from the cache as well.
"""

import hashlib
import threading
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

from notes.models import PublicationGeneration

# A page is made again at least once a day anyway (its key holds the date); a generation
# bump leaves the old keys unread, and the cache drops them when they expire.
PAGE_SECONDS = 24 * 60 * 60
KEPT_STATUSES = {200, 410}
# What each process keeps of the pages it served lately (RecentPages), in bytes of content.
RECENT_PAGES_BYTES = 16 * 1024 * 1024
# Headers that belong to one response only, never replayed from the cache.
NOT_KEPT = {"set-cookie", "date"}


def normalised_query(query_string):
    """The query string as a key: parameters sorted by name. The values of a repeated name
    keep their order (a view may read the last one), and an empty value stays (``?p=`` is not
    the first page of a sitemap section: it is no page)."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def page_key(request, generation, today=None):
    today = today or timezone.localdate()
    address = "|".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            normalised_query(request.GET.urlencode()),
        ]
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"public-page:{generation}:{today.isoformat()}:{digest}"


def is_anonymous_read(request):
    """A GET that no session or pending message can make personal."""
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


def is_keepable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in KEPT_STATUSES
        and not response.streaming
        and not response.cookies
        and "public" in cache_control
        and "private" not in cache_control
    )


class RecentPages:
    """The pages this process kept or fetched lately, in front of the shared cache: a page
    asked for again costs no trip to Redis. It can never be stale, because a key names its
    generation; the oldest pages go first once `max_bytes` of content is held."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.pages = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            kept = self.pages.get(key)
            if kept is not None:
                self.pages.move_to_end(key)
            return kept

    def set(self, key, kept):
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = kept
            self.size += len(kept[2])
            while self.size > self.max_bytes and self.pages:
                _key, (_status, _headers, content) = self.pages.popitem(last=False)
                self.size -= len(content)

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.size = 0


recent_pages = RecentPages(RECENT_PAGES_BYTES)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Off in development (a template edited shows at once) and with CACHE_URL=dummy://.
        self.enabled = settings.PUBLIC_PAGE_CACHE and not isinstance(
            caches[DEFAULT_CACHE_ALIAS], DummyCache
        )

    def __call__(self, request):
        if not (self.enabled and is_anonymous_read(request)):
            return self.get_response(request)
        generation = PublicationGeneration.objects.current()
        request.publication_generation = generation  # the filter options read it too
        try:
            key = page_key(request, generation)
        except DisallowedHost:
            return self.get_response(request)
        kept = recent_pages.get(key)
        if kept is None:
            kept = cache.get(key)
            if kept is not None:
                recent_pages.set(key, kept)
        if kept is not None:
            return answer_from(request, kept)
        response = self.get_response(request)
        if is_keepable(response):
            if not response.has_header("ETag"):
                set_response_etag(response)
            kept = keep(response)
            cache.set(key, kept, PAGE_SECONDS)
            recent_pages.set(key, kept)
        return response


def keep(response):
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_KEPT]
    return response.status_code, headers, response.content


def answer_from(request, kept):
    status, headers, content = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    conditional = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=_timestamp(response.get("Last-Modified")),
        response=response,
    )
    return conditional or response


def _timestamp(http_date):
    return parse_http_date_safe(http_date) if http_date else None
