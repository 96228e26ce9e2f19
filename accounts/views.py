from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import verify_token

from accounts import two_factor
from accounts.forms import AdminSignInForm, CodeForm, LanguageForm, SignInForm
from accounts.middleware import LANGUAGE_KEY
from accounts.models import Profile
from accounts.throttle import is_locked_out, locked_out_message


class SignInView(auth_views.LoginView):
    """The password; then, for an account with two-step sign-in, the code (login_code)."""

    form_class = SignInForm

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.confirmed_device(user) is None:
            return super().form_valid(form)
        two_factor.start_pending(self.request, user, self.get_success_url())
        return redirect("login-code")


class AdminSignInView(SignInView):
    """The admin's sign-in form, throttled and followed by the code like the site's."""

    form_class = AdminSignInForm
    template_name = "admin/login.html"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and request.user.is_authenticated:
            # The admin's own answer: its index, the staff dashboard, or its refusal.
            return admin.site.login(request)
        request.current_app = admin.site.name
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("admin:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            admin.site.each_context(self.request),
            title=_("Log in"),
            subtitle=None,
            app_path=self.request.get_full_path(),
            username=self.request.user.get_username(),
            next=self.get_success_url(),
        )
        return context


def wrong_code_message(device):
    allowed, details = device.verify_is_allowed() if device else (True, None)
    if not allowed and details and details.get("locked_until"):
        return _("Too many wrong codes in a row: wait a moment, then try the code shown now.")
    return _("That code is not right. Check that your phone's clock is right and try again.")


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code(request):
    """The second step of the sign-in: the code from the authenticator app."""
    found = two_factor.pending(request)
    if found is None:
        two_factor.end_pending(request)
        messages.info(
            request,
            _("Please sign in again: the code must follow the password within five minutes."),
        )
        return redirect("login")
    user, backend, redirect_to = found
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    status, locked_out = 200, None
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, credentials):
            form, status, locked_out = CodeForm(), 429, locked_out_message()
        elif form.is_valid():
            device = two_factor.confirmed_device(user)
            if device and verify_token(user, device.persistent_id, form.cleaned_data["code"]):
                two_factor.end_pending(request)
                auth_login(request, user, backend)
                otp_login(request, device)
                return redirect(redirect_to)
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if is_locked_out(request):
                form.add_error(None, locked_out_message())
            else:
                form.add_error("code", wrong_code_message(device))
    return render(
        request,
        "registration/login_code.html",
        {"form": form, "locked_out": locked_out, "minutes": two_factor.PENDING_SECONDS // 60},
        status=status,
    )


@login_required
def account(request):
    user = request.user
    now = timezone.now()
    return render(
        request,
        "registration/account.html",
        {
            "device": two_factor.confirmed_device(user),
            "verified": user.is_verified(),
            "required": two_factor.must_use_two_factor(user),
            "idle": timesince(now - timedelta(seconds=settings.SESSION_COOKIE_AGE), now),
        },
    )


@login_required
def language(request):
    """The language of the user's staff pages and of the admin; public pages keep theirs in
    their address."""
    profile = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = LanguageForm(request.POST or None, instance=profile)
    if form.is_valid():
        form.save()
        request.session[LANGUAGE_KEY] = profile.language
        # The message below is already in the language chosen.
        translation.activate(profile.language)
        messages.success(request, _("Your pages are now in the language you chose."))
        return redirect("account-language")
    return render(request, "accounts/language.html", {"form": form})


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@sensitive_post_parameters("code")
@login_required
def two_factor_setup(request):
    """Set up the authenticator app (QR code or secret, then a code to confirm it), or, with
    one set up already, confirm this session with a code."""
    user = request.user
    device = two_factor.confirmed_device(user)
    if device is not None and user.is_verified():
        return render(request, "registration/two_factor.html", {"device": device, "on": True})
    setting_up = device is None
    if setting_up:
        device = two_factor.device_being_set_up(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = verify_token(user, device.persistent_id, form.cleaned_data["code"])
        if verified:
            if setting_up:
                verified.confirmed = True
                verified.save(update_fields=["confirmed"])
                type(verified).objects.filter(user=user, confirmed=False).delete()
                messages.success(
                    request,
                    _("Two-step sign-in is on: from now on, signing in asks for a code."),
                )
            otp_login(request, verified)
            return redirect(safe_next(request, reverse("account")))
        form.add_error("code", wrong_code_message(device))
    context = {
        "form": form,
        "setting_up": setting_up,
        "next": safe_next(request, ""),
        "digits": device.digits,
        "step": device.step,
    }
    if setting_up:
        context |= {
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_text(device),
        }
    return render(request, "registration/two_factor.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with the link in the e-mail on SITE_URL like every other e-mail of the site."""

    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)
