"""The archive import in the admin: upload, dry-run preview, confirm or cancel. The reading
runs in tasks, which the immediate backend of the tests runs at once; tests/test_import_safety.py
has the page that waits for them."""

import tempfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event
from notes.archive import jobs
from notes.archive.admin_views import PREVIEW_LIFETIME, SESSION_KEY
from notes.models import Note
from tests.helpers import make_docx, make_pdf
from tests.test_archive_parser import IRKUTSK, SAMPLES

pytestmark = pytest.mark.django_db

URL = reverse("admin:notes_note_import")
IRKUTSK_TEXT = IRKUTSK.read_text(encoding="utf-8")
NOT_A_NOTE = "Shopping list\n\neggs, milk\n"


@pytest.fixture
def staff_reviewer(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    return reviewer


def upload(name, data):
    return SimpleUploadedFile(name, data if isinstance(data, bytes) else data.encode())


def preview(client, *files):
    return client.post(URL, {"files": list(files)}, follow=True)


def _key(token):
    return jobs.files_key(token)


def test_the_note_changelist_links_reviewers_to_the_import(client, staff_reviewer):
    page = client.get(reverse("admin:notes_note_changelist")).content.decode()
    assert URL in page
    assert "Import from the archive" in page


def test_experts_see_no_import_link_and_cannot_open_it(client, expert):
    expert.is_staff = True
    expert.save()
    client.force_login(expert)
    assert URL not in client.get(reverse("admin:notes_note_changelist")).content.decode()
    assert client.get(URL).status_code == 403


def test_the_upload_form_has_a_visible_label(client, staff_reviewer):
    page = client.get(URL).content.decode()
    assert '<label for="id_files" class="required">Note files</label>' in page
    assert "multiple" in page


def test_the_preview_shows_what_would_be_created_and_writes_nothing(client, staff_reviewer):
    response = preview(
        client,
        upload("irkutsk.txt", IRKUTSK_TEXT),
        upload("irkutsk.pdf", make_pdf(IRKUTSK_TEXT)),
        upload("bad.txt", NOT_A_NOTE),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<tr class="import-created"><td>irkutsk.txt</td>' in page
    assert '<tr class="import-unchanged"><td>irkutsk.pdf</td>' in page
    assert "line 1: expected an &#x27;Event:&#x27; header line" in page
    assert "1 to create, 0 to update, 1 unchanged, 1 failed." in page
    assert 'name="confirm"' in page
    assert not Event.objects.exists()
    assert not Note.objects.exists()


def test_confirming_imports_the_previewed_files_and_reports(client, staff_reviewer):
    preview(
        client,
        upload("irkutsk.docx", make_docx(IRKUTSK_TEXT, header_table=True)),
        upload("bad.txt", NOT_A_NOTE),
    )
    token = client.session[SESSION_KEY]
    response = client.post(URL, {"confirm": "1", "token": token}, follow=True)
    page = response.content.decode()
    note = Note.objects.get()
    assert note.status == Note.Status.IN_REVIEW
    assert not note.transitions.filter(to_status="published").exists()
    assert note.latest_revision.source == "irkutsk.docx"
    assert note.latest_revision.author == staff_reviewer
    assert "2 files read: 1 notes created, 0 updated, 0 unchanged, 1 failed." in page
    assert "The imported note is in review: another reviewer publishes it." in page
    assert "Not imported: bad.txt – line 1: expected an &#x27;Event:&#x27; header line" in page
    assert cache.get(_key(token)) is None
    assert cache.get(jobs.state_key(token)) is None
    assert SESSION_KEY not in client.session


def test_two_uploads_with_the_same_name_are_both_kept(client, staff_reviewer):
    other = (SAMPLES / "vienna-2011-spaces-and-unnumbered-headings.txt").read_text()
    preview(client, upload("note.txt", IRKUTSK_TEXT), upload("note.txt", other))
    client.post(URL, {"confirm": "1", "token": client.session[SESSION_KEY]})
    assert Note.objects.count() == 2


def test_cancelling_writes_nothing_and_removes_the_files(client, staff_reviewer):
    preview(client, upload("irkutsk.txt", IRKUTSK_TEXT))
    token = client.session[SESSION_KEY]
    response = client.post(URL, {"cancel": "1", "token": token}, follow=True)
    assert "Import cancelled: nothing was written." in response.content.decode()
    assert cache.get(_key(token)) is None
    assert not Note.objects.exists()


def test_a_stale_preview_cannot_be_confirmed(client, staff_reviewer):
    preview(client, upload("irkutsk.txt", IRKUTSK_TEXT))
    response = client.post(URL, {"confirm": "1", "token": "another-preview"}, follow=True)
    assert "This preview has expired: upload the files again." in response.content.decode()
    assert not Note.objects.exists()


def test_a_new_preview_discards_the_files_of_the_last_one(client, staff_reviewer):
    preview(client, upload("irkutsk.txt", IRKUTSK_TEXT))
    first = client.session[SESSION_KEY]
    preview(client, upload("irkutsk.txt", IRKUTSK_TEXT))
    assert cache.get(_key(first)) is None
    assert cache.get(_key(client.session[SESSION_KEY])) is not None


def test_a_preview_writes_nothing_to_disk_and_expires_after_a_day(
    client, staff_reviewer, monkeypatch, tmp_path
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kept = {}
    monkeypatch.setattr(
        "notes.archive.jobs.cache.set",
        lambda key, value, timeout: kept.update({key: timeout}),
    )
    preview(client, upload("irkutsk.txt", IRKUTSK_TEXT))
    assert list(tmp_path.iterdir()) == []
    token = client.session[SESSION_KEY]
    assert kept == {_key(token): PREVIEW_LIFETIME, jobs.state_key(token): PREVIEW_LIFETIME}
    assert PREVIEW_LIFETIME == 24 * 60 * 60


def test_an_expired_preview_asks_for_the_files_again(client, staff_reviewer):
    preview(client, upload("irkutsk.txt", IRKUTSK_TEXT))
    token = client.session[SESSION_KEY]
    cache.delete(_key(token))
    response = client.post(URL, {"confirm": "1", "token": token}, follow=True)
    assert "This preview has expired: upload the files again." in response.content.decode()
    assert not Note.objects.exists()


def test_nothing_to_import_offers_no_confirmation(client, staff_reviewer):
    page = preview(client, upload("bad.txt", "nonsense")).content.decode()
    assert 'name="confirm"' not in page
    assert "0 to create, 0 to update, 0 unchanged, 1 failed." in page


def test_an_unsupported_format_is_refused_by_the_form(client, staff_reviewer):
    page = preview(client, upload("note.rtf", "{\\rtf1}")).content.decode()
    assert "Not a supported format: note.rtf." in page
    assert SESSION_KEY not in client.session


def test_the_preview_page_has_no_inline_script_or_style(client, staff_reviewer):
    page = preview(client, upload("irkutsk.txt", IRKUTSK_TEXT)).content.decode()
    assert "<script>" not in page.replace(" ", "")
    assert "style=" not in page
