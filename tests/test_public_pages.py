import pytest

from tests.helpers import make_note, make_published_note

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_published_notes_only(client, expert, reviewer):
    make_published_note(expert, reviewer, title="Published workshop")
    make_note(expert, title="Secret draft")
    page = client.get("/").content.decode()
    assert "Published workshop" in page
    assert "Secret draft" not in page


def test_a_published_note_shows_its_live_revision_and_disclaimer(client, expert, reviewer):
    note = make_published_note(expert, reviewer, highlights="Live words.")
    note.highlights = "Unreviewed words."
    note.save_draft(by=expert)
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Live words." in page
    assert "Unreviewed words." not in page
    assert "not an official report" in page


def test_a_draft_has_no_public_page(client, expert):
    note = make_note(expert)
    assert client.get(note.get_absolute_url()).status_code == 404
