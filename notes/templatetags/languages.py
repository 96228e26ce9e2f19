"""The public page in every language: the language switcher and the hreflang alternates.

Both are written here rather than looped over in the layout: they are on every public page
made, twelve links in all, and a template loop costs each link a dozen template nodes."""

from django import template
from django.utils.html import format_html, format_html_join

from outreach.languages import language_links as links_of

register = template.Library()

RIGHT_TO_LEFT = format_html(' dir="{}"', "rtl")
CURRENT = format_html(' aria-current="{}"', "true")


def _links(context):
    """The page being shown, in each language (outreach.languages.language_links), worked out
    once per request: the head's alternates and the switcher both need them."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "language_links"):
        request.language_links = links_of(request)
    return request.language_links


@register.simple_tag(takes_context=True)
def hreflang_alternates(context):
    """<link rel="alternate" hreflang="…"> for each language, and x-default for English."""
    alternates = []
    for link in _links(context):
        alternates.append((link["code"], link["absolute"]))
        if link["default"]:
            alternates.append(("x-default", link["absolute"]))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', alternates)


@register.simple_tag(takes_context=True)
def language_switcher(context, label):
    """The list of the page's addresses in each language, each link in its own language."""
    items = format_html_join(
        "",
        '<li><a href="{}" lang="{}" hreflang="{}"{}{}>{}</a></li>\n      ',
        (
            (
                link["url"],
                link["code"],
                link["code"],
                RIGHT_TO_LEFT if link["bidi"] else "",
                CURRENT if link["current"] else "",
                link["name"],
            )
            for link in _links(context)
        ),
    )
    return format_html(
        '<nav class="language-switcher" aria-label="{}">\n    <ul>\n      {}</ul>\n  </nav>',
        label,
        items,
    )
