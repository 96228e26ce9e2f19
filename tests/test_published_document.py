"""A published revision's document is rendered once, when it is published, and read as stored
until the templates or the Markdown renderer that made it change (notes/document.py)."""

import datetime
from pathlib import Path

import feedparser
import pytest
from django.core.management import call_command
from django.template.loader import get_template
from django.urls import reverse

from notes import document
from notes.models import Revision
from tests.helpers import make_event, make_published_note

pytestmark = pytest.mark.django_db

MARKER = "<p>Stored document, not rendered again.</p>"


@pytest.fixture
def note(expert, reviewer):
    return make_published_note(
        expert, reviewer, objectives="- **Raise awareness** of <export> controls", slug="stored"
    )


def stored(note):
    return Revision.objects.get(pk=note.live_revision_id)


def replace_stored_document(note, html, fingerprint=None):
    Revision.objects.filter(pk=note.live_revision_id).update(
        document_html=html, document_fingerprint=fingerprint or document.fingerprint()
    )


def test_publishing_stores_the_rendered_document(note):
    revision = stored(note)
    assert revision.document_fingerprint == document.fingerprint()
    assert "<strong>Raise awareness</strong> of &lt;export&gt; controls" in revision.document_html
    assert "For information" in revision.document_html


def test_the_public_page_shows_the_stored_document(client, note):
    replace_stored_document(note, MARKER)
    page = client.get(note.get_absolute_url()).content.decode()
    assert MARKER in page
    assert "Raise awareness" not in page


def test_the_feed_shows_the_stored_document(client, note):
    replace_stored_document(note, MARKER)
    [entry] = feedparser.parse(client.get(reverse("feeds-notes")).content).entries
    assert "Stored document" in entry.summary


def test_a_document_made_by_other_templates_is_rendered_again_and_kept(client, note):
    replace_stored_document(note, MARKER, fingerprint="made-by-old")
    page = client.get(note.get_absolute_url()).content.decode()
    assert "<strong>Raise awareness</strong>" in page
    assert MARKER not in page
    assert stored(note).document_fingerprint == document.fingerprint()


def test_a_stale_document_costs_two_queries_once(client, note, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE = False
    replace_stored_document(note, MARKER, fingerprint="made-by-old")
    with django_assert_num_queries(3):  # the note, the whole revision, storing the document
        client.get(note.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(note.get_absolute_url())


def test_the_document_is_in_the_notes_language_whatever_the_readers(client, expert, reviewer):
    event = make_event(start=datetime.date(2009, 6, 23), days=2)
    note = make_published_note(expert, reviewer, event=event, language="fr", slug="irkoutsk")
    html = stored(note).document_html
    assert 'lang="fr"' in html
    assert "23–25 juin 2009" in html
    page = client.get(note.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "23–25 juin 2009" in page


def test_render_documents_renders_only_what_is_stale(note, expert, reviewer, capsys):
    fresh = make_published_note(expert, reviewer, slug="fresh")
    replace_stored_document(note, MARKER, fingerprint="made-by-old")
    call_command("render_documents")
    assert "1 documents rendered" in capsys.readouterr().out
    assert "Raise awareness" in stored(note).document_html
    assert stored(fresh).document_fingerprint == document.fingerprint()
    call_command("render_documents")
    assert "0 documents rendered" in capsys.readouterr().out


def test_the_fingerprint_changes_with_the_document_template(settings, tmp_path):
    before = document._compute_fingerprint()
    folder = tmp_path / "notes"
    folder.mkdir()
    source = Path(get_template(document.TEMPLATE).origin.name).read_text()
    (folder / "_document.html").write_text(source + "<!-- changed -->")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert document._compute_fingerprint() != before
