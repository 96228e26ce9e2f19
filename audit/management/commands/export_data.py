from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.backup import BackupError, export_archive


class Command(BaseCommand):
    help = gettext_lazy(
        "Write a complete backup of the database (and uploaded files, if any) to FILE, a zip "
        "archive that import_data restores into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help=gettext_lazy("The archive to write, e.g. outreach-2026-01-31.zip.")
        )
        parser.add_argument(
            "--database", default="default", help=gettext_lazy("The database to back up.")
        )

    def handle(self, *args, file, database, **options):
        try:
            manifest = export_archive(file, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        message = _(
            "Backup written to %(file)s: %(rows)s rows of %(models)s models, %(files)s files "
            "(format version %(version)s)."
        ) % {
            "file": file,
            "rows": sum(entry["count"] for entry in manifest["models"]),
            "models": len(manifest["models"]),
            "files": len(manifest["media"]),
            "version": manifest["format_version"],
        }
        self.stdout.write(self.style.SUCCESS(message))
