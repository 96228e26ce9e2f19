"""The languages of the interface: which one a request is in, and the same page in the others.

Public pages carry their language in the address (``/fr/notes/…``; English has no prefix), and
nothing else decides it: the public page cache (notes/page_cache.py) keeps a page by its
address, and a CDN in front of it does the same. Staff and admin pages have no prefix; they
are in the language each user chose (accounts.middleware.staff_language).
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import NoReverseMatch, is_valid_path, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.http import escape_leading_slashes

# Each language by its own name: a reader looks for the language they can read.
OWN_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "ar": "العربية",
    "zh-hans": "中文",
}
OWN_NAME_CHOICES = [(code, OWN_NAMES[code]) for code, _name in settings.LANGUAGES]


def language_of_address(path):
    """The language a path is in: its prefix, or English without one."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class LocaleByAddressMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, reading the language from the address only.

    With ``prefix_default_language=False`` Django already ignores the language cookie and
    Accept-Language for an unprefixed address, and redirects nothing; but it still adds
    ``Vary: Accept-Language`` to those responses, which would make every shared cache keep
    one copy of an English page per browser language for nothing. The address decides, so
    only ``Content-Language`` is said.

    The language active before the request is active again after it: code that runs later in
    the same thread (a test, a task run in the process) does not make its addresses in the
    language of the last page served."""

    def process_request(self, request):
        request.language_before = translation.get_language()
        translation.activate(language_of_address(request.path_info))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        if hasattr(request, "language_before"):
            translation.activate(request.language_before)
        return response


def language_links(request):
    """The page of `request` in each language, current one included: code, own name, address
    (with the query string kept; also absolute, for hreflang), whether it is the current one
    and whether it is the default (hreflang's x-default). An address that does not
    resolve (a page not found) stays as it is."""
    current = translation.get_language()
    origin = request.build_absolute_uri("/")[:-1]
    links = []
    for code, url in _translations(request).items():
        links.append(
            {
                "code": code,
                "name": OWN_NAMES[code],
                "url": url,
                "absolute": origin + iri_to_uri(url),
                "bidi": translation.get_language_info(code)["bidi"],
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return links


def _translations(request):
    """{language: the request's address in it}, as django.urls.translate_url gives one at a
    time, but from the request's own resolver match, for all six at once (this runs on every
    public page made)."""
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name is None:
        return {code: path for code, _name in settings.LANGUAGES}
    parts = urlsplit(path)
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                address = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                found[code] = path
                continue
        found[code] = urlunsplit(parts._replace(path=address))
    return found


def english_without_prefix(request, rest):
    """/en/notes/… is /notes/…: English has no prefix, and an address with one (typed, or
    made by changing /fr/ to /en/) is sent to the page it means, never elsewhere."""
    path = escape_leading_slashes(f"/{rest}")
    if not is_valid_path(path):
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)
