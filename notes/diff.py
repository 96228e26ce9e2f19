"""Word-level differences between two texts, as HTML with <ins> and <del>.

Every piece of text is escaped before it is wrapped, so the result is safe to show."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from notes.header import LINE_LABELS
from notes.models import CONTENT_FIELDS, Revision

# Whitespace is kept as tokens of its own so that line breaks survive in the output.
_TOKENS = re.compile(r"(\s+)")


def diff_words(old, new):
    """`old` and `new` as one HTML fragment: removed words in <del>, added words in <ins>."""
    before, after = _TOKENS.split(old or ""), _TOKENS.split(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if op == "equal":
            parts.append(escape(added))
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(parts))  # every piece escaped above


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
