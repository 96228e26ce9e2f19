"""Each request's changes are recorded as made by the person signed in (audit.tracking)."""

import ipaddress

from django.conf import settings

from audit.tracking import acting


def client_address(request):
    """The address the request came from: behind the TLS proxy (SECURE_PROXY_SSL_HEADER set),
    the last address of X-Forwarded-For, the one the proxy added; else the peer's address."""
    address = request.META.get("REMOTE_ADDR")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.headers.get("X-Forwarded-For", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        address = addresses[-1] if addresses else address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class AuditMiddleware:
    """After AuthenticationMiddleware. The user is read only when an entry is written, so a
    request that changes nothing costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def actor():
            user = getattr(request, "user", None)
            return user if user is not None and user.is_authenticated else None

        with acting(
            actor, via=f"{request.method} {request.path}", remote_addr=client_address(request)
        ):
            return self.get_response(request)
