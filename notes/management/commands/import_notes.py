"""`manage.py import_notes --user NAME [--publish-as NAME] PATH...`: import archived Information
Notes.

The notes go to review, with --user (a reviewer) as the writer of their text, as an upload in
the admin does. Only the initial load of the historic archive publishes them at once, with
--publish-as: another reviewer, since no one publishes what they imported (four-eyes)."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from notes.archive.extract import SUFFIXES, find_files
from notes.archive.importer import CREATED, FAILED, UNCHANGED, UPDATED, import_files

STYLES = {CREATED: "SUCCESS", UPDATED: "WARNING", UNCHANGED: None, FAILED: "ERROR"}


class Command(BaseCommand):
    help = (
        f"Import Information Notes from files ({', '.join(SUFFIXES)}) or folders (recursively). "
        "Each note goes to review, its text written by --user; with --publish-as (the initial "
        "load of the archive only) another reviewer publishes it at once. Files already "
        "imported are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--user",
            required=True,
            help="The reviewer who imports the notes: recorded as the writer of their text.",
        )
        parser.add_argument(
            "--publish-as",
            metavar="REVIEWER",
            help=(
                "Publish the imported notes at once, as this reviewer (not --user). For the "
                "initial load of the historic archive only: otherwise they go to review."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, paths, user, publish_as, dry_run, **options):
        self.verbosity = options["verbosity"]
        importer = self.user(user)
        publisher = self.user(publish_as) if publish_as else None
        try:
            files = find_files(paths)
            outcomes = import_files(
                ((str(path), path) for path in files),
                by=importer,
                publisher=publisher,
                dry_run=dry_run,
            )
            counts = self.report(outcomes, len(files))
        except (FileNotFoundError, PermissionDenied) as error:
            raise CommandError(error) from error
        self.summary(counts, len(files), dry_run)
        if counts[FAILED]:
            # Scripts that load the archive must notice; the other files are imported all the same.
            raise CommandError(
                _("%(failed)d of %(files)d files could not be imported.")
                % {"failed": counts[FAILED], "files": len(files)}
            )

    def user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("No user called %(name)r.") % {"name": username}) from None

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
        line = _(
            "%(files)d files read, %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged, %(failed)d failed."
        ) % {
            "files": total,
            "created": counts[CREATED],
            "updated": counts[UPDATED],
            "unchanged": counts[UNCHANGED],
            "failed": counts[FAILED],
        }
        if dry_run:
            line = _("Dry run, nothing written: %(summary)s") % {"summary": line}
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
