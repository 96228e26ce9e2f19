"""What the audit trail records, and how: who changed which record, when, and each field's old
and new value, whatever did it (staff pages, the admin, imports, merges, commands).

The records are django-auditlog's `LogEntry` rows. Saves and deletes of the tracked models are
recorded by the library's registry (signals on the models, which stay unchanged); links
(many-to-many fields) by the receivers below. A few writes go round the signals on purpose
(an UPDATE that checks the version, attendees replaced in bulk, the disclaimer put in force,
the relations a merge moves): `start()` wraps those few methods so that they say what they
changed, with the same entries. Each wrapper is tested (tests/test_audit_trail.py), so a
renamed method fails a test instead of going unrecorded.

Who did it comes from the context (`acting`): the middleware (audit.middleware) sets the person
signed in for each request; a command or script can say who acts with `acting(user)`, else the
entry reads "system", with the command line it came from.
"""

import contextlib
import functools
import sys
import threading
from contextvars import ContextVar
from functools import wraps
from pathlib import Path

from auditlog.context import auditlog_disabled, disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils.translation import gettext as _

# Tracked models: the fields left out (besides the primary key), the links (many-to-many
# fields) recorded, and the fields whose values are never written down (only that they
# changed).
TRACKED = {
    "contacts.Country": {},
    "contacts.Organization": {},
    "contacts.Role": {},
    "contacts.Contact": {"links": ["roles"], "exclude": ["created_at", "updated_at"]},
    "events.Event": {
        "links": ["organizers", "states", "organizations"],
        # Raised or set by every save: noise, not a change anyone made.
        "exclude": ["version", "created_at", "updated_at"],
    },
    "events.Attendance": {},
    "events.Material": {},
    "notes.Disclaimer": {"exclude": ["created_at"]},
    "auth.User": {
        "links": ["groups", "user_permissions"],
        "exclude": ["last_login"],
        "hidden": ["password"],
    },
    "auth.Group": {"links": ["permissions"]},
}
HIDDEN = "***"
# What an entry on an event names its attendees' change by (not a field of the model).
ATTENDEES = "attendees"
# What the entry of a merged duplicate names the record it was merged into by.
MERGED_INTO = "merged_into"

_context = ContextVar("audit_context", default=None)
_clearing = {}


def hidden(value):
    """The mask of a hidden field's value (auditlog's mask_callable)."""
    return HIDDEN


# -- who acts -------------------------------------------------------------------------------


@contextlib.contextmanager
def acting(actor=None, *, via=None, remote_addr=None):
    """Record `actor` (a user, or a callable that returns one or None) as the author of what
    is changed inside the block, with `via` saying how (a page, a command)."""
    token = _context.set({"actor": actor, "via": via, "remote_addr": remote_addr})
    try:
        yield
    finally:
        _context.reset(token)


@functools.cache
def _command_line():
    argv = sys.argv or [""]
    program = Path(argv[0]).name
    if program in ("manage.py", "django-admin") and len(argv) > 1:
        return f"{program} {argv[1]}"
    return "system"


def _current_actor(context):
    actor = context.get("actor")
    if callable(actor):
        actor = actor()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


def _annotate(sender, instance, raw=False, **kwargs):
    """Before an entry is written: who (also by name, kept if the account is deleted later),
    how, from where. An entry that exists already is never written again."""
    if not instance._state.adding:
        raise PermissionDenied(_("Entries of the audit trail cannot be changed."))
    if raw:
        return
    context = _context.get() or {}
    data = instance.additional_data if isinstance(instance.additional_data, dict) else {}
    data = dict(data)
    data.setdefault("via", context.get("via") or _command_line())
    actor = _current_actor(context)
    if actor is not None:
        data.setdefault("actor", actor.get_username())
        if instance.actor_id is None:
            instance.actor = actor
            instance.actor_email = actor.email or None
    if instance.remote_addr is None and context.get("remote_addr"):
        instance.remote_addr = context["remote_addr"]
    instance.additional_data = data


def _refuse_delete(sender, instance, **kwargs):
    raise PermissionDenied(_("Entries of the audit trail cannot be deleted."))


# -- writing entries ------------------------------------------------------------------------


def _disabled():
    return auditlog_disabled.get()


def log_change(instance, changes, action=LogEntry.Action.UPDATE):
    """One entry on `instance`: `changes` maps a field to [old, new] (as text)."""
    if changes and not _disabled():
        return LogEntry.objects.log_create(instance, action=action, changes=changes)
    return None


def log_links(instance, field_name, operation, objects):
    """One entry on `instance`: `objects` added to ("add") or removed from ("delete") a link."""
    objects = list(objects)
    if objects and not _disabled():
        return LogEntry.objects.log_m2m_changes(objects, instance, operation, field_name)
    return None


def _links_receiver(owner, field_name):
    field = owner._meta.get_field(field_name)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if _disabled() or getattr(instance, "_audit_loaded", False):
            return
        key = (threading.get_ident(), sender, type(instance), instance.pk)
        if action == "pre_clear":
            # After the clear nothing says what was linked: read it now.
            mine, theirs = (target, source) if reverse else (source, target)
            rows = sender._base_manager.filter(**{f"{mine}_id": instance.pk})
            _clearing[key] = set(rows.values_list(f"{theirs}_id", flat=True))
            return
        if action == "post_clear":
            pk_set = _clearing.pop(key, set())
        elif action not in ("post_add", "post_remove"):
            return
        if not pk_set:
            return
        operation = "add" if action == "post_add" else "delete"
        if reverse:
            # Linked from the other side (a group's users): the entry is on each owner.
            for owner_row in model._base_manager.filter(pk__in=pk_set):
                log_links(owner_row, field_name, operation, [instance])
        else:
            log_links(instance, field_name, operation, model._base_manager.filter(pk__in=pk_set))

    return receiver


# -- the writes that go round the signals ---------------------------------------------------


def _wrap(owner, name, make):
    original = getattr(owner, name)
    if getattr(original, "audited", False):
        return
    wrapper = wraps(original)(make(original))
    wrapper.audited = True
    setattr(owner, name, wrapper)


def _atomic():
    """The change and its entry together: a transaction of their own when the caller has none;
    inside the caller's, nothing more (no savepoint: no query, and an error the caller catches,
    such as EditConflict, leaves its transaction usable)."""
    if transaction.get_connection().in_atomic_block:
        return contextlib.nullcontext()
    return transaction.atomic()


def _diff(old, new):
    from auditlog.diff import model_instance_diff

    return model_instance_diff(old, new)


def _audited_save_checked(original):
    """Event.save_checked: an UPDATE that matches the version, no save() and so no signal."""

    def save_checked(self, expected_version):
        if _disabled():
            return original(self, expected_version)
        with _atomic():
            old = type(self)._base_manager.filter(pk=self.pk).first()
            result = original(self, expected_version)
            if old is not None:
                log_change(self, _diff(old, self))
        return result

    return save_checked


def attendee_label(contact, role):
    return f"{contact} ({role})" if role else str(contact)


def _audited_attendees_save(original):
    """The staff form replaces an event's attendees in bulk (a delete, then bulk_create): one
    entry on the event with the list before and after, whatever the number of attendees."""

    def save(self, event):
        if _disabled():
            return original(self, event)
        from events.models import Attendance

        with _atomic():
            before = Attendance.objects.filter(event=event).select_related("contact")
            before = sorted(attendee_label(a.contact, a.role) for a in before)
            with disable_auditlog():
                result = original(self, event)
            after = sorted(attendee_label(contact, role) for contact, role in self.attendees())
            if before != after:
                log_change(event, {ATTENDEES: ["; ".join(before), "; ".join(after)]})
        return result

    return save


def _audited_put_in_force(original):
    """Disclaimer.put_in_force: two UPDATEs (the version in force changes hands)."""

    def put_in_force(self):
        if _disabled():
            return original(self)
        model = type(self)
        with _atomic():
            before = list(model._base_manager.filter(in_force=True))
            result = original(self)
            for disclaimer in before:
                if disclaimer.pk != self.pk:
                    log_change(disclaimer, {"in_force": ["True", "False"]})
            if self.pk not in {disclaimer.pk for disclaimer in before}:
                log_change(self, {"in_force": ["False", "True"]})
        return result

    return put_in_force


def _tracked_links(model):
    return TRACKED.get(model._meta.label, {}).get("links", [])


def _audited_move_relations(original):
    """outreach.merge moves what points to a duplicate with UPDATEs: each row moved gets an
    entry (its field now names the record kept), each record linked to the duplicate an entry
    on that link. The duplicate's deletion is recorded by the registry."""

    def move_relations(keep, duplicate):
        if _disabled():
            return original(keep, duplicate)
        rows, links, own = [], [], []
        for relation in keep._meta.related_objects:
            model = relation.related_model
            if relation.many_to_many:
                if relation.field.name in _tracked_links(model):
                    name = relation.field.name
                    linked = model._base_manager.filter(**{name: duplicate})
                    kept = set(
                        model._base_manager.filter(**{name: keep}).values_list("pk", flat=True)
                    )
                    links.append((model, name, list(linked.values_list("pk", flat=True)), kept))
            elif auditlog.contains(model):
                moved = model._base_manager.filter(**{relation.field.name: duplicate})
                rows.append((model, relation.field.name, list(moved.values_list("pk", flat=True))))
        for field in keep._meta.many_to_many:
            if field.name in _tracked_links(type(keep)):
                theirs = getattr(duplicate, field.name).all()
                mine = set(getattr(keep, field.name).values_list("pk", flat=True))
                own.append((field.name, [obj for obj in theirs if obj.pk not in mine]))
        result = original(keep, duplicate)
        for model, name, pks in rows:
            for row in model._base_manager.filter(pk__in=pks):
                log_change(row, {name: [str(duplicate.pk), str(keep.pk)]})
        for model, name, pks, kept in links:
            for row in model._base_manager.filter(pk__in=pks):
                log_links(row, name, "delete", [duplicate])
                if row.pk not in kept:
                    log_links(row, name, "add", [keep])
        for name, objects in own:
            log_links(keep, name, "add", objects)
        # The duplicate's history now belongs to the record kept (its deletion follows).
        if auditlog.contains(type(duplicate)):
            LogEntry.objects.log_create(
                duplicate,
                action=LogEntry.Action.UPDATE,
                changes={MERGED_INTO: [str(duplicate), str(keep)]},
                additional_data={MERGED_INTO: keep.pk},
            )
        return result

    return move_relations


# -- start ----------------------------------------------------------------------------------


def _mark_loaded(sender, instance, raw=False, **kwargs):
    """A raw save loads data (loaddata, a test's restored database, import_data): nobody
    changed anything. Marked before the registry's receivers run, for them and the links."""
    if raw:
        instance._audit_loaded = True


def _unless_loaded(sender, instance, **kwargs):
    # auditlog's pre_log: False cancels the entry.
    return not getattr(instance, "_audit_loaded", False)


def start():
    """Register the tracked models and install the wrappers (once; AuditConfig.ready)."""
    pre_log.connect(_unless_loaded, dispatch_uid="audit-unless-loaded")
    for label, options in TRACKED.items():
        model = apps.get_model(label)
        pre_save.connect(_mark_loaded, sender=model, dispatch_uid=f"audit-loaded-{label}")
        exclude = {"id", *options.get("exclude", [])}
        auditlog.register(
            model,
            include_fields=[f.name for f in model._meta.concrete_fields if f.name not in exclude],
            mask_fields=list(options.get("hidden", [])),
            mask_callable="audit.tracking.hidden",
        )
        for name in options.get("links", []):
            through = model._meta.get_field(name).remote_field.through
            m2m_changed.connect(
                _links_receiver(model, name),
                sender=through,
                weak=False,
                dispatch_uid=f"audit-links-{label}-{name}",
            )
    pre_save.connect(_annotate, sender=LogEntry, dispatch_uid="audit-annotate")
    pre_delete.connect(_refuse_delete, sender=LogEntry, dispatch_uid="audit-refuse-delete")

    from events.forms import BaseAttendeeFormSet
    from events.models import Event
    from notes.models import Disclaimer
    from outreach import merge

    _wrap(Event, "save_checked", _audited_save_checked)
    _wrap(BaseAttendeeFormSet, "save", _audited_attendees_save)
    _wrap(Disclaimer, "put_in_force", _audited_put_in_force)
    _wrap(merge, "_move_relations", _audited_move_relations)
