"""Two people save from the same version: different sections merge, the same section conflicts,
and a section that differs only by its line endings is no conflict at all."""

import types

import pytest
from django.urls import reverse

from notes.merging import merge_fields
from notes.models import Note
from outreach.editing import EditConflict
from tests.helpers import make_note, make_published_note, messages_of

pytestmark = pytest.mark.django_db

FIELDS = ("title", "objectives", "background", "highlights", "additional_comments")
BACKGROUND = "Line one of the background.\nLine two, with «quotes» and 1540 (2004)."


def texts(**values):
    return types.SimpleNamespace(**(dict.fromkeys(FIELDS, "") | values))


def edit_data(note, **changes):
    """What the editor posts: every field as a browser sends it (CRLF), and where it began."""
    data = {field: getattr(note, field).replace("\n", "\r\n") for field in FIELDS}
    data |= {"expected_version": note.version, "base_revision": note.latest_revision.number}
    return data | {"save": "", "message": ""} | changes


def open_twice(note):
    return Note.objects.get(pk=note.pk), Note.objects.get(pk=note.pk)


# -- the merge itself ------------------------------------------------------------------------


def test_each_side_keeps_the_fields_only_it_changed():
    base = texts(background="old", highlights="old")
    mine = texts(background="mine", highlights="old")
    theirs = texts(background="old", highlights="theirs")
    merge = merge_fields(FIELDS, base=base, mine=mine, theirs=theirs)
    assert merge.values["background"] == "mine"
    assert merge.values["highlights"] == "theirs"
    assert merge.theirs_taken == ["highlights"]
    assert merge.conflicts == []


def test_the_same_field_changed_differently_is_a_conflict_and_the_same_change_is_not():
    base = texts(background="old", highlights="old")
    mine = texts(background="same new", highlights="mine")
    theirs = texts(background="same new", highlights="theirs")
    merge = merge_fields(FIELDS, base=base, mine=mine, theirs=theirs)
    assert merge.conflicts == ["highlights"]
    assert merge.values["highlights"] == "mine"  # the person's own text stays in their form
    assert merge.values["background"] == "same new"


def test_line_endings_alone_are_no_change():
    base = texts(background="a\nb")
    mine = texts(background="a\r\nb", highlights="mine")
    theirs = texts(background="a\nb\n".rstrip("\n"), title="theirs")
    merge = merge_fields(FIELDS, base=base, mine=mine, theirs=theirs)
    assert merge.conflicts == []
    assert merge.values["title"] == "theirs"


def test_without_a_known_base_every_field_both_wrote_differently_conflicts():
    merge = merge_fields(
        FIELDS,
        base=None,
        mine=texts(title="a", background="x"),
        theirs=texts(title="b", background="x"),
    )
    assert merge.conflicts == ["title"]


# -- on the model ----------------------------------------------------------------------------


def test_two_saves_of_different_sections_from_one_version_are_both_kept(expert, other_expert):
    note = make_note(expert, background=BACKGROUND, highlights="Original highlights.")
    note.authors.add(other_expert)
    mine, theirs = open_twice(note)
    theirs.highlights = "Their highlights."
    theirs.save_draft(by=other_expert, expected_version=1, base_revision=1)
    mine.background = "My background."
    revision = mine.save_draft(by=expert, expected_version=1, base_revision=1)
    saved = Note.objects.get(pk=note.pk)
    assert (saved.background, saved.highlights) == ("My background.", "Their highlights.")
    assert (revision.background, revision.highlights) == ("My background.", "Their highlights.")
    assert saved.version == 3 and revision.number == 3
    assert mine.last_merge.theirs_taken == ["highlights"]
    assert "merged with revision 2" in revision.message


def test_two_saves_of_the_same_section_conflict_and_write_nothing(expert, other_expert):
    note = make_note(expert, highlights="Original.")
    note.authors.add(other_expert)
    mine, theirs = open_twice(note)
    theirs.highlights = "Theirs."
    theirs.save_draft(by=other_expert, expected_version=1, base_revision=1)
    mine.highlights = "Mine."
    mine.background = "My background too."
    with pytest.raises(EditConflict) as refusal:
        mine.save_draft(by=expert, expected_version=1, base_revision=1)
    assert refusal.value.fields == ["highlights"]
    assert refusal.value.base.number == 1
    saved = Note.objects.get(pk=note.pk)
    assert (saved.highlights, saved.background) == ("Theirs.", note.background)
    assert saved.revisions.count() == 2


def test_a_stale_save_that_adds_nothing_keeps_no_revision(expert, other_expert):
    note = make_note(expert)
    note.authors.add(other_expert)
    mine, theirs = open_twice(note)
    theirs.highlights = "Theirs."
    theirs.save_draft(by=other_expert, expected_version=1, base_revision=1)
    mine.highlights = "Theirs."  # the same words, typed by both
    revision = mine.save_draft(by=expert, expected_version=1, base_revision=1)
    assert revision.number == 2
    assert Note.objects.get(pk=note.pk).revisions.count() == 2


def test_a_merge_into_a_published_note_stays_unpublished(expert, other_expert, reviewer):
    note = make_published_note(expert, reviewer, highlights="Live words.")
    note.authors.add(other_expert)
    mine, theirs = open_twice(note)
    base = note.latest_revision.number
    theirs.objectives = "New objectives."
    theirs.save_draft(by=other_expert, expected_version=note.version, base_revision=base)
    mine.highlights = "New highlights."
    mine.save_draft(by=expert, expected_version=note.version, base_revision=base)
    saved = Note.objects.get(pk=note.pk)
    assert saved.has_unpublished_changes
    assert saved.live_revision.highlights == "Live words."
    assert (saved.objectives, saved.highlights) == ("New objectives.", "New highlights.")


# -- through the editor ----------------------------------------------------------------------


def test_the_editor_merges_and_says_what_it_took_from_the_other_save(client, expert, other_expert):
    note = make_note(expert, background=BACKGROUND)
    note.authors.add(other_expert)
    stale = edit_data(note, background="My background.")
    client.force_login(other_expert)
    assert (
        client.post(
            reverse("notes-edit", args=[note.pk]), edit_data(note, title="Their title")
        ).status_code
        == 302
    )
    client.force_login(expert)
    response = client.post(reverse("notes-edit", args=[note.pk]), stale, follow=True)
    saved = Note.objects.get(pk=note.pk)
    assert (saved.title, saved.background) == ("Their title", "My background.")
    assert any("their changes to title are kept" in text for text in messages_of(response))


def test_the_conflict_page_shows_only_the_section_both_changed(client, expert, other_expert):
    note = make_note(expert, background=BACKGROUND, highlights="Original words.")
    note.authors.add(other_expert)
    stale = edit_data(note, highlights="My words.")
    client.force_login(other_expert)
    theirs = edit_data(note, highlights="Their words.", title="Their title")
    assert client.post(reverse("notes-edit", args=[note.pk]), theirs).status_code == 302
    client.force_login(expert)
    response = client.post(reverse("notes-edit", args=[note.pk]), stale)
    assert response.status_code == 409
    assert [str(s["label"]) for s in response.context["conflict"]["sections"]] == ["3. Highlights"]
    conflict = response.text[
        response.text.index('class="conflict"') : response.text.index("</section>")
    ]
    assert "Background" not in conflict  # differs only by CRLF: not shown
    assert "<del>Original</del><ins>Their</ins> words." in conflict
    form = response.context["form"]
    assert form["highlights"].value() == "My words."  # mine, kept
    assert form["title"].value() == "Their title"  # theirs, merged in already
    assert form["expected_version"].value() == 2
    saved = Note.objects.get(pk=note.pk)
    assert saved.highlights == "Their words."
    resolved = {field.name: field.value() for field in form} | {"save": "", "message": ""}
    resolved["highlights"] = "Their words and mine."
    assert client.post(reverse("notes-edit", args=[note.pk]), resolved).status_code == 302
    saved = Note.objects.get(pk=note.pk)
    assert (saved.title, saved.highlights) == ("Their title", "Their words and mine.")


def test_the_editor_stores_line_endings_as_lf(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    client.post(
        reverse("notes-edit", args=[note.pk]), edit_data(note, highlights="One\r\nTwo\rThree")
    )
    assert Note.objects.get(pk=note.pk).highlights == "One\nTwo\nThree"


def test_resaving_unchanged_text_sent_with_crlf_keeps_no_revision(client, expert):
    note = make_note(expert, background=BACKGROUND)
    client.force_login(expert)
    client.post(reverse("notes-edit", args=[note.pk]), edit_data(note))
    assert Note.objects.get(pk=note.pk).revisions.count() == 1
