from django import template

from notes import document

register = template.Library()


@register.simple_tag
def published_document(note):
    """The note's live document, rendered once per revision (notes/document.py)."""
    return document.published_document(note)
