"""What an event's material may be: the accepted types, checked by the file's name AND by its
content, the size limit, and the name it is shown and downloaded under.

A file is stored under a name the system chooses (events.models.material_file_name); the name
it was uploaded with is kept, cleaned, for display and for Content-Disposition only. Browsers
render SVG and HTML as pages that run scripts, so neither is accepted, whatever it is called:
the content of each file must be that of the type its extension names.
"""

import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 200  # Material.original_name
HEAD_BYTES = 16
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel and PowerPoint before 2007


def _pdf(head, file):
    return head.startswith(b"%PDF-")


def _ole2(head, file):
    return head.startswith(OLE2)


def _jpeg(head, file):
    return head.startswith(b"\xff\xd8\xff")


def _png(head, file):
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _webp(head, file):
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _zip_names(file):
    """The names in a zip archive (its directory only: nothing is decompressed); [] if it is
    not one."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return []


def _office_open_xml(folder):
    """A Word, Excel or PowerPoint file since 2007: a zip with its parts in `folder`."""

    def sniff(head, file):
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(file)
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)

    return sniff


def _open_document(mimetype):
    """An OpenDocument file: a zip whose "mimetype" entry names its type."""

    def sniff(head, file):
        if not head.startswith(b"PK\x03\x04"):
            return False
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive, archive.open("mimetype") as entry:
                return entry.read(len(mimetype) + 1) == mimetype.encode()
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, RuntimeError):
            # RuntimeError: an encrypted entry; NotImplementedError, a RuntimeError too: an
            # unknown compression method.
            return False

    return sniff


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    sniff: object  # (first bytes, file) -> whether the content is of this type

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


def _types():
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    powerpoint = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    excel = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    text = "application/vnd.oasis.opendocument.text"
    presentation = "application/vnd.oasis.opendocument.presentation"
    spreadsheet = "application/vnd.oasis.opendocument.spreadsheet"
    jpeg = FileType(_("JPEG image"), "image/jpeg", _jpeg)
    return {
        ".pdf": FileType(_("PDF document"), "application/pdf", _pdf),
        ".doc": FileType(_("Word document"), "application/msword", _ole2),
        ".docx": FileType(_("Word document"), word, _office_open_xml("word/")),
        ".odt": FileType(_("OpenDocument text"), text, _open_document(text)),
        ".ppt": FileType(_("PowerPoint presentation"), "application/vnd.ms-powerpoint", _ole2),
        ".pptx": FileType(_("PowerPoint presentation"), powerpoint, _office_open_xml("ppt/")),
        ".odp": FileType(
            _("OpenDocument presentation"), presentation, _open_document(presentation)
        ),
        ".xls": FileType(_("Excel workbook"), "application/vnd.ms-excel", _ole2),
        ".xlsx": FileType(_("Excel workbook"), excel, _office_open_xml("xl/")),
        ".ods": FileType(_("OpenDocument spreadsheet"), spreadsheet, _open_document(spreadsheet)),
        ".jpg": jpeg,
        ".jpeg": jpeg,
        ".png": FileType(_("PNG image"), "image/png", _png),
        ".webp": FileType(_("WebP image"), "image/webp", _webp),
    }


TYPES = _types()
# For the file input's `accept`: what the browser offers to pick first.
ACCEPT = ",".join(TYPES)


def clean_name(name):
    """The uploaded name as it may be shown and sent back: its last part only (never a
    folder), without control or formatting characters (newlines, right-to-left overrides),
    spaces collapsed, at most NAME_MAX_LENGTH characters with its extension kept."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    stem, extension = os.path.splitext(name)
    if len(extension) > 20:  # no accepted extension is that long: not one to keep
        stem, extension = name, ""
    if len(name) > NAME_MAX_LENGTH:
        name = stem[: NAME_MAX_LENGTH - len(extension)].rstrip() + extension
    return name or "file"


def extension_of(name):
    return os.path.splitext(name)[1].lower()


def accepted_types():
    """The accepted types, named for people: "PDF document, Word document, …"."""
    labels = []
    for file_type in TYPES.values():
        if str(file_type.label) not in labels:
            labels.append(str(file_type.label))
    return ", ".join(labels)


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str  # clean_name of the uploaded name
    extension: str
    file_type: FileType
    size: int


def check(upload):
    """The upload as a CheckedFile, or ValidationError naming the file and the reason."""
    name = clean_name(getattr(upload, "name", ""))
    shown = {"name": Truncator(name).chars(80)}
    file_type = TYPES.get(extension_of(name))
    if file_type is None:
        message = gettext("“%(name)s” is not accepted: only these types are (%(types)s).")
        raise ValidationError(message % (shown | {"types": accepted_types()}))
    size = upload.size or 0
    if size == 0:
        raise ValidationError(gettext("“%(name)s” is not accepted: the file is empty.") % shown)
    limit = settings.MATERIAL_MAX_BYTES
    if size > limit:
        message = gettext(
            "“%(name)s” is not accepted: it is %(size)s, more than the limit of %(limit)s."
        )
        sizes = {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        raise ValidationError(message % (shown | sizes))
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    matches = file_type.sniff(head, upload)
    upload.seek(0)
    if not matches:
        message = gettext(
            "“%(name)s” is not accepted: its name says %(type)s, but its content is not one."
        )
        raise ValidationError(message % (shown | {"type": file_type.label}))
    return CheckedFile(upload, name, extension_of(name), file_type, size)
