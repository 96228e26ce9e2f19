"""Import archived Information Notes: each file becomes an event and a note, never all or nothing.

A file is read within the limits of limits.py, in a separate process (reading.py: extract.py
turns it into text, parser.py reads that), and written through the real workflow: the
"archive" account signs the note, and the revision names the person who imported the file as
its writer. Four-eyes (Note.publish) then keeps the importer from publishing it.

- A note read completely is submitted for review: another reviewer publishes it through the
  normal review, and the note is published the moment they do (the event keeps its own dates).
  Only the bulk load of the historic archive (`manage.py import_notes --publish-as`) publishes
  at once, by a reviewer other than the importer.
- A note with parts the reader could not read with confidence (ParsedNote.attention), or that
  names a State the registry does not know, comes in as a draft for staff to finish: the event
  and the note get everything read with confidence, the note keeps the whole text of the file,
  its header as written and the list of points that need attention, and the importer becomes an
  author, so that they (or whoever they hand it to) can finish it. It is neither submitted nor
  published, even with --publish-as.
- An event whose date could not be read still needs dates in the registry: it is dated 1
  January of the year the date's own text names, else of the year in the file's name, else of
  the current year, and the point "date not understood" stays on the note until staff set the
  real dates (the event is not public before a note on it is published).

A file already imported (same SHA-256) is left alone. A file about a known note (an event with
the same title and dates, or a note whose header was written the same) updates it: a new
revision, submitted for review when it is complete. A published note keeps its live revision
meanwhile (it has unpublished changes); a note already in review is not changed. A note that
staff worked on since its import (a revision saved, its event changed, or its points marked
resolved) is never overwritten: the file is reported and not applied.

For an existing event, a part that needs attention is left as the registry has it. Each file is
one transaction: a file that fails writes nothing and the others go on.
"""

import datetime
import hashlib
import re
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contacts.models import Country, Organization, plain_name
from events.models import Event
from notes.archive.extract import ENCODINGS, ExtractError
from notes.archive.limits import current
from notes.archive.parser import Attention, ParseError
from notes.archive.reading import Reader
from notes.models import Note, Revision, WorkflowError, attention_line
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
# Where a created or updated note ends up.
TO_FINISH, IN_REVIEW, PUBLISHED = "finish", "review", "published"
WORKFLOW_LABELS = {
    TO_FINISH: gettext_lazy("draft for staff to finish"),
    IN_REVIEW: gettext_lazy("submitted for review"),
    PUBLISHED: gettext_lazy("published"),
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
_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")
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
    """Parsed, but the registry cannot take it (e.g. a section longer than the editor saves)."""


@dataclass
class Outcome:
    name: str
    status: str
    detail: str = ""
    note: Note | None = None
    encoding: str | None = None  # how a text file was read: a key of extract.ENCODINGS
    # What was read: event, dates, venue, organizers, participants (texts, for the table).
    read: dict = field(default_factory=dict)
    attention: list = field(default_factory=list)  # [{"part", "text"}]
    workflow: str = ""  # TO_FINISH, IN_REVIEW or PUBLISHED for a note created or updated

    @property
    def label(self):
        return LABELS[self.status]

    @property
    def encoding_label(self):
        return ENCODINGS.get(self.encoding, "")

    @property
    def workflow_label(self):
        return WORKFLOW_LABELS.get(self.workflow, "")

    @property
    def attention_lines(self):
        return [attention_line(item["part"], item["text"]) for item in self.attention]

    @property
    def needs_attention(self):
        return self.workflow == TO_FINISH

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
            "read": self.read,
            "attention": self.attention,
            "workflow": self.workflow,
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            data["name"],
            data["status"],
            data["detail"],
            encoding=data["encoding"],
            read=data.get("read", {}),
            attention=data.get("attention", []),
            workflow=data.get("workflow", ""),
        )


@dataclass
class Facts:
    """One file as the import takes it: the parsed note, the whole text it was read from, the
    States it names found in the registry, and every point that needs attention."""

    name: str
    parsed: object  # parser.ParsedNote
    text: str
    country: Country | None = None
    states: list = field(default_factory=list)
    attention: list = field(default_factory=list)  # of parser.Attention, no repeats

    def flag(self, part, text):
        item = Attention(part, text)
        if item not in self.attention:
            self.attention.append(item)

    @property
    def unsure(self):
        return {item.part for item in self.attention}

    @property
    def is_complete(self):
        return not self.attention

    @property
    def header(self):
        return "\n".join(self.parsed.header_lines)

    def archive_fields(self):
        """What the note keeps of the file."""
        return {
            "source_text": self.text,
            "source_header": self.header,
            "attention": [asdict(item) for item in self.attention],
        }


def import_files(sources, *, by, publisher=None, dry_run=False, limits=None):
    """Import (name, source) pairs for the reviewer `by`, a source being a file's path, its
    content or a bundles.Member; yield one Outcome per file. Complete notes go to review;
    `publisher`, another reviewer, publishes them at once. A dry run writes nothing."""
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
    """Imports files for the reviewer `by`; `publisher`, another reviewer, publishes the
    complete notes at once (the initial load of the archive only). Close it, or use it as a
    context manager: it keeps a process that reads the files (reading.Reader)."""

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
        """The bytes of the file: a path, its content or a member of a ZIP; a file over the
        size limit is not read at all."""
        if isinstance(source, bytes):
            size = len(source)
        else:
            size = source.size if hasattr(source, "read") else Path(source).stat().st_size
        if size > self.limits.file_bytes:
            raise ExtractError(
                gettext_lazy("the file is %(size_bytes)s, over the limit of %(limit_bytes)s"),
                {"size_bytes": size, "limit_bytes": self.limits.file_bytes},
            )
        if isinstance(source, bytes):
            return source
        return source.read() if hasattr(source, "read") else Path(source).read_bytes()

    def _import(self, name, data):
        digest = hashlib.sha256(data).hexdigest()
        known = self._known(digest)
        if known:
            read = {"event": known.note.event.title, "dates": _event_dates(known.note.event)}
            return Outcome(name, UNCHANGED, _("already imported"), known.note, read=read)
        # Read outside the transaction: reading may take seconds, and writes nothing.
        reading = self.reader.read(name, data)
        facts = self._facts(name, reading)
        with transaction.atomic():
            outcome = self._write_note(name, digest, facts)
        outcome.encoding = reading.encoding
        outcome.read = read_summary(reading.note)
        outcome.attention = [asdict(item) for item in facts.attention]
        return outcome

    def _known(self, digest):
        return Revision.objects.filter(source_hash=digest).select_related("note__event").first()

    def _facts(self, name, reading):
        """The file's facts, with the States it names looked up: one the registry does not know
        is a point to finish, not a reason to refuse the note."""
        parsed = reading.note
        facts = Facts(name, parsed, reading.text, attention=list(dict.fromkeys(parsed.attention)))
        if parsed.start_date is None and "date" not in facts.unsure:
            facts.flag("date", "")  # the parser names the text; a note without dates is flagged
        if plain_name(parsed.country) not in VIRTUAL_VENUES and parsed.country:
            facts.country = self._country(parsed.country)
            if facts.country is None:
                facts.flag("venue", parsed.country)
        for text in parsed.states:
            country = self._country(text)
            if country is None:
                facts.flag("participants", text)
            else:
                facts.states.append(country)
        return facts

    def _write_note(self, name, digest, facts):
        _check_sections(note_content(facts.parsed))
        event, note = self._find(facts)
        if note is None:
            return self._create(name, digest, facts, event)
        return self._update(name, digest, facts, note)

    def _find(self, facts):
        """(event, note) this file is about: the event with the same title and dates, else the
        note whose header was written the same (its event may have been corrected since)."""
        parsed, event = facts.parsed, None
        if parsed.start_date is not None:
            event = Event.objects.filter(
                title=parsed.event_title, start_date=parsed.start_date, end_date=parsed.end_date
            ).first()
            note = event.notes.filter(language="en").first() if event else None
            if note is not None:
                return event, note
        if facts.header:
            note = Note.objects.filter(language="en", source_header=facts.header).first()
            if note is not None:
                return note.event, note
        return event, None

    def _create(self, name, digest, facts, event):
        event = self._save_event(event or Event(status=Event.Status.HELD), facts)
        note = Note(event=event, language="en", **facts.archive_fields())
        note.assign_slug()
        for field_name, value in note_content(facts.parsed).items():
            setattr(note, field_name, value)
        workflow = self._write(note, name, digest, facts)
        return Outcome(name, CREATED, _event_summary(event), note, workflow=workflow)

    def _update(self, name, digest, facts, note):
        if worked_on_since_import(note):
            detail = _("staff have worked on this note since it was imported: the file is not used")
            return Outcome(name, UNCHANGED, detail, note)
        event = note.event
        before = _event_state(event)
        self._save_event(event, facts)
        content = note_content(facts.parsed)
        event_changed = before != _event_state(event)
        # The same note in another format (Word, PDF) reads the same, though its text differs.
        same = {**content, "attention": facts.archive_fields()["attention"]}
        if not event_changed and all(getattr(note, f) == v for f, v in same.items()):
            return Outcome(name, UNCHANGED, _("same content as the note"), note)
        if event_changed:
            # Someone editing the event meanwhile must not overwrite the imported change.
            Event.objects.filter(pk=event.pk).update(version=F("version") + 1)
        for field_name, value in content.items():
            setattr(note, field_name, value)
        workflow = self._write(note, name, digest, facts)
        return Outcome(name, UPDATED, _event_summary(event), note, workflow=workflow)

    def _write(self, note, name, digest, facts):
        """Keep the file's text as a new revision; submit it for review when it was read
        completely, else leave it for staff to finish. A published note keeps its live
        revision until a reviewer publishes this one. Return where the note ends up."""
        comment = _("Imported from the archive: %(file)s") % {"file": name}
        revision = note.save_draft(by=self.author, message=comment[:300])
        Note.objects.filter(pk=note.pk).update(**facts.archive_fields())
        # The importer brought this text in: they wrote the revision (Note.has_written), so
        # another reviewer must publish it. A revision the event's change kept just now (no
        # author) is theirs too; someone else's is left as it is.
        changes = {"source": name, "source_hash": digest}
        if revision.author_id in (None, self.author.pk):
            changes["author"] = self.by
        Revision.objects.filter(pk=revision.pk).update(**changes)
        if not facts.is_complete:
            note.authors.add(self.by)  # someone who may edit it, to finish it or hand it on
            return TO_FINISH
        # Reviewers would otherwise get a mail for every note of the archive.
        note.submit(by=self.author, comment=comment, notify=False)
        if self.publisher is None:
            return IN_REVIEW
        note.publish(by=self.publisher, comment=comment, notify=False)
        return PUBLISHED

    def _save_event(self, event, facts):
        """Write what was read with confidence; a new event takes what there is of the rest,
        an existing one keeps what the registry has for a part that needs attention."""
        parsed, new, unsure = facts.parsed, event.pk is None, facts.unsure
        if new or "event" not in unsure:
            event.title = parsed.event_title or provisional_title(facts.name)
        if new or "date" not in unsure:
            event.start_date, event.end_date, event.days = event_dates(facts)
        if new or "venue" not in unsure:
            event.city, event.country = parsed.city, facts.country
            # An unreadable venue says nothing of the format: the default until staff set it.
            unread = "venue" in unsure and not parsed.format
            event.format = event.format if unread else event_format(parsed)
        if new or "participants" not in unsure:
            event.states_count = parsed.states_count
        if new:
            event.kind = _kind(event.title)
            event.slug = unique_slug(Event, f"{event.title[:90]} {event.start_date.year}")
        event.full_clean(exclude=["slug"])
        event.save()
        if new or "organizers" not in unsure:
            event.organizers.set([self._organization(text) for text in parsed.organizers])
        if new or "participants" not in unsure:
            event.organizations.set([self._organization(text) for text in parsed.organizations])
            event.states.set(facts.states)
        records_changed(Event, [event.pk])
        return event

    def _country(self, text):
        # Countries never change during an import: their names are read once per run.
        if self._countries is None:
            self._countries = Country.objects.by_name()
        return self._countries.get(plain_name(text))

    def _organization(self, text):
        """The organization `text` names, by name (with or without "The") or acronym, else new."""
        name, acronym = split_acronym(text)
        bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
        match = Q(name__iexact=text) | Q(name__iexact=bare) | Q(name__iexact=f"The {bare}")
        # A bare acronym ("OSCE") names the organization that has it.
        match |= Q(acronym__iexact=acronym or text) if acronym or _is_acronym(text) else Q()
        found = Organization.objects.filter(match).first()
        return found or Organization.objects.create(name=name[:300], acronym=acronym[:40])


def worked_on_since_import(note):
    """Staff saved the note or changed its event since its last import (the latest revision
    is not one an import wrote), or marked its points resolved: an import must leave it be."""
    latest = note.latest_revision
    edited = latest is not None and not latest.source_hash
    return edited or note.attention_resolved_at is not None


def event_dates(facts):
    """(start, end, days) of the event. Without a readable date, 1 January of the year the
    date's text names, else of the year in the file's name, else of this year: the registry
    needs dates, and the point "date not understood" stays until staff set the real ones."""
    parsed = facts.parsed
    days = sorted(set(parsed.days))
    start = parsed.start_date or (days[0] if days else None)
    end = parsed.end_date or (days[-1] if days else start)
    if start is None:
        start = end = datetime.date(provisional_year(facts), 1, 1)
    separate = [day.isoformat() for day in days] if len(days) > 1 else []
    return start, end, separate


def provisional_year(facts):
    texts = [item.text for item in facts.attention if item.part == "date"]
    for text in [*texts, Path(facts.name).name]:
        found = _YEAR.search(text)
        if found:
            return int(found[1])
    return timezone.localdate().year


def provisional_title(name):
    """A title for an event whose title could not be read: the file names it until staff do."""
    title = _("Note from the archive file %(file)s") % {"file": Path(name).name}
    return title[: Event._meta.get_field("title").max_length]


def event_format(parsed):
    """The format the note states; else virtual for an online or empty venue, in person
    otherwise."""
    if parsed.format:
        return parsed.format
    if not parsed.country or plain_name(parsed.country) in VIRTUAL_VENUES:
        return Event.Format.VIRTUAL
    return Event.Format.IN_PERSON


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


def read_summary(parsed):
    """What the reader read, as the dry-run table shows it."""
    days = sorted(set(parsed.days))
    if len(days) > 1:
        dates = ", ".join(_date(day) for day in days)
    elif parsed.start_date:
        dates = _date_range(parsed.start_date, parsed.end_date or parsed.start_date)
    else:
        dates = ""
    return {
        "event": parsed.event_title,
        "dates": dates,
        "venue": ", ".join(part for part in (parsed.city, parsed.country) if part),
        "organizers": "; ".join(parsed.organizers),
        "participants": _participants(parsed),
    }


def _participants(parsed):
    parts = []
    if parsed.states_count:
        parts.append(
            ngettext("%(count)d State", "%(count)d States", parsed.states_count)
            % {"count": parsed.states_count}
        )
    if parsed.states:
        parts.append(_("States: %(names)s") % {"names": ", ".join(parsed.states)})
    if parsed.organizations:
        names = ", ".join(parsed.organizations)
        parts.append(_("organizations: %(names)s") % {"names": names})
    return "; ".join(parts)


def _date(day):
    return date_format(day, "j F Y")


def _date_range(start, end):
    """ "23–25 June 2009", "30 June – 2 July 2010", as the event pages write them."""
    if start == end:
        return _date(start)
    if start.year != end.year:
        return f"{_date(start)} – {_date(end)}"
    if start.month != end.month:
        return f"{date_format(start, 'j F')} – {_date(end)}"
    return f"{date_format(start, 'j')}–{_date(end)}"


def _event_dates(event):
    if event.days:
        return ", ".join(_date(day) for day in event.separate_days)
    return _date_range(event.start_date, event.end_date)


def _check_sections(content):
    """No section longer than the editor saves: the note could not be edited afterwards."""
    for field_name, text in content.items():
        if len(text) > SECTION_MAX_LENGTH:
            raise ImportProblem(
                _("“%(section)s” has %(length)s characters, over the limit of %(limit)s")
                % {
                    "section": Note._meta.get_field(field_name).verbose_name,
                    "length": number_format(len(text), force_grouping=True),
                    "limit": number_format(SECTION_MAX_LENGTH, force_grouping=True),
                }
            )


def _event_state(event):
    scalars = tuple(
        getattr(event, name)
        for name in (
            "title",
            "start_date",
            "end_date",
            "days",
            "city",
            "country_id",
            "format",
            "states_count",
        )
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
