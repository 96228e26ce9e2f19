"""How much one archive import may take: every limit of the import in one place.

An uploaded file is untrusted: a small Word file can unpack to hundreds of megabytes of XML,
a small PDF can hold pages that take minutes to read, a small ZIP can expand to gigabytes. So a
file is refused when it is too big, when it unpacks or reads to too much, when it has too many
pages, or when reading it takes too long; a ZIP is refused whole when it holds too many files,
expands to too much or is compressed more than any real document is. The message names the file
and the limit. The reading itself runs in a separate process
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
    file_bytes: int = 20 * MB  # one file, or one file inside a ZIP
    files_per_upload: int = 50
    upload_bytes: int = 50 * MB
    name_characters: int = 255
    # What one ZIP of notes (an upload, or a path given to the command) may hold. Documents
    # compress at most about 10:1; a ratio far beyond that is a bomb, not an archive of notes.
    zip_members: int = 1000
    zip_unpacked_bytes: int = 500 * MB
    zip_ratio: int = 100
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
