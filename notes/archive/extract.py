"""Turn an archive file into plain text, one step per format; the parser reads the text.

Text files are decoded (Markdown files also lose their markup: heading hashes, emphasis,
table pipes), Word files (.docx) read paragraph by paragraph with table
rows as "cell<TAB>cell" lines (notes often lay out their header as a table) and their footnotes
after the text (Word keeps the disclaimer footnote apart from the paragraphs), and PDFs page by
page. Scanned PDFs have no text layer: they come out empty and the parser says so.

A file is untrusted: it is refused, with the limit it is over (limits.py), when it is too big,
when a Word file unpacks to too much, when a PDF has too many pages, or as soon as the text read
from it grows past the limit. A text file's encoding is found honestly (decode_text): UTF-8,
UTF-8 or UTF-16 with a byte-order mark, else Windows-1252 only if that reads as text; any other
file is refused rather than read as gibberish. Control characters other than tab and line breaks
are removed from the text of every format.
"""

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdf
from django.utils.translation import gettext_lazy as _
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph

from notes.archive.limits import DEFAULT
from outreach.text import (
    strip_control_characters,
)  # C0 controls: no page shows them, PG refuses NUL

SUFFIXES = (".txt", ".md", ".docx", ".pdf")

# Names of the encodings a text file may be read in, as the preview shows them.
ENCODINGS = {
    "utf-8": _("UTF-8"),
    "utf-8-sig": _("UTF-8 (with byte-order mark)"),
    "utf-16": _("UTF-16 (with byte-order mark)"),
    "cp1252": _("Windows-1252"),
}


class ExtractError(ValueError):
    """A file that cannot be opened as the format its name claims, or that is over a limit.

    The message is a translatable text and its parameters, put together only when shown: the
    file may be read in another process, which knows neither the settings nor the language of
    the person who will read the message. Parameters named ``*_bytes`` show as sizes, those
    named ``*_number`` with their thousands grouped."""

    def __init__(self, message, params=None):
        super().__init__(message, params)
        self.message = message
        self.params = params or {}

    def __str__(self):
        from django.template.defaultfilters import filesizeformat
        from django.utils.formats import number_format

        shown = {
            key: filesizeformat(value)
            if key.endswith("_bytes")
            else number_format(value, force_grouping=True)
            if key.endswith("_number")
            else value
            for key, value in self.params.items()
        }
        return str(self.message) % shown if shown else str(self.message)


@dataclass(frozen=True)
class Extracted:
    text: str
    encoding: str | None = None  # a key of ENCODINGS, for text files


def extract(name, data, limits=DEFAULT):
    """The text of the file called `name` whose content is `data` (bytes), within `limits`."""
    suffix = Path(name).suffix.lower()
    readers = {".txt": _text_file, ".md": _markdown, ".docx": _word, ".pdf": _pdf}
    if suffix not in readers:
        raise ExtractError(
            _("%(suffix)s is not one of %(formats)s"),
            {"suffix": suffix or _("a file without extension"), "formats": ", ".join(SUFFIXES)},
        )
    if len(data) > limits.file_bytes:
        raise ExtractError(
            _("the file is %(size_bytes)s, over the limit of %(limit_bytes)s"),
            {"size_bytes": len(data), "limit_bytes": limits.file_bytes},
        )
    try:
        text, encoding = readers[suffix](data, _Budget(limits))
    except (ExtractError, MemoryError):
        raise
    except Exception as error:  # Each library raises its own errors for a damaged file.
        raise ExtractError(
            _("cannot be read as %(suffix)s: %(error)s"), {"suffix": suffix, "error": str(error)}
        ) from error
    return Extracted(strip_control_characters(text), encoding)


def extract_text(name, data, limits=DEFAULT):
    """The text of the file called `name` whose content is `data` (bytes)."""
    return extract(name, data, limits).text


def find_files(paths):
    """The supported files among `paths`, folders searched recursively, in a stable order."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if _supported(p)))
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(path)
    return found


def _supported(path):
    return path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


class _Budget:
    """Counts the characters read from one file; refuses the file once they pass the limit."""

    def __init__(self, limits):
        self.limits = limits
        self.used = 0

    def spend(self, text):
        self.used += len(text)
        if self.used > self.limits.text_characters:
            raise ExtractError(
                _("its text is longer than the limit of %(limit_number)s characters"),
                {"limit_number": self.limits.text_characters},
            )
        return text


# --- Text ------------------------------------------------------------------------------------

_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_text(data):
    """(text, encoding) of a text file, the encoding a key of ENCODINGS; ExtractError if the
    file is none of them. Older archive files were saved from Windows word processors."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_marked(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_marked(data, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        not_utf8 = error
    # Mostly well-formed UTF-8 with a bad byte is damaged UTF-8, not Windows-1252: read as that
    # it would come out as "CÃ´te d'Ivoire".
    non_ascii = sum(byte >= 0x80 for byte in data)
    in_utf8 = sum(map(len, _UTF8_SEQUENCE.findall(data)))
    if in_utf8 * 2 < non_ascii:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = None
        if text is not None and _looks_like_text(text, latin=True):
            return text, "cp1252"
    raise ExtractError(
        _(
            "it is neither UTF-8 (byte 0x%(byte)02X at position %(position)s is not valid) nor "
            "UTF-16 with a byte-order mark nor Windows-1252 text: save it as UTF-8 and try again"
        ),
        {"byte": data[not_utf8.start], "position": not_utf8.start},
    )


def _decode_marked(data, encoding):
    """The text of a file that begins with the byte-order mark of `encoding`."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = None
    if text is None or not _looks_like_text(text):
        raise ExtractError(
            _(
                "it begins with a byte-order mark but is not %(encoding)s text: save it as UTF-8 "
                "and try again"
            ),
            {"encoding": "UTF-16" if encoding == "utf-16" else "UTF-8"},
        )
    return text


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_LETTERS = re.compile(r"(?:(?![\x00-\x7f])[^\W\d_])+")
_SPACES = re.compile(r"\s")


def _looks_like_text(text, *, latin=False):
    """Text as a note is: hardly a control character (binary data has many). In a Latin
    alphabet (`latin`), most characters are ASCII and accented letters stand among ASCII ones
    ("Côte", "año"): Russian or Greek read as Windows-1252 comes out as words of accented
    capitals and symbols ("éÒËÕÔÓË")."""
    if "\x00" in text:
        return False
    if _CONTROLS.subn("", text)[1] * 100 > len(text):
        return False
    if latin:
        visible = len(text) - _SPACES.subn("", text)[1]
        if _NON_ASCII.subn("", text)[1] * 4 > visible:
            return False
        runs = [len(run) for run in _NON_ASCII_LETTERS.findall(text)]
        return sum(run for run in runs if run >= 3) * 2 <= sum(runs)
    return True


def _text_file(data, budget):
    text, encoding = decode_text(data)
    return budget.spend(text), encoding


# --- Markdown --------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Each run of white space is matched once: nothing on either side of an optional pipe can take it.
_MD_TABLE_RULE = re.compile(r"\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*(?:\|\s*)?")


def _markdown(data, budget):
    text, encoding = _text_file(data, budget)
    return "\n".join(_markdown_line(line) for line in text.splitlines()), encoding


def _markdown_line(line):
    """The line as the plain-text notes have it: "Label:<TAB>value" rows, bare headings."""
    if _MD_TABLE_RULE.fullmatch(line):
        return ""
    if line.strip().startswith("|"):
        line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return _strip_emphasis(_MD_HEADING.sub("", line))


def _strip_emphasis(line):
    """Strong emphasis only: a single "*" or "_" also marks footnotes and sits in e-mail
    addresses. "**text**" (or "__text__") becomes "text" where the text begins and ends with
    a non-space, the nearest such closing mark taken.

    A scan rather than a lazy regular expression, which would search the rest of the line again
    for every opening mark without a closing one."""
    kept, start, index = [], 0, 0
    unclosed = set()  # a mark with no closing mark after an opening one has none further on
    while index < len(line) - 2:
        mark = line[index : index + 2]
        if mark in ("**", "__") and mark not in unclosed and not line[index + 2].isspace():
            close = _closing_mark(line, mark, index + 3)
            if close is None:
                unclosed.add(mark)
            else:
                kept += [line[start:index], line[index + 2 : close]]
                start = index = close + 2
                continue
        index += 1
    kept.append(line[start:])
    return "".join(kept)


def _closing_mark(line, mark, start):
    while (found := line.find(mark, start)) != -1:
        if not line[found - 1].isspace():
            return found
        start = found + 1
    return None


# --- Word ------------------------------------------------------------------------------------


def _word(data, budget):
    _check_unpacked_size(data, budget.limits)
    document = docx.Document(io.BytesIO(data))
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(budget.spend(block.text))
        elif isinstance(block, Table):
            lines.extend(budget.spend(line) for line in _table_lines(block))
    lines.extend(budget.spend(line) for line in _footnote_lines(document))
    return "\n".join(lines), None


def _footnote_lines(document):
    """The text of each footnote, one paragraph a line, its mark dropped. Word's separator
    "footnotes" (the rule above the notes) have no text."""
    part = next(
        (
            rel.target_part
            for rel in document.part.rels.values()
            if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external
        ),
        None,
    )
    if part is None:
        return []
    notes = parse_xml(part.blob)  # python-docx's parser: no entity is resolved
    return [
        "".join(text.text or "" for text in paragraph.iter(qn("w:t")))
        for footnote in notes.iter(qn("w:footnote"))
        if footnote.get(qn("w:type")) in (None, "normal")
        for paragraph in footnote.iter(qn("w:p"))
    ]


def _check_unpacked_size(data, limits):
    """A Word file is a zip archive: what its parts unpack to is read before any of it is.
    (The zip module never unpacks more than the sizes it declares.)"""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limits.docx_unpacked_bytes:
        raise ExtractError(
            _("it unpacks to %(size_bytes)s, over the limit of %(limit_bytes)s"),
            {"size_bytes": unpacked, "limit_bytes": limits.docx_unpacked_bytes},
        )


def _table_lines(table):
    lines = []
    for row in table.rows:
        cells = [cell.text.replace("\n", " ").strip() for cell in row.cells]
        # Merged cells repeat their text in every grid column they span.
        unique = [
            text for index, text in enumerate(cells) if index == 0 or text != cells[index - 1]
        ]
        lines.append("\t".join(unique))
    return lines


# --- PDF -------------------------------------------------------------------------------------


def _pdf(data, budget):
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    if pages > budget.limits.pdf_pages:
        raise ExtractError(
            _("it has %(pages)s pages, over the limit of %(limit)s"),
            {"pages": pages, "limit": budget.limits.pdf_pages},
        )
    return "\n".join(budget.spend(page.extract_text() or "") for page in reader.pages), None
