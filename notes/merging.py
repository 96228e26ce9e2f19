"""Three-way merge of a note's sections, for two people who saved from the same version.

Each field (the title and the four sections) is merged whole: a field changed on one side only
takes that side; a field changed on both sides to different texts is a conflict, which only the
person can resolve. Texts are compared with their line endings made alike, because a browser
sends a textarea with CRLF while imported or stored text may have LF: a field nobody changed
must never look changed.
"""

from dataclasses import dataclass, field


def normalize_newlines(text):
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def same_text(a, b):
    return normalize_newlines(a) == normalize_newlines(b)


@dataclass
class Merge:
    """The merged values, the fields taken from their side, and the fields in conflict."""

    values: dict
    theirs_taken: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)


def merge_fields(fields, *, base, mine, theirs):
    """Merge `mine` into `theirs` field by field, both edited from `base`.

    All three are objects with the fields as attributes; `base` may be None (the version the
    edit began from is unknown), and then every field both sides wrote differently is a
    conflict."""
    merge = Merge(values={})
    for name in fields:
        my_text, their_text = getattr(mine, name), getattr(theirs, name)
        base_text = getattr(base, name) if base is not None else None
        if same_text(my_text, their_text):
            merge.values[name] = my_text
        elif base is not None and same_text(my_text, base_text):
            merge.values[name] = their_text
            merge.theirs_taken.append(name)
        elif base is not None and same_text(their_text, base_text):
            merge.values[name] = my_text
        else:
            merge.values[name] = my_text
            merge.conflicts.append(name)
    return merge
