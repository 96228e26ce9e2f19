"""`manage.py seed_scale`: a large, realistic dataset for measuring, here at a small size."""

import html
import io
import itertools
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from bench.dataset import distinct_words
from bench.paths import new_searches, note_addresses, public_pages, uncached_pages
from notes.header import Header
from notes.models import Note, Revision, Transition
from notes.search import note_search_vector

pytestmark = pytest.mark.django_db

NOTES = 30
Status = Note.Status


def seed(notes=NOTES, seed=7, *extra):
    out = io.StringIO()
    call_command("seed_scale", "--notes", str(notes), "--seed", str(seed), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    return seed()


def test_it_writes_the_notes_in_each_state_with_their_story(seeded):
    assert "Seeded 30 published notes (3 in draft, 3 in review)" in seeded
    counts = {status: Note.objects.filter(status=status).count() for status in Status.values}
    assert counts == {
        Status.PUBLISHED: NOTES,
        Status.DRAFT: NOTES // 10,
        Status.IN_REVIEW: NOTES // 10,
        Status.CHANGES_REQUESTED: 0,
        Status.WITHDRAWN: 0,
    }
    assert Note.objects.published().count() == NOTES
    for note in Note.objects.select_related("live_revision__disclaimer", "latest_revision"):
        assert note.latest_revision.number == note.revisions.count() == note.version
        moves = list(note.transitions.order_by("created_at").values_list("to_status", flat=True))
        if note.status == Status.PUBLISHED:
            live = note.live_revision
            assert live == note.latest_revision
            assert live.disclaimer.in_force and live.published_at == note.last_published_at
            assert moves[-2:] == [Status.IN_REVIEW, Status.PUBLISHED]
            publish = note.transitions.get(to_status=Status.PUBLISHED)
            assert publish.revision == live and publish.actor not in note.authors.all()
        else:
            assert note.live_revision is None and note.first_published_at is None
            assert moves == ([Status.IN_REVIEW] if note.status == Status.IN_REVIEW else [])
        for before, after in itertools.pairwise(moves):
            assert before != after
    published_revisions = Revision.objects.filter(published_at__isnull=False)
    assert published_revisions.count() == NOTES
    assert not published_revisions.filter(disclaimer=None).exists()


def test_the_texts_are_long_and_varied(seeded):
    assert len(distinct_words()) > 3000
    lengths = [
        len(" ".join([n.objectives, n.background, n.highlights, n.additional_comments]).split())
        for n in Note.objects.all()
    ]
    assert min(lengths) >= 300 and max(lengths) <= 1600
    assert Note.objects.exclude(language="en").exists()


def test_each_revision_freezes_the_header_its_event_gives(seeded):
    """As Note._keep_revision writes it: an event edit now would change nothing."""
    assert not Revision.objects.filter(header_json={}).exists()
    notes = Note.objects.select_related("event__country").prefetch_related("revisions")
    for note in notes:
        for revision in note.revisions.all():
            assert revision.header == Header.of_event(note.event)
            assert revision.header.title == note.event.title
        assert note.keep_header_current() is None


def test_every_published_note_answers_and_search_finds_a_word_of_its_text(client, seeded):
    published = Note.objects.published().select_related("event", "live_revision")
    for note in published:
        page = client.get(note.get_absolute_url())
        assert page.status_code == 200, note.slug
        assert note.live_revision.display_title in html.unescape(page.content.decode())
        word = max(re.findall(r"\w+", note.live_revision.highlights), key=len)
        assert note in Note.objects.published().search(word), (note.slug, word)
    assert not Note.objects.published().search("qqqqqqq").exists()


def test_the_stored_search_words_are_those_publication_stores(seeded):
    if connection.vendor != "postgresql":
        pytest.skip("search words are stored on PostgreSQL only")
    for note in Note.objects.published().select_related("live_revision"):
        stored, expected = (
            Note.objects.filter(pk=note.pk)
            .annotate(expected=note_search_vector(note))
            .values_list("search_vector", "expected")
            .get()
        )
        assert stored == expected, note.slug


def test_the_public_pages_of_the_benchmark_answer(client, seeded):
    pages = public_pages()
    assert len(pages) == 12
    notes = note_addresses(count=50)
    searches = new_searches(count=50)
    assert len(set(notes)) == len(notes) and len(set(searches)) == 50
    assert len(uncached_pages(pages, notes)) == 4
    for label, path in [*pages, *(("note", path) for path in notes), ("search", searches[0])]:
        assert client.get(path).status_code == 200, (label, path)


def snapshot():
    notes = Note.objects.select_related("event").prefetch_related("revisions")
    return sorted(
        (
            note.slug,
            note.status,
            note.language,
            note.event.title,
            note.event.start_date,
            note.title,
            note.objectives,
            note.background,
            note.highlights,
            note.additional_comments,
            [(r.number, r.highlights, r.header_json) for r in note.revisions.all()],
        )
        for note in notes
    )


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    with transaction.atomic():
        seed(10, 3)
        first = snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        seed(10, 4)
        other = snapshot()
        transaction.set_rollback(True)
    seed(10, 3)
    assert snapshot() == first
    assert [row[6:10] for row in other] != [row[6:10] for row in first]


def test_it_refuses_a_database_with_notes_unless_told_to_add(seeded):
    with pytest.raises(CommandError, match="has 36 notes already"):
        seed(5)
    seed(5, 7, "--append")
    assert Note.objects.published().count() == NOTES + 5
    assert Transition.objects.filter(to_status=Status.PUBLISHED).count() == NOTES + 5
