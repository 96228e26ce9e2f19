"""Outreach settings: one module, every deployment value from an environment variable.

With nothing set it runs for development: DEBUG on, SQLite file in the project folder,
e-mail printed to the console, a local-memory cache. Production sets at least DEBUG=0,
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see README.md.
"""

import atexit
import datetime
import shutil
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from outreach.env import (
    cache_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    file_storage,
    mailers,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", default=True)
# Required with DEBUG off: at least 50 characters, never the development key (see env.py).
SECRET_KEY = secret_key(env_str("SECRET_KEY"), debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "outreach.views.csrf_failure"  # in the site's layout; says what to do

INSTALLED_APPS = [
    "outreach.admin_site.OutreachAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",  # the tasks queue in the database, run by `manage.py db_worker`
    "accounts",
    "contacts",
    "events",
    "notes",
    "bench",  # seed_scale: the large dataset for measuring (bench/)
    "auditlog",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers of public pages are answered here when the page is in the cache.
    "notes.page_cache.PublicPageCacheMiddleware",
    # ETag on every response, 304 when the reader's copy is current.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A public page's language is its address alone (/fr/notes/…; English unprefixed): no
    # cookie or Accept-Language header changes what an address shows (outreach/languages.py).
    "outreach.languages.LocaleByAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.AuditMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff and admin pages (unprefixed) in the language the user chose in their profile.
    "accounts.middleware.staff_language",
    "accounts.middleware.idle_sessions",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TwoFactorRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "outreach.middleware.staff_never_cached",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "outreach.urls"
WSGI_APPLICATION = "outreach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
# Persistent connections matter on PostgreSQL (~60% more requests per second). A health check
# costs a round trip on every request, as much as a public page from the cache costs in all;
# without it, a connection the database dropped (a restart) fails one request and is replaced.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", False),
        # On behind PgBouncer in transaction mode, which server-side cursors do not survive.
        disable_server_side_cursors=env_bool("DISABLE_SERVER_SIDE_CURSORS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # Parameters bound by the server, and a query run twice on a connection prepared there:
    # PostgreSQL plans a public page's query once per connection instead of on every request
    # (its CPU per page falls by two thirds). Off behind a PgBouncer older than 1.21 in
    # transaction mode, which cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = cache_settings(env_str("CACHE_URL", "locmem://"))
# The parts of the public layout that are the same on every page of a language (the site's
# navigation, the footer): their addresses and translations change only with a deployment, so
# each process renders them once (the {% cache %} tag in public/base.html). They hold no data,
# which is why they are kept apart from the cache of pages: CACHE_URL=dummy:// leaves them on.
# Off in development, where a template edited must show on the next request.
CACHES["layout"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    if not DEBUG or TESTING
    else "django.core.cache.backends.dummy.DummyCache",
    "LOCATION": "layout",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
# Public pages from the cache for anonymous readers (notes/page_cache.py): on in production and
# in the tests, off in development, where a template edited must show on the next request.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", not DEBUG or TESTING)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's ModelBackend behind the sign-in throttle (accounts/throttle.py).
AUTHENTICATION_BACKENDS = ["accounts.throttle.SignInThrottleBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-dashboard"
LOGOUT_REDIRECT_URL = "home"

# The six official languages of the United Nations; English first.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (events' materials): on disk under MEDIA_ROOT, or in an S3-compatible bucket
# when S3_BUCKET is set. They are never served by their path (no MEDIA_URL view): each goes
# through events.material_views, which checks who may read it. The tests write theirs to a
# temporary folder of their own, removed when they end, never to the project's.
MEDIA_ROOT = env_str("MEDIA_ROOT") or (
    tempfile.mkdtemp(prefix="outreach-test-media-") if TESTING else str(BASE_DIR / "media")
)
if TESTING and not env_str("MEDIA_ROOT"):
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# Larger uploads are refused, with the file's name; the web server in front should refuse
# request bodies of more than a few times this (nginx's client_max_body_size).
MATERIAL_MAX_BYTES = env_int("MATERIAL_MAX_MB", 20) * 1024 * 1024
STORAGES = {
    "default": file_storage(
        env_str("S3_BUCKET"),
        endpoint_url=env_str("S3_ENDPOINT_URL"),
        region=env_str("S3_REGION"),
        location=env_str("S3_LOCATION"),
    ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "outreach.staticfiles.StaticFilesStorage"
    },
}
# Spreadsheet imports wait for their confirmation in the cache (shared by every app server,
# expiring after a day), not in files left in the system's temporary folder.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
# Unset, django-import-export lets any staff account export and import everything. Exports
# need the permission to view the model, imports to change it (contacts.admin.BulkAdmin asks
# for add and change). Formulae in exported cells are neutralised by contacts.resources.SafeCSV
# and SafeXLSX; the library's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off (it deletes a
# leading "=" and leaves "+", "-" and "@").
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
# Without this the middleware rescans STATIC_ROOT for every test client (FACTS: 24 ms a test).
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# E-mail: printed to the console in development, SMTP in production via EMAIL_URL.
MAILERS = mailers(env_str("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25?notls"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Outreach <outreach@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Background work (notification e-mail, the archive import) goes through Django's tasks API.
# In production a task is a row in the database, run by `manage.py db_worker` on any machine;
# in development and tests the immediate backend runs it when it is queued. TASKS_BACKEND
# overrides either.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG or TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# Content Security Policy: nothing inline, everything from our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS: on by default in production; a proxy that terminates TLS sets SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sessions end after a working day without a request (accounts.middleware.idle_sessions).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 8 * 60 * 60)

# Sign-in throttling (django-axes; the rule is in accounts/throttle.py): 10 failed sign-ins
# for one account, or 50 from one address, lock it for 30 minutes after the last failure,
# on every sign-in form; administrators unlock in the admin (Axes › Access attempts).
AXES_FAILURE_LIMIT = 10
SIGN_IN_ADDRESS_LIMIT = 50
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "accounts.throttle.SignInThrottleHandler"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # the admin's "Sign-in security" page (accounts/admin.py) instead
AXES_DISABLE_ACCESS_LOG = True  # failed attempts are kept (until they expire), not sign-ins
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# How many proxies in front of the app append the client's address to X-Forwarded-For
# (0: the address is REMOTE_ADDR). One with BEHIND_TLS_PROXY unless said otherwise.
FORWARDED_FOR_PROXIES = env_int("FORWARDED_FOR_PROXIES", 1 if BEHIND_TLS_PROXY else 0)

# Two-step sign-in (django-otp, TOTP; accounts/two_factor.py). With REQUIRE_2FA=1 reviewers,
# administrators and anyone opening the admin must set it up before they reach those pages.
REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Outreach"

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django logs every task run; once is enough, and only problems matter.
    "loggers": {
        "django.tasks": {"level": "WARNING", "propagate": False, "handlers": ["console"]},
        # django-axes logs every sign-in; failures and locks (warnings) are the ones to read.
        "axes": {"level": "WARNING", "propagate": False, "handlers": ["console"]},
    },
}
