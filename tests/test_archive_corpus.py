"""The corpus of archived notes: every sample in tests/samples/notes, read as it is committed
(text or Markdown) and as the Word and PDF files its JSON lists under "also_as", generated from
it, gives the fields of `<sample>.expected.json` beside it.

The JSON holds every field of ParsedNote (dates as ISO strings, tuples as lists) and
"is_complete"; "attention" is a list of [part, text], the text a substring of the Attention's.
A sample that is not a note has {"error": {"line": ..., "expected": ...}} instead. A failure
names every field that differs."""

import dataclasses
import datetime
import json
from pathlib import Path

import pytest

from notes.archive.extract import extract_text
from notes.archive.parser import PARTS, ParsedNote, ParseError, parse_note
from tests.helpers import make_docx, make_pdf

SAMPLES = Path(__file__).resolve().parent / "samples" / "notes"
SUFFIXES = (".txt", ".md")
GENERATED = {
    "docx": lambda text: ("note.docx", make_docx(text)),
    "docx-table": lambda text: ("note.docx", make_docx(text, header_table=True)),
    "pdf": lambda text: ("note.pdf", make_pdf(text)),
}
# A PDF wraps long lines: its header reads the same, but not line for line.
KEEPS_LINES = {"txt", "md", "docx", "docx-table"}
FIELDS = [item.name for item in dataclasses.fields(ParsedNote)] + ["is_complete"]


def expected_path(path):
    return path.with_name(path.name.removesuffix(path.suffix) + ".expected.json")


def samples():
    return sorted(path for path in SAMPLES.iterdir() if path.suffix in SUFFIXES)


def cases():
    for path in samples():
        expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
        for form in [path.suffix[1:], *expected.get("also_as", [])]:
            yield pytest.param(path, form, expected, id=f"{path.stem}-{form}")


def read(path, form):
    """The note's text as the reader gets it from the file of the given form."""
    text = extract_text(path.name, path.read_bytes())
    if form in GENERATED:
        name, data = GENERATED[form](text)
        text = extract_text(name, data)
    return text


def as_json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [as_json(item) for item in value]
    return value


def attention_differs(read_items, expected_items):
    """[part, text] pairs, one for one and in order; the expected text a part of the read."""
    return len(read_items) != len(expected_items) or any(
        item.part != part or text not in item.text
        for item, (part, text) in zip(read_items, expected_items, strict=False)
    )


def differences(note, expected, form):
    found = []
    for name in FIELDS:
        if name not in expected:
            found.append(f"{name}: missing from the expected JSON")
            continue
        if name == "header_lines" and form not in KEEPS_LINES:
            continue
        value = getattr(note, name)
        differs = (
            attention_differs(value, expected[name])
            if name == "attention"
            else as_json(value) != expected[name]
        )
        if differs:
            shown = [[item.part, item.text] for item in value] if name == "attention" else value
            found.append(f"{name}: expected {expected[name]!r}, read {as_json(shown)!r}")
    return found


@pytest.mark.parametrize(("path", "form", "expected"), list(cases()))
def test_every_sample_reads_as_its_json_says(path, form, expected):
    text = read(path, form)
    if "error" in expected:
        with pytest.raises(ParseError) as caught:
            parse_note(text)
        assert {"line": caught.value.line, "expected": caught.value.expected} == expected["error"]
        return
    found = differences(parse_note(text), expected, form)
    assert not found, f"{path.name} as {form}:\n" + "\n".join(found)


def test_every_sample_has_its_json_and_every_json_its_sample():
    jsons = {path.name for path in SAMPLES.glob("*.expected.json")}
    assert jsons == {expected_path(path).name for path in samples()}


def test_the_corpus_names_only_known_parts_and_forms():
    for path in samples():
        expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
        assert {part for part, _ in expected.get("attention", [])} <= set(PARTS), path.name
        assert set(expected.get("also_as", [])) <= set(GENERATED), path.name


def test_a_difference_is_named_field_by_field():
    note = parse_note((SAMPLES / "irkutsk-2009-original.txt").read_text(encoding="utf-8"))
    expected = {name: as_json(getattr(note, name)) for name in FIELDS}
    expected |= {"city": "Omsk", "states_count": 56, "attention": [["date", "June"]]}
    assert [line.split(":")[0] for line in differences(note, expected, "txt")] == [
        "city",
        "states_count",
        "attention",
    ]
