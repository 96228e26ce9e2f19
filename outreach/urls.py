from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from accounts.views import AdminSignInView
from notes import public_urls
from outreach.languages import english_without_prefix

urlpatterns = [
    # The admin's sign-in goes through the same throttle and two-step code as the site's.
    path("admin/login/", AdminSignInView.as_view(), name="admin-sign-in"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("staff/events/", include("events.staff_urls")),
    path("staff/contacts/", include("contacts.staff_urls")),
    path("staff/", include("notes.staff_urls")),
    path("", include(public_urls.unprefixed_patterns)),
    re_path(r"^en/(?P<rest>.*)\Z", english_without_prefix),
]
# Public pages in each language: English at the addresses it always had, the others under
# their prefix (/fr/notes/…). The address alone decides (outreach/languages.py).
urlpatterns += i18n_patterns(path("", include(public_urls)), prefix_default_language=False)
