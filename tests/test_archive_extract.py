"""Every archive format reads to the same note: text, Markdown, Word (with or without a header
table) and text-based PDF, generated here from the sample notes."""

from pathlib import Path

import pytest

from notes.archive.extract import ExtractError, extract_text, find_files
from notes.archive.parser import ParseError, parse_note
from tests.helpers import make_docx, make_pdf
from tests.test_archive_parser import IRKUTSK, IRKUTSK_NOTE, SAMPLES

WELL_FORMED = sorted(path for path in SAMPLES.glob("*.txt") if "malformed" not in path.name)
MALFORMED = sorted(SAMPLES.glob("malformed-*.txt"))
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
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("form", FORMS)
def test_the_irkutsk_note_reads_the_same_in_every_format(form):
    name, data = as_file(read(IRKUTSK), form)
    assert parse_note(extract_text(name, data)) == IRKUTSK_NOTE


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("path", WELL_FORMED, ids=lambda path: path.stem)
def test_every_sample_reads_the_same_in_every_format(path, form):
    name, data = as_file(read(path), form)
    assert parse_note(extract_text(name, data)) == parse_note(read(path))


@pytest.mark.parametrize("form", ["txt", "md", "docx"])
@pytest.mark.parametrize("path", MALFORMED, ids=lambda path: path.stem)
def test_a_malformed_sample_fails_at_the_same_line_in_every_line_preserving_format(path, form):
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
