"""Merge duplicate records: everything that points to the duplicates comes to the one kept.

Generic over Model._meta.related_objects, so that contacts can merge organizations without
knowing that events or notes point to them. Nothing is lost:

- a link the kept record already has is not doubled, and a move that would break a
  uniqueness rule (two contacts who both attended the same event, with their own roles)
  refuses the whole merge;
- each field of the kept record takes the value chosen for it (`choices`), else keeps its own,
  or takes the first value of the duplicates when its own is empty;
- every value that is not kept is written down: in the model's `merge_notes_field` (a
  contact's private remarks), where the duplicates' own notes are added too, or else in the
  merge's entry in the history of the record kept;
- the history (admin log) of the duplicates becomes the history of the record kept.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.changes import records_changed


class MergeRefused(Exception):
    """The merge would lose or break something; nothing was changed."""


def merge(keep, duplicates, *, by, choices=None):
    """Point every relation of `duplicates` to `keep`, delete them, log it on `keep`.

    `choices` maps a field name (one of merged_fields) to the record, `keep` or one of the
    duplicates, whose value the record kept takes."""
    duplicates = [duplicate for duplicate in duplicates if duplicate.pk != keep.pk]
    if not duplicates:
        raise MergeRefused(_("Select at least one record besides the one to keep."))
    records = [keep, *duplicates]
    choices = choices or {}
    if any(record.pk not in {r.pk for r in records} for record in choices.values()):
        raise MergeRefused(_("A value can only come from one of the records merged."))
    model = type(keep)
    values = {
        field: _chosen(field, keep, duplicates, choices.get(field.name))
        for field in merged_fields(model)
    }
    # Written down before anything moves, while every record reads as it was.
    not_kept = _not_kept(records, values)
    names = ", ".join(str(duplicate) for duplicate in duplicates)
    notes = _notes_field(model)
    with transaction.atomic():
        for duplicate in duplicates:
            _move_relations(keep, duplicate)
            _move_history(keep, duplicate)
        changed = [field.attname for field, value in values.items() if value != _value(keep, field)]
        message = _("Merged %(names)s into this record.") % {"names": names}
        if notes is not None:
            text = _notes_text(records, notes, not_kept)
            if text:
                own = getattr(keep, notes.attname)
                setattr(keep, notes.attname, f"{own}\n\n{text}" if own else text)
                changed.append(notes.attname)
                message += " " + _("What was not kept is in its %(field)s.") % {
                    "field": notes.verbose_name
                }
        else:
            # The duplicates' own names are in the message already.
            listed = [
                (field, record, shown)
                for field, record, shown in not_kept
                if record is keep or shown not in str(record)
            ]
            if listed:
                message += " " + _lines(listed, separator=" ")
        for duplicate in duplicates:
            duplicate.delete()
        for field, value in values.items():
            setattr(keep, field.attname, value)
        if changed:
            keep.save(update_fields=_update_fields(model, changed))
        LogEntry.objects.log_actions(by.pk, [keep], CHANGE, message, single_object=True)
        records_changed(model, [keep.pk])
    return message


def merged_fields(model):
    """The fields whose value the record kept takes from one record: the editable ones, but
    not the notes where what is not kept is written (merge_notes_field)."""
    notes = _notes_field(model)
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field is not notes
    ]


def comparison(records):
    """The records side by side, one row per field, for the page that confirms a merge.

    A row is a dict: the field's `label`, its `name`, `cells` (one per record: the `record`,
    its value as `shown`, and `checked` on the value chosen by default, the first one filled),
    `choice` (whether the values differ, so that one must be chosen) and `combined` (the
    records' values all stay: the notes field and many-to-many links)."""
    model = type(records[0])
    rows = []
    for field in merged_fields(model):
        values = [_value(record, field) for record in records]
        default = next((i for i, value in enumerate(values) if not _empty(value)), 0)
        cells = [
            {"record": record, "shown": _shown(record, field), "checked": i == default}
            for i, record in enumerate(records)
        ]
        choice = any(value != values[0] for value in values)
        rows.append(_row(field, cells, choice=choice))
    notes = _notes_field(model)
    combined = [notes] if notes is not None else []
    combined += [
        field for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created
    ]
    for field in combined:
        cells = [{"record": record, "shown": _shown(record, field)} for record in records]
        rows.append(_row(field, cells, combined=True))
    return rows


def _row(field, cells, *, choice=False, combined=False):
    return {
        "name": field.name,
        "label": field.verbose_name,
        "cells": cells,
        "choice": choice,
        "combined": combined,
    }


def _notes_field(model):
    name = getattr(model, "merge_notes_field", None)
    return model._meta.get_field(name) if name else None


def _value(record, field):
    return getattr(record, field.attname)


def _empty(value):
    return value is None or value == ""


def _chosen(field, keep, duplicates, chosen):
    if chosen is not None:
        return _value(chosen, field)
    own = _value(keep, field)
    if not _empty(own):
        return own
    return next(
        (_value(d, field) for d in duplicates if not _empty(_value(d, field))),
        own,
    )


def _not_kept(records, values):
    """(field, record, value as shown) for each filled value that the record kept will not
    have, in the order of the records."""
    return [
        (field, record, _shown(record, field))
        for record in records
        for field, value in values.items()
        if not _empty(_value(record, field)) and _value(record, field) != value
    ]


def _shown(record, field):
    if field.many_to_many:
        return "; ".join(str(linked) for linked in getattr(record, field.name).all())
    value = _value(record, field)
    if _empty(value):
        return ""
    if field.is_relation:
        return str(getattr(record, field.name))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _label(record):
    return f"{record} (#{record.pk})"


def _lines(not_kept, separator="\n"):
    """One line per record: “Not kept from <record>: <field> “<value>”; …”."""
    by_record = {}
    for field, record, shown in not_kept:
        by_record.setdefault(record, []).append(f"{field.verbose_name} “{shown}”")
    return separator.join(
        _("Not kept from %(record)s: %(values)s.")
        % {"record": _label(record), "values": "; ".join(values)}
        for record, values in by_record.items()
    )


def _notes_text(records, notes, not_kept):
    """What the merge adds to the notes of the record kept: the values not kept and the
    notes of each duplicate."""
    keep, *duplicates = records
    own = _value(keep, notes).strip()
    theirs = [
        (duplicate, _value(duplicate, notes).strip())
        for duplicate in duplicates
        if _value(duplicate, notes).strip() and _value(duplicate, notes).strip() not in own
    ]
    if not not_kept and not theirs:
        return ""
    parts = [_("Merge of %(date)s:") % {"date": timezone.localdate().isoformat()}]
    if not_kept:
        parts.append(_lines(not_kept))
    for duplicate, text in theirs:
        parts.append(
            _("%(field)s of %(record)s:")
            % {"field": str(notes.verbose_name).capitalize(), "record": _label(duplicate)}
        )
        parts.append(text)
    return "\n".join(parts)


def _update_fields(model, attnames):
    names = {field.attname: field.name for field in model._meta.concrete_fields}
    # A field saved on every save (an "updated" timestamp) is saved with the merge too.
    auto = [
        field.name for field in model._meta.concrete_fields if getattr(field, "auto_now", False)
    ]
    return sorted({names[attname] for attname in attnames} | set(auto))


def _move_history(keep, duplicate):
    """The admin log of the duplicate: now the history of the record kept."""
    content_type = ContentType.objects.get_for_model(type(keep), for_concrete_model=False)
    LogEntry.objects.filter(content_type=content_type, object_id=str(duplicate.pk)).update(
        object_id=str(keep.pk)
    )


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
