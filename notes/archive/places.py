"""The venue of an event as notes write it, and whether the event was online or hybrid.

"City, Country", "Venue, City, Country", "City (Country)", a country alone, "online",
"virtual", "videoconference" (the event's format is then "virtual"), "hybrid" or a place "and
online" ("hybrid"). The country is returned as written: the importer matches it against the
registry, which knows the ways people write country names.
"""

import itertools
import re
import unicodedata
from typing import NamedTuple

VIRTUAL, HYBRID = "virtual", "hybrid"  # Event.Format values; the parser imports no model

_ONLINE = re.compile(
    r"\b(?:on-?line|virtual(?:ly)?|video[\s-]?conferenc\w*|vtc|webinar|web-based|zoom|webex"
    r"|(?:microsoft\s+)?teams|remote(?:ly)?)\b",
    re.IGNORECASE,
)
_IN_PERSON = re.compile(r"\((?:in[\s-]person|face[\s-]to[\s-]face)\)", re.IGNORECASE)
_HYBRID = re.compile(r"\bhybrid\b", re.IGNORECASE)
# What joins a place and the word "online": "Vienna and online", "Vienna / online (Zoom)".
_JOINS = re.compile(
    r"\s*(?:[;,/+:–—]|\s-\s|\b(?:and|via|by|plus|with|or|also)\b)\s*", re.IGNORECASE
)
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# Words that say how, not where: "online meeting", "hybrid format".
_HOW = frozenset(
    ["meeting", "event", "format", "session", "sessions", "platform", "held", "participation"]
)
# "Almaty, Almaty Region, Kazakhstan": the city is before the region.
_REGION = re.compile(r"\b(?:region|province|oblast|krai|county|state|district)\b", re.IGNORECASE)


# States whose names contain "and", so "A and B" is not always two States.
STATES_WITH_AND = frozenset(
    {
        "antigua and barbuda",
        "bosnia and herzegovina",
        "saint kitts and nevis",
        "saint vincent and the grenadines",
        "sao tome and principe",
        "trinidad and tobago",
        "united kingdom of great britain and northern ireland",
        "heard island and mcdonald islands",
    }
)


class Place(NamedTuple):
    city: str
    country: str
    format: str  # "virtual", "hybrid" or "" when the venue does not say
    doubtful: bool  # read, but with a part that was set aside


def read_place(text: str) -> Place:
    """City, country and format of a venue as written."""
    text = _squash(_IN_PERSON.sub("", _squash(text))).strip(" ;,.:–—-")
    online = bool(_ONLINE.search(text))
    hybrid = bool(_HYBRID.search(text))
    physical = _physical(text) if online or hybrid else text
    city, country, doubtful = _city_and_country(physical)
    if hybrid or (online and country):
        return Place(city, country, HYBRID, doubtful)
    return Place(city, country, VIRTUAL if online else "", doubtful)


def _physical(text: str) -> str:
    """The place in a venue that also says "online" or "hybrid", or "" if it names none."""
    text = _PARENTHESIS.sub(lambda m: "" if _says_how(m[1]) else m[0], text)
    pieces = _JOINS.split(text)
    separators = [m[0] for m in _JOINS.finditer(text)]
    kept: list[str] = []
    for piece, separator in zip(pieces, ["", *separators], strict=True):
        if piece.strip() and not _says_how(piece):
            kept += [separator, piece] if kept else [piece]
    return "".join(kept).strip(" ;,.:–—-")


def _says_how(piece: str) -> bool:
    words = re.sub(r"[^\w\s-]", " ", _ONLINE.sub(" ", _HYBRID.sub(" ", piece))).lower().split()
    return bool(_ONLINE.search(piece) or _HYBRID.search(piece)) and all(
        word in _HOW for word in words
    )


def _city_and_country(text: str) -> tuple[str, str, bool]:
    parts = split_names(text)
    if not parts:
        return "", "", False
    *places, country = parts
    if not places:
        city, country = _city_in_parenthesis(country)
        return city, country, False
    country, doubtful = _country(country)
    city = places[-1]
    if _REGION.search(city) and len(places) > 1:
        city = places[-2]
    # "Vienna, Austria and Bratislava, Slovakia": two places.
    two = any(" and " in part.lower() and plain(part) not in STATES_WITH_AND for part in parts)
    return city, country, doubtful or two


def _country(text: str) -> tuple[str, bool]:
    """The last part of "City, Country" without a remark in parentheses ("Chile (tbc)"), and
    whether one was set aside; a UN name's own parenthesis stays."""
    if not text.endswith(")") or _has_own_parenthesis(text):
        return text, False
    name, _, _remark = text[:-1].rpartition("(")
    return (name.strip(), True) if name.strip() else (text, False)


def _has_own_parenthesis(country: str) -> bool:
    """A UN name's parenthesis: "Iran (Islamic Republic of)"."""
    return country.lower().endswith(" of)")


def _city_in_parenthesis(text: str) -> tuple[str, str]:
    """("Vienna", "Austria") from "Vienna (Austria)"; a country's own parenthesis stays."""
    if not text.endswith(")") or _has_own_parenthesis(text):
        return "", text
    city, _, country = text[:-1].rpartition("(")
    if not city.strip() or "(" in country or ")" in country:
        return "", text
    return city.strip(), country.strip()


def split_names(text: str) -> list[str]:
    """Split on commas and semicolons, but never inside parentheses: not where the next
    parenthesis is a closing one. One pass from the end, which knows the next parenthesis at
    each character (a look-ahead at each comma read the rest of the text again)."""
    cuts, next_parenthesis = [], ""
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in "()":
            next_parenthesis = char
        elif char in ";,·" and next_parenthesis != ")":
            cuts.append(index)
    bounds = [-1, *reversed(cuts), len(text)]
    parts = (tidy_name(text[a + 1 : b]) for a, b in itertools.pairwise(bounds))
    return [part for part in parts if part]


def tidy_name(name: str) -> str:
    name = _squash(name).strip(" ;,.·")
    return name[4:] if name.lower().startswith("and ") else name


def plain(name: str) -> str:
    """Lower case without accents, so "São Tomé" matches "sao tome"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _squash(text: str) -> str:
    return " ".join(text.split())
