from django.shortcuts import get_object_or_404, render

from events.models import Event
from notes.models import Note


def home(request):
    notes = (
        Note.objects.published()
        .select_related("event__country", "live_revision")
        .order_by("-last_published_at")[:10]
    )
    upcoming = Event.objects.upcoming().filter(is_public=True).select_related("country")[:10]
    return render(request, "notes/home.html", {"notes": notes, "upcoming": upcoming})


def note_detail(request, year, slug):
    note = get_object_or_404(
        Note.objects.published().select_related("event__country", "live_revision__disclaimer"),
        slug=slug,
        event__start_date__year=year,
    )
    return render(request, "notes/detail.html", {"note": note, "revision": note.live_revision})
