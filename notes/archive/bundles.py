"""Many archive files at once: folders and ZIP files, opened into (name, source) pairs.

A ZIP is untrusted like any file, and a small one can expand to gigabytes (a "ZIP bomb"). So
before any of its files is read, its table of contents is checked against limits.py: how many
files it holds, what they expand to in all, each file's size, and how much each is compressed
(documents compress about 10:1 at most). A ZIP over a limit is refused whole, with a message
naming it and the limit, before anything is imported. Folders inside it are walked; a file
keeps its folder in its name ("notes.zip/2009/irkutsk.txt"). Each file is read only when it is
imported, and the zip module never unpacks more than a file declares.

Nothing is written to disk: a ZIP is read from its path or from the bytes of an upload.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notes.archive.extract import SUFFIXES, ExtractError

ZIP = ".zip"
# Folders that archiving tools add beside the files (macOS resource forks).
_TOOL_FOLDERS = frozenset({"__MACOSX"})


class ZipRefused(ValueError):
    """A ZIP over a limit, or that is no ZIP at all: refused whole, nothing of it is read."""


@dataclass(frozen=True)
class Member:
    """One file inside an open ZIP, read when the import reaches it."""

    archive: zipfile.ZipFile
    info: zipfile.ZipInfo

    @property
    def size(self):
        return self.info.file_size

    def read(self):
        try:
            return self.archive.read(self.info)
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as e:
            raise ExtractError(
                gettext_lazy("cannot be read from the ZIP file: %(error)s"), {"error": str(e)}
            ) from e


def is_zip(name):
    return Path(name).suffix.lower() == ZIP


def find_sources(paths):
    """(name, path) of the notes and ZIP files among `paths`, folders searched recursively, in a
    stable order; FileNotFoundError for a path that does not exist."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if _wanted_path(p)))
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(path)
    return [(str(path), path) for path in found]


def _wanted_path(path):
    suffix = path.suffix.lower()
    return (
        path.is_file() and (suffix in SUFFIXES or suffix == ZIP) and not path.name.startswith(".")
    )


def open_all(sources, limits, stack):
    """Every file to import among the (name, source) pairs, each ZIP opened (kept open by the
    ExitStack `stack`) and checked first: ZipRefused before anything is read if one is over a
    limit."""
    opened = []
    for name, source in sources:
        if not is_zip(name):
            opened.append((name, source))
            continue
        archive = stack.enter_context(open_zip(name, source))
        members = checked_members(name, archive, limits)
        opened.extend((f"{name}/{info.filename}", Member(archive, info)) for info in members)
    return opened


def count_files(name, data, limits):
    """How many files the ZIP `data` holds, once checked against the limits (ZipRefused)."""
    with open_zip(name, data) as archive:
        return len(checked_members(name, archive, limits))


def open_zip(name, source):
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ZipRefused(
            _("%(name)s is not a ZIP file that can be read: %(error)s")
            % {"name": name, "error": error}
        ) from error


def checked_members(name, archive, limits):
    """The files of the ZIP to import, after the checks of the whole ZIP."""
    members = [info for info in archive.infolist() if _wanted_member(info)]
    if len(members) > limits.zip_members:
        raise ZipRefused(
            _("%(name)s holds %(count)d files, over the limit of %(limit)d per ZIP file.")
            % {"name": name, "count": len(members), "limit": limits.zip_members}
        )
    expanded = sum(info.file_size for info in members)
    if expanded > limits.zip_unpacked_bytes:
        raise ZipRefused(
            _("%(name)s expands to %(size)s, over the limit of %(limit)s per ZIP file.")
            % {
                "name": name,
                "size": filesizeformat(expanded),
                "limit": filesizeformat(limits.zip_unpacked_bytes),
            }
        )
    for info in members:
        _check_member(name, info, limits)
    return members


def _wanted_member(info):
    parts = PurePosixPath(info.filename).parts
    hidden = any(part.startswith(".") or part in _TOOL_FOLDERS for part in parts)
    return not info.is_dir() and not hidden


def _check_member(name, info, limits):
    where = {"name": name, "member": info.filename}
    if info.flag_bits & 0x1:
        raise ZipRefused(_("%(member)s in %(name)s is encrypted: it cannot be read.") % where)
    if info.file_size > limits.file_bytes:
        raise ZipRefused(
            _("%(member)s in %(name)s is %(size)s, over the limit of %(limit)s per file.")
            % {
                **where,
                "size": filesizeformat(info.file_size),
                "limit": filesizeformat(limits.file_bytes),
            }
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > limits.zip_ratio:
        raise ZipRefused(
            _(
                "%(member)s in %(name)s is compressed %(ratio)d to 1, over the limit of "
                "%(limit)d to 1: no document compresses that much (a ZIP bomb?)."
            )
            % {**where, "ratio": ratio, "limit": limits.zip_ratio}
        )
