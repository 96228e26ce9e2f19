"""Two-step sign-in with a time-based code (TOTP, django-otp).

Staff set up an authenticator app on their account page; from then on the sign-in asks for a
code after the password, and the user is signed in only once the code is right. With
REQUIRE_2FA=1, reviewers and administrators (``notes.review_note`` or superuser), and anyone
opening the admin, must set it up before they reach those pages (``TwoFactorRequired``).
"""

import time
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_KEY = "accounts.pending_sign_in"
PENDING_SECONDS = 5 * 60


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def device_being_set_up(user):
    """The unconfirmed device shown on the set-up page: the same one on every visit, so that a
    reload does not change the secret the user may already have scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def must_use_two_factor(user):
    """With REQUIRE_2FA: reviewers and administrators."""
    return settings.REQUIRE_2FA and (user.is_superuser or user.has_perm("notes.review_note"))


def secret_text(device):
    """The secret as authenticator apps take it when typed: base 32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """The device's otpauth:// address as an inline SVG QR code (no style, no script)."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=15,
        border=4,
    )
    return mark_safe(image.to_string(encoding="unicode"))  # nosec B308 B703 # made here, from our own data


# -- the sign-in between the password and the code ------------------------------------------


def start_pending(request, user, redirect_to):
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "since": time.time(),
        "next": redirect_to,
    }


def pending(request):
    """(user, backend, next) of the sign-in waiting for its code, or None when there is none,
    it is older than PENDING_SECONDS, or the account changed its password or was disabled."""
    data = request.session.get(PENDING_KEY)
    if not data or time.time() - data["since"] > PENDING_SECONDS:
        return None
    user = get_user_model()._default_manager.filter(pk=data["user"], is_active=True).first()
    if user is None or user.get_session_auth_hash() != data["hash"]:
        return None
    return user, data["backend"], data["next"]


def end_pending(request):
    request.session.pop(PENDING_KEY, None)
