"""The audit trail holds copies of contacts' data (a contact's values before and after each
change, attendees named in an event's entries): it gives them in the person's data file and
erases them with the person (contacts.personal_data, which calls these two functions).

Erasing is the one edit the trail takes, by law: the entries stay (who did what, when, to
which record, which fields), the values that named the person go."""

import json
import re

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from audit.tracking import ATTENDEES, MERGED_INTO

ERASED = "—"


def _merged(contact):
    """The keys of the contact and of the duplicates merged into it (and into those)."""
    content_type = ContentType.objects.get_for_model(contact)
    keys, frontier = {contact.pk}, [contact.pk]
    while frontier:
        merges = LogEntry.objects.filter(
            content_type=content_type, **{f"additional_data__{MERGED_INTO}__in": frontier}
        )
        frontier = [int(pk) for pk in merges.values_list("object_pk", flat=True)]
        frontier = [pk for pk in frontier if pk not in keys]
        keys.update(frontier)
    return content_type, keys


def _about(contact):
    """(the entries of the contact and of the duplicates merged into it, the entries of the
    records pointing to it)."""
    content_type, keys = _merged(contact)
    own = LogEntry.objects.filter(content_type=content_type, object_pk__in=[str(pk) for pk in keys])
    pointing = Q(pk__in=[])
    for relation in type(contact)._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            model = relation.related_model
            pks = model._base_manager.filter(**{relation.field.name: contact}).values_list(
                "pk", flat=True
            )
            pointing |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_pk__in=[str(pk) for pk in pks],
            )
    return list(own), list(LogEntry.objects.filter(pointing).exclude(pk__in=own.values("pk")))


def _variants(texts):
    # SQLite keeps JSON with non-ASCII letters escaped, PostgreSQL as they are.
    return {variant for text in texts for variant in (text, json.dumps(text)[1:-1])}


def _mentioning(texts, known):
    texts = [text for text in texts if len(text.strip()) >= 2]
    if not texts:
        return []
    entries = LogEntry.objects.annotate(_changes=Cast("changes", TextField()))
    named = Q(pk__in=[])
    for text in _variants(texts):
        named |= Q(object_repr__icontains=text) | Q(_changes__icontains=text)
    return list(entries.filter(named).exclude(pk__in=[entry.pk for entry in known]))


def _texts(contact, own):
    texts = {contact.name, str(contact), contact.email, contact.phone}
    texts |= {entry.object_repr for entry in own}
    for entry in own:
        for field in ("name", "email", "phone"):
            change = (entry.changes_dict or {}).get(field)
            if isinstance(change, list):
                texts |= {value for value in change if isinstance(value, str) and value != "None"}
    return sorted((t.strip() for t in texts if t and len(t.strip()) >= 2), key=len, reverse=True)


def _shown(entry, *, values):
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    shown = {
        "timestamp": entry.timestamp,
        "action": entry.get_action_display(),
        "record_type": entry.content_type.model,
        "record_id": entry.object_pk,
        "by": entry.actor.get_username() if entry.actor_id else data.get("actor", "system"),
    }
    if values:
        shown |= {"record": entry.object_repr, "changes": entry.changes_dict}
    return shown


def export(contact):
    """The entries about the contact and its attendances, whole; the other entries that name
    the person, by what and when only (they speak of other people too)."""
    own, pointing = _about(contact)
    mentions = _mentioning(_texts(contact, own), [*own, *pointing])
    return {
        "entries": [_shown(entry, values=True) for entry in [*own, *pointing]],
        "mentioned_in_entries": [_shown(entry, values=False) for entry in mentions],
    }


def _pattern(texts):
    alternatives = sorted({re.escape(text) for text in _variants(texts)}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _scrubbed(value, pattern, replacement):
    if isinstance(value, str):
        return pattern.sub(lambda match: replacement, value)
    if isinstance(value, list):
        return [_scrubbed(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, pattern, replacement) for key, item in value.items()}
    return value


def erase(contact, texts):
    """Called by contacts.personal_data.erase once the contact is erased: the contact's own
    entries lose every value (the fields that changed stay), the others every text that named
    the person, replaced by the name the erased contact goes by."""
    own, pointing = _about(contact)
    texts = sorted({*texts, *_texts(contact, own)} - {contact.name}, key=len, reverse=True)
    texts = [text for text in texts if len(text.strip()) >= 2]
    mentions = _mentioning(texts, [*own, *pointing])
    pattern = _pattern(texts) if texts else None
    for entry in own:
        entry.object_repr = contact.name
        entry.changes = {
            field: change if isinstance(change, dict) and field != ATTENDEES else [ERASED, ERASED]
            for field, change in (entry.changes_dict or {}).items()
        }
        entry.changes_text = ""
        entry.serialized_data = None
    if pattern is not None:
        for entry in [*own, *pointing, *mentions]:
            entry.object_repr = _scrubbed(entry.object_repr, pattern, contact.name)
            entry.changes = _scrubbed(entry.changes, pattern, contact.name)
            entry.changes_text = _scrubbed(entry.changes_text, pattern, contact.name)
            entry.serialized_data = None
    # bulk_update: the trail refuses save() on an entry (audit.tracking); this is the one edit.
    fields = ["object_repr", "changes", "changes_text", "serialized_data"]
    LogEntry.objects.bulk_update([*own, *pointing, *mentions], fields)


def register():
    """Tell contacts.personal_data that the audit trail holds copies (if that module is there)."""
    try:
        from contacts.personal_data import holds_personal_data
    except ImportError:
        return
    holds_personal_data("audit_trail", export=export, erase=erase)
