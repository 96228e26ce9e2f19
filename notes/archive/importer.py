"""Import archived Information Notes: each file becomes an event and a note in review.

A file is read within the limits of limits.py, in a separate process (reading.py: extract.py
turns it into text, parser.py reads that), and written through the real workflow: the
"archive" account signs the note and submits it for review, and the revision names the person
who imported the file as its writer. Four-eyes (Note.publish) then keeps the importer from
publishing it: another reviewer publishes it through the normal review, and the note is
published the moment they do (the event keeps its own dates).

A file already imported (same SHA-256) is left alone; a file about a known event (same title
and dates) updates its note: a new revision, submitted for review. A published note keeps its
live revision meanwhile (it has unpublished changes); a note already in review is not changed.
Only the bulk load of the historic archive (`manage.py import_notes --publish-as`) publishes at
once, by a reviewer other than the importer. Each file is one transaction: a file that fails
writes nothing and the others go on.
"""

import hashlib
import re
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Country, Organization, plain_name
from events.models import Event
from notes.archive.extract import ENCODINGS, ExtractError
from notes.archive.limits import current
from notes.archive.parser import ParseError
from notes.archive.reading import Reader
from notes.models import Note, Revision, WorkflowError
from outreach.changes import records_changed
from outreach.editing import EditConflict
from outreach.slugs import unique_slug
from outreach.text import SECTION_MAX_LENGTH, strip_control_characters

ARCHIVE_USERNAME = "archive"
CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
LABELS = {
    CREATED: gettext_lazy("created"),
    UPDATED: gettext_lazy("updated"),
    UNCHANGED: gettext_lazy("unchanged"),
    FAILED: gettext_lazy("failed"),
}
VIRTUAL_VENUES = frozenset({"online", "virtual", "videoconference", "video conference"})
_KINDS = [
    ("visit", Event.Kind.COUNTRY_VISIT),
    ("workshop", Event.Kind.WORKSHOP),
    ("seminar", Event.Kind.SEMINAR),
    ("conference", Event.Kind.CONFERENCE),
    ("training", Event.Kind.TRAINING),
    ("meeting", Event.Kind.MEETING),
]
_WITH_ACRONYM = re.compile(r"(?P<name>.+?)\s*\((?P<acronym>[^()]+)\)")
# A database refusal (e.g. a name taken meanwhile) fails its file only, like a parse error.
FAILURES = (
    ExtractError,
    ParseError,
    ValidationError,
    WorkflowError,
    PermissionDenied,
    OSError,
    IntegrityError,
)


class ImportProblem(ValueError):
    """Parsed, but names something the registry cannot take (e.g. an unknown State)."""


@dataclass
class Outcome:
    name: str
    status: str
    detail: str = ""
    note: Note | None = None
    encoding: str | None = None  # how a text file was read: a key of extract.ENCODINGS

    @property
    def label(self):
        return LABELS[self.status]

    @property
    def encoding_label(self):
        return ENCODINGS.get(self.encoding, "")

    def __str__(self):
        text = f"{self.name}: {self.label}" + (f" – {self.detail}" if self.detail else "")
        if self.encoding not in (None, "utf-8"):
            text += " " + _("(read as %(encoding)s)") % {"encoding": self.encoding_label}
        return text

    def to_json(self):
        """What a task keeps of the outcome for the page that shows it."""
        return {
            "name": self.name,
            "status": self.status,
            "detail": str(self.detail),
            "note": self.note.pk if self.note else None,
            "encoding": self.encoding,
        }

    @classmethod
    def from_json(cls, data):
        return cls(data["name"], data["status"], data["detail"], encoding=data["encoding"])


def import_files(sources, *, by, publisher=None, dry_run=False, limits=None):
    """Import (name, file path or content) pairs for the reviewer `by`; yield one Outcome per
    file. The notes go to review; `publisher`, another reviewer, publishes them at once. A dry
    run writes nothing."""
    with transaction.atomic() if dry_run else nullcontext():
        with Importer(by, publisher=publisher, limits=limits) as importer:
            for name, source in sources:
                yield importer.import_file(name, source)
        if dry_run:
            transaction.set_rollback(True)


def archive_author():
    """The account that signs imported notes: it exists to be their author and cannot sign in
    (unusable password). It stays active because the workflow reads no permission of an
    inactive account."""
    user, created = get_user_model().objects.get_or_create(
        username=ARCHIVE_USERNAME, defaults={"first_name": "Archive"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name="Experts"))
    return user


def source_name(name):
    """The file's name as a revision keeps it: without control characters, and cut at the
    front to fit (the end names the file)."""
    name = strip_control_characters(name)
    room = Revision._meta.get_field("source").max_length
    return name if len(name) <= room else "…" + name[-(room - 1) :]


def split_acronym(text):
    """("Regional ... Organization", "SCO RATS") from "Regional ... Organization (SCO RATS)"."""
    match = _WITH_ACRONYM.fullmatch(text)
    if match and _is_acronym(match["acronym"]):
        return match["name"], match["acronym"]
    return text, ""


def _is_acronym(text):
    upper = sum(char.isupper() for char in text)
    return (
        len(text) <= 40 and "," not in text and upper >= 2 and upper >= sum(map(str.islower, text))
    )


class Importer:
    """Imports files for the reviewer `by`; `publisher`, another reviewer, publishes the notes
    at once (the initial load of the archive only). Close it, or use it as a context manager:
    it keeps a process that reads the files (reading.Reader)."""

    def __init__(self, by, *, publisher=None, limits=None):
        if not by.has_perm("notes.review_note"):
            raise PermissionDenied(_("Only reviewers can import notes."))
        if publisher is not None and publisher.pk == by.pk:
            raise PermissionDenied(
                _("Imported notes are published by another reviewer than the one who imports them.")
            )
        if publisher is not None and not publisher.has_perm("notes.review_note"):
            raise PermissionDenied(_("Only reviewers can publish notes."))
        self.by = by
        self.publisher = publisher
        self.limits = limits or current()
        self.author = archive_author()
        self.reader = Reader(self.limits)
        self._countries = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.reader.close()

    def import_file(self, name, source):
        name = source_name(name)
        try:
            return self._import(name, self._data(source))
        except (*FAILURES, ImportProblem, EditConflict) as error:
            return Outcome(name, FAILED, _describe(error))

    def _data(self, source):
        """The bytes of the file, a path or its content; a file over the size limit is not
        read at all."""
        size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
        if size > self.limits.file_bytes:
            raise ExtractError(
                _("the file is %(size_bytes)s, over the limit of %(limit_bytes)s"),
                {"size_bytes": size, "limit_bytes": self.limits.file_bytes},
            )
        return source if isinstance(source, bytes) else Path(source).read_bytes()

    def _import(self, name, data):
        digest = hashlib.sha256(data).hexdigest()
        known = self._known(digest)
        if known:
            return Outcome(name, UNCHANGED, _("already imported"), known.note)
        # Read outside the transaction: reading may take seconds, and writes nothing.
        reading = self.reader.read(name, data)
        with transaction.atomic():
            outcome = self._write_note(name, digest, reading.note)
        outcome.encoding = reading.encoding
        return outcome

    def _known(self, digest):
        return Revision.objects.filter(source_hash=digest).select_related("note__event").first()

    def _write_note(self, name, digest, parsed):
        _check_sections(note_content(parsed))
        event = Event.objects.filter(
            title=parsed.event_title, start_date=parsed.start_date, end_date=parsed.end_date
        ).first()
        note = event.notes.filter(language="en").first() if event else None
        if note is None:
            return self._create(name, digest, parsed, event)
        return self._update(name, digest, parsed, note)

    def _create(self, name, digest, parsed, event):
        event = self._save_event(event or Event(status=Event.Status.HELD), parsed)
        note = Note(event=event, language="en")
        note.assign_slug()
        for field, value in note_content(parsed).items():
            setattr(note, field, value)
        self._write(note, name, digest)
        return Outcome(name, CREATED, _event_summary(event), note)

    def _update(self, name, digest, parsed, note):
        event = note.event
        before = _event_state(event)
        self._save_event(event, parsed)
        content = note_content(parsed)
        event_changed = before != _event_state(event)
        if not event_changed and all(getattr(note, f) == v for f, v in content.items()):
            return Outcome(name, UNCHANGED, _("same content as the note"), note)
        if event_changed:
            # Someone editing the event meanwhile must not overwrite the imported change.
            Event.objects.filter(pk=event.pk).update(version=F("version") + 1)
        for field, value in content.items():
            setattr(note, field, value)
        self._write(note, name, digest)
        return Outcome(name, UPDATED, _event_summary(event), note)

    def _write(self, note, name, digest):
        """Keep the file's text as a new revision and submit it for review. A published note
        keeps its live revision until a reviewer publishes this one."""
        comment = _("Imported from the archive: %(file)s") % {"file": name}
        revision = note.save_draft(by=self.author, message=comment[:300])
        # The importer brought this text in: they wrote the revision (Note.has_written), so
        # another reviewer must publish it. A revision the event's change kept just now (no
        # author) is theirs too; someone else's is left as it is.
        changes = {"source": name, "source_hash": digest}
        if revision.author_id in (None, self.author.pk):
            changes["author"] = self.by
        Revision.objects.filter(pk=revision.pk).update(**changes)
        # Reviewers would otherwise get a mail for every note of the archive.
        note.submit(by=self.author, comment=comment, notify=False)
        if self.publisher is not None:
            note.publish(by=self.publisher, comment=comment, notify=False)

    def _save_event(self, event, parsed):
        country, city = self._venue(parsed)
        event.title = parsed.event_title
        event.start_date, event.end_date = parsed.start_date, parsed.end_date
        event.city, event.country = city, country
        event.format = Event.Format.IN_PERSON if country else Event.Format.VIRTUAL
        event.states_count = parsed.states_count
        if event.pk is None:
            event.kind = _kind(parsed.event_title)
            event.slug = unique_slug(Event, f"{parsed.event_title[:90]} {parsed.start_date.year}")
        event.full_clean(exclude=["slug"])
        event.save()
        event.organizers.set([self._organization(text) for text in parsed.organizers])
        event.organizations.set([self._organization(text) for text in parsed.organizations])
        event.states.set([self._country(text, _("participating State")) for text in parsed.states])
        records_changed(Event, [event.pk])
        return event

    def _venue(self, parsed):
        if plain_name(parsed.country) in VIRTUAL_VENUES or not parsed.country:
            return None, parsed.city
        return self._country(parsed.country, _("venue")), parsed.city

    def _country(self, text, role):
        # Countries never change during an import: their names are read once per run.
        if self._countries is None:
            self._countries = Country.objects.by_name()
        country = self._countries.get(plain_name(text))
        if country is None:
            raise ImportProblem(
                _("“%(name)s” (%(role)s) is not a known State") % {"name": text, "role": role}
            )
        return country

    def _organization(self, text):
        """The organization `text` names, by name (with or without "The") or acronym, else new."""
        name, acronym = split_acronym(text)
        bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
        match = Q(name__iexact=text) | Q(name__iexact=bare) | Q(name__iexact=f"The {bare}")
        # A bare acronym ("OSCE") names the organization that has it.
        match |= Q(acronym__iexact=acronym or text) if acronym or _is_acronym(text) else Q()
        found = Organization.objects.filter(match).first()
        return found or Organization.objects.create(name=name[:300], acronym=acronym[:40])


def note_content(parsed):
    """The note's own text; the contact line closes the additional comments, as in the file."""
    comments = "\n\n".join(
        part for part in (parsed.additional_comments, parsed.contact_line) if part
    )
    return {
        "title": "",
        "objectives": parsed.objectives,
        "background": parsed.background,
        "highlights": parsed.highlights,
        "additional_comments": comments,
    }


def _check_sections(content):
    """No section longer than the editor saves: the note could not be edited afterwards."""
    for field, text in content.items():
        if len(text) > SECTION_MAX_LENGTH:
            raise ImportProblem(
                _("“%(section)s” has %(length)s characters, over the limit of %(limit)s")
                % {
                    "section": Note._meta.get_field(field).verbose_name,
                    "length": number_format(len(text), force_grouping=True),
                    "limit": number_format(SECTION_MAX_LENGTH, force_grouping=True),
                }
            )


def _event_state(event):
    scalars = tuple(
        getattr(event, field)
        for field in ("title", "start_date", "end_date", "city", "country_id", "states_count")
    )
    if event.pk is None:
        return scalars
    return (
        scalars,
        sorted(event.organizers.values_list("pk", flat=True)),
        sorted(event.organizations.values_list("pk", flat=True)),
        sorted(event.states.values_list("pk", flat=True)),
    )


def _kind(title):
    lowered = title.lower()
    return next((kind for word, kind in _KINDS if word in lowered), Event.Kind.OTHER)


def _event_summary(event):
    return f"{event.title} ({event.start_date:%d %b %Y})"


def _describe(error):
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)
