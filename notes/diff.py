"""Word-level differences between two texts, as HTML with <ins> and <del>.

Every piece of text is escaped before it is wrapped, so the result is safe to show.

difflib's matcher takes time that grows faster than the square of the length of the texts
(the spaces between words match everywhere): two rewritten revisions of 6,000 words took 20 s.
So one comparison may do WORK_BUDGET units of the matcher's work. Texts within it are compared
word by word, as they always were. Larger ones are compared line by line, and each changed
passage word by word while the budget lasts; a changed passage beyond it is shown whole
(removed, then added), under a notice that says so."""

import difflib
import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from notes.header import LINE_LABELS
from notes.models import CONTENT_FIELDS, Revision

# Whitespace is kept as tokens of its own so that line breaks survive in the output.
_TOKENS = re.compile(r"(\s+)")
# Lines with their line feed.
_LINES = re.compile(r"[^\n]*\n|[^\n]+")

# The matcher's work is counted in the steps of its inner loop (some 0.2 to 0.5 µs each), so a
# comparison takes a few tenths of a second at most (twice that when the word comparison gives
# up and the line comparison starts afresh).
WORK_BUDGET = 1_000_000


class _OverBudget(Exception):
    pass


class _Budget:
    def __init__(self):
        self.left = WORK_BUDGET

    def spend(self, units):
        self.left -= units
        if self.left < 0:
            raise _OverBudget


class _BudgetedMatcher(difflib.SequenceMatcher):
    """A SequenceMatcher that stops (_OverBudget) once it has done the work it may do."""

    def __init__(self, before, after, budget, *, autojunk):
        self.budget = budget
        super().__init__(None, before, after, autojunk=autojunk)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        bhi = len(self.b) if bhi is None else bhi
        # Counted before the search: each item of a[alo:ahi] walks its places in b (at most).
        places = self.b2j
        self.budget.spend(ahi - alo + sum(len(places.get(item, ())) for item in self.a[alo:ahi]))
        return super().find_longest_match(alo, ahi, blo, bhi)


def _opcodes(before, after, budget, *, autojunk=False):
    return _BudgetedMatcher(before, after, budget, autojunk=autojunk).get_opcodes()


def _word_diff(before, after, budget):
    """The pieces of HTML of a word-by-word comparison of two token lists, or _OverBudget."""
    parts = []
    for op, i1, i2, j1, j2 in _opcodes(before, after, budget):
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if op == "equal":
            parts.append(escape(added))
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return parts


def _replaced(removed, added):
    parts = [f"<del>{escape(removed)}</del>"] if removed else []
    return parts + ([f"<ins>{escape(added)}</ins>"] if added else [])


def _common_ends(before, after):
    """How many items the two lists share at their start, and then at their end."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return start, end


def _passage_diff(before, after, budget):
    """_word_diff of two token lists, their common start and end set aside first (a few words
    changed in a long paragraph cost little)."""
    start, end = _common_ends(before, after)
    middle = _word_diff(before[start : len(before) - end], after[start : len(after) - end], budget)
    return [escape("".join(before[:start])), *middle, escape("".join(before[len(before) - end :]))]


def _line_diff(old, new, budget):
    """(pieces, whole): the texts compared line by line, each changed passage word by word if
    the budget allows; `whole` says whether some passage is shown whole instead."""
    before, after = _LINES.findall(old), _LINES.findall(new)
    start, end = _common_ends(before, after)
    head, tail = "".join(before[:start]), "".join(before[len(before) - end :])
    before, after = before[start : len(before) - end], after[start : len(after) - end]
    try:
        opcodes = _opcodes(before, after, budget, autojunk=True)
    except _OverBudget:
        opcodes = [("replace", 0, len(before), 0, len(after))]
    parts, whole = [escape(head)], False
    for op, i1, i2, j1, j2 in opcodes:
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if op == "equal":
            parts.append(escape(added))
        elif op == "replace":
            try:
                if removed == old and added == new:
                    raise _OverBudget  # the word comparison of the whole texts just gave up
                parts.extend(_passage_diff(_TOKENS.split(removed), _TOKENS.split(added), budget))
            except _OverBudget:
                parts.extend(_replaced(removed, added))
                whole = True
        else:
            parts.extend(_replaced(removed, added))
    parts.append(escape(tail))
    return parts, whole


def diff_words(old, new):
    """`old` and `new` as one HTML fragment: removed words in <del>, added words in <ins>.

    Texts too large to compare word by word within the budget are compared line by line
    first; a passage still too large is shown whole, under a notice."""
    old, new = old or "", new or ""
    try:
        parts = _word_diff(_TOKENS.split(old), _TOKENS.split(new), _Budget())
    except _OverBudget:
        parts, whole = _line_diff(old, new, _Budget())
        if whole:
            notice = _(
                "Too large to compare word by word: some changed passages are shown whole, "
                "as removed and then added."
            )
            parts.insert(0, format_html('<p class="diff-notice">{}</p>', notice))
    return mark_safe("".join(parts))  # nosec B308 B703 # every piece escaped above


def diff_sections(old, new):
    """One entry per line of the header and per content field of a note: its label, the word
    diff and whether it changed.

    `old` and `new` are anything with the content fields and a header (revisions, notes);
    `old` may be None."""
    sections = []
    before_header = old.header.lines() if old is not None else [""] * len(LINE_LABELS)
    for label, before, after in zip(LINE_LABELS, before_header, new.header.lines(), strict=True):
        sections.append(
            {"label": label, "html": diff_words(before, after), "changed": before != after}
        )
    for field in CONTENT_FIELDS:
        before = getattr(old, field, "") if old is not None else ""
        after = getattr(new, field, "")
        sections.append(
            {
                "label": Revision._meta.get_field(field).verbose_name,
                "html": diff_words(before, after),
                "changed": before != after,
            }
        )
    return sections
