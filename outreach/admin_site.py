"""The Django admin of Outreach: bulk maintenance for administrators.

Experts and reviewers signed in on the staff pages who open /admin/ are sent to their
dashboard with a word of explanation, instead of the admin's "not authorised" sign-in form."""

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.text import RefuseControlCharactersAdminMixin


class OutreachAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Outreach administration")
    site_title = gettext_lazy("Outreach")

    def login(self, request, extra_context=None):
        user = request.user
        on_staff_pages = user.is_authenticated and user.has_perm("notes.view_note")
        if on_staff_pages and not self.has_permission(request):
            messages.info(
                request,
                _(
                    "The administration pages are for administrators. "
                    "Your work is here, on the staff pages."
                ),
            )
            return redirect("staff-dashboard")
        return super().login(request, extra_context)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin form refuses control characters, as the staff forms do (outreach.text).
        admin_class = admin_class or admin.ModelAdmin
        refusing = type(admin_class.__name__, (RefuseControlCharactersAdminMixin, admin_class), {})
        super().register(model_or_iterable, refusing, **options)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the admin shows and never writes: logs, revisions, the audit trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OutreachAdminConfig(AdminConfig):
    default_site = "outreach.admin_site.OutreachAdminSite"
