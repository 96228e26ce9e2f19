from django import template

from notes.models import unread_count

register = template.Library()


@register.simple_tag
def inbox_unread(user):
    """The number of unread items in the inbox of a member of staff (from the cache: no query
    on a page after sign-in), or None for anyone else."""
    if not user.is_authenticated or not user.has_perm("notes.view_note"):
        return None
    return unread_count(user)
