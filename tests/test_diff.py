"""Word-level differences between revisions, escaped safely."""

from types import SimpleNamespace

from notes.diff import diff_sections, diff_words
from notes.header import LINE_LABELS, Header
from notes.models import CONTENT_FIELDS


def test_unchanged_text_has_no_marks():
    assert diff_words("Same words.", "Same words.") == "Same words."


def test_a_replaced_word_is_deleted_then_inserted():
    assert (
        diff_words("Old words here.", "New words here.")
        == "<del>Old</del><ins>New</ins> words here."
    )


def test_added_and_removed_words_are_marked():
    assert diff_words("one two", "one two three") == "one two<ins> three</ins>"
    assert diff_words("one two three", "one three") == "one <del>two </del>three"


def test_markup_in_the_text_is_escaped_not_interpreted():
    html = diff_words("", '<script>alert("x")</script> & more')
    assert html == "<ins>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</ins>"


def test_line_breaks_survive():
    assert diff_words("- a\n- b", "- a\n- c") == "- a\n- <del>b</del><ins>c</ins>"


def test_empty_texts_give_an_empty_diff():
    assert diff_words(None, "") == ""


HEADER = Header(title="Seminar", organizers=("OSCE",), city="Vienna", country="Austria")


def version(header=HEADER, **texts):
    return SimpleNamespace(header=header, **(dict.fromkeys(CONTENT_FIELDS, "Same") | texts))


def test_sections_cover_every_content_field_and_say_which_changed():
    old, new = version(), version(highlights="Other")
    sections = diff_sections(old, new)[len(LINE_LABELS) :]
    assert [str(section["label"]) for section in sections] == [
        "title",
        "1. Objectives",
        "2. Background",
        "3. Highlights",
        "4. Additional comments",
    ]
    assert [section["changed"] for section in sections] == [False, False, False, True, False]


def test_without_an_old_revision_everything_is_inserted():
    new = version(header=Header(title="Text"), **dict.fromkeys(CONTENT_FIELDS, "Text"))
    sections = [section for section in diff_sections(None, new) if section["changed"]]
    assert [section["html"] for section in sections] == ["<ins>Text</ins>"] * 6


def test_the_header_lines_come_first_and_say_which_changed():
    moved = Header(title="Seminar", organizers=("OSCE", "UNODA"), city="Vienna", country="Austria")
    sections = diff_sections(version(), version(header=moved))
    changed = [str(section["label"]) for section in sections if section["changed"]]
    assert changed == ["Organizers"]
    assert "UNODA</ins>" in sections[1]["html"]
