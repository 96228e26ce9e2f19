import pytest

from tests.helpers import make_note

pytestmark = pytest.mark.django_db


def test_staff_pages_are_never_cached(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    for url in ["/staff/", f"/staff/notes/{note.pk}/", f"/staff/notes/{note.pk}/edit/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers["Cache-Control"], url
        assert "public" not in response.headers["Cache-Control"], url


def test_the_sign_in_page_is_never_cached(client):
    assert "no-store" in client.get("/accounts/login/").headers["Cache-Control"]
