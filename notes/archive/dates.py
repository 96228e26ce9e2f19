"""Dates as the authors of Information Notes wrote them.

One day ("15 May 2012", "Monday, 3 May 2021", "May 15, 2012"), a range within a month, across
months or years ("23-25 June 2009", "3rd to 5th May 2013", "30 December 2011 - 2 January 2012",
"December 30, 2011 - January 2, 2012"), or a list of days or ranges ("2, 9 and 16 March 2021",
"14 and 15 April 2012", "3-4 and 10-11 May 2021"). A day, a month or a year written once serves
every part of the list: the month goes forward when it is written before the day ("March 2, 9
and 16, 2021"), backward otherwise; the year goes backward, as it is written last.

The reading is strict: a word that is not a month, a weekday or one of a few fillers ("of",
"from") makes the text unreadable, so that a venue is never taken for a date.
"""

import datetime
import itertools
import re
from typing import NamedTuple

EXPECTED_DATE = "a date such as '23-25 June 2009'"

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
MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
# "sat" and "sun" are left out: "Sun City" is a venue.
_WEEKDAYS = frozenset(
    [
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"),
    ]
)
_FILLERS = frozenset(["of", "from", "on", "the", "st", "nd", "rd", "th"])
_RANGE_WORDS = frozenset(["to", "until", "till", "through", "thru"])
_LIST_WORDS = frozenset(["and", "&"])
_TOKEN = re.compile(r"\d+|[^\W\d_]+|[-–—]+|[,;&]|[^\s.]", re.IGNORECASE)
# A list of days is expanded to test whether it is one run of days: never more than this.
_LONGEST_SPAN = 400


class Dates(NamedTuple):
    first: datetime.date
    last: datetime.date
    days: tuple[datetime.date, ...]  # every day, only when the days are not one run


class _Partial(NamedTuple):
    day: int | None
    month: int | None
    year: int | None


def parse_date_range(text: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of "23-25 June 2009" and the other forms notes use."""
    dates = read_dates(text)
    return dates.first, dates.last


def read_dates(text: str) -> Dates:
    """The days `text` names; ValueError saying why when it names none."""
    items = _items(_tokens(text), text)
    partials = [partial for item in items for partial in item]
    complete = _complete(partials, _month_first(text), text)
    ranges, index = [], 0
    for item in items:
        first, last = complete[index], complete[index + len(item) - 1]
        if last < first:
            raise ValueError(f"{text!r} ends ({last}) before it starts ({first})")
        ranges.append((first, last))
        index += len(item)
    return _dates(ranges, text)


def _tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text)]


def _items(tokens: list[str], text: str) -> list[list[_Partial]]:
    """The listed days or ranges, each a list of one or two partial dates."""
    between = "between" in tokens
    items: list[list[list[str]]] = [[[]]]
    for index, token in enumerate(tokens):
        if token == "between":
            continue
        if token[0] in "-–—" or token in _RANGE_WORDS or (between and token in _LIST_WORDS):
            if len(items[-1]) == 2:
                raise ValueError(f"{text!r} is not {EXPECTED_DATE}")
            items[-1].append([])
        elif token in _LIST_WORDS or token == ";":
            items.append([[]])
        elif token == ",":
            if _separates(items[-1][-1], tokens[index + 1 : index + 2]):
                items.append([[]])
        else:
            items[-1][-1].append(token)
    return [[_partial(part, text) for part in item] for item in items]


def _separates(part: list[str], following: list[str]) -> bool:
    """A comma separates two days of a list, not a day from its year ("May 3, 2021") nor a
    weekday from its day ("Monday, 3 May")."""
    has_day = any(token.isdigit() and len(token) <= 2 for token in part)
    return has_day and not (following and following[0].isdigit() and len(following[0]) == 4)


def _partial(tokens: list[str], whole: str) -> _Partial:
    found: dict[str, int] = {}
    for token in tokens:
        key, value = _date_token(token, whole)
        if key in found:
            raise ValueError(f"{whole!r} has two {key}s in {' '.join(tokens)!r}")
        if key:
            found[key] = value
    if "day" not in found:
        raise ValueError(f"{whole!r} is not {EXPECTED_DATE}")
    return _Partial(found["day"], found.get("month"), found.get("year"))


def _date_token(token: str, whole: str) -> tuple[str | None, int]:
    if token.isdigit():
        if len(token) == 4:
            return "year", int(token)
        if len(token) <= 2:
            return "day", int(token)
        raise ValueError(f"{whole!r} is not {EXPECTED_DATE}: {token!r} is neither a day nor a year")
    if token in MONTHS:
        return "month", MONTHS[token]
    if token in _WEEKDAYS or token in _FILLERS:
        return None, 0
    raise ValueError(f"{whole!r} is not {EXPECTED_DATE}: {token!r} is not a month")


def _month_first(text: str) -> bool:
    """Whether the month is written before its day ("March 2, 9 and 16, 2021")."""
    for token in _tokens(text):
        if token.isdigit() and len(token) <= 2:
            return False
        if token in MONTHS:
            return True
    return False


def _complete(partials: list[_Partial], month_first: bool, text: str) -> list[datetime.date]:
    """Lend each partial date the month and year written elsewhere in the list."""
    months = _lend([p.month for p in partials], forward=month_first)
    years = _lend([p.year for p in partials], forward=False)
    if None in months or None in years:
        raise ValueError(f"{text!r} lacks a month or a year")
    dates = [
        _date(year, month, partial.day, text)
        for partial, month, year in zip(partials, months, years, strict=True)
    ]
    for index in range(len(dates) - 1):
        # "30 December - 2 January 2012": the year written belongs to the end.
        later = dates[index + 1]
        if partials[index].year is None and (dates[index].month, later.month) == (12, 1):
            dates[index] = _date(later.year - 1, 12, dates[index].day, text)
    return dates


def _lend(values: list[int | None], *, forward: bool) -> list[int | None]:
    """Fill each missing value from its nearest neighbour on the side values are written on,
    else from the other side."""
    filled = _fill(values, reverse=not forward)
    return _fill(filled, reverse=forward)


def _fill(values: list[int | None], *, reverse: bool) -> list[int | None]:
    order = range(len(values) - 1, -1, -1) if reverse else range(len(values))
    filled, last = list(values), None
    for index in order:
        if filled[index] is None:
            filled[index] = last
        last = filled[index]
    return filled


def _date(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} names a day that does not exist") from None


def _dates(ranges: list[tuple[datetime.date, datetime.date]], text: str) -> Dates:
    """First and last day, and every day when the listed days leave gaps."""
    for (_, end), (start, _) in itertools.pairwise(ranges):
        if start <= end:
            raise ValueError(f"{text!r} lists its days out of order")
    first, last = ranges[0][0], ranges[-1][1]
    if len(ranges) == 1:
        return Dates(first, last, ())
    if (last - first).days > _LONGEST_SPAN:
        raise ValueError(f"{text!r} spans more than a year")
    days = tuple(
        start + datetime.timedelta(days=offset)
        for start, end in ranges
        for offset in range((end - start).days + 1)
    )
    one_run = len(days) == (last - first).days + 1
    return Dates(first, last, () if one_run else days)
