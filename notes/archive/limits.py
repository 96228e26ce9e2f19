"""How much one archive import may take: every limit of the import in one place.

An uploaded file is untrusted: a small Word file can unpack to hundreds of megabytes of XML,
a small PDF can hold pages that take minutes to read. So a file is refused when it is too big,
when it unpacks or reads to too much, when it has too many pages, or when reading it takes too
long; the message names the file and the limit. The reading itself runs in a separate process
(reading.py), which is stopped at the time limit and cannot take more than `memory_bytes`.

The defaults suit the archive (a note is a few pages). A deployment may change any of them with
the optional setting NOTES_ARCHIVE_LIMITS, e.g. ``{"pdf_pages": 400}``.

This module imports nothing from Django at load time: the reading process uses it too.
"""

from dataclasses import dataclass, fields, replace

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # What one upload in the admin may hold.
    file_bytes: int = 10 * MB
    files_per_upload: int = 50
    upload_bytes: int = 50 * MB
    name_characters: int = 255
    # What one file may become once read.
    text_characters: int = 2_000_000
    docx_unpacked_bytes: int = 25 * MB  # all the parts of the Word file, uncompressed
    pdf_pages: int = 200
    # What reading one file (extraction and parsing) may take.
    seconds_per_file: float = 20
    memory_bytes: int = 1024 * MB  # the address space of the reading process


DEFAULT = Limits()


def current():
    """The limits in force: the defaults, with what NOTES_ARCHIVE_LIMITS changes."""
    from django.conf import settings

    changes = getattr(settings, "NOTES_ARCHIVE_LIMITS", None) or {}
    unknown = set(changes) - {field.name for field in fields(Limits)}
    if unknown:
        raise ValueError(f"NOTES_ARCHIVE_LIMITS: unknown limits {sorted(unknown)}")
    return replace(DEFAULT, **changes)
