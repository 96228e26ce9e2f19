"""Markdown to safe HTML for note sections.

Raw HTML in the source is not interpreted (it shows as text), and the output is sanitised
again with nh3, so that a link such as ``javascript:`` can never reach a page.

Formatting takes a few microseconds a character, more for some shapes of text: a text longer
than a section may be (SECTION_MAX_LENGTH; the editor refuses to save one, but previews what
was typed) is shown as plain paragraphs instead, which takes no time."""

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from outreach.text import SECTION_MAX_LENGTH

_parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "em", "strong", "a", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def render_markdown(text):
    text = text or ""
    if len(text) > SECTION_MAX_LENGTH:
        return mark_safe(linebreaks(text, autoescape=True))  # nosec B308 B703 # escaped by linebreaks
    html = _parser.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)  # nosec B308 B703 # sanitised by nh3 just above
