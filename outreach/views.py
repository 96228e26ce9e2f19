"""Views the whole site shares: the page shown when the CSRF check refuses a form.

Django's own page is bare and speaks of tokens. The usual causes here are harmless: a page open
so long that its form expired, or signing out and in again in another tab (which changes the
token). This page says so in the site's layout, says that nothing was saved, and leads back to
the page the form came from: the note editor there gives back the text it kept in the browser.
Nothing from the refused request is stored or shown.
"""

from urllib.parse import urlsplit

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# The pages whose script keeps the text in the browser (static/js/notes-editor.js).
EDITOR_PAGES = {"notes-edit", "notes-start"}


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: status 403, in the staff or the public layout."""
    if "application/json" in request.headers.get("Accept", ""):
        message = _("The page has expired: reload it. Your text is kept in this browser.")
        return JsonResponse({"error": message}, status=403)
    back = same_origin_referer(request) or reverse("staff-dashboard")
    staff = request.path.startswith(reverse("staff-dashboard")) or request.user.is_authenticated
    context = {
        "base_template": "staff/base.html" if staff else "public/base.html",
        "back": back,
        "editor": is_editor(back),
    }
    return render(request, "403_csrf.html", context, status=403)


def same_origin_referer(request):
    """The path (and query) of the page the form came from, if it is on this site."""
    referer = request.headers.get("Referer", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    if not parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_editor(path):
    try:
        return resolve(urlsplit(path).path).url_name in EDITOR_PAGES
    except Resolver404:
        return False
