"""Render the documents of published notes that are missing or were made by other templates.

A deployment that changes the document's templates, the Markdown renderer or the translations
runs this once, so that no reader waits for a document to be rendered (notes/document.py)."""

from django.core.management.base import BaseCommand

from notes import document
from notes.models import Note

BATCH = 500


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        stale = Note.objects.published().exclude(
            live_revision__document_fingerprint=document.fingerprint()
        )
        total = stale.count()
        done, last = 0, 0
        while True:
            batch = list(
                stale.filter(pk__gt=last)
                .select_related("live_revision__disclaimer")
                .order_by("pk")[:BATCH]
            )
            if not batch:
                break
            for note in batch:
                document.store(note, note.live_revision)
            done, last = done + len(batch), batch[-1].pk
            self.stdout.write(f"  {done:,} / {total:,} documents rendered")
        self.stdout.write(self.style.SUCCESS(f"{done:,} documents rendered."))
