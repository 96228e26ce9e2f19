"""`manage.py seed_scale --notes N [--seed S] [--append]`: a large, realistic dataset."""

from django.core.management.base import BaseCommand, CommandError

from bench.dataset import Seeder
from events.models import Event
from notes.models import Note


class Command(BaseCommand):
    help = (
        "Write N published notes, a tenth more in draft and a tenth in review, with their "
        "events, organizations, contacts, revisions and transitions (see bench/dataset.py). "
        "Refuses a database that has notes already, unless --append."
    )

    def add_arguments(self, parser):
        parser.add_argument("--notes", type=int, default=1000, help="published notes (1000)")
        parser.add_argument(
            "--seed", type=int, default=1, help="the same seed gives the same texts (1)"
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to a database that has notes already (addresses get a distinct suffix)",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="notes per write")

    def handle(self, *args, notes, seed, append, batch_size, **options):
        if notes < 1 or batch_size < 1:
            raise CommandError("--notes and --batch-size must be at least 1.")
        existing = Note.objects.count()
        if existing and not append:
            raise CommandError(
                f"The database has {existing:,} notes already: seed_scale fills an empty "
                "database. Use another database, or --append to add to these."
            )
        tag = self.free_tag() if existing or Event.objects.exists() else ""
        quiet = options["verbosity"] < 1

        def progress(message):
            if not quiet:
                self.stdout.write(f"  {message}")
                self.stdout.flush()

        seeder = Seeder(notes=notes, seed=seed, tag=tag, batch_size=batch_size, progress=progress)
        counts = seeder.run()
        summary = ", ".join(
            f"{value:,} {name}" for name, value in counts.items() if name != "seconds"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {notes:,} published notes ({seeder.drafts:,} in draft, "
                f"{seeder.in_review:,} in review) in {counts['seconds']} s: {summary}."
            )
        )

    def free_tag(self):
        """A suffix for the addresses of an added dataset that no event's address has."""
        for n in range(1, 1000):
            tag = f"a{n}-"
            if not Event.objects.filter(slug__contains=f"-{tag}").exists():
                return tag
        raise CommandError("No free suffix for the addresses of an added dataset.")
