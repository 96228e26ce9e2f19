"""Staff reports: the figures of "at a glance" with staff-only events too, what each expert did,
and the notes waiting longest for review; as a page, CSV tables and one XLSX workbook."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from events.figures import Figures, Period
from events.models import Event
from notes.glance_views import csv_response, glance_context, query_string, tables
from notes.models import Note, Transition
from notes.staff_views import require_staff

WAITING_SHOWN = 20
# The moves a reviewer makes on a note in review: publishing it (or scheduling it) and asking
# for changes. Each counts as one review.
REVIEW_MOVES = (Note.Status.PUBLISHED, Note.Status.CHANGES_REQUESTED)


def staff_figures(request):
    period = Period.from_query(request.GET)
    return Figures.of(Event.objects.all(), period, notes=Note.objects.published())


def per_expert(period):
    """The members of staff with what they did in the period (by the year of the note's event):
    the events of the notes they wrote, the notes they wrote, the reviews they made. One query.

    Attendance records contacts, not users: an expert's events are those they wrote up."""
    in_period = _period_q(period, "authored_notes__event__start_date")
    reviews = Transition.objects.filter(
        actor=OuterRef("pk"),
        from_status=Note.Status.IN_REVIEW,
        to_status__in=REVIEW_MOVES,
        **_period_filter(period, "note__event__start_date"),
    )
    reviewed = reviews.order_by().values("actor").annotate(n=Count("note", distinct=True))
    users = get_user_model().objects.filter(
        is_active=True, groups__name__in=("Experts", "Reviewers")
    )
    return (
        users.annotate(
            events=Count("authored_notes__event", filter=in_period, distinct=True),
            written=Count("authored_notes", filter=in_period, distinct=True),
            reviewed=Subquery(reviewed.values("n")),
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _period_filter(period, field):
    lookups = {}
    if period.first:
        lookups[f"{field}__year__gte"] = period.first
    if period.last:
        lookups[f"{field}__year__lte"] = period.last
    return lookups


def _period_q(period, field):
    return Q(**_period_filter(period, field))


def waiting_longest():
    """Notes in review, the longest waiting first, since they were last submitted. One query."""
    submitted = Transition.objects.filter(note=OuterRef("pk"), to_status=Note.Status.IN_REVIEW)
    return (
        Note.objects.in_review_unscheduled()
        .annotate(submitted_at=Subquery(submitted.order_by("-created_at").values("created_at")[:1]))
        .select_related("event", "reviewer")
        .only("pk", "title", "language", "event__title", "reviewer__username", "review_due")
        .order_by("submitted_at", "pk")[:WAITING_SHOWN]
    )


def report_tables(figures, experts, waiting):
    """{name: (header, rows)}: the figures' tables and the staff's own, as page, CSV and XLSX
    write them."""
    result = tables(figures)
    result["experts"] = (
        [_("Member of staff"), _("Events attended"), _("Notes written"), _("Notes reviewed")],
        [
            [
                user.get_full_name() or user.get_username(),
                user.events,
                user.written,
                user.reviewed or 0,
            ]
            for user in experts
        ],
    )
    result["waiting"] = (
        [_("Note"), _("Event"), _("Submitted"), _("Reviewer asked")],
        [
            [
                note.title or note.event.title,
                note.event.title,
                note.submitted_at.date().isoformat() if note.submitted_at else "",
                note.reviewer.get_username() if note.reviewer else "",
            ]
            for note in waiting
        ],
    )
    return result


@login_required
def reports(request):
    require_staff(request.user)
    figures = staff_figures(request)
    query = query_string(figures.period)
    context = glance_context(
        figures, lambda name: reverse("notes-reports-csv", args=[name]) + query
    )
    experts = list(per_expert(figures.period))
    waiting = list(waiting_longest())
    context["reports"] = report_tables(figures, experts, waiting)
    context["experts"] = context["reports"]["experts"]
    context["waiting"] = context["reports"]["waiting"]
    context["xlsx_url"] = reverse("notes-reports-xlsx") + query
    return render(request, "staff/reports.html", context)


@login_required
def reports_csv(request, table):
    require_staff(request.user)
    figures = staff_figures(request)
    named = report_tables(figures, per_expert(figures.period), waiting_longest())
    return csv_response(named, table, "outreach-staff")


@login_required
def reports_xlsx(request):
    """Every table of the report, one sheet each."""
    require_staff(request.user)
    figures = staff_figures(request)
    named = report_tables(figures, per_expert(figures.period), waiting_longest())
    response = HttpResponse(
        workbook_of(named),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="outreach-report.xlsx"'
    return response


def workbook_of(named):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (header, rows) in named.items():
        sheet = workbook.create_sheet(title=name[:31])
        for row in [header, *rows]:
            sheet.append([cell if isinstance(cell, int) else str(cell) for cell in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a title that starts with "=" is text, not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
