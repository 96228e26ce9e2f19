"""How well a typed text matches a record: one ranking for the type-ahead's suggestions and for
the form fields that turn typed names into records, so that what is offered first is also what
a typed name means.

Texts are compared plain (contacts.models.plain_name): case, accents and punctuation do not
matter, so "cote" finds Côte d'Ivoire and "turkiye" Türkiye. The ranks, best first, are in
Rank; records of the same rank come in alphabetical order."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import IntEnum

from contacts.models import COUNTRY_ALIASES, plain_name

# Titles that come before a contact's name as it is displayed ("Ms. Amina Diallo"), plain.
# Only titles that are not also names: "He" and "Sen" are surnames too.
HONORIFICS = {
    "mr",
    "ms",
    "mrs",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "h e",
    "amb",
    "ambassador",
    "sir",
    "dame",
    "hon",
    "judge",
    "justice",
    "mme",
    "mlle",
    "sra",
    "srta",
}
# Words the initials of a name skip: "United Nations Office for Disarmament Affairs" is UNODA.
SMALL_WORDS = {"of", "for", "the", "and", "on", "in", "to", "de", "des", "du", "la", "le", "et"}
# "Name (ACRONYM)" for organizations, "Name (Organization)" for contacts.
QUALIFIED = re.compile(r"^(?P<name>.+?) \((?P<qualifier>[^()]+)\)$")


class Rank(IntEnum):
    EXACT_NAME = 0  # its name, or another name it goes by ("UK", "Russia")
    EXACT_CODE = 1  # its acronym or ISO alpha-3 code (alpha-2 when typed in capitals)
    NAME_PREFIX = 2  # the start of its name ("Ug": Uganda)
    WORD_PREFIX = 3  # the start of a word of its name ("Gui": Equatorial Guinea)
    ACRONYM = 4  # the start of its acronym, or of its name's initials ("unod": UNODC)
    CODE = 5  # its ISO alpha-2 code, or the start of alpha-3 ("gb": United Kingdom)
    SUBSTRING = 6  # anywhere in its name or acronym ("Ug": Portugal)


EXACT = (Rank.EXACT_NAME, Rank.EXACT_CODE)


@dataclass(frozen=True)
class Names:
    """What a record goes by: `names` (the first is the label the list is sorted by),
    `acronyms`, and ISO codes as (alpha-2, alpha-3)."""

    names: tuple
    acronyms: tuple = ()
    codes: tuple = ()

    @property
    def sort_key(self):
        return plain_name(self.names[0])


def initials(plain):
    return "".join(word[0] for word in plain.split() if word not in SMALL_WORDS)


def rank(text, names):
    """The Rank of `text` for a record going by `names` (a Names), or None if it does not match."""
    key = plain_name(text or "")
    if not key:
        return None
    plain_names = [plain_name(name) for name in names.names if name]
    acronyms = [plain_name(acronym) for acronym in names.acronyms if acronym]
    ranks = [name_rank(key, name) for name in plain_names]
    ranks += [acronym_rank(key, acronym) for acronym in acronyms]
    ranks += [acronym_rank(key, initials(name), exact=False) for name in plain_names]
    if names.codes:
        ranks.append(code_rank(text.strip(), key, *names.codes))
    found = [found for found in ranks if found is not None]
    return min(found) if found else None


def name_rank(key, name):
    where = f" {name}".find(f" {key}")
    if key == name:
        return Rank.EXACT_NAME
    if where == 0:
        return Rank.NAME_PREFIX
    if where > 0:
        return Rank.WORD_PREFIX
    return Rank.SUBSTRING if key in name else None


def acronym_rank(key, acronym, exact=True):
    compact, bare = key.replace(" ", ""), acronym.replace(" ", "")
    if not compact or not bare:
        return None
    if exact and compact == bare:
        return Rank.EXACT_CODE
    if len(compact) > 1 and bare.startswith(compact):
        return Rank.ACRONYM
    return Rank.SUBSTRING if exact and compact in bare else None


def code_rank(typed, key, iso2, iso3):
    if key == iso3.lower() or typed == iso2.upper():
        return Rank.EXACT_CODE
    if key == iso2.lower() or (len(key) > 1 and iso3.lower().startswith(key)):
        return Rank.CODE
    return None


def ranked(text, rows, names_of, *, also=(), then=None):
    """The rows `text` (or one of the texts `also`) matches, best first (Rank), and within a
    rank by `then(row)` if given, then alphabetically."""
    scored = []
    for row in rows:
        names = names_of(row)
        found = [rank(typed, names) for typed in (text, *also)]
        found = [one for one in found if one is not None]
        if found:
            scored.append((min(found), then(row) if then else 0, names.sort_key, row))
    scored.sort(key=lambda item: item[:3])
    return [item[-1] for item in scored]


def meant(text, rows, names_of):
    """The rows a typed name means: those it names exactly, the best exact rank only (a full
    name wins over an acronym). Several rows: the name is ambiguous; none: it is unknown."""
    best, found = None, []
    for row in rows:
        row_rank = rank(text, names_of(row))
        if row_rank not in EXACT or (best is not None and row_rank > best):
            continue
        if row_rank != best:
            best, found = row_rank, []
        found.append(row)
    return found


def without_honorific(text):
    """A contact's name typed as displayed ("Ms. Amina Diallo", "H.E. Dr. Kofi Mensah"),
    without the titles before it; a title alone is left as it is."""
    words = (text or "").split()
    while len(words) > 1 and plain_name(words[0]) in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def split_qualifier(text):
    """("Amina Diallo", "UNODA") for "Amina Diallo (UNODA)"; (text, "") without a qualifier."""
    match = QUALIFIED.match((text or "").strip())
    return (match["name"], match["qualifier"]) if match else ((text or "").strip(), "")


# -- what each kind of record goes by --------------------------------------------------------

ALIASES_BY_ISO3 = {}
for _alias, _iso3 in COUNTRY_ALIASES.items():
    ALIASES_BY_ISO3.setdefault(_iso3, []).append(_alias)


def country_names(country):
    short = country.name.split(" (")[0]
    aliases = ALIASES_BY_ISO3.get(country.iso3, [])
    return Names((country.name, short, *aliases), codes=(country.iso2, country.iso3))


def organization_names(organization):
    return Names((organization.name, str(organization)), acronyms=(organization.acronym,))


def contact_names(contact):
    """A contact goes by its name, with or without its honorific, and either followed by its
    organization's acronym or name in parentheses."""
    bare = [contact.name, str(contact)]
    organization = contact.organization
    qualifiers = [organization.acronym, organization.name] if organization else []
    qualified = [f"{name} ({q})" for name in bare for q in qualifiers if q]
    return Names((*bare, *qualified))


# -- organizations that may already be there ---------------------------------------------------

# How alike two names must be (difflib's ratio, 0 to 1) to warn that one may be the other:
# "World Customs Organisation" and "World Customs Organization" are; "Customs" and
# "World Customs Organization" are not.
SIMILAR_RATIO = 0.85
# Short forms spelled out before names are compared: "UN Office..." is "United Nations Office...".
SPELLED_OUT = {"un": "united nations", "intl": "international", "org": "organization"}


def comparable(name):
    words = plain_name(name or "").split()
    return " ".join(SPELLED_OUT.get(word, word) for word in words)


def acronym_of(text):
    """An acronym given in parentheses after a name: "UNODA" for "United Nations Office for
    Disarmament Affairs (UNODA)"; None when the parenthesis is not one ("Ministry (Iraq)")."""
    name, qualifier = split_qualifier(text)
    if qualifier and qualifier == qualifier.upper() and any(c.isalpha() for c in qualifier):
        return name, qualifier
    return None


def similar_organizations(name, acronym, organizations):
    """Those of `organizations` that the new one (`name`, `acronym`) may well be: the same
    acronym, the name typed as an acronym ("UNODA"), a name whose initials are the acronym, or
    a name spelled nearly the same ("UN Office..." for "United Nations Office...")."""
    key, short = comparable(name), plain_name(acronym or "").replace(" ", "")
    found = [
        organization for organization in organizations if looks_alike(key, short, organization)
    ]
    return sorted(found, key=lambda organization: plain_name(organization.name))


def looks_alike(key, short, organization):
    """Whether `organization` may be the one named `key` (comparable()) with acronym `short`."""
    theirs = plain_name(organization.acronym).replace(" ", "")
    other = comparable(organization.name)
    if theirs and theirs in (short, key.replace(" ", "")):
        return True  # the same acronym, or the name typed as their acronym
    if short and short in (theirs, initials(other), other.replace(" ", "")):
        return True  # their initials, or their name, is the acronym typed
    if theirs and initials(key) == theirs and len(theirs) > 2:
        return True  # the name typed spells out their acronym
    return alike(key, other)


def alike(one, other):
    if not one or not other:
        return False
    if sorted(one.split()) == sorted(other.split()):
        return True
    matcher = SequenceMatcher(None, one, other, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR_RATIO and matcher.ratio() >= SIMILAR_RATIO
