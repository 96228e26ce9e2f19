"""Sign-in throttling, built on django-axes.

The rule: ``AXES_FAILURE_LIMIT`` failed sign-ins (a wrong password or a wrong two-step code)
for one account, from any address, lock that account; ``SIGN_IN_ADDRESS_LIMIT`` failed sign-ins
from one address, for any accounts, lock that address. A lock refuses even the right password,
on every sign-in form (the site's and the admin's), until ``AXES_COOLOFF_TIME`` has passed
since the last failure. Sooner, an administrator unlocks an account in the admin (Sign-in
security, "Unlock sign-in"), and an address with ``manage.py axes_reset_ip ADDRESS``. A
successful sign-in clears the failures of that account from that address.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.utils.translation import ngettext


class SignInThrottleBackend(AxesStandaloneBackend, ModelBackend):
    """Django's ModelBackend behind the throttle: a locked account or address is refused
    before its password is checked. The site's only backend, so that permission look-ups such
    as User.objects.with_perm() need no backend named."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not (request is None and settings.TESTING):
            # Raises PermissionDenied when locked. The test client's login() authenticates
            # without a request; every sign-in form passes one, and outside the tests a call
            # without one fails loudly.
            AxesStandaloneBackend.authenticate(self, request, username, password, **kwargs)
        return ModelBackend.authenticate(self, request, username, password, **kwargs)


class SignInThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per address of its own, and a reset on success
    that clears only the failures of the account that signed in, from its address."""

    def get_failures(self, request, credentials=None):
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one query set each.
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Axes compares one number with AXES_FAILURE_LIMIT: scale the address's count so that
        # it reaches that limit exactly when it reaches SIGN_IN_ADDRESS_LIMIT.
        return max(account, address * settings.AXES_FAILURE_LIMIT // settings.SIGN_IN_ADDRESS_LIMIT)

    def reset_user_attempts(self, request, credentials=None):
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


def client_address(request):
    """The address a sign-in comes from: REMOTE_ADDR, or behind FORWARDED_FOR_PROXIES proxies
    the address the outermost of them saw (counted from the right of X-Forwarded-For)."""
    proxies = settings.FORWARDED_FOR_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            try:
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


def locked_out_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-ins for this account or from this address: signing in is "
        "blocked for %(minutes)d minute after the last attempt. An administrator can unlock "
        "it sooner.",
        "Too many failed sign-ins for this account or from this address: signing in is "
        "blocked for %(minutes)d minutes after the last attempt. An administrator can unlock "
        "it sooner.",
        minutes,
    ) % {"minutes": minutes}


def is_locked_out(request):
    return bool(getattr(request, "axes_locked_out", False))


def lockout_response(request, response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page the view rendered, which already says why (see
    LockoutMessageMixin and the code step), sent as 429 Too Many Requests."""
    if response is None:
        return HttpResponse(locked_out_message(), status=429)
    response.status_code = 429
    return response


class LockoutMessageMixin:
    """For authentication forms: when a lock refused the sign-in, say so instead of "wrong
    username or password"."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if is_locked_out(self.request):
                raise ValidationError(locked_out_message(), code="locked_out") from None
            raise
