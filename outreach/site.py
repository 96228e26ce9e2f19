"""The site's own address, for links that leave it: e-mails and exported files."""

from django.conf import settings


def absolute_url(path):
    """The address of a site path (as reverse() or get_absolute_url() give it) outside any
    request, from settings.SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path
