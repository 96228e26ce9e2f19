from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.backup import BackupError, import_archive, schema_differences


class Command(BaseCommand):
    help = gettext_lazy(
        "Restore a backup written by export_data into an empty database (migrated, holding "
        "nothing else). Refuses a database that holds data, and an archive of another format."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("The archive written by export_data."))
        parser.add_argument(
            "--database", default="default", help=gettext_lazy("The database to restore into.")
        )

    def handle(self, *args, file, database, **options):
        try:
            manifest = import_archive(file, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        message = _(
            "Restored %(rows)s rows of %(models)s models and %(files)s files from %(file)s, "
            "made %(created)s on %(vendor)s by Outreach %(version)s."
        ) % {
            "rows": sum(entry["count"] for entry in manifest["models"]),
            "models": len(manifest["models"]),
            "files": len(manifest["media"]),
            "file": file,
            "created": manifest["created_at"],
            "vendor": manifest["database_vendor"],
            "version": manifest["app_version"],
        }
        self.stdout.write(self.style.SUCCESS(message))
        differences = schema_differences(manifest, using=database)
        if differences:
            warning = _(
                "The backup was made at other migrations of %(apps)s: check the data, or "
                "restore with the version that made it and then migrate."
            ) % {"apps": ", ".join(differences)}
            self.stdout.write(self.style.WARNING(warning))
