"""Send today's digest of reviews due or overdue to the reviewers, now.

The worker sends it on its own each morning a review is due; this command is for a setup
without a worker that can wait (the immediate tasks backend of development)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from notes.tasks import send_review_digest


class Command(BaseCommand):
    help = "Send today's digest of reviews due or overdue to the reviewers (once a day)."

    def handle(self, *args, **options):
        sent = send_review_digest.call(timezone.localdate().isoformat())
        self.stdout.write(f"{sent} e-mail(s) sent.")
