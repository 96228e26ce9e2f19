"""Read the text of an archived Information Note into its parts.

The archive holds notes typed by many people over many years, exported to PDF, pasted into
e-mails and web pages. The reader is forgiving: every text that is recognisably a note is read;
what is read with confidence fills the fields, and what is not is reported as an ``Attention``
with its original wording while the reading goes on. Only a text with neither a header (two of
its labels) nor a section heading raises ParseError.

- Text: Windows or old Mac line endings, non-breaking and thin spaces, ligatures, HTML tags
  (a cell's end becomes a tab, a paragraph's or a line break's end a new line) and entities,
  footnote marks (superscript digits, an asterisk glued to a word) are cleaned away.
- Pages: lines such as "Page 2 of 3", "- 2 -", "Page | 2", a bare page number, a document
  symbol ("S/AC.44/2014/INF.3"), a footer code like "2.7.18" (alone or glued after a final
  period), "This page intentionally left blank", a repeated "Information Note" title and any
  other short line repeated as a running header are dropped. A word hyphenated across a line
  break is mended ("regu-" + "lations"); the hyphen stays before a capital and after prefixes
  such as "non-" and "counter-", which the notes spell with one. A paragraph cut by a page
  break is joined again.
- Disclaimer: the footnote "For information - not an official report. The views expressed here
  ..." (with any dash, its mark written ¹, *, (1), [1] or 1) is recognised wherever it stands:
  after the title, between two sections, at the end. It is removed from the body.
- Header: "Label<separator>value", the separator a colon, a tab or two or more spaces; labels
  in any case, with Markdown emphasis or HTML around them, singular or plural, with extra words
  ("Date and venue of the event", "Participants (approx.)", "Organised by"). A line without a
  label continues the value above it. The header ends at the first section heading, or at
  unlabelled text after a blank line. A label we do not know is kept as an Attention on
  "header"; ``header_lines`` keeps the header as written, one entry per line.
- Dates (dates.py): single days, ranges within a month or across months or years, lists of days
  ("2, 9 and 16 March 2021"), weekdays, ordinals, either order of day and month. ``days`` lists
  every day of an event held on separate days. The venue is written before or after the date.
- Venue (places.py): "City, Country", "City (Country)", "Venue, City, Country", a country alone,
  "online"/"virtual"/"videoconference" (format "virtual") or "hybrid" (format "hybrid"). The
  country is returned as written, for the importer to match.
- Participants (participants.py): a count of States or their names, and the organizations of
  every other category; what does not fit ("Civil society: 4 NGOs") is an Attention.
- Sections: "1. Objectives", "1) Objectives", "I. Objectives", "Objectives:", "OBJECTIVES",
  "Objectives of the mission", "Main highlights", "Summary", "Other comments", in any order,
  Markdown "#" or emphasis around them, the text on the same line or below. A numbered heading
  we do not know ("5. Follow-up", with the number after the previous heading, so that a
  numbered list is not taken for one) or an unknown heading in capitals after the first section
  is kept, with its heading, at the end of the additional comments, as is text that stands
  under no heading. A missing section is an Attention on "sections" naming it. Bodies become
  Markdown: bullets as "- item" lines, paragraphs separated by a blank line.
- Contact: "For further information, please contact ... at name@example.org." is returned on
  its own, cut back to the address and its period.

An Attention's text is the wording as written; for a part that is missing altogether it is
empty, except for a missing section, which it names ("Background").
"""

from __future__ import annotations

import datetime
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from notes.archive.dates import Dates, parse_date_range, read_dates
from notes.archive.participants import read_participants
from notes.archive.places import read_place, split_names, tidy_name

__all__ = ["PARTS", "Attention", "ParseError", "ParsedNote", "parse_date_range", "parse_note"]

EXPECTED_EVENT = "an 'Event:' header line"


@dataclass(frozen=True)
class Attention:
    """A part of the note the reader could not read with confidence, kept as it was written.

    ``part`` is one of PARTS; ``text`` is the original wording (a header value, a line)."""

    part: str
    text: str


# The parts an Attention can name, in the order of the document.
PARTS = ("event", "organizers", "date", "venue", "participants", "sections", "header")


@dataclass(frozen=True)
class ParsedNote:
    event_title: str
    organizers: tuple[str, ...]
    start_date: datetime.date | None  # None only with an Attention on "date"
    end_date: datetime.date | None
    city: str
    country: str
    states_count: int | None
    states: tuple[str, ...]
    organizations: tuple[str, ...]
    objectives: str
    background: str
    highlights: str
    additional_comments: str
    contact_line: str
    has_disclaimer: bool
    # Every day of an event held on separate days ("2, 9 and 16 March 2021"); empty when the
    # event ran from start_date to end_date.
    days: tuple[datetime.date, ...] = ()
    # An Event.Format value read from the venue ("online", "hybrid"...), or "" when not said.
    format: str = ""
    # The header as written (cleaned of page furniture), one entry per line.
    header_lines: tuple[str, ...] = ()
    # What could not be read with confidence; empty when the note was read completely.
    attention: tuple[Attention, ...] = ()

    @property
    def is_complete(self) -> bool:
        return not self.attention


class ParseError(ValueError):
    """A note that cannot be read: where (1-based line) and what was expected there."""

    def __init__(self, line: int, expected: str):
        super().__init__(line, expected)
        self.line = line
        self.expected = expected

    def __str__(self) -> str:
        return f"line {self.line}: expected {self.expected}"


class _Line(NamedTuple):
    number: int
    text: str


@dataclass
class _Field:
    number: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _squash(" ".join(self.lines))


@dataclass
class _Header:
    fields: dict[str, _Field] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # as written, for header_lines
    unknown: list[_Field] = field(default_factory=list)  # labels we do not know
    end: int = 0  # index of the first line after the header


@dataclass
class _Section:
    key: str | None
    title: str
    lines: list[str] = field(default_factory=list)


class _Heading(NamedTuple):
    key: str | None
    title: str
    number: int | None
    text: str  # what follows the heading on its line ("Objectives: to raise awareness")


def parse_note(text: str) -> ParsedNote:
    """Read one note; raise ParseError only for a text with neither header nor sections."""
    lines, has_disclaimer = _prepare(text)
    header = _read_header(lines)
    sections, unplaced = _split_sections(lines[header.end :])
    if not sections and len(header.fields) < 2:
        raise ParseError(1, EXPECTED_EVENT)
    attention: list[Attention] = []
    if header.fields:
        header_lines = header.lines
        attention += [Attention("header", item.text) for item in header.unknown]
    else:  # Only sections were recognised: what stands before them is the header.
        header_lines, unplaced = [_squash(line) for line in unplaced if line.strip()], []
        attention += [Attention("header", line) for line in header_lines]
    parts = _header_parts(header.fields, attention)
    body = _body(sections, unplaced, attention)
    order = {part: index for index, part in enumerate(PARTS)}
    return ParsedNote(
        **parts,
        **body,
        has_disclaimer=has_disclaimer,
        header_lines=tuple(header_lines),
        attention=tuple(sorted(attention, key=lambda item: order[item.part])),
    )


# --- Cleaning the extracted text -------------------------------------------------------------

_CHARACTERS = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": None,
        "\ufeff": None,
        "\f": None,
        "\u2010": "-",
        "\u2011": "-",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        **dict.fromkeys("¹²³⁴⁵⁶⁷⁸⁹⁰"),
    }
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# A web page's blocks end lines, its table cells end with a tab, as a Word table's do.
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|tr|li|h[1-6]|table)>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_QUOTED = re.compile(r"^(?:> ?)+")  # a note quoted in an e-mail reply
_GLUED_MARK = re.compile(r"(?<=[A-Za-z).])\*+")
_OPENING_STAR = re.compile(r"(?<!\S)\*[A-Za-z]")
_GLUED_NUMBER_MARK = re.compile(r"(?<=[A-Za-z])\[\d{1,2}\]")
_GLUED_FOOTER_CODE = re.compile(r"(?<=[A-Za-z]\.)\d{1,2}\.\d{1,2}\.\d{2,4}$")
# "information note\W*(?:\d\W*)?" rather than "\W*\d?\W*", which shares the non-word characters
# between its two runs in every possible way before it fails (quadratic).
_PAGE_FURNITURE = re.compile(
    r"(?:page\s+|p\.\s*)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?"
    r"|page\s*\|\s*\d{1,3}|\d{1,3}\s*\|\s*page"
    r"|[-–—]\s*\d{1,3}\s*[-–—]|[(\[]\d{1,2}[)\]]"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}"
    r"|information note\W*(?:\d\W*)?"
    r"|\W*(?:this\s+page\s+(?:is\s+|has\s+been\s+)?(?:intentionally|deliberately)\s+left\s+blank)\W*"
    # A document symbol, with the page number printed beside it: "S/AC.44/2014/INF.3 Page 2".
    r"|(?:page\s+\d{1,3}\s+)?(?-i:[A-Z]{1,6})/(?=[A-Za-z0-9./-]{0,40}\d)[A-Za-z0-9./-]{1,40}"
    r"(?:\s+page\s+\d{1,3})?",
    re.IGNORECASE,
)
# UN spelling keeps the hyphen after these prefixes, so a break there is not a soft hyphen.
_HYPHENATED_PREFIXES = frozenset(
    {"anti", "co", "counter", "cross", "follow", "law", "non", "self", "sub", "well"}
)
# "\s*(?:[-–—:,]+\s*)?" rather than "\s*[-–—:,]*\s*", whose two runs of spaces share a long
# run of spaces in every possible way before they fail (quadratic).
_DISCLAIMER = re.compile(
    r"[\s*\d†()\[\]]*for information(?:\s+only)?\s*(?:[-–—:,]+\s*)?not an official (?:report|record)",
    re.IGNORECASE,
)


def _prepare(text: str) -> tuple[list[_Line], bool]:
    """Clean lines, keeping each one's number in the input for error messages."""
    text = _CELL_END.sub("\t", _BLOCK_END.sub("\n", text))
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_Line(number, _clean(line)) for number, line in enumerate(raw, start=1)]
    lines = _close_page_gaps(_drop_page_furniture(lines))
    return _drop_disclaimer(_mend_broken_words(lines))


def _clean(text: str) -> str:
    text = html.unescape(_TAG.sub("", _QUOTED.sub("", text))).translate(_CHARACTERS)
    # A trailing soft hyphen is a line-end break; anywhere else it is invisible.
    text = re.sub("\u00ad$", "-", text).replace("\u00ad", "")
    if text.count("**") < 2 and not _OPENING_STAR.search(text):  # Markdown emphasis stays
        text = _GLUED_MARK.sub("", text)
    text = _GLUED_NUMBER_MARK.sub("", text).rstrip()
    return _GLUED_FOOTER_CODE.sub("", text)


def _drop_page_furniture(lines: list[_Line]) -> list[_Line]:
    repeated = _running_headers(lines)
    return [
        line
        for line in lines
        if not _PAGE_FURNITURE.fullmatch(line.text.strip()) and line.text.strip() not in repeated
    ]


def _running_headers(lines: list[_Line]) -> set[str]:
    """Short lines printed identically on several pages, e.g. a document symbol."""
    counts = Counter(line.text.strip() for line in lines)
    return {
        text
        for text, count in counts.items()
        if count > 1
        and 0 < len(text) <= 60
        and (text[0].isupper() or text[0].isdigit())
        and not text.endswith((".", ";", ":", ","))
        and not _list_item(text)
        and not _heading(text, 0)
    }


def _close_page_gaps(lines: list[_Line]) -> list[_Line]:
    """Without the blank lines a page break left inside a hyphenated word ("Com-" ... "mittee"),
    so that the word can be mended."""
    following, next_text = [""] * len(lines), ""
    for index in range(len(lines) - 1, -1, -1):
        following[index] = next_text
        if lines[index].text.strip():
            next_text = lines[index].text.lstrip()
    kept, previous = [], ""
    for index, line in enumerate(lines):
        if line.text.strip():
            previous = line.text.rstrip()
        elif (
            previous[-2:-1].isalpha() and previous.endswith("-") and following[index][:1].islower()
        ):
            continue
        kept.append(line)
    return kept


def _mend_broken_words(lines: list[_Line]) -> list[_Line]:
    mended: list[_Line] = []
    pieces: list[str] = []  # the text of mended[-1], joined once it is complete
    for line in lines:
        word = _broken_word(pieces) if mended else None
        following = line.text.lstrip()
        if word and following[:1].isalpha():
            keep = following[0].isupper() or word.lower() in _HYPHENATED_PREFIXES
            if not keep:
                pieces[-1] = pieces[-1][:-1]
            pieces.append(following)
        else:
            if mended:
                mended[-1] = mended[-1]._replace(text="".join(pieces))
            mended.append(line)
            pieces = [line.text]
    if mended:
        mended[-1] = mended[-1]._replace(text="".join(pieces))
    return mended


def _broken_word(pieces: list[str]) -> str | None:
    """The ASCII word before a hyphen that ends the line (its `pieces` joined): "regu" of
    "... regu-", or its last letters if it is longer than any of _HYPHENATED_PREFIXES (all that
    matters of it). Read back from the end, a few letters at most: searching the whole line for
    it, again for each line joined to it, took quadratic time."""
    if not pieces[-1].endswith("-"):
        return None
    letters: list[str] = []
    for index in range(len(pieces) - 1, -1, -1):
        text = pieces[index][:-1] if index == len(pieces) - 1 else pieces[index]
        for char in reversed(text):
            if char not in _ASCII_LETTERS or len(letters) > _LONGEST_PREFIX:
                return "".join(reversed(letters)) or None
            letters.append(char)
    return "".join(reversed(letters)) or None


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LONGEST_PREFIX = max(map(len, _HYPHENATED_PREFIXES))


def _drop_disclaimer(lines: list[_Line]) -> tuple[list[_Line], bool]:
    kept: list[_Line] = []
    found = False
    index = 0
    while index < len(lines):
        if _DISCLAIMER.match(lines[index].text):
            found = True
            index = _disclaimer_end(lines, index)
        else:
            kept.append(lines[index])
            index += 1
    return kept, found


def _disclaimer_end(lines: list[_Line], start: int) -> int:
    """Index of the first line after the footnote, which may wrap over several lines."""
    text = lines[start].text.strip()
    index = start + 1
    while index < len(lines) and _continues_disclaimer(text, lines[index].text.strip()):
        text += " " + lines[index].text.strip()
        index += 1
    return index


def _continues_disclaimer(text: str, following: str) -> bool:
    if not following or _heading(following, 0):
        return False
    return not text.endswith(".") or following[0].islower() or following.startswith("The views")


# --- Header ----------------------------------------------------------------------------------

_LABEL_SEPARATOR = re.compile(r":|\t| {2,}")
_LONGEST_LABEL = 60
# "Organised by The Government of ...": a natural phrase, read with a single space.
_BY_LABEL = re.compile(
    r"(?:co-)?(?:organi[sz]ed|hosted|convened|sponsored)\s+by\b\s*:?\s*", re.IGNORECASE
)
_LABEL_JUNK = re.compile(r"\([^()]*\)|[^\w\s&-]")
# Label words by their beginning, so that a typo at the end ("Particpants", "Organizors") or
# a plural still reads.
_DATE_WORDS = ("date", "period", "when")
_PLACE_WORDS = ("venu", "place", "locat", "city", "where")
_PARTICIPANT_WORDS = ("partic", "attend")
_ORGANIZER_WORDS = ("organi", "co-organi", "coorgani", "host", "conven", "sponsor")
_EVENT_WORDS = frozenset({"event", "title", "name"})
_FORMAT_WORDS = frozenset({"format", "modality", "mode"})
_PARTICIPANTS_CATEGORY = re.compile(
    r"(?:(?:member|participating)\s+)?(?:states?|countries)\s*:"
    r"|(?:(?:other|international|regional|intergovernmental|un|united\s+nations|and|&)\s+){0,4}"
    r"(?:organi[sz]ations?|bodies|entities|agencies)\s*:"
    r"|(?:civil\s+society|ngos?|academia|private\s+sector|industry|others?|observers?)\b",
    re.IGNORECASE,
)


def _read_header(lines: list[_Line]) -> _Header:
    """The header's fields, from the first labelled line to a heading or to unlabelled text
    after a blank line."""
    header = _Header()
    start = next((i for i, line in enumerate(lines) if _known_label(line.text)), None)
    if start is None:
        return header
    current: _Field | None = None
    after_blank = False
    for index in range(start, len(lines)):
        number, text = lines[index]
        if not text.strip():
            after_blank = True
            continue
        current = _header_line(header, current, number, text, after_blank)
        if current is None:
            header.end = index
            return header
        header.lines.append(_without_strong(text).strip())
        after_blank = False
    header.end = len(lines)
    return header


def _header_line(
    header: _Header, current: _Field | None, number: int, text: str, after_blank: bool
) -> _Field | None:
    """The field `text` goes to (added there), or None where the header has ended."""
    label = _label(text)
    if label and label[0]:
        key, value = label
        current = header.fields.setdefault(key, _Field(number))
    elif (
        current is not None
        and current is header.fields.get("participants")
        and (_PARTICIPANTS_CATEGORY.match(_unmark(text)))
    ):
        value = text  # "International organizations: ..." goes on after a page break
    elif _heading(text, 0) or after_blank:
        return None
    elif label:  # a label we do not know, e.g. "Language: English"
        current, value = _Field(number), text.strip()
        header.unknown.append(current)
    else:
        value = text
    value = _unmark(value).strip()
    if value:
        current.lines.append(value)
    return current


def _known_label(text: str) -> bool:
    label = _label(text)
    return bool(label and label[0])


def _label(text: str) -> tuple[str, str] | None:
    """(key, value) of "Label: value"; key "" for a label we do not know; None if no label."""
    line = _unmark(text.strip())
    by = _BY_LABEL.match(line)
    if by:
        return "organizers", line[by.end() :]
    separator = _LABEL_SEPARATOR.search(line, 0, _LONGEST_LABEL)
    if not separator or separator.start() == 0:
        return None
    label, value = line[: separator.start()], line[separator.end() :]
    key = _label_key(label)
    if key is None and (separator[0] != ":" or not _looks_like_label(label)):
        return None
    return key or "", value


def _label_key(label: str) -> str | None:
    words = _LABEL_JUNK.sub(" ", label.lower()).replace("&", " and ").split()
    if not words or len(words) > 6:
        return None

    def has(beginnings: tuple[str, ...]) -> bool:
        return any(word.startswith(beginnings) for word in words)

    if has(_DATE_WORDS):
        return "date_venue" if has(_PLACE_WORDS) else "date"
    if has(_PLACE_WORDS):
        return "venue"
    if has(_PARTICIPANT_WORDS):
        return "participants"
    if words[0].startswith(_ORGANIZER_WORDS):
        return "organizers"
    if words[0] in _EVENT_WORDS or words[-1] in ("title", "name"):
        return "event"
    if words[0] in _FORMAT_WORDS:
        return "format"
    return None


def _looks_like_label(label: str) -> bool:
    """ "Language", "Type of event": a short name in capitals, not a sentence with a colon."""
    words = label.split()
    return 0 < len(words) <= 4 and label[0].isupper() and not any(c.isdigit() for c in label)


def _unmark(text: str) -> str:
    """Without Markdown emphasis: "**Event:**", "*Organizers*:", "__Date__"."""
    return _without_strong(text).strip().strip("*_").strip()


def _without_strong(text: str) -> str:
    """Without Markdown strong emphasis, which a Markdown file loses in extraction (extract.py)."""
    return text.replace("**", "").replace("__", "")


def _header_parts(fields: dict[str, _Field], attention: list[Attention]) -> dict:
    """The ParsedNote fields the header gives, each missing or doubtful part an Attention."""
    for key, part in (("event", "event"), ("organizers", "organizers")):
        if not _field_text(fields, key):
            attention.append(Attention(part, ""))
    dates, place = _when_and_where(fields, attention)
    participants = read_participants(
        fields["participants"].lines if "participants" in fields else []
    )
    if "participants" not in fields:
        attention.append(Attention("participants", ""))
    attention += [Attention("participants", text) for text in participants.unread]
    return {
        "event_title": _field_text(fields, "event"),
        "organizers": _organizers(fields["organizers"].lines if "organizers" in fields else []),
        "start_date": dates.first if dates else None,
        "end_date": dates.last if dates else None,
        "days": dates.days if dates else (),
        "city": place.city,
        "country": place.country,
        "format": place.format or _format(_field_text(fields, "format")),
        "states_count": participants.states_count,
        "states": participants.states,
        "organizations": participants.organizations,
    }


def _field_text(fields: dict[str, _Field], key: str) -> str:
    return fields[key].text if key in fields else ""


def _format(text: str) -> str:
    """The format a "Format:" line states, if it states one we know."""
    return read_place(text).format if text else ""


# --- Dates and venue -------------------------------------------------------------------------

# "Wednesday, 30 September 2015 until Thursday, 1 October 2015" has 60 characters; a list of
# days a little more. Longer parts are not tried.
_LONGEST_DATE = 160
_DATE_CUT = re.compile(r"[\s,;:–—]+|\s-\s")


def _when_and_where(fields: dict[str, _Field], attention: list[Attention]):
    """The dates (None if they cannot be read) and the place of the event."""
    date_field = fields.get("date_venue") or fields.get("date")
    date_text = date_field.text if date_field else ""
    dates, venue = _split_date_and_venue(date_text) if date_text else (None, "")
    if dates is None:
        attention.append(Attention("date", date_text))
        # "sometime in April 2016; Santiago, Chile": the venue still follows the semicolon.
        venue = date_text.partition(";")[2] if "date_venue" in fields else ""
    venue = venue or _field_text(fields, "venue")
    place = read_place(venue)
    if not (place.country or place.format) or place.doubtful:
        attention.append(Attention("venue", _squash(venue)))
    return dates, place


def _split_date_and_venue(text: str) -> tuple[Dates | None, str]:
    """The dates at the start of `text` (the longest part that reads as dates) and the rest,
    the venue; or at its end, when the venue comes first ("Vienna, Austria, 3-5 May 2021")."""
    head = text[:_LONGEST_DATE]
    cuts = [match.start() for match in _DATE_CUT.finditer(head)]
    cuts += [len(text)] if len(text) <= _LONGEST_DATE else []
    for cut in reversed(cuts):
        dates = _dates_or_none(text[:cut])
        if dates:
            return dates, text[cut:]
    tail_start = max(0, len(text) - _LONGEST_DATE)
    starts = [tail_start + m.end() for m in _DATE_CUT.finditer(text[tail_start:])]
    for start in starts if tail_start else [0, *starts]:
        dates = _dates_or_none(text[start:])
        if dates:
            return dates, text[:start]
    return None, text


def _dates_or_none(text: str) -> Dates | None:
    if not text.strip():
        return None
    try:
        return read_dates(text)
    except ValueError:
        return None


# --- Organizers ------------------------------------------------------------------------------

# "The Government of Chile in cooperation with UNODA": two organizers.
_TOGETHER = re.compile(
    r"[,;]? (?:in (?:co-?operation|collaboration|partnership|association|coordination) with"
    r"|jointly with|together with|with the (?:support|assistance) of|supported by"
    r"|and co-organi[sz]ed by) ",
    re.IGNORECASE,
)
# "The Government of Panama, the OAS and UNODA": "and" before "the" or an acronym.
_AND_ANOTHER = re.compile(r" and (?=the [A-Z]|[A-Z]{2,}\b)")
_ROLE = re.compile(r" \([a-z][a-z -]*\)$")  # "(host)", "(co-organizer)"


def _organizers(lines: list[str]) -> tuple[str, ...]:
    """One organizer per line or per ';' or '·', except where a long name wraps onto the next
    line. A list separated by ';' uses it throughout, so its line breaks are only wrapping."""
    if any(";" in line or "·" in line for line in lines):
        lines = [" ".join(lines)]
    logical: list[str] = []
    for line in map(_squash, lines):
        if logical and _wraps_onto(logical[-1], line):
            logical[-1] += " " + line
        else:
            logical.append(line)
    names = (name for line in logical for name in _names_in(line))
    return tuple(name for name in names if name)


def _names_in(line: str) -> list[str]:
    names = []
    for part in re.split(r"[;·]", line):
        for name in _TOGETHER.split(part):
            if re.search(r", (?:the|The|and) ", name):
                names += [n for piece in split_names(name) for n in _AND_ANOTHER.split(piece)]
            else:
                names.append(name)
    return [_ROLE.sub("", tidy_name(name)) for name in names]


def _wraps_onto(previous: str, following: str) -> bool:
    # Names capitalise their words, so a trailing "of"/"the"/"and" means the name goes on.
    last_word = previous.split()[-1]
    return (
        last_word.islower()
        or previous.endswith((",", "-", "&"))
        or following[0].islower()
        or following[0] == "("
    )


# --- Sections --------------------------------------------------------------------------------

_STANDARD_SECTIONS = {
    "objectives": "Objectives",
    "background": "Background",
    "highlights": "Highlights",
    "additional_comments": "Additional comments",
}
# The word a heading starts with (after "Main", "Other"...) and the section it opens.
_SECTION_WORDS = {
    **dict.fromkeys(["objective", "objectives", "aims", "purpose", "goals"], "objectives"),
    **dict.fromkeys(["background", "context"], "background"),
    **dict.fromkeys(["highlights", "highlight", "summary", "outcomes"], "highlights"),
    **dict.fromkeys(["comments", "comment", "remarks", "observations"], "additional_comments"),
}
_MODIFIERS = frozenset(
    ["main", "key", "general", "other", "additional", "further", "brief", "short", "overall"]
)
_HEADING_NUMBER = re.compile(r"(\d{1,2}|[IVXivx]{1,4})\s?[.)]\s*")
_TITLE_PUNCTUATION = frozenset(" ,&()/'’-")
_LONGEST_TITLE = 80
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]
_BULLET = re.compile(r"[-–—•·▪●◦*\uf0a7\uf0b7\uf0d8]\s+(?P<text>.+)")
_NUMBERED = re.compile(r"(?P<number>\d{1,2})[.)]\s+(?P<text>.+)")
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”")
# Up to the first "@" after "contact", with an address character just before it: a lazy
# "[^@]*?" followed by "[\w.+-]+" read the rest of the text again for every character it took.
_CONTACT = re.compile(
    r"For further information,?\s+(?:please\s+)?contact\b[^@]{0,1000}?"
    r"[\w.+-]@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])\.?",
    re.IGNORECASE,
)


def _heading(text: str, last_number: int, *, in_body: bool = False) -> _Heading | None:
    """A section heading. One we do not know needs the number after `last_number`, or, in the
    body (`in_body`), to be written in capitals."""
    line = text.strip().lstrip("#").strip().replace("**", "").replace("__", "").strip("*_ ")
    number_match = _HEADING_NUMBER.match(line)
    number = _heading_number(number_match[1]) if number_match else None
    rest = line[number_match.end() :] if number_match else line
    title, _, inline = rest.partition(":") if ":" in rest[:_LONGEST_TITLE] else (rest, "", "")
    title = title.strip().strip("*_").strip()
    if not _is_title(title) or (number_match and number is None):
        return None
    key = _section_key(title)
    if key:
        return _Heading(key, title, number, inline.strip())
    if inline.strip():
        return None
    words = len(title.split())
    if number is not None and number == last_number + 1 and title[0].isupper() and words <= 6:
        return _Heading(None, title, number, "")
    if in_body and number is None and title.isupper() and words <= 6 and len(title) > 3:
        return _Heading(None, title, None, "")
    return None


def _is_title(title: str) -> bool:
    return (
        0 < len(title) <= _LONGEST_TITLE
        and title[0].isalpha()
        and all(char.isalpha() or char in _TITLE_PUNCTUATION for char in title)
    )


def _section_key(title: str) -> str | None:
    """The section a heading opens: "Objectives of the mission", "Main highlights"."""
    if not (title[0].isupper() or title.isupper()):
        return None
    words = title.lower().replace("/", " ").split()
    if len(words) > 8:
        return None
    while len(words) > 1 and words[0] in _MODIFIERS:
        words.pop(0)
    return _SECTION_WORDS.get(words[0])


def _heading_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _ROMAN.index(text.upper()) + 1 if text.upper() in _ROMAN else None


def _split_sections(lines: list[_Line]) -> tuple[list[_Section], list[str]]:
    """The sections, and the lines that stand before the first heading."""
    sections: list[_Section] = []
    before: list[str] = []
    last_number = 0
    for _number, text in lines:
        heading = _heading(text, last_number, in_body=bool(sections))
        if heading:
            sections.append(_Section(heading.key, heading.title, [heading.text]))
            last_number = heading.number or last_number
        elif sections:
            sections[-1].lines.append(text)
        else:
            before.append(text)
    return sections, before


def _body(sections: list[_Section], unplaced: list[str], attention: list[Attention]) -> dict:
    """Section texts as Markdown; unknown sections and text under no heading last in the
    additional comments."""
    texts: dict[str, list[str]] = {key: [] for key in _STANDARD_SECTIONS}
    contact_line = ""
    for section in [*sections, _Section(None, "", unplaced)]:
        text = _markdown(section.lines)
        if not contact_line:
            text, contact_line = _take_contact(text)
        if section.key is None and section.title:
            text = f"**{section.title}**\n\n{text}".strip()
        texts[section.key or "additional_comments"].append(text)
    found = {section.key for section in sections}
    attention += [
        Attention("sections", title)
        for key, title in _STANDARD_SECTIONS.items()
        if key not in found
    ]
    first = next((_squash(line) for line in unplaced if line.strip()), "")
    if first:
        attention.append(Attention("sections", first))
    joined = {key: "\n\n".join(part for part in parts if part) for key, parts in texts.items()}
    return {**joined, "contact_line": contact_line}


def _take_contact(text: str) -> tuple[str, str]:
    match = _CONTACT.search(text)
    if not match:
        return text, ""
    contact = _squash(match[0]).rstrip(".") + "."
    rest = (text[: match.start()] + text[match.end() :]).strip()
    return re.sub(r"\n{3,}", "\n\n", rest), contact


class _Block(NamedTuple):
    kind: str  # "item" or "paragraph"
    lines: list[str]  # joined once the block is complete: adding to a string copied it


def _markdown(lines: list[str]) -> str:
    """Paragraphs and list items from wrapped lines; blank lines separate paragraphs."""
    blocks: list[_Block] = []
    after_blank = True
    for text in map(_squash, lines):
        if not text:
            after_blank = True
            continue
        item = _list_item(text)
        if item:
            blocks.append(_Block("item", [item]))
        elif blocks and _continues_block(blocks[-1], text, after_blank):
            blocks[-1].lines.append(text)
        else:
            blocks.append(_Block("paragraph", [text]))
        after_blank = False
    return _render(blocks)


def _list_item(text: str) -> str | None:
    bullet = _BULLET.fullmatch(text.strip())
    if bullet:
        return "- " + bullet["text"]
    numbered = _NUMBERED.fullmatch(text.strip())
    return f"{numbered['number']}. {numbered['text']}" if numbered else None


# A line of at least this many words is a line of a paragraph, not a title.
_LONG_LINE_WORDS = 8


def _continues_block(block: _Block, text: str, after_blank: bool) -> bool:
    last = block.lines[-1]
    ended = last.endswith(_SENTENCE_END)
    if after_blank:
        # A sentence cut by a page break goes on after the blank lines: in lower case, or after
        # a long line that ends without punctuation.
        long_line = block.kind == "paragraph" and len(last.split()) >= _LONG_LINE_WORDS
        return not ended and (text[0].islower() or long_line)
    return block.kind == "paragraph" or not (ended and text[0].isupper())


def _render(blocks: list[_Block]) -> str:
    rendered: list[str] = []
    for index, (kind, lines) in enumerate(blocks):
        if index:
            in_list = kind == "item" and blocks[index - 1].kind == "item"
            rendered.append("\n" if in_list else "\n\n")
        rendered.append(" ".join(lines))
    return "".join(rendered)


def _squash(text: str) -> str:
    return " ".join(text.split())
