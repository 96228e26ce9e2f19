"""Information notes, their revisions, the review workflow and the disclaimer.

A note has a working copy (its own fields) and, once published, a live revision. Public
pages render only live revisions (``Note.objects.published()``). Every change of status goes
through one of the transition methods below, whoever drives it: staff pages, admin actions,
management commands, tests.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied
from django.db import connections, models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from events.models import Event
from notes.header import Header
from notes.merging import merge_fields
from notes.search import note_search_vector, search_notes
from outreach.editing import EditConflict
from outreach.slugs import unique_slug

CONTENT_FIELDS = ("title", "objectives", "background", "highlights", "additional_comments")
# What a transition changes on the note: the caller's copy takes these after the move.
WORKFLOW_FIELDS = ("status", "live_revision", "first_published_at", "last_published_at", "version")


# A live note whose latest revision is not the live one (NoteQuerySet.with_unpublished_changes).
UNPUBLISHED_CHANGES = Q(live_revision__isnull=False) & ~Q(latest_revision=F("live_revision"))


# The parts of a note the archive import may not read with confidence (parser.PARTS).
ATTENTION_PARTS = {
    "event": _("event"),
    "organizers": _("organizers"),
    "date": _("date"),
    "venue": _("venue"),
    "participants": _("participants"),
    "sections": _("sections"),
    "header": _("header"),
}


def attention_line(part, text):
    """One point as staff read it; the text is the original wording, if there was any."""
    label = ATTENTION_PARTS.get(part, part)
    if not text:
        return _("%(part)s not found") % {"part": label}
    return _("%(part)s not understood: “%(text)s”") % {"part": label, "text": text}


class WorkflowError(Exception):
    """An illegal move: the note is not in a state that allows it."""


class DisclaimerQuerySet(models.QuerySet):
    def in_force(self):
        return self.get(in_force=True)


class Disclaimer(models.Model):
    """The standard footnote of every published note, versioned; exactly one is in force."""

    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    text = models.TextField(
        _("footnote text"), help_text=_("Printed as the footnote of every note.")
    )
    contact_line = models.TextField(
        _("contact line"),
        help_text=_("The default closing line of “Additional comments” in new notes."),
    )
    in_force = models.BooleanField(
        _("in force"),
        default=False,
        editable=False,
        help_text=_("Notes are published with the version in force and keep it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DisclaimerQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("disclaimer")
        verbose_name_plural = _("disclaimers")
        constraints = [
            models.UniqueConstraint(
                fields=["in_force"], condition=Q(in_force=True), name="one_disclaimer_in_force"
            ),
        ]

    def __str__(self):
        return _("Disclaimer version %(version)s") % {"version": self.version}

    def save(self, *args, **kwargs):
        if self.version is None:
            last = Disclaimer.objects.aggregate(last=Max("version"))["last"] or 0
            self.version = last + 1
        super().save(*args, **kwargs)

    @transaction.atomic
    def put_in_force(self):
        Disclaimer.objects.filter(in_force=True).exclude(pk=self.pk).update(in_force=False)
        Disclaimer.objects.filter(pk=self.pk).update(in_force=True)
        self.in_force = True
        PublicationGeneration.objects.bump()

    def is_used(self):
        return self.revisions.exists()


class NoteQuerySet(models.QuerySet):
    def published(self):
        """The one gate for public visibility: notes with a live revision."""
        return self.filter(live_revision__isnull=False)

    def authored_by(self, user):
        return self.filter(authors=user)

    # The state rules, as filters; Note has the same rules for one note (keep them together).

    def accepting_edits(self):
        """Notes whose working copy may change: all but those in review (as Note.accepts_edits)."""
        return self.exclude(status=Note.Status.IN_REVIEW)

    def with_unpublished_changes(self):
        """Live notes whose working copy moved on (as Note.has_unpublished_changes)."""
        return self.filter(UNPUBLISHED_CHANGES)

    def submittable(self):
        """Notes that may go to review (as Note.is_submittable)."""
        published_with_changes = Q(status=Note.Status.PUBLISHED) & UNPUBLISHED_CHANGES
        return self.filter(Q(status__in=Note.SUBMITTABLE) | published_with_changes)

    def reviewable_by(self, user):
        """Notes in review that this user did not write (four-eyes, as Note.can_review)."""
        return (
            self.filter(status=Note.Status.IN_REVIEW)
            .exclude(authors=user)
            .exclude(revisions__author=user)
        )

    def needing_attention(self):
        """Notes from the archive with points staff have still to finish (Note.attention)."""
        return self.exclude(attention=[])

    def finishable_by(self, user):
        """Notes needing attention that this user may edit now (as Note.editable_by)."""
        if not user.has_perm("notes.change_note"):
            return self.none()
        notes = self.needing_attention().accepting_edits()
        return notes if user.is_superuser else notes.authored_by(user)

    def search(self, text):
        """Full-text search, ranked, on PostgreSQL; every word must match elsewhere."""
        return search_notes(self, text)

    # -- notes that show other records' data (see outreach.changes) ------------------------

    def of_events(self, pks):
        return self.filter(event__in=pks)

    def of_organizations(self, pks):
        organized = Q(event__organizers__in=pks) | Q(event__organizations__in=pks)
        return self.filter(pk__in=Note.objects.filter(organized).values("pk"))

    def of_countries(self, pks):
        """Notes whose event is held in, or lists as a participant, one of these countries."""
        named = Q(event__country__in=pks) | Q(event__states__in=pks)
        return self.filter(pk__in=Note.objects.filter(named).values("pk"))

    def keep_headers_current(self):
        """After their events changed: a new revision for each note whose header moved on."""
        for note in self.select_related("latest_revision"):
            note.keep_header_current()


class Note(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="notes", verbose_name=_("event")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Used in addresses.")
    )
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Leave empty to use the event's title.")
    )
    objectives = models.TextField(_("1. Objectives"), blank=True, help_text=_("Markdown."))
    background = models.TextField(_("2. Background"), blank=True, help_text=_("Markdown."))
    highlights = models.TextField(_("3. Highlights"), blank=True, help_text=_("Markdown."))
    additional_comments = models.TextField(
        _("4. Additional comments"), blank=True, help_text=_("Markdown.")
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="authored_notes", verbose_name=_("authors")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        editable=False,
        help_text=_(
            "Changed only by the workflow: an author submits, a reviewer who is not an author "
            "requests changes or publishes; a published note can be withdrawn."
        ),
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Raised by each save; refuses a stale edit.")
    )
    live_revision = models.ForeignKey(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("live revision"),
        help_text=_("What the public sees. Empty until published, and again once withdrawn."),
    )
    latest_revision = models.ForeignKey(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("latest revision"),
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    last_published_at = models.DateTimeField(
        _("last published"), null=True, blank=True, editable=False
    )
    search_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text=_("The live revision's words for full-text search; set on publish/withdraw."),
    )
    # -- what the archive import kept of the file (empty for a note written here) ------------
    source_text = models.TextField(
        _("original text"),
        blank=True,
        editable=False,
        help_text=_("The whole text of the archive file, as read from it: shown, never rendered."),
    )
    source_header = models.TextField(
        _("original header"),
        blank=True,
        editable=False,
        help_text=_("The header lines as the archive file wrote them."),
    )
    attention = models.JSONField(
        _("needs attention"),
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "What the import could not read with confidence, as a list of {part, text}: the "
            "note stays a draft until staff finish it and mark the points resolved."
        ),
    )
    attention_resolved_at = models.DateTimeField(
        _("points resolved"), null=True, blank=True, editable=False
    )
    attention_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("points resolved by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NoteQuerySet.as_manager()

    # States from which a note goes to review; a published note only with unpublished changes.
    SUBMITTABLE = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.WITHDRAWN)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        permissions = [
            ("review_note", _("Can review notes: request changes and publish")),
            ("withdraw_note", _("Can withdraw published notes")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="one_note_per_event_language"
            ),
            models.CheckConstraint(
                condition=Q(live_revision__isnull=True) | Q(first_published_at__isnull=False),
                name="live_note_has_publication_date",
            ),
        ]
        indexes = [
            # Staff note list filtered by status, and the dashboard's review list: most recently
            # changed first; with the id, a page's ids come from the index alone.
            models.Index(fields=["status", "-updated_at", "id"], name="note_status_updated_idx"),
            # Staff note list, all statuses: most recently changed first (ids as above).
            models.Index(fields=["-updated_at", "id"], name="note_updated_idx"),
            # Public list and feed: published notes, newest publication first.
            models.Index(fields=["-last_published_at"], name="note_last_published_idx"),
            # Published notes only, newest publication first (the dashboard, the feed): the
            # index above would first walk past every note never published.
            models.Index(
                fields=["-last_published_at", "-id"],
                condition=Q(live_revision__isnull=False),
                name="note_live_published_idx",
            ),
            # Public full-text search (PostgreSQL only; the migration skips it elsewhere).
            GinIndex(fields=["search_vector"], name="note_search_vector_idx"),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("notes-detail", args=[self.event.start_date.year, self.slug])

    def assign_slug(self):
        """The event's address, with the language added for a note not in English."""
        suffix = "" if self.language == "en" else f"-{self.language}"
        self.slug = unique_slug(Note, f"{self.event.slug}{suffix}")

    @property
    def display_title(self):
        return self.title or self.event.title

    @property
    def is_live(self):
        return self.live_revision_id is not None

    # -- the archive import's points to finish ---------------------------------------------

    @property
    def attention_lines(self):
        """Each point as staff read it: “participants not understood: ‘…’”."""
        return [attention_line(item["part"], item["text"]) for item in self.attention]

    def resolve_attention(self, *, by):
        """Clear the points once staff have finished them; only someone who may edit the note.
        The note keeps who did it and when: a later import of the file leaves it alone."""
        if not self.editable_by(by):
            raise PermissionDenied(_("Only those who may edit this note can resolve its points."))
        self.attention = []
        self.attention_resolved_at = timezone.now()
        self.attention_resolved_by = by
        fields = ["attention", "attention_resolved_at", "attention_resolved_by"]
        Note.objects.filter(pk=self.pk).update(**{f: getattr(self, f) for f in fields})

    # -- the state rules (NoteQuerySet has the same as filters) ------------------------------

    @property
    def has_unpublished_changes(self):
        return self.is_live and self.latest_revision_id != self.live_revision_id

    @property
    def accepts_edits(self):
        """A note in review changes only through the review; in every other state it may."""
        return self.status != self.Status.IN_REVIEW

    @property
    def is_submittable(self):
        if self.status == self.Status.PUBLISHED:
            return self.has_unpublished_changes
        return self.status in self.SUBMITTABLE

    @property
    def is_reviewable(self):
        return self.status == self.Status.IN_REVIEW

    def is_author(self, user):
        return self.authors.filter(pk=user.pk).exists()

    def has_written(self, user):
        """An author, or the writer of any revision: removing a name does not undo four-eyes."""
        return self.is_author(user) or self.revisions.filter(author=user).exists()

    def refresh_search(self):
        """Store the words of the live revision (its sections and frozen header) for search, or
        none once it is withdrawn."""
        Note.objects.filter(pk=self.pk).update(search_vector=note_search_vector(self))

    # -- permissions on the object ---------------------------------------------------------

    def can_edit(self, user):
        """The user's right to change this note (an author, or an administrator), in any state."""
        if not user.has_perm("notes.change_note"):
            return False
        return user.is_superuser or self.is_author(user)

    def can_review(self, user):
        """Four-eyes: reviewers never review a note they wrote."""
        return user.has_perm("notes.review_note") and not self.has_written(user)

    def can_withdraw(self, user):
        return user.has_perm("notes.withdraw_note")

    def editable_by(self, user):
        return self.accepts_edits and self.can_edit(user)

    def submittable_by(self, user):
        return self.is_submittable and self.can_edit(user)

    def reviewable_by(self, user):
        return self.is_reviewable and self.can_review(user)

    def withdrawable_by(self, user):
        return self.is_live and self.can_withdraw(user)

    def review_base(self, reviewer):
        """What a reviewer compares the note with: the live revision; for a first publication,
        the revision of this reviewer's last step on the note; else None."""
        if self.live_revision_id:
            return self.live_revision
        last = (
            self.transitions.filter(actor=reviewer, revision__isnull=False)
            .select_related("revision")
            .first()
        )
        return last.revision if last else None

    # -- the working copy ------------------------------------------------------------------

    def save_draft(self, *, by, message="", expected_version=None, base_revision=None):
        """Save the working copy and keep it as a new revision.

        ``expected_version`` is the note's version when the editor opened and ``base_revision``
        the number of the revision it showed. If someone saved in between, the fields each side
        changed are merged (notes.merging) and ``self.last_merge`` says what was taken from
        them; if both changed the same field, nothing is written and EditConflict carries the
        note as it is now and the fields in conflict."""
        if self.pk is None:
            return self._create_draft(by, message)
        if not self.can_edit(by):
            raise PermissionDenied(_("You may not edit this note."))
        expected = self.version if expected_version is None else expected_version
        self.last_merge = None
        if expected == self.version and not self._differs_from_latest():
            return self.latest_revision  # nothing changed: no empty revision
        with transaction.atomic():
            current = self._locked()
            if not current.accepts_edits:
                raise WorkflowError(
                    _("This note is in review: it can only change through the review.")
                )
            if current.version != expected:
                message = self._merge_with(current, base_revision, message)
                if not self._differs_from_latest():
                    self.version = current.version
                    return self.latest_revision  # their save already holds this text
            Note.objects.filter(pk=self.pk).update(
                **{field: getattr(self, field) for field in CONTENT_FIELDS},
                version=current.version + 1,
                updated_at=timezone.now(),
            )
            self.version = current.version + 1
            return self._keep_revision(by, message)

    def _merge_with(self, current, base_number, message):
        """Bring the changes saved since `base_number` into this working copy, field by field;
        return the revision message, which records the merge."""
        base = self.revisions.filter(number=base_number).first() if base_number else None
        merge = merge_fields(CONTENT_FIELDS, base=base, mine=self, theirs=current)
        if merge.conflicts:
            raise EditConflict(current, fields=merge.conflicts, base=base)
        for field, value in merge.values.items():
            setattr(self, field, value)
        self.latest_revision = current.latest_revision
        self.last_merge = merge
        merged = _("merged with revision %(number)s") % {"number": current.latest_revision.number}
        return f"{message} ({merged})".strip()[: Revision._meta.get_field("message").max_length]

    def _create_draft(self, by, message):
        if not by.has_perm("notes.add_note"):
            raise PermissionDenied(_("You may not write notes."))
        with transaction.atomic():
            self.status = self.Status.DRAFT
            self.save()
            self.authors.add(by)
            return self._keep_revision(by, message or _("Created"))

    def _keep_revision(self, by, message, source=None):
        """A new revision of `source` (default: the working copy), with the event's header
        as it reads now."""
        number = (self.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
        revision = Revision.objects.create(
            note=self,
            number=number,
            author=by,
            message=message,
            header_json=self.current_header().to_json(),
            **{field: getattr(source or self, field) for field in CONTENT_FIELDS},
        )
        Note.objects.filter(pk=self.pk).update(latest_revision=revision)
        self.latest_revision = revision
        return revision

    def _differs_from_latest(self):
        latest = self.latest_revision
        if latest is None:
            return True
        same_text = all(getattr(self, f) == getattr(latest, f) for f in CONTENT_FIELDS)
        return not same_text or latest.header != self.current_header()

    # -- the header, frozen in each revision -----------------------------------------------

    def current_header(self):
        """The header as the event reads now: what the next revision will freeze."""
        return Header.of_event(self.event)

    @cached_property
    def header(self):
        """The working copy's header, as a revision has one: the event's, now."""
        return self.current_header()

    def keep_header_current(self):
        """After the event changed: if the header it gives differs from the latest revision's,
        keep a new revision with the same sections and the new header. A published note then
        has unpublished changes, which reach the public only through review."""
        with transaction.atomic():
            note = self._locked()
            latest = note.latest_revision
            if latest is None or latest.header == note.current_header():
                return None
            message = _("The event changed: its details are brought into the header.")
            revision = note._keep_revision(None, message, source=latest)
            Note.objects.filter(pk=note.pk).update(updated_at=timezone.now())
        self.latest_revision = revision
        return revision

    def restore(self, revision, *, by):
        """Make an old revision the working copy again, as a new revision: nothing is erased."""
        if revision.note_id != self.pk:
            raise WorkflowError(_("That revision belongs to another note."))
        for field in CONTENT_FIELDS:
            setattr(self, field, getattr(revision, field))
        message = _("Restored revision %(number)s") % {"number": revision.number}
        return self.save_draft(by=by, message=message)

    # -- transitions -----------------------------------------------------------------------
    # Each one locks a fresh copy of the note, checks the state on it, and records the move;
    # `notify=False` is for bulk callers (archive import, demo data) that must not send mail.

    TRANSITIONS = ("submit", "request_changes", "publish", "withdraw")

    def attempt(self, action, *, by, **kwargs):
        """Run one transition by name; return the refusal (illegal move or no right), else None."""
        if action not in self.TRANSITIONS:
            raise ValueError(f"Not a transition: {action}")
        try:
            getattr(self, action)(by=by, **kwargs)
        except (WorkflowError, PermissionDenied) as refusal:
            return refusal
        return None

    def submit(self, *, by, comment="", notify=True):
        if not self.can_edit(by):
            raise PermissionDenied(_("Only an author of this note can submit it."))
        with transaction.atomic():
            note = self._locked()
            if note.status == self.Status.PUBLISHED and not note.is_submittable:
                raise WorkflowError(_("This note has no unpublished changes to review."))
            if not note.is_submittable:
                raise WorkflowError(self._refusal(note.status, self.Status.IN_REVIEW))
            return self._record(note, self.Status.IN_REVIEW, by, comment, notify)

    def request_changes(self, *, by, comment, notify=True):
        self._require_reviewer(by)
        if not comment.strip():
            raise WorkflowError(_("Say what should change: a comment is required."))
        with transaction.atomic():
            note = self._locked()
            note._require_status(self.Status.IN_REVIEW, self.Status.CHANGES_REQUESTED)
            return self._record(note, self.Status.CHANGES_REQUESTED, by, comment, notify)

    def publish(self, *, by, comment="", at=None, notify=True, revision=None):
        """Make the latest revision live, with the disclaimer in force (which it keeps).

        `revision` is the number of the revision the reviewer read, when there is a reviewer:
        if another revision came in since (the event changed), nothing is published."""
        self._require_reviewer(by)
        at = at or timezone.now()
        with transaction.atomic():
            note = self._locked()
            note._require_status(self.Status.IN_REVIEW, self.Status.PUBLISHED)
            if revision is not None and revision != note.latest_revision.number:
                raise WorkflowError(
                    _(
                        "Not published: revision %(number)s came in while you were reviewing. "
                        "Review the changes again."
                    )
                    % {"number": note.latest_revision.number}
                )
            revision = note.latest_revision
            revision.disclaimer = Disclaimer.objects.in_force()
            revision.published_at = at
            revision.save(update_fields=["disclaimer", "published_at"])
            note.live_revision = revision
            note.first_published_at = note.first_published_at or at
            note.last_published_at = at
            note.save(update_fields=["live_revision", "first_published_at", "last_published_at"])
            refresh_published_notes(Event.objects.filter(pk=note.event_id))
            note.refresh_search()
            PublicationGeneration.objects.bump()
            return self._record(note, self.Status.PUBLISHED, by, comment, notify)

    def withdraw(self, *, by, reason, notify=True):
        if not self.can_withdraw(by):
            raise PermissionDenied(_("Only reviewers can withdraw a note."))
        if not reason.strip():
            raise WorkflowError(_("Give the reason for withdrawing the note."))
        with transaction.atomic():
            note = self._locked()
            if not note.is_live:
                raise WorkflowError(self._refusal(note.status, self.Status.WITHDRAWN))
            note.live_revision = None
            note.save(update_fields=["live_revision"])
            refresh_published_notes(Event.objects.filter(pk=note.event_id))
            note.refresh_search()
            PublicationGeneration.objects.bump()
            return self._record(note, self.Status.WITHDRAWN, by, reason, notify)

    def _require_reviewer(self, by):
        if not by.has_perm("notes.review_note"):
            raise PermissionDenied(_("Only reviewers can do this."))
        if self.has_written(by):
            raise PermissionDenied(_("You wrote this note: another reviewer must review it."))

    def _require_status(self, required, target):
        if self.status != required:
            raise WorkflowError(self._refusal(self.status, target))

    def _refusal(self, current, target):
        return _("A note that is “%(current)s” cannot become “%(target)s”.") % {
            "current": self.Status(current).label,
            "target": self.Status(target).label,
        }

    def _locked(self):
        """A fresh copy of this note, locked for the rest of the transaction."""
        return (
            Note.objects.select_for_update(of=("self",))
            .select_related("latest_revision")
            .get(pk=self.pk)
        )

    def _record(self, locked, to_status, by, comment, notify):
        """Move the locked copy to `to_status`, log it, and bring this instance up to date."""
        transition = Transition.objects.create(
            note=locked,
            from_status=locked.status,
            to_status=to_status,
            actor=by,
            comment=comment,
            revision=locked.latest_revision,
        )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
        for field in WORKFLOW_FIELDS:
            setattr(self, field, getattr(locked, field))
        if notify:
            transaction.on_commit(transition.notify)
        return transition


def refresh_published_notes(events):
    """Set `Event.has_published_note` on these events from their notes: true when one of them
    is published. Called inside the transaction of every change that can alter it (publish,
    withdraw, the admin's deletions, the bulk writers), so the flag that public_events() reads
    is never out of step with Note.objects.published()."""
    # The events are locked first, in a statement of their own: the UPDATE then reads the notes
    # as they are once a concurrent change to another note of the same event has committed
    # (one statement would read them as they were when it began, and could keep a stale flag).
    list(events.select_for_update().order_by("pk").values_list("pk", flat=True))
    published = Note.objects.published().filter(event=OuterRef("pk"))
    return events.update(has_published_note=Exists(published))


class Revision(models.Model):
    """A frozen copy of a note's content. Published revisions keep their disclaimer."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    objectives = models.TextField(_("1. Objectives"), blank=True)
    background = models.TextField(_("2. Background"), blank=True)
    highlights = models.TextField(_("3. Highlights"), blank=True)
    additional_comments = models.TextField(_("4. Additional comments"), blank=True)
    header_json = models.JSONField(
        _("header"),
        default=dict,
        help_text=_(
            "The header as rendered from the event when this revision was kept: the public "
            "note shows it, so an event edited later changes the note only through review."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty for a revision the system kept (the event's details changed)."),
        related_name="note_revisions",
        verbose_name=_("author"),
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    disclaimer = models.ForeignKey(
        Disclaimer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        help_text=_("The disclaimer in force when this revision was published."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    source = models.CharField(
        _("source file"),
        max_length=500,
        blank=True,
        help_text=_("The archive file it was imported from."),
    )
    source_hash = models.CharField(
        _("source hash"), max_length=64, blank=True, help_text=_("SHA-256 of the imported file.")
    )
    document_html = models.TextField(
        _("document as published"),
        blank=True,
        editable=False,
        help_text=_(
            "The note's document (header, sections, footnote) rendered once when the revision is "
            "published, so that a reader's page does not render it again."
        ),
    )
    document_fingerprint = models.CharField(
        _("rendered by"),
        max_length=16,
        blank=True,
        editable=False,
        help_text=_(
            "Which templates and Markdown renderer made the stored document: another value "
            "means they have changed since, and the document is rendered again."
        ),
    )

    class Meta:
        ordering = ["note", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["note", "number"], name="revision_number_unique_per_note"
            ),
        ]
        indexes = [
            # Archive import recognises a file it has already imported by its hash.
            models.Index(fields=["source_hash"], name="revision_source_hash_idx"),
        ]

    def __str__(self):
        return _("%(note)s, revision %(number)s") % {"note": self.note, "number": self.number}

    @cached_property
    def header(self):
        return Header.from_json(self.header_json)

    @property
    def display_title(self):
        return self.title or self.header.title


class Transition(models.Model):
    """One step of the workflow log: who moved which note from what to what, and why."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=Note.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Note.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="note_transitions",
        verbose_name=_("by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        null=True,
        related_name="transitions",
        help_text=_("The revision the step was taken on."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self):
        return f"{self.note}: {self.get_from_status_display()} → {self.get_to_status_display()}"

    def notify(self):
        from notes.tasks import notify_transition

        notify_transition.enqueue(self.pk)


# -- who has a note open in the editor, and the text they have not saved yet ----------------


class EditSessionQuerySet(models.QuerySet):
    # Someone whose editor has not beaten for this long has left (closed the page, lost the
    # network, put the computer to sleep). The editor beats every 25 seconds or so.
    PRESENCE_SECONDS = 90

    @classmethod
    def present_since(cls, now=None):
        """The earliest last beat of someone still present."""
        return (now or timezone.now()) - datetime.timedelta(seconds=cls.PRESENCE_SECONDS)

    def present(self, now=None):
        return self.filter(seen_at__gte=self.present_since(now))

    def others_editing(self, note, user, now=None):
        """The other people who have this note open in the editor now, the first to begin first."""
        return (
            self.present(now)
            .filter(note=note)
            .exclude(user=user)
            .select_related("user")
            .order_by("started_at", "pk")
        )

    def clear_autosave(self, note, user):
        """After `user` saved the note: their server copy of the text is saved, so it goes."""
        return self.filter(note=note, user=user).update(
            text={}, base_version=None, base_revision=None, autosaved_at=None
        )

    def beat(
        self,
        note,
        user,
        *,
        page="",
        fields=None,
        base_version=None,
        base_revision=None,
        leaving=False,
    ):
        """One heartbeat of an editor page: `user` is (still) editing `note`; `fields` is the
        text of the page when it changed since the last beat. `leaving` says the page is going
        away; a page that is no longer the latest of this person on this note is ignored then,
        so that the farewell of a page just replaced cannot hide the page that replaced it, and
        a page that said goodbye is ignored afterwards (a beat it sent just before arrives late).

        Neither the note nor its revisions change: this text is the person's alone until they
        save."""
        now = timezone.now()
        with transaction.atomic():
            session, created = self.select_for_update().get_or_create(
                note=note, user=user, defaults={"started_at": now, "page": page}
            )
            if session.page == f"left:{page}":
                return session  # a beat that was on its way when its page said goodbye
            if leaving and not created and session.page not in ("", page):
                return session
            if leaving:
                session.seen_at = None
                session.page = f"left:{page}"
            else:
                if not created and not session.is_present(now):
                    session.started_at = now  # back after a pause: a new stint of editing
                session.seen_at = now
                session.page = page
            if fields is not None:
                session.text = {f: fields[f] for f in CONTENT_FIELDS if f in fields}
                session.base_version = base_version
                session.base_revision = base_revision
                session.autosaved_at = now
            session.save()
        return session


class EditSession(models.Model):
    """One person with a note open in the editor: when they began and were last seen (who else
    is editing, shown to each of them), and the text of their page as it last reached the
    server (the autosave, offered back to them until they save). Not a revision: revisions are
    the saves people name."""

    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, related_name="edit_sessions", verbose_name=_("note")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="note_edit_sessions",
        verbose_name=_("user"),
    )
    page = models.CharField(
        _("editor page"), max_length=64, blank=True, help_text=_("The page that beat last.")
    )
    started_at = models.DateTimeField(_("editing since"), default=timezone.now)
    seen_at = models.DateTimeField(
        _("last seen"), null=True, blank=True, help_text=_("Empty once the page was closed.")
    )
    text = models.JSONField(
        _("unsaved text"),
        default=dict,
        blank=True,
        help_text=_("The title and sections as typed, not saved yet; empty once saved."),
    )
    base_version = models.PositiveIntegerField(
        _("based on version"), null=True, blank=True, help_text=_("The note's version then.")
    )
    base_revision = models.PositiveIntegerField(_("based on revision"), null=True, blank=True)
    autosaved_at = models.DateTimeField(_("text kept at"), null=True, blank=True)

    objects = EditSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("editing session")
        verbose_name_plural = _("editing sessions")
        constraints = [
            models.UniqueConstraint(fields=["note", "user"], name="one_edit_session_per_editor"),
        ]

    def __str__(self):
        return f"{self.user} · {self.note_id}"

    def is_present(self, now=None):
        since = EditSessionQuerySet.present_since(now)
        return self.seen_at is not None and self.seen_at >= since

    @property
    def has_autosave(self):
        return self.autosaved_at is not None and bool(self.text)


class PublicationGenerationManager(models.Manager):
    ROW = 1

    def current(self):
        """The generation now (0 before the first change): one primary-key read.

        Every anonymous request asks (notes/page_cache.py), so it is written in SQL: the
        ORM would spend longer building this query than the database spends answering it."""
        database = connections[self.db]
        table = database.ops.quote_name(self.model._meta.db_table)
        with database.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {table} WHERE id = %s", [self.ROW])  # nosec B608
            row = cursor.fetchone()
        return row[0] if row else 0

    def bump(self):
        """Move to the next generation, inside the caller's transaction when there is one."""
        bumped = self.filter(pk=self.ROW).update(value=F("value") + 1, changed_at=timezone.now())
        if not bumped:
            # The row is made by a migration; a flushed test database has none.
            self.bulk_create([self.model(pk=self.ROW, value=1)], ignore_conflicts=True)


class PublicationGeneration(models.Model):
    """One number that changes with everything the public sees; cached public pages are keyed
    by it (``notes/page_cache.py``).

    It is bumped in the same transaction as every change the public can see:
    ``Note.publish`` and ``Note.withdraw``, ``Disclaimer.put_in_force``, the notice that
    events, organizations or countries changed (``outreach.changes``, followed in
    ``notes/apps.py``), deletions in the admin, and the bulk commands that write public data.
    Every app server reads it from the database on every request, so none can serve a page
    older than the last commit."""

    value = models.PositiveBigIntegerField(_("generation"), default=0)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = PublicationGenerationManager()

    class Meta:
        verbose_name = _("publication generation")
        verbose_name_plural = _("publication generation")

    def __str__(self):
        return str(self.value)
