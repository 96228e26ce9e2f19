"""Each person's inbox in the staff pages: what happened to their notes and the reviews asked
of them, newest first, each with a link; opening one marks it read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notes.models import InboxItem, forget_unread
from notes.staff_views import LONG_FIELDS, require_staff
from outreach.paging import page_of

ITEMS_PER_PAGE = 50


def inbox_of(user):
    """A person's items as the inbox lists them: everything a row shows, in one query."""
    return (
        InboxItem.objects.for_user(user)
        .select_related("note__event", "actor", "transition", "comment", "event")
        .defer(*(f"note__{field}" for field in LONG_FIELDS))
        .order_by("-created_at", "-pk")
    )


def target(item):
    """Where an item leads: a review asked for to the review page, a comment to itself in the
    conversation, everything else to the note."""
    note = item.note_id
    if item.comment_id:
        return reverse("notes-staff-detail", args=[note]) + f"#comment-{item.comment_id}"
    if item.transition_id and item.transition.to_status == "in_review":
        return reverse("notes-review", args=[note])
    return reverse("notes-staff-detail", args=[note])


@login_required
def inbox(request):
    require_staff(request.user)
    page = page_of(inbox_of(request.user), request.GET.get("page"), ITEMS_PER_PAGE)
    return render(request, "notes/staff_inbox.html", {"page": page})


@require_POST
@login_required
def inbox_open(request, item_pk):
    """Mark the item read and go where it leads; someone else's item is not found."""
    require_staff(request.user)
    item = get_object_or_404(
        InboxItem.objects.select_related("transition"), pk=item_pk, user=request.user
    )
    item.mark_read()
    return redirect(target(item))


@require_POST
@login_required
def inbox_read_all(request):
    require_staff(request.user)
    InboxItem.objects.for_user(request.user).unread().update(read_at=timezone.now())
    forget_unread([request.user.pk])  # counted again, as none, on the next page
    messages.success(request, _("Everything in your inbox is marked as read."))
    return redirect("notes-inbox")
