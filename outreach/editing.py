"""Optimistic locking, shared by every record two people may edit at once (events, notes).

A save names the version its edit began from; the UPDATE matches only that version, so of two
concurrent saves exactly one wins and the other raises EditConflict with the record as it is now.
"""

from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved the record after this edit began; `current` is the record now."""

    def __init__(self, current):
        what = current._meta.verbose_name
        super().__init__(
            _("Someone else saved this %(what)s while you were editing it.") % {"what": what}
        )
        self.current = current
