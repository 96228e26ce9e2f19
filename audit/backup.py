"""Backups as one versioned file: `manage.py export_data FILE` and `manage.py import_data FILE`.

The archive is a zip file:

- `manifest.json`: the format version (FORMAT_VERSION), the application's version, when and
  from which database vendor it was made, the last migration of each app, and for each model
  its data file and its number of rows, in the order they load back;
- `data/<app>.<model>.json`: the rows of each model, from Django's JSON serializer: every model
  of every installed app (the project's, users and groups with their permissions and
  memberships, two-factor devices, the admin's history, the audit trail, the sign-in log) but
  NOT_BACKED_UP. Content types and permissions are named by natural key, so the archive loads
  into a database whose numbering of them differs (a new one);
- `media/<name>`: the files that FileFields point to, if any model has one (none has today).

Import restores an archive into an empty database (migrated, with nothing but what the
migrations load: the countries, the first disclaimer, the groups, which the archive's replace),
in one transaction, writing nothing to the audit trail (the archive brings its own), then sets
the database's sequences past the imported keys and checks each model's count.
"""

import datetime
import io
import json
import os
import tomllib
import zipfile
from pathlib import Path

import django
from auditlog.context import disable_auditlog
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Every model of every installed app is backed up but these: content types and permissions
# (`migrate` makes them; the archive names them by natural key), sessions (a restored session
# would sign someone in again), the sign-in lockout counters (they expire) and the publication
# generation (it only moves forward: a restore bumps it, so no cached page outlives it) and the
# queue of background tasks (a restore must not send last month's notifications again).
NOT_BACKED_UP = {
    "contenttypes.ContentType",
    "auth.Permission",
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "notes.PublicationGeneration",
    "django_tasks_database.DBTaskResult",
}
# What the data migrations load into a new database; the archive's rows replace them.
SEEDED = ["contacts.Country", "notes.Disclaimer", "auth.Group"]


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why, for the operator."""


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping microseconds (it cuts times to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def app_version():
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def exported_models():
    """The models of a backup, in an order they load back in (natural keys first)."""
    by_app = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.managed and not meta.proxy and meta.label not in NOT_BACKED_UP:
            by_app.setdefault(meta.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def _file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _migrations(using):
    recorder = MigrationRecorder(connections[using])
    latest = {}
    for app, name in recorder.applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


class _Counted:
    def __init__(self, iterable):
        self.iterable, self.count = iterable, 0

    def __iter__(self):
        for item in self.iterable:
            self.count += 1
            yield item


def export_archive(path, *, using=DEFAULT_DB_ALIAS):
    """Write the backup to `path` (readable by its owner only); return the manifest."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    connection = connections[using]
    manifest = {
        "format_version": FORMAT_VERSION,
        "app": "outreach",
        "app_version": app_version(),
        "django_version": django.get_version(),
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": _migrations(using),
        "models": [],
        "media": [],
    }
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as file,
            zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            # One snapshot of the database for every table.
            outermost = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if connection.vendor == "postgresql" and outermost:
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                for model in exported_models():
                    manifest["models"].append(_write_model(archive, model, using))
                manifest["media"] = _write_media(archive, using)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _write_model(archive, model, using):
    name = f"data/{model._meta.label_lower}.json"
    rows = _Counted(model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000))
    with archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as out:
        serializers.serialize(
            "json", rows, stream=out, use_natural_foreign_keys=True, cls=ExactEncoder
        )
    return {"model": model._meta.label, "file": name, "count": rows.count}


def _write_media(archive, using):
    written = []
    for model in apps.get_models():
        for field in _file_fields(model):
            names = model._base_manager.using(using).exclude(**{field.attname: ""})
            for name in names.values_list(field.attname, flat=True).distinct():
                if name and name not in written:
                    with field.storage.open(name, "rb") as source:
                        archive.writestr(f"media/{name}", source.read())
                    written.append(name)
    return sorted(written)


# -- import ---------------------------------------------------------------------------------


def read_manifest(archive, path):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise BackupError(
            _("%(file)s is not an Outreach backup: it has no readable manifest.") % {"file": path}
        ) from None
    found = manifest.get("format_version")
    if found != FORMAT_VERSION:
        raise BackupError(
            _(
                "%(file)s is a backup in format version %(found)s; this version of Outreach "
                "restores format version %(expected)s only."
            )
            % {"file": path, "found": found, "expected": FORMAT_VERSION}
        )
    return manifest


def not_empty(using=DEFAULT_DB_ALIAS):
    """The models that hold rows in the database, besides what the migrations load."""
    return [
        model._meta.label
        for model in exported_models()
        if model._meta.label not in SEEDED and model._base_manager.using(using).exists()
    ]


def schema_differences(manifest, using=DEFAULT_DB_ALIAS):
    """The apps whose last migration differs between the archive and the database."""
    here = _migrations(using)
    there = manifest.get("migrations", {})
    return sorted(app for app in set(here) | set(there) if here.get(app) != there.get(app))


def import_archive(path, *, using=DEFAULT_DB_ALIAS):
    """Restore the backup at `path` into the empty database; return the manifest."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(
            _("%(file)s cannot be read as a backup: %(error)s") % {"file": path, "error": error}
        ) from None
    with archive:
        manifest = read_manifest(archive, path)
        entries = [(_model(entry["model"], path), entry) for entry in manifest["models"]]
        occupied = not_empty(using)
        if occupied:
            raise BackupError(
                _(
                    "The database is not empty (%(models)s hold data): a backup is restored "
                    "only into a new database, migrated and holding nothing else. Nothing was "
                    "changed."
                )
                % {"models": ", ".join(occupied)}
            )
        connection = connections[using]
        with transaction.atomic(using=using), disable_auditlog():
            for label in SEEDED:
                apps.get_model(label)._base_manager.using(using).all().delete()
            with connection.constraint_checks_disabled():
                _load(archive, entries, using, path)
            tables = [model._meta.db_table for model, _entry in entries]
            connection.check_constraints(table_names=tables)
            _reset_sequences(connection, [model for model, _entry in entries])
            _check_counts(entries, using)
            _restore_media(archive, manifest)
            if manifest.get("database_vendor") != connection.vendor:
                _refresh_search(using)
            _refresh_published_notes(using)
            _bump_generation(using)
    return manifest


def _model(label, path):
    try:
        return apps.get_model(label)
    except LookupError:
        raise BackupError(
            _(
                "%(file)s holds %(model)s, which this version of Outreach does not know: "
                "restore it with the version that made it."
            )
            % {"file": path, "model": label}
        ) from None


def _load(archive, entries, using, path):
    deferred = []
    for model, entry in entries:
        with archive.open(entry["file"]) as raw:
            try:
                objects = serializers.deserialize(
                    "json",
                    io.TextIOWrapper(raw, encoding="utf-8"),
                    using=using,
                    handle_forward_references=True,
                )
                for obj in objects:
                    obj.save(using=using)
                    if obj.deferred_fields:
                        deferred.append(obj)
            except (DeserializationError, ObjectDoesNotExist) as error:
                raise BackupError(
                    _("%(file)s: the rows of %(model)s cannot be restored: %(error)s")
                    % {"file": path, "model": model._meta.label, "error": error}
                ) from None
    for obj in deferred:
        obj.save_deferred_fields(using=using)


def _reset_sequences(connection, models_):
    """PostgreSQL hands out keys from sequences, which rows inserted with their own keys do not
    advance: set each past the largest key now in its table (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _check_counts(entries, using):
    for model, entry in entries:
        found = model._base_manager.using(using).count()
        if found != entry["count"]:
            raise BackupError(
                _("%(model)s: %(found)s rows restored where the backup holds %(expected)s.")
                % {"model": model._meta.label, "found": found, "expected": entry["count"]}
            )


def _restore_media(archive, manifest):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    for name in manifest.get("media", []):
        # The storage refuses a name that leaves its folder (an absolute path, "..").
        saved = default_storage.save(name, ContentFile(archive.read(f"media/{name}")))
        if saved != name:
            raise BackupError(
                _("The file %(name)s exists already in the media folder.") % {"name": name}
            )


def _bump_generation(using):
    """Public pages cached before the restore are made again (notes/page_cache.py)."""
    from notes.models import PublicationGeneration

    PublicationGeneration.objects.db_manager(using).bump()


def _refresh_published_notes(using):
    """Whether an event has a published note, and their languages and addresses, come back with
    its row; they are computed again from the notes all the same, in one UPDATE: a backup made
    before they existed brings none, and the public pages read them (notes.public_filters,
    the note page's other versions). When the versions last changed comes from the backup."""
    if not apps.is_installed("notes"):
        return
    from events.models import Event
    from notes.models import refresh_published_notes

    refresh_published_notes(Event.objects.using(using).all(), restored=True)


def _refresh_search(using):
    """Full-text search words are stored on PostgreSQL only: a backup made on another
    database brings none, so compute them for the published notes."""
    if connections[using].vendor != "postgresql" or not apps.is_installed("notes"):
        return
    from notes.models import Note

    for note in Note.objects.using(using).published():
        note.refresh_search()
