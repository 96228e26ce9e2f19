"""The audit trail in the admin: read only, for administrators, by record and by person.

Replaces django-auditlog's own admin page: nobody adds, changes or deletes an entry here, a
superuser included (the models refuse it too: audit.tracking)."""

from auditlog.models import LogEntry
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.tracking import ATTENDEES, HIDDEN, MERGED_INTO
from outreach.admin_site import ReadOnlyAdmin

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


def field_label(model, name):
    if name == ATTENDEES:
        return gettext("attendees")
    if name == MERGED_INTO:
        return gettext("merged into")
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


def shown_value(model, name, value):
    """A value as the record's page would show it: a choice's label, a related record's name."""
    if value in (None, "None", ""):
        return "—"
    if value == HIDDEN:
        return gettext("(hidden)")
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        field = None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(_choice_key(field, value), value))
    if field is not None and field.many_to_one:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else value
    return value


def _choice_key(field, value):
    try:
        return field.to_python(value)
    except Exception:  # an old value may not fit the field any more
        return value


@admin.register(LogEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["timestamp", "action", "subject", "changed_fields", "by"]
    list_filter = [
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_repr", "object_pk", "actor__username", "actor_email"]
    date_hierarchy = "timestamp"
    actions = None
    fields = ["timestamp", "action", "subject", "by", "via", "remote_addr", "changes_table"]
    readonly_fields = fields

    def _filtered(self, **params):
        return reverse("admin:auditlog_logentry_changelist") + "?" + urlencode(params)

    @admin.display(description=_("record"), ordering="object_repr")
    def subject(self, entry):
        model = entry.content_type.model_class()
        kind = model._meta.verbose_name if model else entry.content_type.model
        link = self._filtered(
            content_type__id__exact=entry.content_type_id, object_pk=entry.object_pk
        )
        return format_html(
            '{}: <a href="{}" title="{}">{}</a>',
            str(kind).capitalize(),
            link,
            gettext("Every entry of this record"),
            entry.object_repr,
        )

    @admin.display(description=_("by"), ordering="actor__username")
    def by(self, entry):
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        if entry.actor_id:
            link = self._filtered(actor__id__exact=entry.actor_id)
            return format_html(
                '<a href="{}" title="{}">{}</a>',
                link,
                gettext("Every entry by this person"),
                entry.actor.get_username(),
            )
        if data.get("actor"):
            # The account was deleted since; its name was kept with the entry.
            return data["actor"]
        return gettext("system")

    @admin.display(description=_("how"))
    def via(self, entry):
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        return data.get("via") or "—"

    @admin.display(description=_("fields"))
    def changed_fields(self, entry):
        model = entry.content_type.model_class()
        if entry.action == LogEntry.Action.DELETE:
            return ""
        return ", ".join(field_label(model, name) for name in (entry.changes_dict or {}))

    @admin.display(description=_("changes"))
    def changes_table(self, entry):
        model = entry.content_type.model_class()
        rows = []
        for name, change in (entry.changes_dict or {}).items():
            if isinstance(change, dict) and change.get("type") == "m2m":
                objects = "; ".join(change.get("objects", []))
                if change.get("operation") == "add":
                    values = ("—", gettext("added: %(records)s") % {"records": objects})
                else:
                    values = (objects, gettext("removed"))
            else:
                old, new = [*list(change), None, None][:2]
                values = (shown_value(model, name, old), shown_value(model, name, new))
            rows.append((field_label(model, name), *values))
        if not rows:
            return "—"
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            gettext("field"),
            gettext("before"),
            gettext("after"),
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html("<table>{}{}</table>", head, body)
