"""Publish the scheduled notes whose time has come.

The worker does this on its own in production (each scheduled publication is a task that
waits for its time); this command is for a setup without a worker that can wait (the
immediate tasks backend of development), and for catching up by hand."""

from django.core.management.base import BaseCommand

from notes.tasks import publish_due_notes


class Command(BaseCommand):
    help = "Publish the scheduled notes whose time has come."

    def handle(self, *args, **options):
        published = publish_due_notes()
        for note in published:
            self.stdout.write(f"Published {note.pk}: {note.display_title}")
        return None
