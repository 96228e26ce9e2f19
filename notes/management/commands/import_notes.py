"""`manage.py import_notes --user NAME [--publish-as NAME] [--dry-run] PATH...`: import archived
Information Notes from files, folders or ZIP files.

The notes read completely go to review, with --user (a reviewer) as the writer of their text,
as an upload in the admin does; the notes that need attention become drafts for staff to
finish. Only the initial load of the historic archive publishes the complete notes at once,
with --publish-as: another reviewer, since no one publishes what they imported (four-eyes).

The command prints one row per file, as the admin's preview does: what was read, what needs
attention and what was (or, with --dry-run, would be) created or updated, or why not. Files
left unchanged are listed in a dry run, or with --verbosity 2. A ZIP over a limit stops the
command before anything is imported. Progress goes to stderr: a bar on a terminal, else a line
every --progress-every files."""

from collections import Counter
from contextlib import ExitStack

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from notes.archive import bundles
from notes.archive.extract import SUFFIXES
from notes.archive.importer import (
    CREATED,
    FAILED,
    TO_FINISH,
    UNCHANGED,
    UPDATED,
    import_files,
)
from notes.archive.limits import current

STYLES = {CREATED: "SUCCESS", UPDATED: "WARNING", UNCHANGED: None, FAILED: "ERROR"}
# The columns of the table, with their widths; the last one takes what it needs.
COLUMNS = [
    ("result", 36),
    ("event", 32),
    ("dates", 26),
    ("venue", 22),
    ("organizers", 22),
    ("participants", 24),
]
WIDEST_FILE = 48


class Command(BaseCommand):
    help = (
        f"Import Information Notes from files ({', '.join(SUFFIXES)}), folders (recursively) or "
        "ZIP files. Each note read completely goes to review, its text written by --user; a "
        "note that needs attention becomes a draft for staff to finish. With --publish-as (the "
        "initial load of the archive only) another reviewer publishes the complete notes at "
        "once. Files already imported are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or ZIP files to import.")
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
        parser.add_argument(
            "--progress-every",
            type=int,
            default=100,
            metavar="N",
            help="When stderr is not a terminal, say how far the import is every N files.",
        )

    def handle(self, *args, paths, user, publish_as, dry_run, progress_every, **options):
        self.verbosity, self.dry_run = options["verbosity"], dry_run
        self.progress_every = max(progress_every, 1)
        importer = self.user(user)
        publisher = self.user(publish_as) if publish_as else None
        with ExitStack() as stack:
            try:
                files = bundles.open_all(bundles.find_sources(paths), current(), stack)
                self.file_width = min(max((len(name) for name, _ in files), default=4), WIDEST_FILE)
                outcomes = import_files(files, by=importer, publisher=publisher, dry_run=dry_run)
                counts = self.report(outcomes, len(files))
            except (FileNotFoundError, PermissionDenied, bundles.ZipRefused) as error:
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
        self.table_head()
        for done, outcome in enumerate(outcomes, start=1):
            counts[outcome.status] += 1
            counts[outcome.workflow] += 1
            if outcome.status != UNCHANGED or self.dry_run or self.verbosity > 1:
                self.progress_clear()
                style = STYLES[outcome.status]
                self.stdout.write(self.row(outcome), getattr(self.style, style) if style else None)
            self.progress(done, total)
        self.progress_clear()
        return counts

    # -- the table: one row per file ---------------------------------------------------------

    def table_head(self):
        titles = {
            "result": _("RESULT"),
            "event": _("EVENT"),
            "dates": _("DATES"),
            "venue": _("VENUE"),
            "organizers": _("ORGANIZERS"),
            "participants": _("PARTICIPANTS"),
        }
        cells = [cell(_("FILE"), self.file_width)]
        cells += [cell(titles[key], width) for key, width in COLUMNS]
        self.stdout.write("  ".join([*cells, _("NEEDS ATTENTION / DETAILS")]).rstrip())

    def row(self, outcome):
        result = str(outcome.label)
        if outcome.workflow_label:
            result += f" ({outcome.workflow_label})"
        values = {**outcome.read, "result": result}
        cells = [cell(outcome.name, self.file_width, cut_front=True)]
        cells += [cell(str(values.get(key, "")), width) for key, width in COLUMNS]
        notes = [str(line) for line in outcome.attention_lines]
        if outcome.status in (UNCHANGED, FAILED):  # the others' detail is the event: shown
            notes.append(str(outcome.detail))
        notes = "; ".join(notes)
        if outcome.encoding not in (None, "utf-8"):
            notes += " " + _("(read as %(encoding)s)") % {"encoding": outcome.encoding_label}
        return "  ".join([*cells, notes.strip() or "—"]).rstrip()

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
        if counts[TO_FINISH]:
            line += " " + _(
                "%(count)d need attention: drafts for staff to finish, not submitted."
            ) % {"count": counts[TO_FINISH]}
        if dry_run:
            line = _("Dry run, nothing written: %(summary)s") % {"summary": line}
        self.stdout.write(line, self.style.ERROR if counts[FAILED] else self.style.SUCCESS)

    # -- progress: a bar on a terminal; logs and pipes get a line every N files ------------------

    def progress(self, done, total):
        if self.stderr.isatty():
            filled = 30 * done // total
            bar = f"[{'#' * filled}{'.' * (30 - filled)}]"
            self.stderr.write(f"\r{bar} {self.files_done(done, total)}", ending="")
            self.stderr.flush()
        elif done % self.progress_every == 0 and done < total:
            self.stderr.write(self.files_done(done, total))

    def files_done(self, done, total):
        return _("%(done)d/%(total)d files") % {"done": done, "total": total}

    def progress_clear(self):
        if self.stderr.isatty():
            self.stderr.write("\r\033[K", ending="")


def cell(text, width, *, cut_front=False):
    """`text` on one line, padded or cut to `width` characters (a cut marked with "…")."""
    text = " ".join(text.split())
    if len(text) > width:
        text = "…" + text[-(width - 1) :] if cut_front else text[: width - 1] + "…"
    return text.ljust(width)
