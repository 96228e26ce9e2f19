"""Read the text of an archived Information Note into its parts.

The archive holds notes as text extracted from PDFs and word-processor files, so the reader is
forgiving about everything the extraction or the authors varied, and strict only where a guess
would put wrong data in the registry:

- Text: Windows or old Mac line endings, non-breaking and thin spaces, ligatures, inline tags
  (``<i>``, ``</b>``...) and HTML entities, footnote marks (superscript digits, an asterisk glued
  to a word) are cleaned away.
- Pages: lines such as "Page 2 of 3", "- 2 -", a bare page number, a footer code like "2.7.18"
  (alone or glued after a final period), a repeated "Information Note" title and any other short
  line repeated as a running header are dropped. A word hyphenated across a line break is mended
  ("regu-" + "lations"); the hyphen stays before a capital and after prefixes such as "non-" and
  "counter-", which the notes spell with one. A paragraph cut by a page break is joined again.
- Disclaimer: the footnote "For information - not an official report. The views expressed here
  ..." (with any dash) is recognised wherever the page break left it and removed from the body.
- Header: "Label<separator>value", where the separator is a tab, a colon or two or more spaces,
  and the label is one of many spellings (Event/Title, Organizer(s)/Organisers/Organised by,
  Date and Venue or Date plus Venue/Location, Participants). A line without a label continues
  the value above it. The header ends at the first section heading, or at unlabelled text after
  a blank line.
- Dates: "23-25 June 2009", "30 June - 2 July 2010", "December 30, 2011 - January 2, 2012",
  "3 to 5 May 2013", "1-3 Sept. 2014", "15 May 2012" and the like. The venue follows the date;
  its last comma part is the country and the rest the city.
- Participants: "States: 57 States" gives a count, "States: A, B and C" a list; "International
  organizations:" (on the same line or the next) gives the organizations, split on commas that
  are not inside parentheses.
- Sections: "1. Objectives", "I. Objectives", "Objectives:", "OBJECTIVES", in any order;
  Highlights may be "Main highlights" or "Summary", Additional comments may be "Comments" or
  "Other comments". A numbered heading we do not know ("5. Follow-up") is kept, with its heading,
  at the end of the additional comments; it must carry the number after the previous heading,
  so that a numbered list in the text is not mistaken for a heading. Bodies become Markdown:
  bullets as "- item" lines, paragraphs separated by a blank line.
- Contact: "For further information, please contact ... at name@example.org." is returned on
  its own, cut back to the address and its period.

Input that cannot be read raises ParseError with the 1-based line and what was expected there.
"""

from __future__ import annotations

import datetime
import html
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["PARTS", "Attention", "ParseError", "ParsedNote", "parse_date_range", "parse_note"]

EXPECTED_EVENT = "an 'Event:' header line"
EXPECTED_DATE = "a date such as '23-25 June 2009'"
EXPECTED_DATE_LINE = "a 'Date and Venue:' header line"
EXPECTED_SECTION = "a numbered section such as '1. Objectives'"


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
class _Section:
    key: str | None
    title: str
    lines: list[str] = field(default_factory=list)


class _Heading(NamedTuple):
    key: str | None
    title: str
    number: int | None


def parse_note(text: str) -> ParsedNote:
    """Read one note; raise ParseError naming the line where it stops making sense."""
    lines, has_disclaimer = _prepare(text)
    fields, end = _read_header(lines)
    after_header = _line_after(lines, end)
    start, finish, city, country = _dates_and_place(fields, after_header)
    states_count, states, organizations = _participants(_field_text(fields, "participants"))
    body = _body(_split_sections(lines[end:], after_header))
    return ParsedNote(
        event_title=_field_text(fields, "event"),
        organizers=_organizers(fields["organizers"].lines if "organizers" in fields else []),
        start_date=start,
        end_date=finish,
        city=city,
        country=country,
        states_count=states_count,
        states=states,
        organizations=organizations,
        has_disclaimer=has_disclaimer,
        **body,
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
_GLUED_MARK = re.compile(r"(?<=[A-Za-z).])\*+")
_GLUED_FOOTER_CODE = re.compile(r"(?<=[A-Za-z]\.)\d{1,2}\.\d{1,2}\.\d{2,4}$")
# "information note\W*(?:\d\W*)?" rather than "\W*\d?\W*", which shares the non-word characters
# between its two runs in every possible way before it fails (quadratic).
_PAGE_FURNITURE = re.compile(
    r"(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?"
    r"|[-–—]\s*\d{1,3}\s*[-–—]"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}"
    r"|information note\W*(?:\d\W*)?",
    re.IGNORECASE,
)
# UN spelling keeps the hyphen after these prefixes, so a break there is not a soft hyphen.
_HYPHENATED_PREFIXES = frozenset(
    {"anti", "co", "counter", "cross", "follow", "law", "non", "self", "sub", "well"}
)
_DISCLAIMER = re.compile(
    r"[\s*\d†]*for information\s*[-–—:,]*\s*not an official report", re.IGNORECASE
)


def _prepare(text: str) -> tuple[list[_Line], bool]:
    """Clean lines, keeping each one's number in the input for error messages."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_Line(number, _clean(line)) for number, line in enumerate(raw, start=1)]
    return _drop_disclaimer(_mend_broken_words(_drop_page_furniture(lines)))


def _clean(text: str) -> str:
    text = html.unescape(_TAG.sub("", text)).translate(_CHARACTERS)
    # A trailing soft hyphen is a line-end break; anywhere else it is invisible.
    text = re.sub("\u00ad$", "-", text).replace("\u00ad", "")
    text = _GLUED_MARK.sub("", text).rstrip()
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

_LABELS = {
    "event": r"event(?:\s+title)?|title",
    "organizers": r"organi[sz]ers?(?:\(s\))?|organi[sz]ed\s+by",
    "date_venue": r"dates?\s+(?:and|&)\s+(?:venue|place|location)",
    "date": r"dates?",
    "venue": r"venue|location|place",
    "participants": r"participants",
}
_LABEL = re.compile(
    r"\s*(?:" + "|".join(f"(?P<{key}>{label})" for key, label in _LABELS.items()) + ")"
    # "Organised by" reads naturally with a single space before the value.
    r"(?:\s*:\s*|\t\s*| {2,}|(?<=by) )(?P<value>.*)",
    re.IGNORECASE,
)


def _read_header(lines: list[_Line]) -> tuple[dict[str, _Field], int]:
    """The header's fields and the index of the first line after it."""
    start = next((i for i, line in enumerate(lines) if _LABEL.match(line.text)), None)
    if start is None:
        raise ParseError(1, EXPECTED_EVENT)
    fields, end = _collect_fields(lines, start)
    if "event" not in fields:
        raise ParseError(1, EXPECTED_EVENT)
    if not fields["event"].text:
        raise ParseError(fields["event"].number, "the event's title after 'Event:'")
    return fields, end


def _line_after(lines: list[_Line], end: int) -> int:
    """Number of the line where the body starts, or would start after the last text."""
    if end < len(lines):
        return lines[end].number
    return max(line.number for line in lines if line.text.strip()) + 1


def _collect_fields(lines: list[_Line], start: int) -> tuple[dict[str, _Field], int]:
    fields: dict[str, _Field] = {}
    current: _Field | None = None
    after_blank = False
    for index in range(start, len(lines)):
        number, text = lines[index]
        label = _LABEL.match(text)
        if not text.strip():
            after_blank = True
        elif _heading(text, 0) or (after_blank and not label):
            return fields, index
        else:
            current = _add_to_field(fields, current, label, number, text)
            after_blank = False
    return fields, len(lines)


def _add_to_field(
    fields: dict[str, _Field],
    current: _Field | None,
    label: re.Match[str] | None,
    number: int,
    text: str,
) -> _Field:
    if label:
        key = next(key for key in _LABELS if label[key])
        current = fields.setdefault(key, _Field(number))
        text = label["value"]
    if text.strip():
        current.lines.append(text.strip())
    return current


def _field_text(fields: dict[str, _Field], key: str) -> str:
    return fields[key].text if key in fields else ""


def _organizers(lines: list[str]) -> tuple[str, ...]:
    """One organizer per line or per ';', except where a long name wraps onto the next line.

    A list separated by ';' uses it throughout, so its line breaks are only wrapping."""
    if any(";" in line for line in lines):
        lines = [" ".join(lines)]
    logical: list[str] = []
    for line in map(_squash, lines):
        if logical and _wraps_onto(logical[-1], line):
            logical[-1] += " " + line
        else:
            logical.append(line)
    names = (_tidy_name(part) for line in logical for part in line.split(";"))
    return tuple(name for name in names if name)


def _wraps_onto(previous: str, following: str) -> bool:
    # Names capitalise their words, so a trailing "of"/"the"/"and" means the name goes on.
    last_word = previous.split()[-1]
    return (
        last_word.islower()
        or previous.endswith((",", "-", "&"))
        or following[0].islower()
        or following[0] == "("
    )


# --- Dates and venue -------------------------------------------------------------------------

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
_WEEKDAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
)
# "(?<!\s)": a run of spaces is tried from its start only, not again from each of its spaces.
_RANGE_SEPARATOR = re.compile(r"(?<!\s)\s*(?:[-–—]+|\bto\b|\buntil\b|\btill\b|\band\b|&)\s*", re.I)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)


class _PartialDate(NamedTuple):
    day: int | None
    month: int | None
    year: int | None


def parse_date_range(text: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of "23-25 June 2009" and the other forms notes use."""
    left, *right = _RANGE_SEPARATOR.split(text.strip(), maxsplit=1)
    start = _partial_date(left, text)
    end = _partial_date(right[0], text) if right else start
    first, last = _complete(start, end, text)
    if last < first:
        raise ValueError(f"{text!r} ends ({last}) before it starts ({first})")
    return first, last


def _partial_date(part: str, whole: str) -> _PartialDate:
    found: dict[str, int] = {}
    for token in re.findall(r"[A-Za-z]+|\d+", _ORDINAL.sub("", part)):
        key, value = _date_token(token.lower(), whole)
        if key in found:
            raise ValueError(f"{whole!r} has two {key}s in {part.strip()!r}")
        if key:
            found[key] = value
    if "day" not in found:
        raise ValueError(f"{whole!r} is not {EXPECTED_DATE}")
    return _PartialDate(found["day"], found.get("month"), found.get("year"))


def _date_token(token: str, whole: str) -> tuple[str | None, int]:
    if token.isdigit():
        return ("year" if len(token) == 4 else "day"), int(token)
    if token in _MONTHS:
        return "month", _MONTHS[token]
    if token in _WEEKDAYS:
        return None, 0
    raise ValueError(f"{whole!r} is not {EXPECTED_DATE}: {token!r} is not a month")


def _complete(
    start: _PartialDate, end: _PartialDate, text: str
) -> tuple[datetime.date, datetime.date]:
    """Lend the missing month and year from one end of the range to the other."""
    month = end.month or start.month
    year = end.year or start.year
    if month is None or year is None:
        raise ValueError(f"{text!r} lacks a month or a year")
    last = _date(year, month, end.day, text)
    first = _date(start.year or year, start.month or month, start.day, text)
    if start.year is None and (first.month, last.month) == (12, 1):
        first = _date(year - 1, 12, first.day, text)  # "30 December - 2 January 2012"
    return first, last


def _date(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} names a day that does not exist") from None


def _dates_and_place(
    fields: dict[str, _Field], after_header: int
) -> tuple[datetime.date, datetime.date, str, str]:
    date_field = fields.get("date_venue") or fields.get("date")
    if date_field is None:
        raise ParseError(after_header, EXPECTED_DATE_LINE)
    try:
        start, end, venue = _split_date_and_venue(date_field.text)
    except ValueError:
        raise ParseError(date_field.number, EXPECTED_DATE) from None
    city, country = _place(venue or _field_text(fields, "venue"))
    return start, end, city, country


def _split_date_and_venue(text: str) -> tuple[datetime.date, datetime.date, str]:
    """The longest leading part that reads as a date range; the rest is the venue. The
    longest date range is far shorter than _LONGEST_DATE: longer parts are not tried."""
    cuts = [match.start() for match in re.finditer(r"[\s,;]+", text[:_LONGEST_DATE])]
    cuts += [len(text)] if len(text) <= _LONGEST_DATE else []
    for cut in reversed(cuts):
        try:
            start, end = parse_date_range(text[:cut])
        except ValueError:
            continue
        return start, end, text[cut:]
    raise ValueError(f"{text!r} does not start with {EXPECTED_DATE}")


# "Wednesday, 30 September 2015 until Thursday, 1 October 2015" has 60 characters.
_LONGEST_DATE = 120


def _place(venue: str) -> tuple[str, str]:
    parts = _split_names(venue)
    if not parts:
        return "", ""
    return ", ".join(parts[:-1]), parts[-1]


# --- Participants ----------------------------------------------------------------------------

_ORGANIZATIONS_LABEL = re.compile(
    r"(?:(?:international|regional|other)\s+)?organi[sz]ations?\s*:", re.IGNORECASE
)
_STATES_LABEL = re.compile(r"(?<!\s)\s*(?:member\s+)?states?\s*:", re.IGNORECASE)
_STATES_COUNT = re.compile(
    r"(?:(?:some|about|over|around)\s+)?(\d+)(?:\s+(?:member\s+)?states?)?", re.IGNORECASE
)
# States whose names contain "and", so "A and B" is not always two States.
_STATES_WITH_AND = frozenset(
    {
        "antigua and barbuda",
        "bosnia and herzegovina",
        "saint kitts and nevis",
        "saint vincent and the grenadines",
        "sao tome and principe",
        "trinidad and tobago",
        "united kingdom of great britain and northern ireland",
    }
)


def _participants(text: str) -> tuple[int | None, tuple[str, ...], tuple[str, ...]]:
    """States count or State names, and international organizations."""
    states_part, *organizations_part = _ORGANIZATIONS_LABEL.split(text, maxsplit=1)
    states_text = _STATES_LABEL.sub("", states_part, count=1).strip(" ;,.")
    organizations = tuple(_split_names(organizations_part[0])) if organizations_part else ()
    count = _STATES_COUNT.fullmatch(states_text)
    if count:
        return int(count[1]), (), organizations
    states = tuple(name for part in _split_names(states_text) for name in _split_on_and(part))
    return None, states, organizations


def _split_on_and(name: str) -> list[str]:
    pieces, names = name.split(" and "), []
    while pieces:
        size = next(
            (
                size
                for size in range(min(len(pieces), _MOST_AND_PIECES), 1, -1)
                if _plain(" and ".join(pieces[:size])) in _STATES_WITH_AND
            ),
            1,
        )
        names.append(" and ".join(pieces[:size]))
        del pieces[:size]
    return names


# The most " and "-separated pieces a State's name has: longer joins are never a State.
_MOST_AND_PIECES = max(name.count(" and ") + 1 for name in _STATES_WITH_AND)


def _plain(name: str) -> str:
    """Lower case without accents, so "São Tomé" matches "sao tome"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _split_names(text: str) -> list[str]:
    """Split on commas and semicolons, but never inside parentheses: not where the next
    parenthesis is a closing one. One pass from the end, which knows the next parenthesis at
    each character (a look-ahead at each comma read the rest of the text again)."""
    cuts, next_parenthesis = [], ""
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in "()":
            next_parenthesis = char
        elif char in ";," and next_parenthesis != ")":
            cuts.append(index)
    bounds = [-1, *reversed(cuts), len(text)]
    parts = (_tidy_name(text[a + 1 : b]) for a, b in itertools.pairwise(bounds))
    return [part for part in parts if part]


def _tidy_name(name: str) -> str:
    name = _squash(name).strip(" ;,.")
    return name[4:] if name.lower().startswith("and ") else name


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- Sections --------------------------------------------------------------------------------

_SECTION_KEYS = {
    "objectives": "objectives",
    "objective": "objectives",
    "background": "background",
    "highlights": "highlights",
    "main highlights": "highlights",
    "summary": "highlights",
    "additional comments": "additional_comments",
    "comments": "additional_comments",
    "other comments": "additional_comments",
}
# The title ends with a character other than a space, so that the spaces before an ending colon
# are matched once (a lazy title followed by "\s*" tried them again for every longer title).
_HEADING = re.compile(
    r"(?:(?P<number>\d{1,2}|[IVX]{1,4})[.)]\s*)?"
    r"(?P<title>[A-Za-z](?:[A-Za-z ,&()/'-]*[A-Za-z,&()/'-])?)\s*:?",
    re.IGNORECASE,
)
_ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
]
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


def _heading(text: str, last_number: int) -> _Heading | None:
    """A section heading; an unknown one only with the number after `last_number`."""
    match = _HEADING.fullmatch(text.strip())
    if not match:
        return None
    title = _squash(match["title"])
    number = _heading_number(match["number"])
    key = _SECTION_KEYS.get(title.lower())
    if key:
        return _Heading(key, title, number)
    if number == last_number + 1 and title[0].isupper() and len(title.split()) <= 6:
        return _Heading(None, title, number)
    return None


def _heading_number(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    return _ROMAN.index(text.upper()) + 1 if text.upper() in _ROMAN else None


def _split_sections(lines: list[_Line], after_header: int) -> list[_Section]:
    sections: list[_Section] = []
    last_number = 0
    for number, text in lines:
        heading = _heading(text, last_number)
        if heading:
            sections.append(_Section(heading.key, heading.title))
            last_number = heading.number or last_number
        elif sections:
            sections[-1].lines.append(text)
        elif text.strip():
            raise ParseError(number, EXPECTED_SECTION)
    if not sections:
        raise ParseError(after_header, EXPECTED_SECTION)
    return sections


def _body(sections: list[_Section]) -> dict[str, str]:
    """Section texts as Markdown, unknown sections last in the additional comments."""
    texts: dict[str, list[str]] = {key: [] for key in set(_SECTION_KEYS.values())}
    contact_line = ""
    for section in sections:
        text = _markdown(section.lines)
        if not contact_line:
            text, contact_line = _take_contact(text)
        if section.key is None:
            text = f"**{section.title}**\n\n{text}".strip()
        texts[section.key or "additional_comments"].append(text)
    joined = {key: "\n\n".join(part for part in parts if part) for key, parts in texts.items()}
    return {**joined, "contact_line": contact_line}


def _take_contact(text: str) -> tuple[str, str]:
    match = _CONTACT.search(text)
    if not match:
        return text, ""
    contact = _squash(match[0]).rstrip(".") + "."
    rest = (text[: match.start()] + text[match.end() :]).strip()
    return re.sub(r"\n{3,}", "\n\n", rest), contact


def _markdown(lines: list[str]) -> str:
    """Paragraphs and list items from wrapped lines; blank lines separate paragraphs."""
    blocks: list[list[str]] = []  # [kind, text], kind "item" or "paragraph"
    after_blank = True
    for text in map(_squash, lines):
        if not text:
            after_blank = True
            continue
        item = _list_item(text)
        if item:
            blocks.append(["item", item])
        elif blocks and _continues_block(blocks[-1], text, after_blank):
            blocks[-1][1] += " " + text
        else:
            blocks.append(["paragraph", text])
        after_blank = False
    return _render(blocks)


def _list_item(text: str) -> str | None:
    bullet = _BULLET.fullmatch(text.strip())
    if bullet:
        return "- " + bullet["text"]
    numbered = _NUMBERED.fullmatch(text.strip())
    return f"{numbered['number']}. {numbered['text']}" if numbered else None


def _continues_block(block: list[str], text: str, after_blank: bool) -> bool:
    kind, body = block
    ended = body.endswith(_SENTENCE_END)
    if after_blank:
        # A sentence cut by a page break goes on in lower case after the blank lines.
        return not ended and text[0].islower()
    return kind == "paragraph" or not (ended and text[0].isupper())


def _render(blocks: list[list[str]]) -> str:
    rendered = ""
    for index, (kind, text) in enumerate(blocks):
        if index:
            in_list = kind == "item" and blocks[index - 1][0] == "item"
            rendered += "\n" if in_list else "\n\n"
        rendered += text
    return rendered
