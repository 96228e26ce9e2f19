"""Staff pages for events: the list, an event's page, its forms and the type-ahead endpoint.

An edit is saved only if nobody saved the event since the form was opened (Event.save_checked);
a refused edit comes back with the typed text intact beside what the other person changed.
The edit form of an event with notes also offers to submit them for review once it is saved.
The form's buttons other than Save (add an organization that is not in the list, list the States
of a regional group) do their step and show the form again as typed, saving nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contacts.forms import (
    LOOKUP_MIN_LENGTH,
    contact_label,
    split_names,
    suggest_contacts,
    suggest_countries,
    suggest_organizations,
)
from contacts.models import RegionalGroup
from events.filters import StaffEventFilter
from events.forms import (
    EventForm,
    NoteSubmissionForm,
    attendee_formset,
    redisplayed,
    shown_values,
    sign_values,
    states_of_groups,
    their_changes,
    with_name,
)
from events.models import Event
from events.organization_views import organization_form, organization_step
from outreach.changes import records_changed
from outreach.editing import EditConflict
from outreach.paging import page_of
from outreach.text import find_control_character

EVENTS_PER_PAGE = 50
# kind: (permission needed, suggestions for a text, label of a suggestion)
LOOKUPS = {
    "countries": ("contacts.view_country", suggest_countries, str),
    "organizations": ("contacts.view_organization", suggest_organizations, str),
    "contacts": ("contacts.view_contact", suggest_contacts, contact_label),
}


def require_perm(user, action):
    if not user.has_perm(f"events.{action}_event"):
        raise PermissionDenied


def get_event_for_user(user, pk, action="view"):
    """The event with everything its page and form show; `action` is the permission needed."""
    require_perm(user, action)
    return get_object_or_404(Event.objects.with_participants(), pk=pk)


# Each event's number of notes, counted for the rows of the page only: counted in a join with
# GROUP BY, every event's notes would be read for each page and for the page count.
NOTE_COUNT = Subquery(
    Event.objects.filter(pk=OuterRef("pk"))
    .order_by()
    .annotate(count=Count("notes"))
    .values("count")
)


@login_required
def event_list(request):
    require_perm(request.user, "view")
    events = Event.objects.select_related("country").order_by("-start_date", "title")
    filters = StaffEventFilter(request.GET, queryset=events)
    rows = filters.qs.annotate(note_count=NOTE_COUNT)
    page = page_of(rows, request.GET.get("page"), EVENTS_PER_PAGE)
    return render(request, "events/staff_list.html", {"filters": filters, "page": page})


@login_required
def event_detail(request, pk):
    require_perm(request.user, "view")
    # The notes' own prefetch gives each note its event back, for titles that fall back to it.
    events = Event.objects.with_participants().prefetch_related("notes")
    return render(request, "events/staff_detail.html", {"event": get_object_or_404(events, pk=pk)})


@login_required
def event_create(request):
    require_perm(request.user, "add")
    if is_step(request):
        return render_step(request)
    form = EventForm(request.POST or None)
    attendees = attendee_formset(data=request.POST or None)
    if request.method == "POST" and form.is_valid() and attendees.is_valid():
        event = form.save_with(attendees)
        records_changed(Event, [event.pk])  # a public event shows at once
        messages.success(request, _("The event is recorded."))
        return redirect("events-staff-detail", event.pk)
    return render_form(request, form, attendees)


@login_required
def event_edit(request, pk):
    event = get_event_for_user(request.user, pk, "change")
    # Before the event form is cleaned: that writes the typed values on the event.
    submissions = note_submission_form(request, event)
    if is_step(request):
        return render_step(request, event, submissions)
    form = EventForm(request.POST or None, instance=event)
    attendees = attendee_formset(event, request.POST or None)
    if request.method == "GET":
        form.initial["base"] = sign_values(shown_values(form, attendees))
    elif form.is_valid() and attendees.is_valid():
        try:
            form.save_with(attendees)
        except EditConflict as conflict:
            return render_conflict(request, form, attendees, conflict.current, submissions)
        records_changed(Event, [event.pk])
        messages.success(request, _("The event is saved."))
        submit_notes(request, event, submissions.chosen())
        return redirect("events-staff-detail", event.pk)
    return render_form(request, form, attendees, event=event, submissions=submissions)


def note_submission_form(request, event):
    """The event's notes (for the review notice), with a box for each one the user may submit."""
    notes = event.notes.order_by("language")
    return NoteSubmissionForm(request.POST or None, notes=notes, user=request.user)


def submit_notes(request, event, pks):
    """Submit the ticked notes, each as it reads after the event's save (which may have given
    it a revision with the new header); say how each went. A refusal leaves the event saved."""
    if not pks:
        return
    for note in event.notes.filter(pk__in=pks).order_by("language"):
        refusal = note.attempt("submit", by=request.user)
        title = {"title": note.display_title}
        if refusal is None:
            messages.success(request, _("The note “%(title)s” is submitted for review.") % title)
        elif note.is_reviewable:
            message = _("The note “%(title)s” is already in review: it is not submitted again.")
            messages.warning(request, message % title)
        elif note.is_live and not note.has_unpublished_changes:
            message = _(
                "The note “%(title)s” has nothing new to review: the change did not touch its "
                "header, so it stays as published."
            )
            messages.info(request, message % title)
        else:
            message = _("The note “%(title)s” is not submitted for review. %(reason)s")
            messages.warning(request, message % (title | {"reason": refusal}))


def render_form(
    request,
    form,
    attendees,
    *,
    event=None,
    submissions=None,
    conflict=None,
    new_organization=None,
    status=200,
):
    if request.method == "POST" and form.is_bound and not conflict:
        messages.error(request, _("Not saved: correct the fields marked below."))
    context = {
        "form": form,
        "attendees": attendees,
        "event": event,
        "submissions": submissions,
        "conflict": conflict,
        "new_organization": (
            organization_form(request.user) if new_organization is None else new_organization
        ),
    }
    return render(request, "events/staff_form.html", context, status=status)


# The form's buttons other than Save: each does one step and shows the form again, unsaved.
STEPS = ("add_organization", "use_organization", "list_group_states")


def is_step(request):
    return request.method == "POST" and any(step in request.POST for step in STEPS)


def render_step(request, event=None, submissions=None):
    """Do what a button other than Save asks, then show the form again as typed, with the
    step's result in it and nothing saved."""
    data = request.POST.copy()
    new_organization = None
    if "list_group_states" in data:
        group_states_step(request, data)
    else:
        new_organization = organization_step(request, data)
    form, attendees = redisplayed(data, event)
    return render_form(
        request,
        form,
        attendees,
        event=event,
        submissions=submissions,
        new_organization=new_organization,
    )


def render_conflict(request, form, attendees, current, submissions):
    """Refuse a stale save: show what the other person changed beside what was typed here,
    and keep the typed text (and the boxes ticked) in a form that now starts from their
    version."""
    changes, theirs = their_changes(form, attendees, current)
    data = request.POST.copy()
    data["version"], data["base"] = current.version, sign_values(theirs)
    messages.error(
        request, _("Not saved: someone else saved this event while you were editing it.")
    )
    form, attendees = EventForm(data, instance=current), attendee_formset(current, data)
    conflict = {"changes": changes}
    return render_form(
        request,
        form,
        attendees,
        event=current,
        submissions=submissions,
        conflict=conflict,
        status=409,
    )


def group_states_step(request, data):
    """Put the States of the regional groups ticked in `data` (the event form's) among its
    participating States, for the expert to remove those that did not take part."""
    labels = dict(RegionalGroup.choices)
    groups = [group for group in data.getlist("regional_groups") if group in labels]
    if not groups:
        message = _("All the States of a regional group: tick one to list its States.")
        messages.error(request, message)
        return
    text, before = data.get("states", ""), len(split_names(data.get("states", "")))
    for country in states_of_groups(groups):
        text = with_name(text, country.name)
    data["states"] = text
    data.setlist("regional_groups", [])
    added = len(split_names(text)) - before
    message = ngettext(
        "%(count)s State of %(groups)s is now among the participating States: remove those "
        "that did not take part, then save.",
        "%(count)s States of %(groups)s are now among the participating States: remove those "
        "that did not take part, then save.",
        added,
    )
    named = ", ".join(f"“{labels[group]}”" for group in groups)
    messages.success(request, message % {"count": added, "groups": named})


@login_required
def event_lookup(request, kind):
    """Suggestions for a type-ahead field: {"results": [{"id": ..., "label": ...}]}."""
    if kind not in LOOKUPS:
        raise Http404
    permission, suggest, label = LOOKUPS[kind]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    text = request.GET.get("q", "").strip()
    # No name holds a control character (PostgreSQL would refuse a NUL in the query).
    searchable = len(text) >= LOOKUP_MIN_LENGTH and not find_control_character(text)
    rows = suggest(text) if searchable else []
    return JsonResponse({"results": [{"id": row.pk, "label": label(row)} for row in rows]})
