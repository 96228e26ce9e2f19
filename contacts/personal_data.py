"""What the registry holds about one person, given out whole or erased.

`personal_data(contact)` is everything held about a contact, as data for a JSON file: the
contact's fields, the events attended (with the role there) and the history of the record.
`erase(contact, by=…)` removes the person and keeps the facts: the contact stays, named
“Erased contact #<id>”, with no detail left, so that the events it attended keep their count of
attendees; the admin log keeps who did what and when, without the person's name or details.

The admin log names people in three places: the entries of the contact itself (its name at the
time, and messages such as “Merged A. Silva into this record”), the entries of its attendances
(“Ana Silva – Dakar workshop”) and those of the events edited with their attendees inline.
log_entries_about finds them all; merges bring the history of a duplicate to the record kept
(outreach.merge), so the names a person went by before a merge are found too.

An app that keeps its own copies of a contact's data (an audit trail of old and new values)
says so with holds_personal_data(): what it holds goes into the file, and erase() has it remove
them in the same transaction.
"""

import json
import re

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Contact
from outreach.changes import records_changed

# The fields erase() empties; the name is replaced by Contact.erased_name().
ERASED_FIELDS = {
    "honorific": "",
    "position": "",
    "organization": None,
    "country": None,
    "email": "",
    "phone": "",
    "remarks": "",
    "is_active": False,
}


# {name: (export, erase)} of the apps that hold copies of contacts' data (holds_personal_data).
_holders = {}


def holds_personal_data(name, *, export, erase):
    """Register an app that keeps its own copies of contacts' data, the way outreach.changes
    registers the apps that follow records.

    `export(contact)` returns what it holds about the contact, JSON-ready: the file gives it
    under `name`. `erase(contact, texts)` removes it; erase() calls it last, in its transaction,
    once the contact is erased and its erasure logged (so it sees the erasure's own writes),
    with the contact as erased and `texts`, what named the person (names before and after any
    change or merge, e-mail, phone)."""
    _holders[name] = (export, erase)


def personal_data(contact):
    """Everything held about `contact`, as JSON-ready data (dates as datetime objects)."""
    own, rows, mentions = _log_entries(contact)
    return {
        "contact": {
            "id": contact.pk,
            "honorific": contact.honorific,
            "name": contact.name,
            "position": contact.position,
            "organization": contact.organization and str(contact.organization),
            "country": contact.country and contact.country.name,
            "email": contact.email,
            "phone": contact.phone,
            "roles": [role.name for role in contact.roles.all()],
            "remarks": contact.remarks,
            "is_active": contact.is_active,
            "created_at": contact.created_at,
            "updated_at": contact.updated_at,
        },
        "attendances": [
            {
                "event": {
                    "id": attendance.event.pk,
                    "title": attendance.event.title,
                    "start_date": attendance.event.start_date,
                    "end_date": attendance.event.end_date,
                    "venue": attendance.event.venue,
                },
                "role": attendance.role,
            }
            for attendance in _attendances(contact).select_related("event__country")
        ],
        # The record's own history and that of its attendances, whole; the other records whose
        # history names the person (an event edited with its attendees) only by what and when:
        # their messages speak of other people too.
        "log_entries": [_entry(entry, message=True) for entry in [*own, *rows]],
        "mentioned_in_log_entries": [_entry(entry, message=False) for entry in mentions],
        **{name: export(contact) for name, (export, _erase) in sorted(_holders.items())},
        "exported_at": timezone.now(),
    }


def erase(contact, *, by):
    """Remove the person from the registry; keep the contact, its attendances and the history
    of what was done, without anything that says who the person was."""
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        own, rows, mentions = _log_entries(contact)
        needles = _needles(contact, own)
        contact.name = contact.erased_name()
        for field, value in ERASED_FIELDS.items():
            setattr(contact, field, value)
        contact.save()
        contact.roles.clear()
        for entry in own:
            entry.object_repr = contact.name
            entry.change_message = ""
        # The records that point to the contact (its attendances) now read without the person.
        current = {
            (entry.content_type_id, entry.object_id): str(obj)
            for entry, obj in _pointing_objects(contact, rows)
        }
        for entry in [*rows, *mentions]:
            repr_ = current.get((entry.content_type_id, entry.object_id), entry.object_repr)
            entry.object_repr = _scrub(repr_, needles, contact.name)[:200]
            entry.change_message = _scrub(entry.change_message, needles, contact.name)
        LogEntry.objects.bulk_update([*own, *rows, *mentions], ["object_repr", "change_message"])
        LogEntry.objects.log_actions(
            by.pk,
            [contact],
            CHANGE,
            _("Erased the personal data of this contact."),
            single_object=True,
        )
        records_changed(Contact, [contact.pk])
        for _export, erase_copies in _holders.values():
            erase_copies(contact, needles)
    return contact


def log_entries_about(contact):
    """Every admin log entry that is about `contact` or names it."""
    own, rows, mentions = _log_entries(contact)
    return [*own, *rows, *mentions]


def _attendances(contact):
    return contact.attendances.all()


def _pointers():
    """The relations of the records that point to a contact (an attendance's contact)."""
    return [
        relation
        for relation in Contact._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    ]


def _content_types():
    """The contact's and those of the records related to contacts (attendances, and events
    through their attendees): the only ones whose admin history can name a person."""
    models = {Contact, *(relation.related_model for relation in Contact._meta.related_objects)}
    return ContentType.objects.get_for_models(*models, for_concrete_models=False)


def _rows_pointing(contact):
    """(content type, the primary keys as text) of each kind of record pointing to `contact`."""
    types = _content_types()
    for relation in _pointers():
        model = relation.related_model
        pks = model._base_manager.filter(**{relation.field.name: contact}).values_list(
            "pk", flat=True
        )
        yield types[model], model, [str(pk) for pk in pks]


def _pointing_objects(contact, entries):
    """(entry, the record it is about, as it is now) for the entries of records pointing to
    `contact`."""
    wanted = {(entry.content_type_id, entry.object_id) for entry in entries}
    found = {}
    for content_type, model, pks in _rows_pointing(contact):
        ids = [pk for pk in pks if (content_type.pk, pk) in wanted]
        for obj in model._base_manager.filter(pk__in=ids):
            found[(content_type.pk, str(obj.pk))] = obj
    return [
        (entry, found[(entry.content_type_id, entry.object_id)])
        for entry in entries
        if (entry.content_type_id, entry.object_id) in found
    ]


def _log_entries(contact):
    """(the contact's own entries, those of the records pointing to it, the other entries of
    related records that name it)."""
    types = _content_types()
    own = list(LogEntry.objects.filter(content_type=types[Contact], object_id=str(contact.pk)))
    pointing = Q(pk__in=[])
    for content_type, _model, pks in _rows_pointing(contact):
        pointing |= Q(content_type=content_type, object_id__in=pks)
    rows = list(LogEntry.objects.filter(pointing))
    needles = _needles(contact, own)
    named = Q(pk__in=[])
    for needle in needles:
        for text in {needle, _json_escaped(needle)}:
            named |= Q(object_repr__icontains=text) | Q(change_message__icontains=text)
    known = [entry.pk for entry in [*own, *rows]]
    candidates = LogEntry.objects.filter(named, content_type__in=types.values())
    mentions = [
        entry
        for entry in candidates.exclude(pk__in=known)
        if _names(entry.object_repr, needles) or _names(entry.change_message, needles)
    ]
    return own, rows, mentions


def _needles(contact, own_entries):
    """What names the person: the name, the name as shown, e-mail, phone, and every name the
    record's history shows (names before a change or a merge)."""
    texts = {contact.name, str(contact), contact.email, contact.phone}
    texts |= {entry.object_repr for entry in own_entries}
    texts.discard(contact.erased_name())
    # Longest first, so that "Dr. Ana Silva" goes whole before "Ana Silva" would.
    return sorted((t.strip() for t in texts if len(t.strip()) >= 2), key=len, reverse=True)


def _json_escaped(text):
    # Django writes structured change messages with json.dumps, which escapes non-ASCII.
    return json.dumps(text)[1:-1]


def _pattern(needles):
    alternatives = sorted(
        {re.escape(text) for needle in needles for text in (needle, _json_escaped(needle))},
        key=len,
        reverse=True,
    )
    either = "|".join(alternatives)
    return re.compile(rf"(?<!\w)(?:{either})(?!\w)", re.IGNORECASE)


def _names(text, needles):
    return bool(needles and text and _pattern(needles).search(text))


def _scrub(text, needles, replacement):
    if not (needles and text):
        return text
    return _pattern(needles).sub(lambda match: replacement, text)


def _entry(entry, *, message):
    data = {
        "action_time": entry.action_time,
        "user": entry.user.get_username() if entry.user_id else None,
        "action": {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag),
        "record_type": entry.content_type.model if entry.content_type_id else None,
        "record_id": entry.object_id,
        "record": entry.object_repr,
    }
    if message:
        data["message"] = entry.get_change_message()
    return data
