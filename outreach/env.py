"""Read deployment values from environment variables, failing loudly on a bad value.

Each helper returns the development default when the variable is unset, so a fresh
checkout runs with nothing configured.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in TRUE:
        return True
    if raw.strip().lower() in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


DEVELOPMENT_SECRET_KEY = "development-only-key-never-used-in-production"
SECRET_KEY_MIN_LENGTH = 50


def secret_key(raw, *, debug):
    """The SECRET_KEY to use: the development key when unset with DEBUG on; with DEBUG off a
    missing, short, development or Django "insecure" key refuses to start, since it signs the
    sessions and the password-reset links."""
    if not raw:
        if not debug:
            raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
        return DEVELOPMENT_SECRET_KEY
    if debug:
        return raw
    if raw == DEVELOPMENT_SECRET_KEY or raw.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "SECRET_KEY is a development key; production needs its own secret key of at least "
            f"{SECRET_KEY_MIN_LENGTH} random characters."
        )
    if len(raw) < SECRET_KEY_MIN_LENGTH or len(set(raw)) < 5:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production ({len(raw)} characters): use at least "
            f"{SECRET_KEY_MIN_LENGTH} random characters, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    return raw


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def mailers(url):
    """Django MAILERS from a URL: console://, smtp://user:pass@host:587 (STARTTLS)
    or smtps://user:pass@host:465 (implicit TLS)."""
    parts = urlsplit(url)
    simple = {"console": "console", "locmem": "locmem", "dummy": "dummy"}
    if parts.scheme in simple:
        return {
            "default": {"BACKEND": f"django.core.mail.backends.{simple[parts.scheme]}.EmailBackend"}
        }
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with console://, smtp:// or smtps://; got {url!r}"
        )
    options = {
        "host": parts.hostname or "localhost",
        "port": parts.port or (465 if parts.scheme == "smtps" else 587),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_ssl": parts.scheme == "smtps",
        "use_tls": parts.scheme == "smtp"
        and "notls" not in parse_qs(parts.query, keep_blank_values=True),
        "timeout": 30,
    }
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


def cache_settings(url):
    """Django CACHES from a URL: locmem:// (default), redis://host:6379/0, dummy://."""
    scheme = urlsplit(url).scheme
    backends = {
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "dummy": "django.core.cache.backends.dummy.DummyCache",
        "redis": "outreach.redis_cache.SharedClientRedisCache",
        "rediss": "outreach.redis_cache.SharedClientRedisCache",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"CACHE_URL must start with locmem://, redis:// or dummy://; got {url!r}"
        )
    cache = {"BACKEND": backends[scheme]}
    if scheme.startswith("redis"):
        cache["LOCATION"] = url
    return {"default": cache}


FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"


def file_storage(bucket, *, endpoint_url="", region="", location=""):
    """Django's STORAGES["default"], where uploaded files live: on disk under MEDIA_ROOT, or
    in the S3-compatible `bucket` when one is named (django-storages; the credentials come
    from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role, as boto3 finds
    them). The bucket stays private: files are only ever served through the application,
    which checks who may read each one."""
    if not bucket:
        return {"BACKEND": FILE_SYSTEM_STORAGE}
    options = {"bucket_name": bucket, "file_overwrite": False, "querystring_auth": True}
    extra = {"endpoint_url": endpoint_url, "region_name": region, "location": location}
    options |= {name: value for name, value in extra.items() if value}
    return {"BACKEND": S3_STORAGE, "OPTIONS": options}
