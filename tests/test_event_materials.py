"""Materials of an event: files checked by name and content, stored under names the system
chooses, listed and served to the public only when they and their event are public."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.backup import export_archive, import_archive
from events import material_files
from events.models import Event, Material
from tests.helpers import (
    inline_management,
    make_docx,
    make_event,
    make_pdf,
    make_published_note,
    make_user,
    messages_of,
    reload_migrated_data,
)
from tests.test_public_queries import BUDGETS

pytestmark = pytest.mark.django_db

PDF = make_pdf("Agenda of the workshop")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
WEBP = b"RIFF\x30\x00\x00\x00WEBPVP8 " + b"\x00" * 40
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
# Built, not written out: a path that climbs out of the repository is refused in any file here.
CLIMBING = "/".join(["..", "..", "etc", "passwd.pdf"])


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(media):
    return sorted(path for path in media.rglob("*") if path.is_file())


def open_document(mimetype):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name, content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def attach(event, *files, by=None, public=True, kind=Material.Kind.AGENDA):
    checked = [material_files.check(file) for file in files]
    return Material.add_files(event, checked, by=by, kind=kind, is_public=public)


def public_event(expert, reviewer):
    return make_published_note(expert, reviewer).event


def post_files(client, event, *files, **fields):
    data = {"files": list(files), "kind": "agenda", "title": ""} | fields
    url = reverse("events-materials-upload", args=[event.pk])
    return client.post(url, data, follow=True)


# -- attaching ------------------------------------------------------------------------------


def test_expert_attaches_a_pdf_stored_under_a_name_the_system_chose(client, expert, media):
    event = make_event()
    client.force_login(expert)
    response = post_files(client, event, upload("Agenda final.pdf"), is_public="on")
    assert messages_of(response) == ["1 file attached."]
    material = Material.objects.get()
    assert re.fullmatch(rf"materials/{event.pk}/[0-9a-f]{{32}}\.pdf", material.file.name)
    assert (material.original_name, material.title) == ("Agenda final.pdf", "Agenda final")
    assert (material.size, material.content_type) == (len(PDF), "application/pdf")
    assert (material.uploaded_by, material.is_public, material.kind) == (expert, True, "agenda")
    assert stored_files(media) == [media / material.file.name]
    assert (media / material.file.name).read_bytes() == PDF


def test_several_files_of_every_accepted_family_are_attached_at_once(client, expert, media):
    event = make_event()
    client.force_login(expert)
    files = [
        upload("slides.pdf"),
        upload("programme.docx", make_docx("Programme")),
        upload("notes.odt", open_document("application/vnd.oasis.opendocument.text")),
        upload("figures.ods", open_document("application/vnd.oasis.opendocument.spreadsheet")),
        upload("old.doc", material_files.OLE2 + b"\x00" * 100),
        upload("group.JPG", JPEG),
        upload("room.png", PNG),
        upload("stage.webp", WEBP),
    ]
    response = post_files(client, event, *files)
    assert messages_of(response) == ["8 files attached."]
    assert len(stored_files(media)) == 8
    types = dict(Material.objects.values_list("original_name", "content_type"))
    assert types["group.JPG"] == "image/jpeg"
    assert types["programme.docx"].endswith("wordprocessingml.document")
    assert Event.objects.get(pk=event.pk).has_materials


def test_a_hostile_path_never_becomes_the_stored_name(expert, media):
    event = make_event()
    hostile = upload(CLIMBING)
    assert material_files.check(hostile).name == "passwd.pdf"
    (material,) = attach(event, hostile, by=expert)
    assert material.file.name.startswith(f"materials/{event.pk}/")
    assert ".." not in material.file.name and "passwd" not in material.file.name
    assert material.original_name == "passwd.pdf"
    (path,) = stored_files(media)
    assert path.resolve().is_relative_to(media.resolve())


def test_an_uploaded_path_through_the_form_is_cut_to_its_name(client, expert, media):
    event = make_event()
    client.force_login(expert)
    post_files(client, event, upload(CLIMBING))
    material = Material.objects.get()
    assert material.original_name == "passwd.pdf"
    assert "passwd" not in material.file.name


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", HTML, "its name says PDF document, but its content is not one"),
        ("logo.svg", SVG, "only these types are"),
        ("logo.png", SVG, "its name says PNG image, but its content is not one"),
        ("page.html", HTML, "only these types are"),
        ("setup.exe", b"MZ\x90\x00", "only these types are"),
        ("archive.docx", open_document("application/zip"), "its name says Word document"),
        ("sheet.xlsx", make_docx("Not a workbook"), "its name says Excel workbook"),
        ("broken.odt", b"PK\x03\x04" + b"\xff" * 64, "its name says OpenDocument text"),
        ("blank.pdf", b"", "the file is empty"),
        ("no extension", PDF, "only these types are"),
    ],
)
def test_a_file_of_another_type_than_accepted_is_refused_with_its_name_and_reason(
    client, expert, media, name, content, reason
):
    event = make_event()
    client.force_login(expert)
    response = post_files(client, event, upload(name, content))
    refusal, summary = messages_of(response)
    assert f"“{name}” is not accepted: " in refusal
    assert reason in refusal
    assert summary.startswith("Nothing was attached")
    assert not Material.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused(client, expert, media, settings):
    settings.MATERIAL_MAX_BYTES = 1000
    event = make_event()
    client.force_login(expert)
    response = post_files(client, event, upload("big.pdf", PDF + b"\n" * 1000))
    assert "“big.pdf” is not accepted: it is 1" in messages_of(response)[0]
    assert "more than the limit of 1000\xa0bytes" in messages_of(response)[0]
    assert not Material.objects.exists() and stored_files(media) == []


def test_one_refused_file_attaches_none_of_the_others(client, expert, media):
    event = make_event()
    client.force_login(expert)
    response = post_files(client, event, upload("ok.pdf"), upload("bad.svg", SVG))
    assert "“bad.svg”" in messages_of(response)[0]
    assert not Material.objects.exists() and stored_files(media) == []
    assert not Event.objects.get(pk=event.pk).has_materials


def test_an_upload_without_a_file_says_so(client, expert):
    event = make_event()
    client.force_login(expert)
    url = reverse("events-materials-upload", args=[event.pk])
    response = client.post(url, {"kind": "agenda"}, follow=True)
    assert messages_of(response) == ["Files: Choose at least one file to attach."]
    response = post_files(client, event, upload("a.pdf"), title="Bell\x07")
    assert messages_of(response) == [
        "Title: Contains a control character (U+0007) that cannot be shown: remove it."
    ]
    assert not Material.objects.exists()


def test_a_file_that_fails_to_store_leaves_no_row_and_no_file(expert, media, monkeypatch):
    event = make_event()
    files = [material_files.check(upload("a.pdf")), material_files.check(upload("b.pdf"))]
    saved = Material.save

    def fail_second(material, *args, **kwargs):
        if material.original_name == "b.pdf":
            raise OSError("disk full")
        return saved(material, *args, **kwargs)

    monkeypatch.setattr(Material, "save", fail_second)
    with pytest.raises(OSError):
        Material.add_files(event, files, by=expert, kind="agenda", is_public=False)
    assert not Material.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ('the "final" agenda.pdf', 'the "final" agenda.pdf'),
        ("line\nbreak\r\n.pdf", "linebreak.pdf"),
        ("photo\u202egnp.pdf", "photognp.pdf"),  # a right-to-left override hides .pdf
        ("Повестка дня — 日程.pdf", "Повестка дня — 日程.pdf"),
        ("C:\\Users\\me\\agenda.pdf", "agenda.pdf"),
        ("   .pdf", "pdf"),
        ("", "file"),
        ("x" * 500 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_an_uploaded_name_is_cleaned_for_display(uploaded, shown):
    assert material_files.clean_name(uploaded) == shown


def test_a_very_long_and_strange_name_is_attached_and_downloaded_cleaned(client, expert):
    event = make_event()
    client.force_login(expert)
    name = "«Итоги» \u202e" + "é" * 300 + '".pdf'
    post_files(client, event, upload(name))
    material = Material.objects.get()
    assert len(material.original_name) == 200 and material.original_name.endswith("é.pdf")
    assert "\u202e" not in material.original_name
    response = client.get(reverse("events-material-file", args=[material.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


def test_a_name_with_quotes_and_unicode_downloads_under_that_name(client, expert, reviewer):
    event = public_event(expert, reviewer)
    (material,) = attach(event, upload('Ordre du jour "final" – Dakar.pdf'))
    response = client.get(reverse("events-public-material", args=[material.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "Ordre%20du%20jour%20%22final%22%20%E2%80%93%20Dakar.pdf" in disposition


# -- serving --------------------------------------------------------------------------------


def read(response):
    return b"".join(response.streaming_content)


def test_a_public_material_of_a_public_event_is_served_to_anyone_as_an_attachment(
    client, expert, reviewer
):
    event = public_event(expert, reviewer)
    (material,) = attach(event, upload("agenda.pdf"), by=expert)
    response = client.get(reverse("events-public-material", args=[material.pk]))
    assert response.status_code == 200
    assert read(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="agenda.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]


def test_an_image_is_shown_inline_and_a_document_never_is(client, expert, reviewer):
    event = public_event(expert, reviewer)
    photo, slides = attach(event, upload("group.png", PNG), upload("slides.pdf"))
    image = client.get(reverse("events-public-material", args=[photo.pk]))
    assert image["Content-Disposition"] == 'inline; filename="group.png"'
    assert image["Content-Type"] == "image/png"
    document = client.get(reverse("events-public-material", args=[slides.pk]))
    assert document["Content-Disposition"].startswith("attachment;")


def test_a_staff_only_material_is_served_on_the_staff_address_only(client, expert, reviewer):
    event = public_event(expert, reviewer)
    (material,) = attach(event, upload("participants.pdf"), public=False)
    public_url = reverse("events-public-material", args=[material.pk])
    staff_url = reverse("events-material-file", args=[material.pk])
    assert client.get(public_url).status_code == 404
    assert client.get(staff_url)["Location"].startswith(reverse("login"))
    client.force_login(expert)
    assert client.get(public_url).status_code == 404  # the same answer for everyone
    response = client.get(staff_url)
    assert response.status_code == 200 and read(response) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="participants.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_materials_of_an_event_the_public_does_not_see_are_never_served_anonymously(
    client, expert, reviewer
):
    note = make_published_note(expert, reviewer)
    (material,) = attach(note.event, upload("agenda.pdf"))
    url = reverse("events-public-material", args=[material.pk])
    assert client.get(url).status_code == 200
    note.withdraw(by=reviewer, reason="Wrong date")
    assert client.get(url).status_code == 404
    Event.objects.filter(pk=note.event_id).update(is_public=True)
    assert client.get(url).status_code == 200


def test_a_material_of_a_draft_events_note_is_not_served(client, expert):
    event = make_event()
    (material,) = attach(event, upload("agenda.pdf"))
    assert client.get(reverse("events-public-material", args=[material.pk])).status_code == 404
    assert set(Material.objects.public()) == set()


def test_a_missing_file_is_not_found(client, expert):
    event = make_event()
    (material,) = attach(event, upload("agenda.pdf"))
    material.file.storage.delete(material.file.name)
    client.force_login(expert)
    assert client.get(reverse("events-material-file", args=[material.pk])).status_code == 404


# -- public pages ---------------------------------------------------------------------------


def test_the_public_event_page_and_note_page_list_public_materials_only(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    public, staff_only = (
        attach(note.event, upload("Programme <b>.pdf"))[0],
        attach(note.event, upload("Confidential list.pdf"), public=False)[0],
    )
    for address in (f"/events/{note.event.slug}/", note.get_absolute_url()):
        page = client.get(address).text
        assert "Programme &lt;b&gt;" in page
        assert reverse("events-public-material", args=[public.pk]) in page
        assert "Confidential" not in page
        assert reverse("events-public-material", args=[staff_only.pk]) not in page


def test_an_event_without_public_materials_shows_no_materials_heading(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    attach(note.event, upload("Participants.pdf"), public=False)
    assert "Materials" not in client.get(f"/events/{note.event.slug}/").text
    assert "Materials:" not in client.get(note.get_absolute_url()).text


def test_making_a_material_public_shows_it_on_the_cached_public_page(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    (material,) = attach(note.event, upload("Programme.pdf"), public=False)
    address = f"/events/{note.event.slug}/"
    assert "Programme" not in client.get(address).text  # now in the page cache
    staff = Client()
    staff.force_login(expert)
    staff.post(reverse("events-material-public", args=[material.pk]), {"is_public": "1"})
    assert "Programme" in client.get(address).text
    staff.post(reverse("events-material-public", args=[material.pk]), {"is_public": "0"})
    assert "Programme" not in client.get(address).text
    assert note.revisions.count() == 1  # the note's header does not show materials


def materials_for(event, count, public=True):
    for n in range(count):
        attach(event, upload(f"Material {n}.pdf"), public=public)


@pytest.mark.parametrize("count", [1, 5])
def test_public_pages_with_materials_cost_one_query_more_whatever_their_number(
    client, expert, reviewer, django_assert_num_queries, count
):
    note = make_published_note(expert, reviewer)
    materials_for(note.event, count)
    with django_assert_num_queries(BUDGETS["note"] + 1):
        assert client.get(note.get_absolute_url()).status_code == 200
    with django_assert_num_queries(BUDGETS["event"] + 1):
        assert client.get(f"/events/{note.event.slug}/").status_code == 200


def test_public_pages_of_an_event_with_staff_only_materials_keep_their_budget(
    client, expert, reviewer, django_assert_num_queries
):
    note = make_published_note(expert, reviewer)
    materials_for(note.event, 2, public=False)
    with django_assert_num_queries(BUDGETS["note"]):
        client.get(note.get_absolute_url())
    with django_assert_num_queries(BUDGETS["event"]):
        client.get(f"/events/{note.event.slug}/")


def test_the_staff_event_page_costs_one_query_for_its_materials_whatever_their_number(
    client, expert
):
    client.force_login(expert)
    empty, few, many = make_event(), make_event(), make_event()
    materials_for(few, 1, public=False)
    materials_for(many, 6)
    counts = []
    for event in (empty, few, many):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("events-staff-detail", args=[event.pk]))
        counts.append(len(queries))
    assert counts[1] == counts[2] == counts[0] + 1


# -- staff pages ----------------------------------------------------------------------------


def test_the_staff_event_page_lists_every_material_with_its_actions(client, expert):
    event = make_event()
    public, staff_only = attach(event, upload("Programme.pdf"), upload("List.pdf"))
    staff_only.set_public(False)
    client.force_login(expert)
    page = client.get(reverse("events-staff-detail", args=[event.pk])).text
    for material in (public, staff_only):
        assert reverse("events-material-file", args=[material.pk]) in page
        assert reverse("events-material-delete", args=[material.pk]) in page
    assert "Make staff-only" in page and "Make public" in page
    assert reverse("events-materials-upload", args=[event.pk]) in page
    assert 'enctype="multipart/form-data"' in page
    assert "once the event does" in page  # the event is not public yet


def test_making_public_and_staff_only_keeps_the_events_flags(client, expert):
    event = make_event()
    (material,) = attach(event, upload("Programme.pdf"), public=False)
    client.force_login(expert)
    flags = Event.objects.values_list("has_materials", "has_public_materials")
    assert flags.get(pk=event.pk) == (True, False)
    response = client.post(
        reverse("events-material-public", args=[material.pk]), {"is_public": "1"}, follow=True
    )
    assert "is public: it shows on the public site once the event does" in messages_of(response)[0]
    assert flags.get(pk=event.pk) == (True, True)
    client.post(reverse("events-material-public", args=[material.pk]), {"is_public": "0"})
    assert flags.get(pk=event.pk) == (True, False)


def test_deleting_a_material_deletes_its_file_once_committed(
    client, expert, media, django_capture_on_commit_callbacks
):
    event = make_event()
    (material,) = attach(event, upload("Programme.pdf"))
    client.force_login(expert)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events-material-delete", args=[material.pk]), follow=True)
    assert messages_of(response) == ["“Programme” is deleted."]
    assert not Material.objects.exists() and stored_files(media) == []
    assert Event.objects.values_list("has_materials", flat=True).get(pk=event.pk) is False


def test_a_stale_copy_of_the_event_saved_keeps_the_materials_flags(expert):
    event = make_event()
    stale = Event.objects.get(pk=event.pk)
    attach(event, upload("Programme.pdf"))
    stale.city = "Thiès"
    stale.save()
    fresh = Event.objects.get(pk=event.pk)
    assert (fresh.city, fresh.has_materials, fresh.has_public_materials) == ("Thiès", True, True)


def test_a_user_without_the_permission_cannot_attach(client, media):
    event = make_event()
    client.force_login(make_user("visitor"))
    response = client.post(
        reverse("events-materials-upload", args=[event.pk]), {"files": [upload("a.pdf")]}
    )
    assert response.status_code == 403
    assert stored_files(media) == []


# -- admin and backups ----------------------------------------------------------------------


def test_the_admin_shows_materials_on_the_event_and_links_to_the_staff_download(client):
    event = make_event()
    (material,) = attach(event, upload("Programme.pdf"))
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/events/event/{event.pk}/change/").text
    assert reverse("events-material-file", args=[material.pk]) in page
    assert material.file.name not in page  # never the path in storage


def admin_event_data(event, material, **material_fields):
    """What the admin's change form of `event` posts, its one material changed."""
    row = {"title": material.title, "kind": material.kind, "is_public": "on"} | material_fields
    return {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "format": event.format,
        "status": event.status,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "days": "[]",
        "city": event.city,
        "country": event.country_id,
        "description": "",
        **inline_management("attendances"),
        **inline_management("notes"),  # the notes app's inline
        **inline_management("materials"),
        "materials-TOTAL_FORMS": "1",
        "materials-INITIAL_FORMS": "1",
        "materials-0-id": material.pk,
        "materials-0-event": event.pk,
        **{f"materials-0-{name}": value for name, value in row.items() if value is not None},
    }


def test_the_admin_corrects_a_material_and_deletes_it_with_its_file(
    client, media, expert, reviewer, django_capture_on_commit_callbacks
):
    event = public_event(expert, reviewer)
    (material,) = attach(event, upload("Programme.pdf"))
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_event_data(event, material, title="Programme (final)", is_public=None)
    response = client.post(url, data)
    assert response.status_code == 302, response.text[:2000]
    material.refresh_from_db()
    assert (material.title, material.is_public) == ("Programme (final)", False)
    assert not Event.objects.get(pk=event.pk).has_public_materials
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, admin_event_data(event, material, DELETE="on"))
    assert response.status_code == 302
    assert not Material.objects.exists() and stored_files(media) == []
    assert not Event.objects.get(pk=event.pk).has_materials


def test_a_backup_holds_the_materials_and_their_files(tmp_path, expert):
    event = make_event()
    (material,) = attach(event, upload("Programme.pdf"), by=expert)
    manifest = export_archive(tmp_path / "backup.zip")
    counts = {entry["model"]: entry["count"] for entry in manifest["models"]}
    assert counts["events.Material"] == 1
    assert manifest["media"] == [material.file.name]
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        assert archive.read(f"media/{material.file.name}") == PDF


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_materials_and_their_files_on_a_new_installation(tmp_path, settings):
    event = make_event(is_public=True)
    public, staff_only = attach(event, upload("Programme.pdf"), upload("List.png", PNG))
    staff_only.set_public(False)
    export_archive(tmp_path / "backup.zip")
    call_command("flush", interactive=False)
    ContentType.objects.clear_cache()
    reload_migrated_data()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")  # a new machine: no file yet

    import_archive(tmp_path / "backup.zip")
    restored = {material.original_name: material for material in Material.objects.all()}
    assert restored["Programme.pdf"].file.name == public.file.name
    assert (tmp_path / "new-media" / public.file.name).read_bytes() == PDF
    assert (tmp_path / "new-media" / staff_only.file.name).read_bytes() == PNG
    assert not restored["List.png"].is_public
    event = Event.objects.get()
    assert (event.has_materials, event.has_public_materials) == (True, True)


def test_the_settings_store_files_on_disk_unless_a_bucket_is_named():
    from outreach.env import file_storage

    assert file_storage("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    s3 = file_storage("outreach-files", endpoint_url="https://s3.example.org", region="eu")
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"] == {
        "bucket_name": "outreach-files",
        "file_overwrite": False,
        "querystring_auth": True,
        "endpoint_url": "https://s3.example.org",
        "region_name": "eu",
    }


def test_no_address_serves_the_media_folder_by_path(client, expert, reviewer):
    event = public_event(expert, reviewer)
    (material,) = attach(event, upload("agenda.pdf"))
    assert client.get(f"/media/{material.file.name}").status_code == 404
    assert client.get(f"/{material.file.name}").status_code == 404
    assert Path(material.file.path).is_file()  # the file is there, only not by its path
