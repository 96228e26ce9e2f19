"""Optimistic locking, shared by every record two people may edit at once (events, notes).

A save names the version its edit began from; the UPDATE matches only that version, so of two
concurrent saves exactly one wins and the other raises EditConflict with the record as it is now.
"""

from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved the record after this edit began; `current` is the record now.

    A record merged field by field (notes) also names the `fields` both sides changed and the
    `base` the edit began from; elsewhere `fields` is None: the whole record conflicts."""

    def __init__(self, current, *, fields=None, base=None):
        what = current._meta.verbose_name
        super().__init__(
            _("Someone else saved this %(what)s while you were editing it.") % {"what": what}
        )
        self.current = current
        self.fields = fields
        self.base = base
