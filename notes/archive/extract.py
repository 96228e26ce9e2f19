"""Turn an archive file into plain text, one step per format; the parser reads the text.

Text files are decoded (Markdown files also lose their markup: heading hashes, emphasis,
table pipes), Word files (.docx) read paragraph by paragraph with table
rows as "cell<TAB>cell" lines (notes often lay out their header as a table), and PDFs page by
page. Scanned PDFs have no text layer: they come out empty and the parser says so.
"""

import io
import re
from pathlib import Path

import docx
import pypdf
from docx.table import Table
from docx.text.paragraph import Paragraph

SUFFIXES = (".txt", ".md", ".docx", ".pdf")


class ExtractError(ValueError):
    """A file that cannot be opened as the format its name claims."""


def extract_text(name, data):
    """The text of the file called `name` whose content is `data` (bytes)."""
    suffix = Path(name).suffix.lower()
    readers = {".txt": _text, ".md": _markdown, ".docx": _word, ".pdf": _pdf}
    if suffix not in readers:
        raise ExtractError(f"{suffix or 'a file without extension'} is not one of {SUFFIXES}")
    try:
        return readers[suffix](data)
    except ExtractError:
        raise
    except Exception as error:  # Each library raises its own errors for a damaged file.
        raise ExtractError(f"cannot be read as {suffix}: {error}") from error


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


def _text(data):
    # Older archive files were saved from Windows word processors.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Strong emphasis only: a single "*" or "_" also marks footnotes and sits in e-mail addresses.
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _markdown(data):
    return "\n".join(_markdown_line(line) for line in _text(data).splitlines())


def _markdown_line(line):
    """The line as the plain-text notes have it: "Label:<TAB>value" rows, bare headings."""
    if _MD_TABLE_RULE.match(line):
        return ""
    if line.strip().startswith("|"):
        line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return _MD_EMPHASIS.sub(r"\2", _MD_HEADING.sub("", line))


def _word(data):
    document = docx.Document(io.BytesIO(data))
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(lines)


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


def _pdf(data):
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
