"""Previews of imports wait in the cache: nothing is left in the server's temporary folder."""

import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def temporary_folder(monkeypatch, tmp_path):
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_spreadsheet_import_leaves_no_file_behind(client, admin_user, temporary_folder):
    client.force_login(admin_user)
    rows = "name,acronym,kind,country,website\nDirection générale des douanes,DGD,government,SEN,\n"
    upload = SimpleUploadedFile("organizations.csv", rows.encode())
    import_url = reverse("admin:contacts_organization_import")
    page = client.post(import_url, {"import_file": upload, "format": "0", "resource": "0"})
    assert page.status_code == 200
    assert "Direction générale des douanes" in page.content.decode()
    assert list(temporary_folder.iterdir()) == []
    assert not Organization.objects.filter(acronym="DGD").exists()
