"""Backups: export_data writes every row of every model into a versioned archive;
import_data restores it into an empty database, row for row and value for value, and refuses
anything else."""

import datetime
import json
import zipfile

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import ADDITION
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import Profile
from audit.backup import FORMAT_VERSION, exported_models
from audit.tracking import acting
from contacts.models import Contact, Country, Organization, Role
from events import material_files
from events.models import Attendance, Event, Material
from notes.models import Disclaimer, EditSession, Note
from tests.helpers import (
    make_contact,
    make_event,
    make_note,
    make_organization,
    make_pdf,
    make_published_note,
    make_user,
    make_withdrawn_note,
    reload_migrated_data,
)

# By natural key: a new database numbers content types and permissions its own way.
NATURAL = (ContentType, Permission)


def populate():
    expert = make_user("expert", "Experts", first_name="Erin", last_name="Expert")
    reviewer = make_user("reviewer", "Reviewers", first_name="Robin")
    admin = make_user("admin", "Administrators", is_staff=True, is_superuser=True)
    viewer = make_user("viewer", last_login=timezone.now())
    Profile.objects.create(user=reviewer, language="ar")
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(
        Permission.objects.get(codename="view_logentry", content_type__app_label="auditlog")
    )
    viewer.groups.add(auditors)
    with acting(admin, via="tests"):
        unodc = make_organization("UN Office on Drugs and Crime", acronym="UNODC", kind="un_body")
        ministry = make_organization(
            "Ministère des Affaires étrangères", country=Country.objects.get(iso3="SEN")
        )
        chair = Role.objects.create(name="National point of contact")
        awa = make_contact("Awa Diop", honorific="Ms.", organization=ministry)
        awa.roles.add(chair)
        omar = make_contact("Omar Sy", country=Country.objects.get(iso3="MLI"), is_active=False)
        event = make_event(
            "Atelier régional — Dakar", description="Ligne 1\nLigne 2 « guillemets »"
        )
        event.organizers.add(unodc, ministry)
        event.states.add(*Country.objects.filter(iso3__in=["MLI", "NER", "SEN"]))
        event.organizations.add(unodc)
        Attendance.objects.create(event=event, contact=awa, role="speaker")
        Attendance.objects.create(event=event, contact=omar)
        virtual = make_event("Webinar", country=None, city="", format=Event.Format.VIRTUAL)
        virtual.states_count = 57
        virtual.save()
    agenda = SimpleUploadedFile("agenda.pdf", make_pdf("Agenda"))
    Material.add_files(
        event, [material_files.check(agenda)], by=expert, kind="agenda", is_public=True
    )
    make_note(expert, event=event, language="fr", objectives="- objectif")
    asked = make_note(expert, title="In review, asked of the reviewer")
    asked.submit(by=expert, reviewer=reviewer, due=datetime.date(2025, 4, 1))
    asked.add_comment(by=reviewer, text="Please cite the resolution.")
    make_published_note(expert, reviewer, event=virtual, title="Published note")
    make_withdrawn_note(expert, reviewer)
    changed = make_published_note(expert, reviewer, highlights="Before")
    changed.highlights = "After"
    changed.save_draft(by=expert, message="Second thoughts")
    new_version = Disclaimer.objects.create(
        text="New footnote",
        contact_line="Write to us",
        text_fr="Nouvelle note « de bas de page »",
        contact_line_fr="Écrivez-nous",
    )
    new_version.put_in_force()
    make_published_note(expert, reviewer, title="Published under the new disclaimer")
    EditSession.objects.beat(changed, expert, page="tab-1", fields={"title": "Unsaved"})
    AdminLogEntry.objects.log_actions(admin.pk, [unodc], ADDITION, "Added.", single_object=True)
    if apps.is_installed("django_otp.plugins.otp_totp"):
        apps.get_model("otp_totp", "TOTPDevice").objects.create(user=expert, name="Phone")
    if apps.is_installed("axes"):
        when = timezone.now() - datetime.timedelta(days=1)
        apps.get_model("axes", "AccessLog").objects.create(
            username="expert", ip_address="192.0.2.7", user_agent="Firefox", attempt_time=when
        )
        apps.get_model("axes", "AccessFailureLog").objects.create(
            username="nobody", ip_address="192.0.2.8", user_agent="curl", attempt_time=when
        )


def natural(model, pk):
    if pk is None:
        return None
    return model._base_manager.get(pk=pk).natural_key()


def snapshot():
    """Every row of every backed-up model and every link of its many-to-many fields, as
    values, with content types and permissions by natural key."""
    tables = {}
    for model in exported_models():
        fields = model._meta.concrete_fields
        rows = []
        for row in model._base_manager.order_by("pk").values_list(*[f.attname for f in fields]):
            values = {}
            for field, value in zip(fields, row, strict=True):
                if field.is_relation and field.related_model in NATURAL:
                    value = natural(field.related_model, value)
                values[field.attname] = value
            rows.append(values)
        tables[model._meta.label] = rows
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            links = through._base_manager.values_list(source, target)
            if field.related_model in NATURAL:
                links = [(owner, natural(field.related_model, pk)) for owner, pk in links]
            tables[f"{model._meta.label}.{field.name}"] = sorted(links)
    return tables


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_of_every_model_into_a_new_database(tmp_path, settings):
    populate()
    before = snapshot()
    empty = [
        label for label, rows in before.items() if "." not in label.split(".", 1)[1] and not rows
    ]
    assert empty == [], "give these models rows, so that the round trip covers them"
    archive = tmp_path / "backup.zip"
    call_command("export_data", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115

    # A new database: migrated (what the data migrations load is there), nothing else.
    call_command("flush", interactive=False)
    settings.MEDIA_ROOT = str(tmp_path / "new-media")  # a new machine: no uploaded file yet
    ContentType.objects.clear_cache()
    reload_migrated_data()
    assert Country.objects.exists() and not Event.objects.exists()
    entries = LogEntry.objects.count()

    call_command("import_data", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert LogEntry.objects.count() == len(before["auditlog.LogEntry"]) != entries

    # Keys go on past the restored ones (PostgreSQL's sequences were set past them).
    expert = Group.objects.get(name="Experts").user_set.get()
    with acting(expert):
        fresh = make_event("After the restore")
        make_contact("New person", organization=make_organization("New organization"))
        make_user("newcomer", "Experts")
        note = make_note(expert, event=fresh)
    assert fresh.pk > max(row["id"] for row in before["events.Event"])
    assert note.revisions.get().pk > max(row["id"] for row in before["notes.Revision"])
    assert LogEntry.objects.get_for_object(fresh).get().actor == expert


def test_the_archive_has_a_manifest_with_the_counts_of_every_model(tmp_path, expert, reviewer):
    make_published_note(expert, reviewer)
    archive = tmp_path / "backup.zip"
    call_command("export_data", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        names = set(opened.namelist())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["app_version"] == "0.1.0"
    assert manifest["database_vendor"] == connection.vendor
    assert datetime.datetime.fromisoformat(manifest["created_at"])
    counts = {entry["model"]: entry["count"] for entry in manifest["models"]}
    assert counts["notes.Note"] == 1
    assert counts["auth.User"] == 2
    assert counts["contacts.Country"] == Country.objects.count()
    assert "contenttypes.ContentType" not in counts and "sessions.Session" not in counts
    assert {entry["file"] for entry in manifest["models"]} <= names
    assert manifest["media"] == []
    # Password hashes and personal data: readable by its owner only.
    assert archive.stat().st_mode & 0o077 == 0


def test_a_database_that_holds_data_is_refused_and_left_as_it_was(tmp_path, expert):
    archive = tmp_path / "backup.zip"
    call_command("export_data", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    make_event("Already here")
    with pytest.raises(
        CommandError, match=r"The database is not empty \(auth.User, .*events.Event"
    ):
        call_command("import_data", str(archive))
    assert list(Event.objects.values_list("title", flat=True)) == ["Already here"]


def write_archive(path, manifest):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    return str(path)


@pytest.mark.django_db
def test_an_archive_of_another_format_version_is_refused(tmp_path):
    path = write_archive(
        tmp_path / "future.zip", {"format_version": FORMAT_VERSION + 1, "models": []}
    )
    with pytest.raises(
        CommandError,
        match="format version 2; this version of Outreach restores format version 1 only",
    ):
        call_command("import_data", path)


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a zip")
    with pytest.raises(CommandError, match="cannot be read as a backup"):
        call_command("import_data", str(text))
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(CommandError, match="not an Outreach backup: it has no readable manifest"):
        call_command("import_data", str(other))


@pytest.mark.django_db
def test_an_archive_naming_an_unknown_model_is_refused(tmp_path):
    manifest = {
        "format_version": FORMAT_VERSION,
        "models": [{"model": "gone.Thing", "file": "x", "count": 0}],
    }
    path = write_archive(tmp_path / "other.zip", manifest)
    with pytest.raises(
        CommandError, match=r"holds gone\.Thing, which this version of Outreach does not know"
    ):
        call_command("import_data", path)
    assert (
        Organization.objects.count() == 0
        and Contact.objects.count() == 0
        and Note.objects.count() == 0
    )
