"""The disclaimer in a note's language (Disclaimer.in_language): for the document's footnote,
and for the pages that tell staff before publishing that English will stand in."""

from django import template

register = template.Library()


@register.filter
def footnote_in(disclaimer, language):
    """The footnote text in this language, or the English one where the version has none."""
    return disclaimer.in_language(language)[0]


@register.filter
def falls_back_in(disclaimer, language):
    """Whether a note in this language would get English disclaimer texts."""
    return disclaimer.in_language(language)[2]
