"""Sign-in security in the admin: which accounts are locked by the throttle, which use
two-step sign-in; unlock an account, or remove its device (a lost phone)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountSecurity

# This page does what django-otp's device admin would (AXES_ENABLE_ADMIN is off for axes').
admin.site.unregister(TOTPDevice)


@admin.register(AccountSecurity)
class AccountSecurityAdmin(admin.ModelAdmin):
    list_display = ["username", "full_name", "is_active", "locked", "failures", "two_step"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fields = ["username", "email", "is_active", "locked", "failures", "two_step"]
    readonly_fields = fields
    actions = ["unlock", "remove_two_step"]

    def get_queryset(self, request):
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = (
            AccessAttempt.objects.filter(username=OuterRef("username"), attempt_time__gte=since)
            .values("username")
            .annotate(total=Sum("failures_since_start"))
            .values("total")
        )
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return (
            super()
            .get_queryset(request)
            .annotate(failure_count=Coalesce(Subquery(failures), 0), has_device=Exists(devices))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("failed sign-ins"), ordering="failure_count")
    def failures(self, obj):
        return obj.failure_count

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, obj):
        return obj.failure_count >= settings.AXES_FAILURE_LIMIT

    @admin.display(description=_("two-step sign-in"), boolean=True, ordering="has_device")
    def two_step(self, obj):
        return obj.has_device

    @admin.action(
        description=_("Unlock sign-in (forget the failed attempts)"), permissions=["change"]
    )
    def unlock(self, request, queryset):
        usernames = list(queryset.values_list("username", flat=True))
        AccessAttempt.objects.filter(username__in=usernames).delete()
        self.message_user(
            request,
            ngettext(
                "%(count)d account can sign in again.",
                "%(count)d accounts can sign in again.",
                len(usernames),
            )
            % {"count": len(usernames)},
        )

    @admin.action(
        description=_("Remove two-step sign-in (the user sets it up again)"),
        permissions=["change"],
    )
    def remove_two_step(self, request, queryset):
        count, _deleted = TOTPDevice.objects.filter(user__in=queryset).delete()
        self.message_user(
            request,
            ngettext(
                "%(count)d two-step device removed.",
                "%(count)d two-step devices removed.",
                count,
            )
            % {"count": count},
        )
