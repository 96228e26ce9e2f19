"""Every archive format reads to the same note: text, Markdown, Word (with or without a header
table) and text-based PDF, generated here from the sample notes."""

import dataclasses
import json
from pathlib import Path

import pytest

from notes.archive.extract import ExtractError, extract_text, find_files
from notes.archive.parser import ParseError, parse_note
from tests.helpers import make_docx, make_pdf
from tests.test_archive_corpus import expected_path
from tests.test_archive_parser import IRKUTSK, IRKUTSK_NOTE, SAMPLES


def expected(path):
    return json.loads(expected_path(path).read_text(encoding="utf-8"))


# The text samples a PDF can carry (its font has no ligature nor narrow space), and those that
# are not notes at all.
WELL_FORMED = sorted(
    path
    for path in SAMPLES.glob("*.txt")
    if "error" not in expected(path) and "pdf" in expected(path)["also_as"]
)
NOT_NOTES = sorted(path for path in SAMPLES.glob("*.txt") if "error" in expected(path))
FORMS = {
    "txt": lambda text: text.encode(),
    "md": lambda text: text.encode(),
    "docx": make_docx,
    "docx-table": lambda text: make_docx(text, header_table=True),
    "pdf": make_pdf,
}


def as_file(text, form):
    suffix = "docx" if form.startswith("docx") else form
    return f"note.{suffix}", FORMS[form](text)


def read(path):
    return extract_text(path.name, path.read_bytes())


def but_header_lines(note, form):
    """A PDF wraps long lines: its header reads the same, but not line for line."""
    return dataclasses.replace(note, header_lines=()) if form == "pdf" else note


@pytest.mark.parametrize("form", FORMS)
def test_the_irkutsk_note_reads_the_same_in_every_format(form):
    name, data = as_file(read(IRKUTSK), form)
    note = parse_note(extract_text(name, data))
    assert but_header_lines(note, form) == but_header_lines(IRKUTSK_NOTE, form)


def test_a_pdf_keeps_the_header_lines_it_wraps():
    name, data = as_file(read(IRKUTSK), "pdf")
    lines = parse_note(extract_text(name, data)).header_lines
    assert len(lines) > len(IRKUTSK_NOTE.header_lines)
    assert " ".join(lines).split() == " ".join(IRKUTSK_NOTE.header_lines).split()


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("path", WELL_FORMED, ids=lambda path: path.stem)
def test_every_sample_reads_the_same_in_every_format(path, form):
    name, data = as_file(read(path), form)
    note = parse_note(extract_text(name, data))
    assert but_header_lines(note, form) == but_header_lines(parse_note(read(path)), form)


@pytest.mark.parametrize("form", ["txt", "md", "docx"])
@pytest.mark.parametrize("path", NOT_NOTES, ids=lambda path: path.stem)
def test_a_text_that_is_not_a_note_fails_at_the_same_line_in_every_line_preserving_format(
    path, form
):
    with pytest.raises(ParseError) as from_text:
        parse_note(read(path))
    name, data = as_file(read(path), form)
    with pytest.raises(ParseError) as from_file:
        parse_note(extract_text(name, data))
    assert (from_file.value.line, from_file.value.expected) == (
        from_text.value.line,
        from_text.value.expected,
    )


def test_the_generated_pdf_is_one_that_pypdf_reads_page_by_page():
    text = "\n".join(f"Line {n}" for n in range(1, 131))
    extracted = extract_text("long.pdf", make_pdf(text, lines_per_page=60))
    assert [line for line in extracted.splitlines() if line.strip()] == text.splitlines()


def test_a_windows_text_file_is_read_as_windows_1252():
    assert (
        extract_text("old.txt", "Côte d’Ivoire – 2009".encode("cp1252")) == "Côte d’Ivoire – 2009"
    )


def test_a_utf8_byte_order_mark_is_dropped():
    assert extract_text("note.md", "\ufeffEvent:".encode()) == "Event:"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("note.rtf", b"{\\rtf1}", ".rtf is not one of"),
        ("note.docx", b"not a zip file", "cannot be read as .docx"),
        ("note.pdf", b"not a pdf", "cannot be read as .pdf"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_clearly(name, data, message):
    with pytest.raises(ExtractError, match=message):
        extract_text(name, data)


def test_folders_are_searched_recursively_for_supported_files_only(tmp_path):
    (tmp_path / "2009" / "june").mkdir(parents=True)
    for name in ["2009/june/a.txt", "2009/b.PDF", "c.docx", "d.md", "e.rtf", ".hidden.txt"]:
        (tmp_path / name).write_bytes(b"")
    found = find_files([tmp_path])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == [
        "2009/b.PDF",
        "2009/june/a.txt",
        "c.docx",
        "d.md",
    ]


def test_a_missing_path_is_an_error_not_an_empty_import(tmp_path):
    with pytest.raises(FileNotFoundError):
        find_files([tmp_path / "nowhere"])


def test_a_scanned_pdf_without_text_gives_the_parsers_line_one_error():
    with pytest.raises(ParseError) as caught:
        parse_note(extract_text("scan.pdf", make_pdf("")))
    assert caught.value.line == 1


def test_extraction_keeps_paths_out_of_the_parser():
    # The parser knows nothing of files: it is given text only.
    assert "Path" not in Path(parse_note.__code__.co_filename).read_text()


def as_markdown(text):
    """The note as someone would write it in Markdown: a header table, marked-up headings."""
    lines, rows = [], []
    for line in text.splitlines():
        if "\t" in line:
            label, value = line.split("\t", 1)
            rows.append(f"| **{label}** | {value} |")
            continue
        if rows:
            lines += ["| | |", "|---|---|", *rows]
            rows = []
        heading = line[:2] in {"1.", "2.", "3.", "4."} and len(line) < 30
        lines.append(
            f"## {line}" if heading else f"# {line}" if "Information Note" in line else line
        )
    return "\n".join(lines)


def test_a_markdown_note_loses_its_markup_before_parsing():
    markdown = as_markdown(read(IRKUTSK))
    assert "## 1. Objectives" in markdown and "| **Event:** |" in markdown
    assert parse_note(extract_text("irkutsk.md", markdown.encode())) == IRKUTSK_NOTE


def test_markdown_keeps_single_stars_and_underscores():
    text = "Contact first_last@un.org or *see* the note*"
    assert extract_text("note.md", text.encode()) == text


DISCLAIMER = (
    "For information – not an official report. The views expressed here do not necessarily "
    "represent those of the 1540 Committee or of the organizers or participants in the event."
)


def with_footnote(data, text):
    """The Word file `data` with a footnotes part holding Word's separator and one footnote,
    as Word saves a note whose disclaimer is a real footnote."""
    import io

    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    ).encode()
    document = docx.Document(io.BytesIO(data))
    part = Part(
        PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml, document.part.package
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_footnote_is_read_after_the_text():
    text = read(SAMPLES / "almaty-2005-one-state-a-line.txt")
    extracted = extract_text("note.docx", with_footnote(make_docx(text), DISCLAIMER))
    assert extracted.splitlines()[-1] == " " + DISCLAIMER
    note = parse_note(extracted)
    assert note.has_disclaimer
    assert dataclasses.replace(note, has_disclaimer=False) == parse_note(text)


def test_a_word_file_without_footnotes_reads_none():
    text = read(SAMPLES / "almaty-2005-one-state-a-line.txt")
    assert not parse_note(extract_text("note.docx", make_docx(text))).has_disclaimer
