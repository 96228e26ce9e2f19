"""`manage.py import_notes --user NAME PATH...`: import archived Information Notes."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from notes.archive.extract import SUFFIXES, find_files
from notes.archive.importer import CREATED, FAILED, UNCHANGED, UPDATED, import_files

STYLES = {CREATED: "SUCCESS", UPDATED: "WARNING", UNCHANGED: None, FAILED: "ERROR"}


class Command(BaseCommand):
    help = (
        f"Import Information Notes from files ({', '.join(SUFFIXES)}) or folders (recursively). "
        "Each note is published by --user, dated from its event; files already imported are "
        "left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--user", required=True, help="The reviewer who publishes the imported notes."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, paths, user, dry_run, **options):
        self.verbosity = options["verbosity"]
        try:
            files = find_files(paths)
            outcomes = import_files(
                ((str(path), path) for path in files),
                publisher=self.publisher(user),
                dry_run=dry_run,
            )
            counts = self.report(outcomes, len(files))
        except (FileNotFoundError, PermissionDenied) as error:
            raise CommandError(error) from error
        self.summary(counts, len(files), dry_run)
        if counts[FAILED]:
            # Scripts that load the archive must notice; the other files are imported all the same.
            raise CommandError(f"{counts[FAILED]} of {len(files)} files could not be imported.")

    def publisher(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user called {username!r}.") from None

    def report(self, outcomes, total):
        counts = Counter()
        for done, outcome in enumerate(outcomes, start=1):
            counts[outcome.status] += 1
            if outcome.status != UNCHANGED or self.verbosity > 1:
                self.progress_clear()
                style = STYLES[outcome.status]
                self.stdout.write(str(outcome), getattr(self.style, style) if style else None)
            self.progress(done, total)
        self.progress_clear()
        return counts

    def summary(self, counts, total, dry_run):
        line = (
            f"{'Dry run, nothing written: ' if dry_run else ''}{total} files read, "
            f"{counts[CREATED]} created, {counts[UPDATED]} updated, "
            f"{counts[UNCHANGED]} unchanged, {counts[FAILED]} failed."
        )
        self.stdout.write(line, self.style.ERROR if counts[FAILED] else self.style.SUCCESS)

    # A progress bar on a terminal only: logs and pipes get the plain lines.
    def progress(self, done, total):
        if self.stderr.isatty():
            filled = 30 * done // total
            self.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", ending="")
            self.stderr.flush()

    def progress_clear(self):
        if self.stderr.isatty():
            self.stderr.write("\r\033[K", ending="")
