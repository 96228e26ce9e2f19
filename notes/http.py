"""Cache headers and conditional responses for the public pages and feeds."""

import hashlib

from django.contrib.messages import get_messages
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.http import http_date

# Short, so that a withdrawal or a correction reaches readers within minutes.
PUBLIC_MAX_AGE = 300


def cache_publicly(request, response, max_age=PUBLIC_MAX_AGE):
    """Let browsers and shared caches keep a public response briefly.

    A page that showed someone's messages is theirs alone, so it is never stored."""
    if getattr(get_messages(request), "used", False):
        patch_cache_control(response, private=True, no_cache=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    return response


def fingerprint(values):
    """A strong validator for a response built from these values."""
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()[:32]


def conditional_response(request, build, *, etag=None, last_modified=None):
    """304 Not Modified when the client's copy is current, else the response ``build()`` makes.

    Both carry the validators, so that caches and feed readers can ask again cheaply."""
    etag = etag and quote_etag(etag)
    timestamp = last_modified and int(last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = build()
    if etag:
        response.headers["ETag"] = etag
    if timestamp:
        response.headers["Last-Modified"] = http_date(timestamp)
    return cache_publicly(request, response)
