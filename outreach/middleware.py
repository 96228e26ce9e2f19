from django.utils.cache import add_never_cache_headers


def staff_never_cached(get_response):
    """Staff pages show drafts and personal data: no browser, proxy or CDN may keep them."""

    def middleware(request):
        response = get_response(request)
        if request.path.startswith(("/staff/", "/accounts/")):
            add_never_cache_headers(response)
        return response

    return middleware
