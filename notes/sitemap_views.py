"""The sitemap index at /sitemap.xml and its sections at /sitemap-<section>.xml (?p=2 …).

Both are public pages: kept by the public page cache, and answered 304 Not Modified when the
reader's copy is current. The ETag is a fingerprint of the addresses listed. Last-Modified is
when the public site last changed (the publication generation): the newest date listed would
not do, since a withdrawal takes an address away without making any date newer.
"""

from django.contrib.sitemaps import views as sitemap_views

from notes.http import conditional_response, fingerprint
from notes.models import PublicationGeneration
from notes.sitemaps import SITEMAPS


def sitemap_index(request):
    response = sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section")
    listed = [(item.location, item.last_mod) for item in response.context_data["sitemaps"]]
    return _conditional(request, response, listed)


def sitemap_section(request, section):
    response = sitemap_views.sitemap(
        request, sitemaps=SITEMAPS, section=section, template_name="sitemaps/section.xml"
    )
    listed = [(url["location"], url["lastmod"]) for url in response.context_data["urlset"]]
    return _conditional(request, response, listed)


def _conditional(request, response, listed):
    """The response, still unrendered, or 304 Not Modified without rendering it."""
    # The view's own Last-Modified is the newest date listed (see the module's docstring).
    del response.headers["Last-Modified"]
    return conditional_response(
        request,
        lambda: response,
        etag=fingerprint(listed),
        last_modified=_public_site_changed_at(),
    )


def _public_site_changed_at():
    generation = PublicationGeneration.objects.filter(pk=PublicationGeneration.objects.ROW)
    return generation.values_list("changed_at", flat=True).first()
