from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from notes.models import Note


@login_required
def dashboard(request):
    drafts = (
        Note.objects.authored_by(request.user)
        .filter(status__in=[Note.Status.DRAFT, Note.Status.CHANGES_REQUESTED])
        .select_related("event")
    )
    return render(request, "staff/dashboard.html", {"drafts": drafts})
