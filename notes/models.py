"""Information notes, their revisions, the review workflow and the disclaimer.

A note has a working copy (its own fields) and, once published, a live revision. Public
pages render only live revisions (``Note.objects.published()``). Every change of status goes
through one of the transition methods below, whoever drives it: staff pages, admin actions,
management commands, tests.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from events.models import Event
from notes import document
from notes.header import Header
from notes.merging import merge_fields
from notes.search import note_search_vector, search_notes
from outreach.editing import EditConflict
from outreach.slugs import unique_slug

CONTENT_FIELDS = ("title", "objectives", "background", "highlights", "additional_comments")
# What a transition changes on the note: the caller's copy takes these after the move.
WORKFLOW_FIELDS = ("status", "live_revision", "first_published_at", "last_published_at", "version")
# The review under way: who is asked, by when, and an approved publication to come.
REVIEW_FIELDS = ("reviewer", "review_due", "scheduled_at", "scheduled_revision", "scheduled_by")


def display_name(user):
    return user.get_full_name() or user.get_username()


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


def _in(label, language):
    return format_lazy("{} ({})", label, language)


def _footnote_in(language):
    return models.TextField(_in(_("footnote text"), language), blank=True)


def _contact_line_in(language):
    return models.TextField(_in(_("contact line"), language), blank=True)


class Disclaimer(models.Model):
    """The standard footnote of every published note, versioned; exactly one is in force.

    Each version has its texts in the six languages as fields of its own row: English is
    required, each other language optional, and a note in a language the version has no text
    for is published with the English one (``in_language``). One row per version keeps a
    version whole: it is read with the revision that keeps it, and frozen as one once used."""

    # The languages with their own optional texts: fields text_<suffix>, contact_line_<suffix>.
    TRANSLATED = {"fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh-hans": "zh_hans"}

    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    text = models.TextField(
        _("footnote text"),
        help_text=_(
            "In English: printed as the footnote of every note, and of a note in a language "
            "this version has no text for."
        ),
    )
    contact_line = models.TextField(
        _("contact line"),
        help_text=_("In English: the default closing line of “Additional comments” in new notes."),
    )
    text_fr = _footnote_in(_("French"))
    contact_line_fr = _contact_line_in(_("French"))
    text_es = _footnote_in(_("Spanish"))
    contact_line_es = _contact_line_in(_("Spanish"))
    text_ru = _footnote_in(_("Russian"))
    contact_line_ru = _contact_line_in(_("Russian"))
    text_zh_hans = _footnote_in(_("Chinese"))
    contact_line_zh_hans = _contact_line_in(_("Chinese"))
    text_ar = _footnote_in(_("Arabic"))
    contact_line_ar = _contact_line_in(_("Arabic"))
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

    def clean(self):
        """A language has both its texts or neither: a note is never half in English."""
        errors = {}
        for suffix in self.TRANSLATED.values():
            text, line = f"text_{suffix}", f"contact_line_{suffix}"
            if bool(getattr(self, text)) != bool(getattr(self, line)):
                missing = line if getattr(self, text) else text
                errors[missing] = _("Give both texts in this language, or neither.")
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def put_in_force(self):
        Disclaimer.objects.filter(in_force=True).exclude(pk=self.pk).update(in_force=False)
        Disclaimer.objects.filter(pk=self.pk).update(in_force=True)
        self.in_force = True
        PublicationGeneration.objects.bump()

    def is_used(self):
        return self.revisions.exists()

    @classmethod
    def text_fields(cls):
        """Every text of a version, English first: what is frozen once notes use it."""
        suffixes = cls.TRANSLATED.values()
        return ["text", "contact_line"] + [
            f"{kind}_{suffix}" for suffix in suffixes for kind in ("text", "contact_line")
        ]

    def in_language(self, code):
        """(footnote text, contact line, fell_back) for a note in language `code`: the
        version's own texts in that language, English for each it does not have; fell_back
        says that English stands in for at least one of them."""
        suffix = self.TRANSLATED.get(code)
        if code == "en" or suffix is None:
            return self.text, self.contact_line, code != "en"
        text = getattr(self, f"text_{suffix}")
        contact_line = getattr(self, f"contact_line_{suffix}")
        fell_back = not (text and contact_line)
        return text or self.text, contact_line or self.contact_line, fell_back


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

    def in_review_unscheduled(self):
        """Notes in review that nobody has approved for a later publication yet."""
        return self.filter(status=Note.Status.IN_REVIEW, scheduled_at__isnull=True)

    def assigned_to(self, user):
        """Reviews asked of this user and not done yet."""
        return self.in_review_unscheduled().filter(reviewer=user)

    def overdue(self, today=None):
        """Reviews past their due date (as Note.is_overdue)."""
        today = today or timezone.localdate()
        return self.in_review_unscheduled().filter(review_due__lt=today)

    def due_by(self, day):
        """Reviews due on `day` or before: what the daily digest lists."""
        return self.in_review_unscheduled().filter(review_due__lte=day)

    def scheduled(self):
        return self.filter(scheduled_at__isnull=False)

    def due_for_publication(self, now=None):
        """Scheduled notes whose time has come."""
        return self.filter(scheduled_at__lte=now or timezone.now())

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
    # -- the review under way (empty outside review) ----------------------------------------
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="assigned_reviews",
        verbose_name=_("assigned reviewer"),
        help_text=_(
            "The reviewer asked to review the note now; empty when any reviewer may. Any "
            "reviewer who did not write it may take the review over."
        ),
    )
    review_due = models.DateField(_("review due"), null=True, blank=True, editable=False)
    scheduled_at = models.DateTimeField(
        _("publication scheduled for"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Approved, to be published at this time by the worker; the public sees nothing "
            "of it before."
        ),
    )
    scheduled_revision = models.ForeignKey(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("scheduled revision"),
        help_text=_("The revision approved: if another comes in, the publication is cancelled."),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("scheduled by"),
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
            models.CheckConstraint(
                condition=Q(scheduled_at__isnull=True) | Q(status="in_review"),
                name="only_notes_in_review_are_scheduled",
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
            # The dashboard's scheduled publications and the worker's catch-up: soonest first.
            models.Index(
                fields=["scheduled_at"],
                condition=Q(scheduled_at__isnull=False),
                name="note_scheduled_idx",
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

    def language_versions(self):
        """Each language of the site, in order, with its version of this note (the note of the
        same event in that language; this note among them) or None: (code, name, note). One
        query."""
        notes = Note.objects.filter(event_id=self.event_id).only(
            "event", "language", "status", "live_revision"
        )
        by_language = {note.language: note for note in notes}
        return [(code, name, by_language.get(code)) for code, name in settings.LANGUAGES]

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

    @property
    def is_scheduled(self):
        return self.scheduled_at is not None

    @property
    def is_overdue(self):
        """In review, not approved yet, and past the due date (as NoteQuerySet.overdue)."""
        return (
            self.status == self.Status.IN_REVIEW
            and not self.is_scheduled
            and self.review_due is not None
            and self.review_due < timezone.localdate()
        )

    def is_author(self, user):
        return self._asked(("author", user.pk), self.authors.filter(pk=user.pk).exists)

    def has_written(self, user):
        """An author, or the writer of any revision: removing a name does not undo four-eyes."""
        wrote = self.revisions.filter(author=user).exists
        return self.is_author(user) or self._asked(("wrote", user.pk), wrote)

    def _asked(self, key, ask):
        """The answer to a question about this note's people, asked once per page: a staff page
        checks several rights that rest on the same facts. Cleared by refresh_from_db."""
        answers = self.__dict__.setdefault("_people_answers", {})
        if key not in answers:
            answers[key] = ask()
        return answers[key]

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_people_answers", None)
        super().refresh_from_db(*args, **kwargs)

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

    def can_comment(self, user):
        """Authors and the reviewers who may review it take part in the conversation."""
        return self.can_edit(user) or self.can_review(user)

    def takeable_by(self, user):
        """Any reviewer who did not write the note may take its review over from another."""
        return (
            self.is_reviewable
            and not self.is_scheduled
            and self.reviewer_id != user.pk
            and self.can_review(user)
        )

    def unschedulable_by(self, user):
        return self.is_scheduled and self.can_review(user)

    # -- who reviews --------------------------------------------------------------------------

    def eligible_reviewers(self):
        """The active reviewers who did not write this note (four-eyes), by name."""
        writers = Revision.objects.filter(note=self, author__isnull=False).values("author")
        return (
            get_user_model()
            .objects.with_perm("notes.review_note")
            .filter(is_active=True)
            .exclude(pk__in=self.authors.values("pk"))
            .exclude(pk__in=writers)
            .order_by("first_name", "last_name", "username")
        )

    def last_reviewer(self):
        """Who reviewed the note last, if they still may review it: the default reviewer."""
        reviewed = self.transitions.filter(
            from_status=self.Status.IN_REVIEW,
            to_status__in=[self.Status.CHANGES_REQUESTED, self.Status.PUBLISHED],
        ).first()
        if reviewed is None:
            return None
        return self.eligible_reviewers().filter(pk=reviewed.actor_id).first()

    def conversation(self):
        """The thread of the review: comments with their steps and replies, newest last."""
        return self.comments.select_related("author", "transition").order_by("created_at", "pk")

    def pending_change_request(self):
        """The request for changes the authors have not answered by resubmitting yet."""
        if self.status != self.Status.CHANGES_REQUESTED:
            return None
        return (
            self.transitions.filter(to_status=self.Status.CHANGES_REQUESTED)
            .select_related("actor")
            .first()
        )

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

    def submit(self, *, by, comment="", notify=True, reviewer=None, due=None):
        """Send the note to review. `reviewer` is the one asked (only they are told); without
        one, the reviewer who reviewed the note last if they still may, else nobody in
        particular and every reviewer is told. `due` is the date the review is wanted by."""
        if not self.can_edit(by):
            raise PermissionDenied(_("Only an author of this note can submit it."))
        with transaction.atomic():
            note = self._locked()
            if note.status == self.Status.PUBLISHED and not note.is_submittable:
                raise WorkflowError(_("This note has no unpublished changes to review."))
            if not note.is_submittable:
                raise WorkflowError(self._refusal(note.status, self.Status.IN_REVIEW))
            if reviewer is None:
                reviewer = note.last_reviewer()
            elif not note.eligible_reviewers().filter(pk=reviewer.pk).exists():
                raise WorkflowError(
                    _("%(name)s may not review this note: choose a reviewer who did not write it.")
                    % {"name": display_name(reviewer)}
                )
            note.reviewer, note.review_due = reviewer, due
            transition = self._record(
                note, self.Status.IN_REVIEW, by, comment, notify, reviewer=reviewer
            )
            ReviewEvent.objects.create(
                note=note,
                kind=ReviewEvent.Kind.ASSIGNED,
                actor=by,
                reviewer=reviewer,
                due=due,
            )
            if due:
                transaction.on_commit(lambda: queue_review_digest(due))
            return transition

    def take_over(self, *, by):
        """Take the review over from the reviewer it was asked of (or from nobody): recorded,
        and the reviewer it was asked of is told."""
        with transaction.atomic():
            note = self._locked()
            if not note.takeable_by(by):
                if not note.can_review(by):
                    raise PermissionDenied(_("Only a reviewer who did not write it can review it."))
                raise WorkflowError(_("This review cannot be taken over now."))
            previous = note.reviewer
            note.reviewer = by
            Note.objects.filter(pk=note.pk).update(reviewer=by, updated_at=timezone.now())
            self.reviewer = by
            event = ReviewEvent.objects.create(
                note=note,
                kind=ReviewEvent.Kind.TAKEN_OVER,
                actor=by,
                reviewer=by,
                previous_reviewer=previous,
                due=note.review_due,
            )
            InboxItem.objects.deliver(
                [previous] if previous else [], note=note, actor=by, event=event
            )
            return event

    def add_comment(self, *, by, text):
        """A comment in the review's conversation, from an author or a reviewer; the others
        taking part are told in their inbox."""
        if not self.can_comment(by):
            raise PermissionDenied(_("Only the authors and its reviewers may comment on a note."))
        text = text.strip()
        if not text:
            raise WorkflowError(_("Write your comment first."))
        with transaction.atomic():
            comment = Comment.objects.create(
                note=self, author=by, text=text, revision=self.latest_revision
            )
            InboxItem.objects.deliver(
                self.conversation_members(), note=self, actor=by, comment=comment
            )
        return comment

    def conversation_members(self):
        """Who hears of a comment: the authors, the reviewer asked, and everyone who spoke."""
        spoke = self.comments.values("author")
        members = Q(pk__in=self.authors.values("pk")) | Q(pk__in=spoke)
        if self.reviewer_id:
            members |= Q(pk=self.reviewer_id)
        return list(get_user_model().objects.filter(members, is_active=True))

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
            note._require_latest(revision, _("Not published"))
            revision = note.latest_revision
            revision.disclaimer = Disclaimer.objects.in_force()
            revision.published_at = at
            revision.save(update_fields=["disclaimer", "published_at"])
            # Rendered here, once, rather than by the first reader (notes/document.py).
            document.store(note, revision)
            note.live_revision = revision
            note.first_published_at = note.first_published_at or at
            note.last_published_at = at
            note.save(update_fields=["live_revision", "first_published_at", "last_published_at"])
            refresh_published_notes(Event.objects.filter(pk=note.event_id))
            note.refresh_search()
            PublicationGeneration.objects.bump()
            return self._record(note, self.Status.PUBLISHED, by, comment, notify)

    def schedule_publication(self, *, by, at, revision=None, comment="", now=None):
        """Approve the note and have the worker publish it at `at`. Nothing changes for the
        public until then: the note stays in review, without a live revision. `revision` is
        the number the reviewer read; it is the one that will be published, or none."""
        self._require_reviewer(by)
        if at <= (now or timezone.now()):
            raise WorkflowError(_("Choose a time to come, or publish now."))
        with transaction.atomic():
            note = self._locked()
            note._require_status(self.Status.IN_REVIEW, self.Status.PUBLISHED)
            note._require_latest(revision, _("Not scheduled"))
            fields = {"scheduled_at": at, "scheduled_revision": note.latest_revision}
            fields["scheduled_by"] = by
            Note.objects.filter(pk=note.pk).update(**fields, updated_at=timezone.now())
            for field, value in fields.items():
                setattr(self, field, value)
            if comment.strip():
                Comment.objects.create(
                    note=note, author=by, text=comment.strip(), revision=note.latest_revision
                )
            event = ReviewEvent.objects.create(
                note=note, kind=ReviewEvent.Kind.SCHEDULED, actor=by, scheduled_at=at
            )
            InboxItem.objects.deliver(list(note.authors.all()), note=note, actor=by, event=event)
            transaction.on_commit(lambda: enqueue_scheduled_publication(note.pk, at))
            return event

    def unschedule(self, *, by, reason=""):
        """Call off a scheduled publication: the note is back in review, as before approval."""
        if not self.can_review(by):
            raise PermissionDenied(_("Only a reviewer who did not write it can unschedule it."))
        with transaction.atomic():
            note = self._locked()
            if not note.is_scheduled:
                raise WorkflowError(_("This note is not scheduled for publication."))
            return self._cancel_schedule(note, by, ReviewEvent.Kind.UNSCHEDULED, reason)

    def _cancel_schedule(self, note, by, kind, reason=""):
        self.scheduled_at = self.scheduled_revision = self.scheduled_by = None
        Note.objects.filter(pk=note.pk).update(
            scheduled_at=None, scheduled_revision=None, scheduled_by=None
        )
        event = ReviewEvent.objects.create(
            note=note, kind=kind, actor=by, scheduled_at=note.scheduled_at, reason=reason
        )
        told = {*note.authors.all(), *([note.scheduled_by] if note.scheduled_by else [])}
        InboxItem.objects.deliver(list(told), note=note, actor=by, event=event)
        return event

    def publish_as_scheduled(self, *, now=None):
        """What the worker does when the time comes: publish the approved revision, in the
        name of the reviewer who approved it. If the note changed since (another revision
        came in, the approver may no longer review it), nothing is published: the schedule is
        cancelled and the approver and authors are told. Returns the transition, or None."""
        now = now or timezone.now()
        with transaction.atomic():
            note = self._locked()
            if not note.is_scheduled or note.scheduled_at > now:
                return None
            approver, approved = note.scheduled_by, note.scheduled_revision
            refusal = None
            if approver is None or approved is None:
                refusal = _("the reviewer who approved it is gone")
            else:
                refusal = note.attempt(
                    "publish",
                    by=approver,
                    at=now,
                    revision=approved.number,
                    comment=_("Published as scheduled."),
                )
            if refusal is None:
                self.refresh_from_db()
                return self.transitions.first()
            # Nobody cancelled it: the approver is told along with the authors.
            self._cancel_schedule(
                self._locked(), None, ReviewEvent.Kind.SCHEDULE_FAILED, str(refusal)
            )
            return None

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

    def _require_latest(self, number, refused):
        """Refuse if the reviewer read another revision than the latest."""
        if number is not None and number != self.latest_revision.number:
            raise WorkflowError(
                _(
                    "%(refused)s: revision %(number)s came in while you were reviewing. "
                    "Review the changes again."
                )
                % {"refused": refused, "number": self.latest_revision.number}
            )

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

    def _record(self, locked, to_status, by, comment, notify, reviewer=None):
        """Move the locked copy to `to_status`, log it, and bring this instance up to date.
        A note leaving review leaves its assignment and schedule behind; a comment joins the
        conversation; the people concerned find the step in their inbox."""
        transition = Transition.objects.create(
            note=locked,
            from_status=locked.status,
            to_status=to_status,
            actor=by,
            comment=comment,
            revision=locked.latest_revision,
            reviewer=reviewer,
        )
        if to_status != self.Status.IN_REVIEW:
            locked.reviewer = locked.review_due = None
            locked.scheduled_at = locked.scheduled_revision = locked.scheduled_by = None
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at", *REVIEW_FIELDS])
        for field in (*WORKFLOW_FIELDS, *REVIEW_FIELDS):
            setattr(self, field, getattr(locked, field))
        if comment.strip():
            Comment.objects.create(
                note=locked,
                author=by,
                text=comment.strip(),
                transition=transition,
                revision=locked.latest_revision,
                created_at=transition.created_at,
            )
        if notify:
            InboxItem.objects.deliver(
                transition.recipients(), note=locked, actor=by, transition=transition
            )
            transaction.on_commit(transition.notify)
        return transition


def refresh_published_notes(events, *, restored=False):
    """Set what these events keep of their published notes: `has_published_note`, which
    public_events() reads, and `published_versions`, the language and address of each, which a
    note's page reads to list its other versions; `versions_changed_at` says when they last
    changed, except for `restored` events, which bring that time from the backup.

    Called inside the transaction of every change that can alter them (publish, withdraw, the
    admin's deletions, the bulk writers), so that they are never out of step with
    Note.objects.published(). A note's language and address never change once it has been
    published (the admin makes them read-only), so no other change can alter them."""
    # The events are locked first, in a statement of their own: the UPDATE then reads the notes
    # as they are once a concurrent change to another note of the same event has committed
    # (one statement would read them as they were when it began, and could keep a stale flag).
    list(events.select_for_update().order_by("pk").values_list("pk", flat=True))
    published = Note.objects.published().filter(event=OuterRef("pk")).order_by()
    kept = {
        "has_published_note": Exists(published),
        "published_versions": Coalesce(Subquery(versions_of(published)), Value("")),
    }
    if not restored:
        kept["versions_changed_at"] = timezone.now()
    return events.update(**kept)


def versions_of(published):
    """The notes of `published` (of one event) as "en slug,fr slug", in no set order."""
    pair = Concat("language", Value(" "), "slug", output_field=models.TextField())
    listed = StringAgg(pair, delimiter=Value(","))
    return published.values("event").annotate(pairs=listed).values("pairs")


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
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer asked"),
        help_text=_("For a submission: the reviewer asked, the only one told; empty for all."),
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

    def concerned(self):
        """The active people this step concerns: for a submission the reviewer asked, or every
        reviewer who may review the note when none was; for every other step the authors."""
        note = self.note
        if self.to_status == Note.Status.IN_REVIEW:
            if self.reviewer_id:
                users = get_user_model().objects.filter(pk=self.reviewer_id)
            else:
                users = (
                    get_user_model()
                    .objects.with_perm("notes.review_note")
                    .exclude(pk__in=note.authors.values("pk"))
                )
        else:
            users = note.authors.all()
        return users.filter(is_active=True)

    def recipients(self):
        """Who finds this step in their inbox: those it concerns, but the one who took it."""
        return list(self.concerned().exclude(pk=self.actor_id))


def queue_review_digest(day):
    from notes.tasks import queue_digest

    queue_digest(day)


def enqueue_scheduled_publication(note_pk, at):
    """Have the worker publish the note at `at`. A backend that cannot wait (the immediate one
    of development) gets nothing: there `manage.py publish_scheduled` publishes what is due."""
    from notes.tasks import publish_scheduled_note

    if publish_scheduled_note.get_backend().supports_defer:
        publish_scheduled_note.using(run_after=at).enqueue(note_pk, at.isoformat())


class Comment(models.Model):
    """One message of the review's conversation: a reviewer's comment (with the step it came
    with, if any) or an author's reply. Kept: the thread is part of the note's history."""

    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, related_name="comments", verbose_name=_("note")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="note_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    transition = models.OneToOneField(
        Transition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thread_comment",
        verbose_name=_("step"),
        help_text=_("The workflow step the comment came with; empty for a reply."),
    )
    revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on revision"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # A note's conversation, oldest first (Note.conversation).
            models.Index(fields=["note", "created_at"], name="comment_note_created_idx"),
        ]

    def __str__(self):
        return f"{self.author} · {self.note_id}"


class ReviewEvent(models.Model):
    """What happens in a review besides the steps of the workflow: who was asked to review
    and by when, who took the review over, a publication scheduled, called off, or cancelled
    because the note changed before its time. Kept in the note's history."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Review asked")
        TAKEN_OVER = "taken_over", _("Review taken over")
        SCHEDULED = "scheduled", _("Approved, publication scheduled")
        UNSCHEDULED = "unscheduled", _("Scheduled publication called off")
        SCHEDULE_FAILED = "schedule_failed", _("Scheduled publication cancelled")

    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, related_name="review_events", verbose_name=_("note")
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    previous_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken over from"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")

    def __str__(self):
        return f"{self.note_id}: {self.get_kind_display()}"


class InboxItemQuerySet(models.QuerySet):
    def deliver(self, users, *, note, actor, **about):
        """One item for each of `users` but the actor, each one more unread in their count."""
        items = [
            self.model(user=user, note=note, actor=actor, **about)
            for user in {user for user in users if user and user.pk != getattr(actor, "pk", None)}
        ]
        self.bulk_create(items)
        add_unread([item.user_id for item in items])
        return items

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(user=user)


# The unread count in the staff header is read from the cache, so that a staff page costs no
# query for it: counted at sign-in, then kept up to date as items arrive and are read. A count
# that went wrong (a transaction rolled back after adding to it, a page counting while items
# arrived) lasts until it expires, and is counted again then.
UNREAD_CACHE_KEY = "notes:inbox-unread:{}"
UNREAD_CACHE_SECONDS = 15 * 60


def unread_count(user):
    from django.core.cache import cache

    key = UNREAD_CACHE_KEY.format(user.pk)
    count = cache.get(key)
    if count is None:
        count = InboxItem.objects.for_user(user).unread().count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def add_unread(user_ids, step=1):
    """Add `step` to the cached count of each of these people (one per id listed); a count not
    in the cache is left to be counted when asked for."""
    from django.core.cache import cache

    for pk in user_ids:
        key = UNREAD_CACHE_KEY.format(pk)
        try:
            if cache.incr(key, step) < 0:
                cache.delete(key)
        except ValueError:
            pass  # not cached


def forget_unread(user_ids):
    """Count these people's unread items again when next asked."""
    from django.core.cache import cache

    cache.delete_many([UNREAD_CACHE_KEY.format(pk) for pk in set(user_ids)])


class InboxItem(models.Model):
    """Something that happened to a person's notes or reviews: a step of the workflow, a
    comment, a review taken over, a publication scheduled or cancelled."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inbox_items",
        verbose_name=_("for"),
    )
    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, related_name="inbox_items", verbose_name=_("note")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    transition = models.ForeignKey(
        Transition, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        ReviewEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = InboxItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox items")
        indexes = [
            # A person's inbox, newest first; and their unread count.
            models.Index(fields=["user", "-created_at"], name="inbox_user_created_idx"),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="inbox_unread_idx"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.note_id}"

    def mark_read(self):
        unread = InboxItem.objects.filter(pk=self.pk, read_at=None)
        if self.read_at is None and unread.update(read_at=timezone.now()):
            add_unread([self.user_id], -1)


class ReviewDigest(models.Model):
    """One day's digest e-mail to the reviewers: a row per day, so that it is queued and sent
    once however many notes fall due that day."""

    day = models.DateField(_("day"), unique=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("review digest")
        verbose_name_plural = _("review digests")

    def __str__(self):
        return str(self.day)


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


@receiver(user_logged_in)
def count_unread_at_sign_in(sender, request, user, **kwargs):
    """Count the inbox once at sign-in, so that the staff pages that follow read it from the
    cache rather than ask the database on every page. Only a cache is filled here."""
    forget_unread([user.pk])
    unread_count(user)
