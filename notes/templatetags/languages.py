"""The public page in every language: the language switcher and the hreflang alternates."""

from django import template

from outreach.languages import language_links as links_of

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The page being shown, in each language (outreach.languages.language_links)."""
    request = context.get("request")
    if request is None:
        return []
    # Asked for twice a page (the head's alternates, the switcher): worked out once.
    if not hasattr(request, "language_links"):
        request.language_links = links_of(request)
    return request.language_links
