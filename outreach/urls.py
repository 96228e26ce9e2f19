from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Outreach administration")
admin.site.site_title = _("Outreach")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/events/", include("events.staff_urls")),
    path("staff/contacts/", include("contacts.staff_urls")),
    path("staff/", include("notes.staff_urls")),
    path("", include("notes.public_urls")),
]
