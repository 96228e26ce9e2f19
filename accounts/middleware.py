import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from accounts.two_factor import must_use_two_factor

# -- idle sessions --------------------------------------------------------------------------

SEEN_KEY = "accounts.seen"
# A session is saved again (pushing its expiry SESSION_COOKIE_AGE ahead) at most this often:
# as good as SESSION_SAVE_EVERY_REQUEST for an idle limit counted in hours, without a database
# write on every request.
REFRESH_SECONDS = 60


def start_idle_clock(sender, request, user, **kwargs):
    """On every sign-in (user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())


def idle_sessions(get_response):
    """A signed-in session ends SESSION_COOKIE_AGE (SESSION_IDLE_SECONDS, a working day by
    default) after its last request: each request that uses the session, once a minute at
    most, saves it again, which moves its expiry (in the database and in the cookie)."""

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request has read already: no extra query for the others.
        if session is not None and session.accessed and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(SEEN_KEY, 0) >= REFRESH_SECONDS:
                session[SEEN_KEY] = now
        return response

    return middleware


# -- the staff's language -------------------------------------------------------------------

LANGUAGE_KEY = "accounts.language"
# Unprefixed and never cached (outreach.middleware.staff_never_cached): their language may
# come from who is asking. Public pages take theirs from the address alone.
STAFF_PATHS = ("/staff/", "/accounts/", "/admin/")


def remember_language(sender, request, user, **kwargs):
    """On every sign-in (user_logged_in): the profile's language goes into the session, so no
    staff page pays a query for it."""
    from accounts.models import Profile

    if request is not None and hasattr(request, "session"):
        request.session[LANGUAGE_KEY] = Profile.language_of(user)


def chosen_language(request):
    language = request.session.get(LANGUAGE_KEY)
    if language not in dict(settings.LANGUAGES):
        # A session that began before the choice existed: read it once.
        from accounts.models import Profile

        language = request.session[LANGUAGE_KEY] = Profile.language_of(request.user)
    return language


def staff_language(get_response):
    """Staff and admin pages in the language the signed-in user chose (accounts.Profile),
    after LocaleMiddleware, which gave them the site's default."""

    def middleware(request):
        if request.path_info.startswith(STAFF_PATHS) and request.user.is_authenticated:
            translation.activate(chosen_language(request))
            request.LANGUAGE_CODE = translation.get_language()
        return get_response(request)

    return middleware


# -- REQUIRE_2FA ----------------------------------------------------------------------------

# Reachable before the second step is set up: signing in and out, the set-up page itself.
OPEN_TO_UNVERIFIED = {"login", "login-code", "logout", "two-factor", "admin:logout"}


class TwoFactorRequired:
    """With REQUIRE_2FA=1, a signed-in reviewer or administrator (see must_use_two_factor),
    or anyone opening the admin, whose session has not passed a two-step code is sent to the
    set-up page (which asks for a code when a device is set up already)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_2FA or not request.user.is_authenticated:
            return None
        if request.user.is_verified():
            return None
        match = request.resolver_match
        if match.view_name in OPEN_TO_UNVERIFIED:
            return None
        if match.namespace != "admin" and not must_use_two_factor(request.user):
            return None
        messages.warning(
            request,
            _("Your role needs two-step sign-in: set it up (or enter a code) to continue."),
        )
        response = redirect_to_login(request.get_full_path(), reverse("two-factor"))
        add_never_cache_headers(response)
        return response
