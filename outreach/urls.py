from django.contrib import admin
from django.urls import include, path

from accounts.views import AdminSignInView

urlpatterns = [
    # The admin's sign-in goes through the same throttle and two-step code as the site's.
    path("admin/login/", AdminSignInView.as_view(), name="admin-sign-in"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("staff/events/", include("events.staff_urls")),
    path("staff/contacts/", include("contacts.staff_urls")),
    path("staff/", include("notes.staff_urls")),
    path("", include("notes.public_urls")),
]
