"""Staff pages for notes: the dashboard, the editor, review, history and withdrawal.

Every state change goes through the workflow methods of Note; a WorkflowError (an illegal
move) becomes a message and a redirect, a PermissionDenied a 403."""

import datetime
import types

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import Event
from notes import editor_views
from notes.diff import diff_sections, diff_words
from notes.forms import (
    CommentForm,
    NewNoteForm,
    NoteForm,
    ReviewForm,
    ScheduleForm,
    SubmitForm,
    WithdrawForm,
)
from notes.merging import merge_fields
from notes.models import CONTENT_FIELDS, Disclaimer, Note, WorkflowError, display_name
from outreach.editing import EditConflict
from outreach.paging import page_of, rows_by_ids

DASHBOARD_LIST_SIZE = 10
# The dashboard's review list shows the notes waiting longest; the rest are in the note list.
REVIEW_LIST_SIZE = 50
NOTES_PER_PAGE = 50
# What a list of notes never shows: left in the database rather than read for every row.
LONG_FIELDS = (
    *("objectives", "background", "highlights", "additional_comments", "search_vector"),
    *("source_text", "source_header"),  # what an archive file said, shown on the note's page
)


def require_staff(user):
    if not user.has_perm("notes.view_note"):
        raise PermissionDenied


def get_note_for_user(user, pk, *, may=None):
    """The note, readable by every member of staff; `may` names a further right on the note
    ("edit", "review", "withdraw"), checked with Note.can_<may>."""
    require_staff(user)
    note = get_object_or_404(
        Note.objects.select_related(
            "event__country", "live_revision", "latest_revision", "attention_resolved_by"
        ).select_related("reviewer", "scheduled_by", "scheduled_revision"),
        pk=pk,
    )
    if may and not getattr(note, f"can_{may}")(user):
        raise PermissionDenied(refusal(note, user, may))
    return note


def refusal(note, user, may):
    """Why `user` may not do `may` to the note, in the words the refusal page shows."""
    if may == "review" and user.has_perm("notes.review_note"):
        return _("You wrote this note: another reviewer must review it.")
    return {
        "edit": _("Only the authors of this note and administrators may edit it."),
        "review": _("Only reviewers may review notes."),
        "withdraw": _("Only reviewers may withdraw a published note."),
        "comment": _("Only the authors of this note and its reviewers may comment on it."),
    }[may]


def run_transition(request, note, action, done, *, back=None, **kwargs):
    """Apply one workflow transition and say how it went."""
    refusal = note.attempt(action, by=request.user, **kwargs)
    if refusal:
        messages.error(request, str(refusal))
        return redirect(back or "notes-staff-detail", note.pk)
    messages.success(request, done)
    return redirect("notes-staff-detail", note.pk)


# -- lists ---------------------------------------------------------------------------------


@login_required
def dashboard(request):
    require_staff(request.user)
    mine = listed(Note.objects.authored_by(request.user))
    to_submit = mine.submittable()
    awaiting, more_awaiting = first_rows(awaiting_review(request.user), REVIEW_LIST_SIZE)
    scheduled, more_scheduled = first_rows(scheduled_notes(), REVIEW_LIST_SIZE)
    context = {
        **review_sections(request.user),
        "scheduled": scheduled,
        "more_scheduled": more_scheduled,
        "to_finish": listed(Note.objects.finishable_by(request.user)).order_by("updated_at"),
        "drafts": to_submit.exclude(status=Note.Status.CHANGES_REQUESTED),
        "changes_requested": to_submit.filter(status=Note.Status.CHANGES_REQUESTED),
        "awaiting_review": awaiting,
        "more_awaiting_review": more_awaiting,
        "published": listed(Note.objects.published()).order_by("-last_published_at")[
            :DASHBOARD_LIST_SIZE
        ],
        "upcoming": upcoming_events(),
        "without_note": events_without_note()[:DASHBOARD_LIST_SIZE],
    }
    return render(request, "staff/dashboard.html", context)


def listed(notes):
    """Notes as the lists show them: with their event and reviewer, without their long texts."""
    return notes.select_related("event", "reviewer").defer(*LONG_FIELDS)


# Reviews due first, those without a date after them, the longest waiting first.
BY_DUE_DATE = (F("review_due").asc(nulls_last=True), "updated_at", "pk")


def review_sections(user):
    """What the dashboard shows first: the reviews asked of this person, the overdue ones
    (theirs to take over, or for an author their own notes), and for reviewers the reviews
    nobody was asked for, waiting for whoever takes them."""
    notes = listed(Note.objects.order_by(*BY_DUE_DATE))
    if not user.has_perm("notes.review_note"):
        return {
            "assigned_to_me": [],
            "overdue": list(notes.overdue().authored_by(user)[:REVIEW_LIST_SIZE]),
            "waiting_for_me": [],
        }
    return {
        "assigned_to_me": list(notes.assigned_to(user)[:REVIEW_LIST_SIZE]),
        "overdue": list(notes.overdue().reviewable_by(user)[:REVIEW_LIST_SIZE]),
        "waiting_for_me": list(
            notes.in_review_unscheduled()
            .filter(reviewer__isnull=True)
            .reviewable_by(user)[:REVIEW_LIST_SIZE]
        ),
    }


def scheduled_notes():
    return listed(Note.objects.scheduled()).select_related("scheduled_by").order_by("scheduled_at")


def first_rows(queryset, size):
    """The first `size` rows and whether more follow, in one query."""
    rows = list(queryset[: size + 1])
    return rows[:size], len(rows) > size


def awaiting_review(user):
    """For reviewers the notes they may review; for experts their own notes in review."""
    notes = listed(Note.objects.filter(scheduled_at__isnull=True).order_by("updated_at"))
    if user.has_perm("notes.review_note"):
        return notes.reviewable_by(user)
    return notes.authored_by(user).filter(status=Note.Status.IN_REVIEW)


def upcoming_events():
    # Ids first (outreach.paging): walking the events in start order, the database would read
    # every past event before it met the first upcoming one.
    upcoming = Event.objects.upcoming().select_related("country").order_by("start_date")
    return rows_by_ids(upcoming, 0, DASHBOARD_LIST_SIZE)


def events_without_note():
    # NOT EXISTS lets the database walk the events by date and stop at the tenth; an outer join
    # to every note would read them all first.
    held = Q(status=Event.Status.HELD) | Q(end_date__lt=timezone.localdate())
    return (
        Event.objects.filter(held, ~Exists(Note.objects.filter(event=OuterRef("pk"))))
        .exclude(status=Event.Status.CANCELLED)
        .select_related("country")
        .order_by("-end_date")
    )


@login_required
def note_list(request):
    require_staff(request.user)
    status = request.GET.get("status", "")
    notes = listed(Note.objects.order_by("-updated_at"))
    if status in Note.Status.values:
        notes = notes.filter(status=status)
    context = {
        "page": page_of(notes, request.GET.get("page"), NOTES_PER_PAGE),
        "status": status,
        "statuses": Note.Status.choices,
    }
    return render(request, "notes/staff_list.html", context)


# -- reading and editing -------------------------------------------------------------------


@login_required
def note_detail(request, pk):
    note = get_note_for_user(request.user, pk)
    user = request.user
    context = {
        "note": note,
        "disclaimer": Disclaimer.objects.in_force(),
        "can_edit": note.editable_by(user),
        "can_submit": note.submittable_by(user),
        "can_review": note.reviewable_by(user),
        "can_withdraw": note.withdrawable_by(user),
        "can_take_over": note.takeable_by(user),
        "can_unschedule": note.unschedulable_by(user),
        "last_step": note.transitions.select_related("actor").first(),
        "submit_form": SubmitForm(note=note) if note.submittable_by(user) else None,
        "thread": note.conversation(),
        "comment_form": CommentForm() if note.can_comment(user) else None,
    }
    return render(request, "notes/staff_detail.html", context)


@require_POST
@login_required
def note_resolve_attention(request, pk):
    """The points an archive import left are finished: clear them (those who may edit)."""
    note = get_note_for_user(request.user, pk, may="edit")
    if not note.attention:
        messages.info(request, _("This note has no point left to finish."))
    elif not note.accepts_edits:
        messages.error(request, _("This note is in review: it changes only through the review."))
    else:
        note.resolve_attention(by=request.user)
        messages.success(request, _("The points to finish are marked as resolved."))
    return redirect("notes-staff-detail", note.pk)


@login_required
def note_start(request, event_pk):
    if not request.user.has_perm("notes.add_note"):
        raise PermissionDenied
    event = get_object_or_404(Event.objects.select_related("country"), pk=event_pk)
    # "Start the French version" (the note page) asks for its language: ?language=fr.
    language = request.GET.get("language", "en")
    language = language if language in dict(settings.LANGUAGES) else "en"
    initial = {
        "language": language,
        "title": event.title,
        "additional_comments": Disclaimer.objects.in_force().in_language(language)[1],
    }
    form = NewNoteForm(
        request.POST or None, initial=initial, event=event, instance=Note(language=language)
    )
    if form.is_valid() and "preview" not in request.POST:
        note = form.save(commit=False)
        note.assign_slug()
        note.save_draft(by=request.user, message=form.cleaned_data["message"])
        messages.success(request, _("The draft is saved."))
        return after_save(request, note)
    return render_editor(request, form.instance, form)


@login_required
def note_edit(request, pk):
    note = get_note_for_user(request.user, pk, may="edit")
    if not note.accepts_edits:
        messages.error(request, _("This note is in review: it changes only through the review."))
        return redirect("notes-staff-detail", note.pk)
    form = NoteForm(request.POST or None, instance=note)
    if not form.is_valid() or "preview" in request.POST:
        return render_editor(request, note, form)
    try:
        note.save_draft(
            by=request.user,
            message=form.cleaned_data["message"],
            expected_version=form.cleaned_data["expected_version"],
            base_revision=form.cleaned_data["base_revision"],
        )
    except EditConflict as conflict:
        return render_conflict(request, note, conflict)
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
        return redirect("notes-staff-detail", note.pk)
    messages.success(request, saved_message(note))
    return after_save(request, note)


def saved_message(note):
    saved = _("The draft is saved as revision %(number)s.") % {
        "number": note.latest_revision.number
    }
    if note.last_merge and note.last_merge.theirs_taken:
        taken = ", ".join(str(field_label(field)) for field in note.last_merge.theirs_taken)
        saved += " " + _(
            "Someone else saved meanwhile: their changes to %(fields)s are kept with yours."
        ) % {"fields": taken}
    return saved


def after_save(request, note):
    """The editor's second button saves, then submits. The autosave and the browser's copy of
    the text are saved now (notes.editor_views)."""
    editor_views.saved(request, note)
    if "submit" in request.POST:
        refusal = note.attempt("submit", by=request.user)
        if refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, submitted_message(note))
        return redirect("notes-staff-detail", note.pk)
    return redirect("notes-edit", note.pk)


def render_editor(request, note, form, *, conflict=None, status=200):
    form, editing = editor_views.editor_state(request, note, form)
    context = {
        "note": note,
        "form": form,
        "editing": editing,
        "preview": types.SimpleNamespace(
            header=note.current_header(),
            **{f: form[f].value() or "" for f in CONTENT_FIELDS},
        ),
        "disclaimer": Disclaimer.objects.in_force(),
        "last_step": note.transitions.select_related("actor").first() if note.pk else None,
        "change_request": change_request_thread(note),
        "conflict": conflict,
    }
    return render(request, "notes/staff_edit.html", context, status=status)


def change_request_thread(note):
    """What the editor shows on top until the authors resubmit: the reviewer's request for
    changes and the conversation since."""
    request = note.pending_change_request() if note.pk else None
    if request is None:
        return None
    since = note.conversation().filter(created_at__gte=request.created_at)
    return {"step": request, "thread": since}


def render_conflict(request, note, conflict):
    """Refuse a save that changed a section someone else changed too: keep this person's text,
    bring in what the other person changed elsewhere, and show only the sections in conflict."""
    current = conflict.current
    merge = merge_fields(CONTENT_FIELDS, base=conflict.base, mine=note, theirs=current)
    data = request.POST.copy()
    for field, value in merge.values.items():
        data[field] = value  # QueryDict.update would append
    data["expected_version"] = current.version
    data["base_revision"] = current.latest_revision.number
    context = {
        "author": current.revisions.exclude(author=None).select_related("author").first().author,
        "sections": [
            {
                "label": field_label(field),
                "theirs": getattr(current, field),
                "their_changes": diff_words(getattr(conflict.base, field), getattr(current, field))
                if conflict.base
                else None,
            }
            for field in conflict.fields
        ],
    }
    messages.error(request, _("Not saved: someone else changed the same part of this note."))
    return render_editor(request, note, NoteForm(data, instance=note), conflict=context, status=409)


def field_label(field):
    return Note._meta.get_field(field).verbose_name


# -- workflow ------------------------------------------------------------------------------


@require_POST
@login_required
def note_submit(request, pk):
    note = get_note_for_user(request.user, pk, may="edit")
    form = SubmitForm(request.POST, note=note)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("notes-staff-detail", note.pk)
    refusal = note.attempt("submit", by=request.user, **form.cleaned_data)
    if refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, submitted_message(note))
    return redirect("notes-staff-detail", note.pk)


def submitted_message(note):
    if note.reviewer is None:
        return _("Submitted for review: the reviewers have been told.")
    return _("Submitted for review: %(name)s is asked to review it.") % {
        "name": display_name(note.reviewer)
    }


@require_POST
@login_required
def note_take_over(request, pk):
    """Any reviewer who did not write the note takes its review over (recorded)."""
    note = get_note_for_user(request.user, pk, may="review")
    try:
        note.take_over(by=request.user)
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
        return redirect("notes-staff-detail", note.pk)
    messages.success(request, _("The review is yours now."))
    return redirect("notes-review", note.pk)


@login_required
def note_review(request, pk):
    note = get_note_for_user(request.user, pk, may="review")
    if not note.is_reviewable:
        messages.info(request, _("This note is not awaiting review."))
        return redirect("notes-staff-detail", note.pk)
    base = note.review_base(request.user)
    context = {
        "note": note,
        "disclaimer": Disclaimer.objects.in_force(),
        "base": base,
        "changes": diff_sections(base, note.latest_revision) if base else None,
        "form": ReviewForm(initial={"revision": note.latest_revision.number}),
        "schedule_form": ScheduleForm(
            initial={"publish_at": next_morning()}, auto_id="schedule_%s"
        ),
        "can_take_over": note.takeable_by(request.user),
        "thread": note.conversation(),
        "comment_form": CommentForm(),
    }
    return render(request, "notes/staff_review.html", context)


def next_morning():
    """What the schedule form proposes: nine o'clock tomorrow, in the site's time zone."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9, 0)))


@require_POST
@login_required
def note_comment(request, pk):
    """A comment or a reply in the review's conversation, from the note page or the review."""
    note = get_note_for_user(request.user, pk, may="comment")
    back = "notes-review" if request.POST.get("from") == "review" else "notes-staff-detail"
    form = CommentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back, note.pk)
    try:
        comment = note.add_comment(by=request.user, text=form.cleaned_data["text"])
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
        return redirect(back, note.pk)
    messages.success(request, _("Your comment is added to the conversation."))
    return redirect(reverse(back, args=[note.pk]) + f"#comment-{comment.pk}")


@require_POST
@login_required
def note_request_changes(request, pk):
    note = get_note_for_user(request.user, pk, may="review")
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    done = _("Changes requested: the authors have been told.")
    return run_transition(
        request, note, "request_changes", done, back="notes-review", comment=comment
    )


@require_POST
@login_required
def note_publish(request, pk):
    """Publishing asks first: the page says which revision goes public, and where."""
    note = get_note_for_user(request.user, pk, may="review")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The review form was incomplete: open the review again."))
        return redirect("notes-review", note.pk)
    if "confirm" not in request.POST:
        context = {"note": note, "form": form, "disclaimer": Disclaimer.objects.in_force()}
        return render(request, "notes/staff_publish.html", context)
    done = _("Published: the public now sees this version.")
    return run_transition(
        request,
        note,
        "publish",
        done,
        back="notes-review",
        comment=form.cleaned_data["comment"],
        revision=form.cleaned_data["revision"],
    )


@require_POST
@login_required
def note_schedule(request, pk):
    """Approve now, publish later: like publishing, it asks first."""
    note = get_note_for_user(request.user, pk, may="review")
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("notes-review", note.pk)
    if "confirm" not in request.POST:
        context = {"note": note, "form": form, "disclaimer": Disclaimer.objects.in_force()}
        return render(request, "notes/staff_schedule.html", context)
    try:
        note.schedule_publication(
            by=request.user,
            at=form.cleaned_data["publish_at"],
            revision=form.cleaned_data["revision"],
            comment=form.cleaned_data["comment"],
        )
    except (WorkflowError, PermissionDenied) as refusal:
        messages.error(request, str(refusal))
        return redirect("notes-review", note.pk)
    # The page's own style ("30 Nov 2026 08:11"); the default ends in "a.m." before our ".".
    when = date_format(timezone.localtime(note.scheduled_at), "j M Y H:i")
    messages.success(
        request, _("Approved: the note will be published on %(when)s.") % {"when": when}
    )
    return redirect("notes-staff-detail", note.pk)


@require_POST
@login_required
def note_unschedule(request, pk):
    note = get_note_for_user(request.user, pk, may="review")
    try:
        note.unschedule(by=request.user)
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Unscheduled: the note is back in review, not approved."))
    return redirect("notes-staff-detail", note.pk)


@login_required
def note_withdraw(request, pk):
    note = get_note_for_user(request.user, pk, may="withdraw")
    if not note.is_live:
        messages.error(request, _("This note is not published: there is nothing to withdraw."))
        return redirect("notes-staff-detail", note.pk)
    form = WithdrawForm(request.POST or None)
    if form.is_valid():
        done = _("Withdrawn: the note has left the public pages.")
        return run_transition(request, note, "withdraw", done, reason=form.cleaned_data["reason"])
    return render(request, "notes/staff_withdraw.html", {"note": note, "form": form})


# -- history -------------------------------------------------------------------------------


@login_required
def note_history(request, pk):
    note = get_note_for_user(request.user, pk)
    revisions = list(note.revisions.select_related("author", "disclaimer"))
    context = {
        "note": note,
        "revisions": revisions,
        "transitions": note.transitions.select_related("actor", "revision"),
        "review_events": note.review_events.select_related(
            "actor", "reviewer", "previous_reviewer"
        ),
        "thread": note.conversation(),
        "can_restore": note.editable_by(request.user),
    }
    return render(request, "notes/staff_history.html", context)


@login_required
def note_compare(request, pk):
    note = get_note_for_user(request.user, pk)
    old = revision_or_404(note, request.GET.get("a"))
    new = revision_or_404(note, request.GET.get("b"))
    context = {
        "note": note,
        "old": old,
        "new": new,
        "sections": diff_sections(old, new),
        "numbers": note.revisions.values_list("number", flat=True),
    }
    return render(request, "notes/staff_compare.html", context)


def revision_or_404(note, number):
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404(_("Choose two revisions to compare.")) from None
    return get_object_or_404(note.revisions.select_related("author"), number=number)


@require_POST
@login_required
def note_restore(request, pk, number):
    note = get_note_for_user(request.user, pk, may="edit")
    revision = get_object_or_404(note.revisions, number=number)
    try:
        restored = note.restore(revision, by=request.user)
    except (WorkflowError, EditConflict) as refusal:
        messages.error(request, str(refusal))
        return redirect("notes-history", note.pk)
    messages.success(
        request,
        _("Revision %(old)s is the working copy again, kept as revision %(new)s.")
        % {"old": revision.number, "new": restored.number},
    )
    return redirect("notes-history", note.pk)
