"""Merge duplicate records: everything that points to the duplicates comes to the one kept.

Generic over Model._meta.related_objects, so that contacts can merge organizations without
knowing that events or notes point to them. Nothing is lost: a link the kept record already
has is not doubled, and a move that would break a uniqueness rule (two contacts who both
attended the same event, with their own roles) refuses the whole merge.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import UniqueConstraint
from django.utils.translation import gettext as _

from outreach.changes import records_changed


class MergeRefused(Exception):
    """The merge would lose or break something; nothing was changed."""


def merge(keep, duplicates, *, by):
    """Point every relation of `duplicates` to `keep`, delete them, log it on `keep`."""
    duplicates = [duplicate for duplicate in duplicates if duplicate.pk != keep.pk]
    if not duplicates:
        raise MergeRefused(_("Select at least one record besides the one to keep."))
    with transaction.atomic():
        for duplicate in duplicates:
            _move_relations(keep, duplicate)
        names = ", ".join(str(duplicate) for duplicate in duplicates)
        for duplicate in duplicates:
            duplicate.delete()
        message = _("Merged %(names)s into this record.") % {"names": names}
        LogEntry.objects.log_actions(by.pk, [keep], CHANGE, message, single_object=True)
        records_changed(type(keep), [keep.pk])
    return message


def _move_relations(keep, duplicate):
    for relation in keep._meta.related_objects:
        if relation.many_to_many:
            # An explicit through model is also a foreign key relation, moved as one below.
            if relation.through._meta.auto_created:
                _move_links(
                    relation.through, relation.field.m2m_reverse_field_name(), keep, duplicate
                )
        else:
            _move_rows(relation.related_model, relation.field.name, keep, duplicate)
    for field in keep._meta.many_to_many:
        if field.remote_field.through._meta.auto_created:
            _move_links(field.remote_field.through, field.m2m_field_name(), keep, duplicate)


def _move_links(through, name, keep, duplicate):
    """Many-to-many links: a link the kept record already has is dropped, not doubled."""
    other = next(
        field.name
        for field in through._meta.fields
        if field.is_relation and field.name != name and field.many_to_one
    )
    rows = through._base_manager.filter(**{name: duplicate})
    kept = through._base_manager.filter(**{name: keep}).values(f"{other}_id")
    rows.filter(**{f"{other}_id__in": kept}).delete()
    rows.update(**{name: keep})


def _move_rows(model, name, keep, duplicate):
    clash = _clash(model, name, keep, duplicate)
    if clash is not None:
        raise MergeRefused(
            _(
                "Cannot merge %(duplicate)s into %(keep)s: both have %(records)s for the same "
                "%(what)s (%(row)s), and one would be lost. Remove one of them first."
            )
            % {
                "duplicate": duplicate,
                "keep": keep,
                "records": model._meta.verbose_name_plural,
                "what": clash[0],
                "row": clash[1],
            }
        )
    model._base_manager.filter(**{name: duplicate}).update(**{name: keep})


def _clash(model, name, keep, duplicate):
    """(the other fields, a row) where moving would break a uniqueness rule, else None."""
    for fields in _unique_field_sets(model):
        if name not in fields:
            continue
        others = [field for field in fields if field != name]
        taken = set(model._base_manager.filter(**{name: keep}).values_list(*others or ["pk"]))
        for row in model._base_manager.filter(**{name: duplicate}):
            values = tuple(getattr(row, model._meta.get_field(f).attname) for f in others)
            # A field unique on its own clashes as soon as both records have a row.
            if values in taken if others else taken:
                return ", ".join(others) or model._meta.verbose_name, row
    return None


def _unique_field_sets(model):
    meta = model._meta
    yield from (tuple(fields) for fields in meta.unique_together)
    yield from (
        constraint.fields
        for constraint in meta.constraints
        if isinstance(constraint, UniqueConstraint)
        and constraint.fields
        and not constraint.condition
    )
    yield from ((field.name,) for field in meta.fields if field.unique and not field.primary_key)
