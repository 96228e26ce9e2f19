"""Notes in the admin: content edits keep revisions, status changes only through the workflow."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import EventAdmin
from events.models import Event
from notes.archive.admin_views import import_archive
from notes.models import (
    CONTENT_FIELDS,
    Comment,
    Disclaimer,
    Note,
    PublicationGeneration,
    ReviewEvent,
    Revision,
    Transition,
    WorkflowError,
    refresh_published_notes,
)
from notes.resources import EventReportResource
from outreach.admin_site import ReadOnlyAdmin
from outreach.editing import EditConflict

# What identifies a note: saved beside the content, read-only once the note was published.
IDENTITY_FIELDS = ["event", "language", "slug"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NoteInline(ReadOnlyInline):
    model = Note
    fields = ["display_title", "language", "status", "last_published_at"]
    readonly_fields = fields


# Events show their notes and export a report with their status; both are attached here
# because events never import notes.
EventAdmin.inlines = [*EventAdmin.inlines, NoteInline]
EventAdmin.resource_classes = [EventReportResource, *EventAdmin.resource_classes]
# The report names the attendees and tells the status of the notes: it needs the permission to
# view those too (contacts.admin.BulkAdmin.export_permissions).
EventAdmin.export_permissions = {
    **EventAdmin.export_permissions,
    EventReportResource: ["contacts.view_contact", "notes.view_note"],
}


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = ["number", "created_at", "author", "message", "published_at", "disclaimer"]
    readonly_fields = fields


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["created_at", "actor", "from_status", "to_status", "comment"]
    readonly_fields = fields
    show_change_link = False


class NoteAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Note
        fields = ["event", "language", "slug", *CONTENT_FIELDS, "authors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        stored = Note.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if stored is not None and cleaned.get("expected_version") != stored:
            raise forms.ValidationError(
                _(
                    "Someone else saved this note while you were editing it. Reload it to see their change."
                )
            )
        return cleaned


def run_on_each(modeladmin, request, queryset, action, **kwargs):
    """Apply one workflow transition to each selected note; report the refusals in one list."""
    done, refused = 0, []
    for note in queryset.select_related("event"):
        refusal = note.attempt(action, by=request.user, **kwargs)
        if refusal:
            refused.append((note, refusal))
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d note done.", "%(count)d notes done.", done) % {"count": done},
        )
    if refused:
        modeladmin.message_user(request, _refusals(refused), messages.ERROR)


def _refusals(refused):
    header = ngettext(
        "%(count)d note was refused:", "%(count)d notes were refused:", len(refused)
    ) % {"count": len(refused)}
    items = format_html_join("", "<li>{}: {}</li>", ((note, str(why)) for note, why in refused))
    return format_html("{}<ul>{}</ul>", header, items)


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    form = NoteAdminForm
    list_display = [
        "display_title",
        "event",
        "language",
        "status",
        "is_published",
        "last_published_at",
        "updated_at",
    ]
    list_filter = ["status", "language", "event__kind", "event__country__regional_group"]
    list_select_related = ["event", "live_revision"]
    search_fields = ["title", "event__title", "event__city", "event__country__name"]
    date_hierarchy = "last_published_at"
    autocomplete_fields = ["event", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "status",
        "version",
        "live_revision",
        "first_published_at",
        "last_published_at",
        "reviewer",
        "review_due",
        "scheduled_at",
    ]
    inlines = [RevisionInline, TransitionInline]
    actions = ["submit_notes", "publish_notes", "withdraw_notes"]

    @admin.display(boolean=True, description=_("published"))
    def is_published(self, note):
        return note.is_live

    def get_prepopulated_fields(self, request, obj=None):
        # A read-only slug has no input to fill (the admin would fail on it).
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return self.prepopulated_fields

    def get_readonly_fields(self, request, obj=None):
        # A note in review changes only through the review actions; a note once published keeps
        # its event, language and address, which links and feeds point to.
        if obj is not None and not obj.accepts_edits:
            return [*self.readonly_fields, *IDENTITY_FIELDS, *CONTENT_FIELDS, "authors"]
        if obj is not None and obj.first_published_at:
            return [*self.readonly_fields, *IDENTITY_FIELDS]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        try:
            with transaction.atomic():
                if change:
                    self._save_identity(obj, form)
                obj.save_draft(
                    by=request.user,
                    message=_("Edited in the admin"),
                    expected_version=form.cleaned_data.get("expected_version"),
                )
        except (EditConflict, WorkflowError) as refusal:
            # Only a save racing the form's own check lands here.
            self.message_user(request, str(refusal), messages.ERROR)

    def _save_identity(self, note, form):
        """The event, language and address, which save_draft leaves alone: a new event gives
        the next revision its header, so a published note still changes only through review."""
        changed = [field for field in IDENTITY_FIELDS if field in form.changed_data]
        if changed:
            Note.objects.filter(pk=note.pk).update(**{f: getattr(note, f) for f in changed})

    @admin.action(description=_("Submit selected notes for review"), permissions=["change"])
    def submit_notes(self, request, queryset):
        run_on_each(self, request, queryset, "submit", comment=_("Submitted in the admin"))

    @admin.action(description=_("Approve and publish selected notes"), permissions=["review"])
    def publish_notes(self, request, queryset):
        run_on_each(self, request, queryset, "publish", comment=_("Published in the admin"))

    @admin.action(description=_("Withdraw selected notes"), permissions=["withdraw"])
    def withdraw_notes(self, request, queryset):
        run_on_each(self, request, queryset, "withdraw", reason=_("Withdrawn in the admin"))

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            refresh_published_notes(Event.objects.filter(pk=obj.event_id))
            PublicationGeneration.objects.bump()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            # Read before the notes go: afterwards nothing says which events they were on.
            events = Event.objects.filter(pk__in=list(queryset.values_list("event", flat=True)))
            super().delete_queryset(request, queryset)
            refresh_published_notes(events)
            PublicationGeneration.objects.bump()

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_archive(request, self))
        return [path("import/", view, name="notes_note_import"), *super().get_urls()]

    def has_review_permission(self, request):
        return request.user.has_perm("notes.review_note")

    def has_withdraw_permission(self, request):
        return request.user.has_perm("notes.withdraw_note")


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = [
        "note",
        "number",
        "author",
        "created_at",
        "message",
        "published_at",
        "disclaimer",
    ]
    list_select_related = ["note__event", "author", "disclaimer"]
    list_filter = ["published_at"]
    search_fields = ["note__title", "note__event__title", "message", "source"]
    date_hierarchy = "created_at"


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["note", "from_status", "to_status", "actor", "created_at", "comment"]
    list_select_related = ["note__event", "actor"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["note__title", "note__event__title", "comment", "actor__username"]
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["note", "author", "created_at", "text"]
    list_select_related = ["note__event", "author"]
    search_fields = ["note__title", "note__event__title", "text", "author__username"]
    date_hierarchy = "created_at"


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ["note", "kind", "actor", "reviewer", "due", "scheduled_at", "created_at"]
    list_select_related = ["note__event", "actor", "reviewer"]
    list_filter = ["kind"]
    search_fields = ["note__title", "note__event__title", "actor__username", "reason"]
    date_hierarchy = "created_at"


def _disclaimer_fieldsets():
    """English first and required; then each other language, optional."""
    names = dict(settings.LANGUAGES)
    english = (
        names["en"],
        {"fields": ["version", "in_force", "created_at", "text", "contact_line"]},
    )
    others = [
        (
            names[code],
            {
                "fields": [f"text_{suffix}", f"contact_line_{suffix}"],
                "description": _("Optional: without it, notes in this language use English."),
            },
        )
        for code, suffix in Disclaimer.TRANSLATED.items()
    ]
    return [english, *others]


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    list_display = ["version", "in_force", "created_at", "text", "languages"]
    readonly_fields = ["version", "in_force", "created_at"]
    fieldsets = _disclaimer_fieldsets()
    actions = ["put_in_force"]

    @admin.display(description=_("languages"))
    def languages(self, disclaimer):
        """The languages the version has its own texts in."""
        return ", ".join(
            code for code in dict(settings.LANGUAGES) if not disclaimer.in_language(code)[2]
        )

    def get_readonly_fields(self, request, obj=None):
        # A version that notes were published with stays as it was, in every language: a
        # published document is rendered again from it when the templates change, and must read
        # the same. Add a new version instead.
        if obj is not None and obj.is_used():
            return [*self.readonly_fields, *Disclaimer.text_fields()]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or not (obj.in_force or obj.is_used())

    @admin.action(description=_("Put the selected version in force"))
    def put_in_force(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one version to put in force."), messages.ERROR
            )
            return
        disclaimer = queryset.get()
        disclaimer.put_in_force()
        self.message_user(
            request, _("%(disclaimer)s is now in force.") % {"disclaimer": disclaimer}
        )


class UserAdmin(auth_admin.UserAdmin):
    """Deleting a person must not leave a note that nobody can edit."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for note in notes_left_without_author(objs):
            protected.append(
                _(
                    "%(note)s would have no author left: add another author first, or deactivate the account instead."
                )
                % {"note": note}
            )
        return deleted, counts, perms_needed, protected


def notes_left_without_author(users):
    pks = [user.pk for user in users]
    others = get_user_model().objects.exclude(pk__in=pks)
    kept = Note.objects.filter(authors__in=others).values("pk")
    return Note.objects.filter(authors__in=pks).exclude(pk__in=kept).distinct()


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
