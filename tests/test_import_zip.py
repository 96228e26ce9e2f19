"""Bulk import: a ZIP of notes (folders allowed) in the admin and on the command line, ZIP bombs
refused whole before anything is read, and the progress of a long run."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from events.models import Event
from notes.archive.admin_views import SESSION_KEY
from notes.models import Note
from tests.test_archive_parser import IRKUTSK, SAMPLES

pytestmark = pytest.mark.django_db

URL = reverse("admin:notes_note_import")
NOTES = {
    "2009/irkutsk.txt": IRKUTSK.read_text(encoding="utf-8"),
    "2010/central-asia/tashkent.txt": (
        SAMPLES / "tashkent-2010-colons-and-wrapped-values.txt"
    ).read_text(encoding="utf-8"),
    "vienna.md": (SAMPLES / "vienna-2011-spaces-and-unnumbered-headings.txt").read_text(
        encoding="utf-8"
    ),
}


def make_zip(members):
    """The bytes of a ZIP holding `members` ({name: text or bytes}), compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


EXPANDED = filesizeformat(sum(len(text.encode()) for text in NOTES.values()))
BOMB = make_zip({"notes/huge.txt": b"\0" * (5 * 1024 * 1024)})


@pytest.fixture
def uploader(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    return reviewer


def upload(client, name, data):
    return client.post(URL, {"files": [SimpleUploadedFile(name, data)]}, follow=True)


def confirm(client):
    return client.post(URL, {"confirm": "1", "token": client.session[SESSION_KEY]}, follow=True)


def run(*paths, **options):
    out = io.StringIO()
    options.setdefault("stderr", io.StringIO())
    call_command("import_notes", *map(str, paths), user="reviewer", stdout=out, **options)
    return out.getvalue()


def nothing_written():
    no_archive = not get_user_model().objects.filter(username="archive").exists()
    return no_archive and not Event.objects.exists() and not Note.objects.exists()


# -- the admin ---------------------------------------------------------------------------------


def test_a_zip_of_three_notes_in_folders_previews_three_rows_then_imports_three(client, uploader):
    page = upload(client, "batch.zip", make_zip(NOTES)).content.decode()
    for name in NOTES:
        assert f"<td>batch.zip/{name}</td>" in page
    assert "3 to create, 0 to update, 0 unchanged, 0 failed." in page
    assert nothing_written()
    confirm(client)
    assert Note.objects.count() == Event.objects.count() == 3
    assert sorted(Note.objects.values_list("revisions__source", flat=True)) == sorted(
        f"batch.zip/{name}" for name in NOTES
    )


def test_the_zip_preview_says_how_many_files_it_reads(client, uploader, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    response = client.post(URL, {"files": [SimpleUploadedFile("b.zip", make_zip(NOTES))]})
    page = client.get(response.url).content.decode()
    assert "Processing… 0 of 3 files read." in page


def test_hidden_files_and_tool_folders_of_a_zip_are_left_out(client, uploader):
    members = {**NOTES, "__MACOSX/2009/._irkutsk.txt": b"\0\1", ".DS_Store": b"\0"}
    page = upload(client, "batch.zip", make_zip(members)).content.decode()
    assert "3 to create, 0 to update, 0 unchanged, 0 failed." in page
    assert "DS_Store" not in page and "__MACOSX" not in page


def test_a_zip_bomb_is_refused_with_a_clear_message_and_nothing_written(client, uploader):
    page = upload(client, "bomb.zip", BOMB).content.decode()
    assert "<li>notes/huge.txt in bomb.zip is compressed " in page
    assert (
        " to 1, over the limit of 100 to 1: no document compresses that much (a ZIP bomb?)." in page
    )
    assert SESSION_KEY not in client.session
    assert nothing_written()


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"zip_members": 2}, "batch.zip holds 3 files, over the limit of 2 per ZIP file."),
        (
            {"zip_unpacked_bytes": 4000},
            f"batch.zip expands to {EXPANDED}, over the limit of 3.9\xa0KB",
        ),
        ({"file_bytes": 2000}, "2009/irkutsk.txt in batch.zip is 2.5\xa0KB, over the limit of"),
    ],
    ids=["members", "expanded size", "file size"],
)
def test_a_zip_over_a_limit_is_refused_whole(client, uploader, settings, limits, message):
    settings.NOTES_ARCHIVE_LIMITS = limits
    page = upload(client, "batch.zip", make_zip(NOTES)).content.decode()
    assert message in page
    assert SESSION_KEY not in client.session
    assert nothing_written()


def test_a_file_named_zip_that_is_not_one_is_refused(client, uploader):
    page = upload(client, "batch.zip", b"not a zip").content.decode()
    assert "batch.zip is not a ZIP file that can be read" in page
    assert nothing_written()


def test_an_oversize_file_is_refused_with_a_clear_message_and_nothing_written(
    client, uploader, settings
):
    settings.NOTES_ARCHIVE_LIMITS = {"file_bytes": 1000}
    page = upload(client, "big.txt", b"x" * 1001).content.decode()
    assert "big.txt is 1001\xa0bytes, over the limit of 1000\xa0bytes per file." in page
    assert nothing_written()


def test_the_default_file_size_limit_is_20_mb():
    from notes.archive.limits import DEFAULT, MB

    assert DEFAULT.file_bytes == 20 * MB


# -- the command -------------------------------------------------------------------------------


def test_the_command_imports_a_zip_given_as_a_path_or_found_in_a_folder(reviewer, tmp_path):
    (tmp_path / "batch.zip").write_bytes(make_zip(NOTES))
    output = run(tmp_path)
    assert "3 files read, 3 created, 0 updated, 0 unchanged, 0 failed." in output
    assert "batch.zip/2010/central-asia/tashkent.txt" in output
    assert "3 files read, 0 created, 0 updated, 3 unchanged" in run(tmp_path / "batch.zip")
    assert Note.objects.count() == 3


def test_the_command_refuses_a_zip_bomb_before_anything_is_imported(reviewer, tmp_path):
    (tmp_path / "a.txt").write_text(NOTES["2009/irkutsk.txt"])
    (tmp_path / "bomb.zip").write_bytes(BOMB)
    with pytest.raises(CommandError, match=r"huge\.txt in .*bomb\.zip is compressed \d+ to 1"):
        run(tmp_path)
    assert nothing_written()


def test_the_command_dry_run_of_a_zip_writes_nothing(reviewer, tmp_path):
    (tmp_path / "batch.zip").write_bytes(make_zip(NOTES))
    output = run(tmp_path, dry_run=True)
    assert "Dry run, nothing written: 3 files read, 3 created" in output
    assert nothing_written()


def test_a_long_run_says_how_far_it_is_every_n_files_when_not_on_a_terminal(reviewer, tmp_path):
    (tmp_path / "batch.zip").write_bytes(make_zip(NOTES))
    progress = io.StringIO()
    run(tmp_path, stderr=progress, progress_every=2)
    assert progress.getvalue() == "2/3 files\n"
