"""The participants of an event as notes list them.

The value is read category by category ("States:", "International organizations:", "Civil
society:", "Private sector:", "Other:"...), in any order, on one line or one a line. States come
as a count ("57 States", "some 30 States") or as names; every other category names
organizations. Names are separated by commas, semicolons, "·" or line breaks (a line break only
where the category uses none of the others: otherwise it is a long name wrapped).

What does not fit (a count of people, "Civil society: 4 NGOs", names under no category, a
category we do not know) is returned as written in `unread`, never dropped.
"""

import re
from typing import NamedTuple

from notes.archive.places import STATES_WITH_AND, plain, split_names, tidy_name

_QUALIFIER = r"(?:(?:some|about|over|around|approx\.?|approximately|nearly|almost|more\s+than|at\s+least|up\s+to|ca\.|circa|~)\s*)?"
_STATES_WORDS = r"(?:(?:member|participating|observer)\s+)?(?:states?|countries)"
_COUNT = re.compile(_QUALIFIER + r"(\d{1,3})(?:\s+" + _STATES_WORDS + r")?", re.IGNORECASE)
_STATES_COUNT = re.compile(_QUALIFIER + r"(\d{1,3})\s+" + _STATES_WORDS, re.IGNORECASE)
# "4 NGOs", "30 border officials", "several universities": a number, not names.
_HEADCOUNT = re.compile(
    _QUALIFIER + r"(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|many"
    r"|various|numerous)\s+\S",
    re.IGNORECASE,
)
_STATES_LABEL = r"(?:(?:member|participating)\s+)?(?:states?|countries)"
_OTHER_LABEL = (
    r"(?:(?:other|international|regional|intergovernmental|un|united\s+nations|and|&)\s+){0,4}"
    r"(?:organi[sz]ations?|bodies|entities|agencies)"
    r"|civil\s+society(?:\s+organi[sz]ations?)?|ngos?|non-governmental\s+organi[sz]ations?"
    r"|academia|private\s+sector|industry|think[\s-]tanks?|others?|observers?"
)
# The parenthesis may say how many: "States (12):". Nothing before the colon can take a space
# that "\s*" took (linear on a long run of spaces).
_CATEGORY = re.compile(
    r"(?<![\w-])(?:(?P<states>" + _STATES_LABEL + r")|(?P<other>" + _OTHER_LABEL + r"))"
    r"\s*(?:\([^()]{0,40}\)\s*)?:"
    # A category we do not know, at the start of a line: "Experts: three".
    r"|(?<![^\n])(?P<unknown>[^\W\d_][^\n:]{0,40}):(?!//)",
    re.IGNORECASE,
)
_UNKNOWN_LABEL = re.compile(r"[^\W\d_][\w ()./-]{0,40}:(?!//)")
_BULLET = re.compile(r"[-–•·▪*]\s+")
# The most " and "-separated pieces a State's name has: longer joins are never a State.
_MOST_AND_PIECES = max(name.count(" and ") + 1 for name in STATES_WITH_AND)


class Participants(NamedTuple):
    states_count: int | None
    states: tuple[str, ...]
    organizations: tuple[str, ...]
    unread: tuple[str, ...]  # the original wording of what did not fit


def read_participants(lines: list[str]) -> Participants:
    text = "\n".join(_without_bullet(line.strip()) for line in lines)
    count, states, organizations, unread = None, [], [], []
    for kind, label, value in _segments(text):
        whole = _squash(f"{label} {value}")
        if kind == "states":
            found, names, fits = _states(value)
            count, states = count if found is None else found, states + names
        elif kind == "other":
            names, fits = _organizations(value)
            organizations += names
        elif kind == "unknown":
            fits = False
        else:
            found, fits = _unlabelled(value)
            count = count if found is None else found
        if not fits:
            unread.append(whole)
    return Participants(count, tuple(states), tuple(organizations), tuple(unread))


def _without_bullet(line: str) -> str:
    bullet = _BULLET.match(line)
    return line[bullet.end() :] if bullet else line


def _segments(text: str) -> list[tuple[str, str, str]]:
    """(kind, label, value) for each category; kind "" for text before any category."""
    segments, start, kind, label = [], 0, "", ""
    for match in _CATEGORY.finditer(text):
        segments.append((kind, label, text[start : match.start()]))
        kind = next(kind for kind in ("states", "other", "unknown") if match[kind])
        label, start = match[0], match.end()
    segments.append((kind, label, text[start:]))
    return [segment for segment in segments if segment[1] or segment[2].strip()]


def _states(value: str) -> tuple[int | None, list[str], bool]:
    """A count, or names; and whether all of it was read."""
    main, remark = _without_remark(value)
    count = _COUNT.fullmatch(main)
    if count:
        return int(count[1]), [], not remark
    names, fits = _names(value)
    states = [state for name in names for state in _split_on_and(name)]
    return None, states, fits


def _organizations(value: str) -> tuple[list[str], bool]:
    return _names(value)


def _unlabelled(value: str) -> tuple[int | None, bool]:
    """Text under no category: only "57 States" can be read there."""
    main, remark = _without_remark(value)
    count = _STATES_COUNT.fullmatch(main)
    return (int(count[1]), not remark) if count else (None, False)


def _names(value: str) -> tuple[list[str], bool]:
    """Names one a line, or separated by commas, semicolons or "·"; whether all are names."""
    lines = [line for line in value.split("\n") if line.strip()]
    if any(char in value for char in ",;·"):
        lines = [" ".join(lines)]
    names = [name for line in lines for name in split_names(line)]
    fits = not any(_HEADCOUNT.match(name) or _UNKNOWN_LABEL.match(name) for name in names)
    return [name for name in names if not _HEADCOUNT.match(name)], fits


def _without_remark(value: str) -> tuple[str, str]:
    """("12 States", "30 border officials") from "12 States (30 border officials)"."""
    value = _squash(value).strip(" ;,.·")
    if value.endswith(")") and "(" in value:
        main, _, remark = value[:-1].rpartition("(")
        return main.strip(), remark
    return value, ""


def _split_on_and(name: str) -> list[str]:
    pieces, names = name.split(" and "), []
    while pieces:
        size = next(
            (
                size
                for size in range(min(len(pieces), _MOST_AND_PIECES), 1, -1)
                if plain(" and ".join(pieces[:size])) in STATES_WITH_AND
            ),
            1,
        )
        names.append(tidy_name(" and ".join(pieces[:size])))
        del pieces[:size]
    return [name for name in names if name]


def _squash(text: str) -> str:
    return " ".join(text.split())
