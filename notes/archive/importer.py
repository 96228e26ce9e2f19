"""Import archived Information Notes: each file becomes an event and a published note.

A file is extracted to text (extract.py), parsed (parser.py), and written through the real
workflow: the "archive" account saves and submits the note, the person running the import
publishes it (four-eyes), dated from the event. A file already imported (same SHA-256) is left
alone; a file about a known event (same title and dates) updates its note. Each file is one
transaction: a file that fails writes nothing and the others go on.
"""

import datetime
import hashlib
import re
from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Country, Organization, plain_name
from events.models import Event
from notes.archive.extract import ExtractError, extract_text
from notes.archive.parser import ParseError, parse_note
from notes.models import Note, Revision, WorkflowError
from outreach.changes import records_changed
from outreach.editing import EditConflict
from outreach.slugs import unique_slug

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

    @property
    def label(self):
        return LABELS[self.status]

    def __str__(self):
        return f"{self.name}: {self.label}" + (f" – {self.detail}" if self.detail else "")


def import_files(sources, *, publisher, dry_run=False):
    """Import (name, file path or content) pairs; yield one Outcome per file. A dry run writes
    nothing."""
    with transaction.atomic() if dry_run else nullcontext():
        importer = Importer(publisher)
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


def published_at(event):
    """Imported notes carry their original date: midday UTC on the event's last day."""
    return datetime.datetime.combine(event.end_date, datetime.time(12), tzinfo=datetime.UTC)


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
    def __init__(self, publisher):
        if not publisher.has_perm("notes.review_note"):
            raise PermissionDenied(
                _("Only reviewers can import notes: imported notes are published.")
            )
        self.publisher = publisher
        self.author = archive_author()
        self._countries = None

    def import_file(self, name, source):
        try:
            with transaction.atomic():
                return self._import(name, source)
        except (*FAILURES, ImportProblem, EditConflict) as error:
            return Outcome(name, FAILED, _describe(error))

    def _import(self, name, source):
        data = source if isinstance(source, bytes) else source.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        known = Revision.objects.filter(source_hash=digest).select_related("note__event").first()
        if known:
            return Outcome(name, UNCHANGED, _("already imported"), known.note)
        parsed = parse_note(extract_text(name, data))
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
        self._publish(note, name, digest)
        return Outcome(name, CREATED, _event_summary(event), note)

    def _update(self, name, digest, parsed, note):
        event = note.event
        before = _event_state(event)
        self._save_event(event, parsed)
        content = note_content(parsed)
        event_changed = before != _event_state(event)
        if not event_changed and all(getattr(note, f) == v for f, v in content.items()):
            return Outcome(name, UNCHANGED, _("same content as the published note"), note)
        if event_changed:
            # Someone editing the event meanwhile must not overwrite the imported change.
            Event.objects.filter(pk=event.pk).update(version=F("version") + 1)
        for field, value in content.items():
            setattr(note, field, value)
        self._publish(note, name, digest)
        return Outcome(name, UPDATED, _event_summary(event), note)

    def _publish(self, note, name, digest):
        comment = _("Imported from the archive: %(file)s") % {"file": name}
        revision = note.save_draft(by=self.author, message=comment[:300])
        Revision.objects.filter(pk=revision.pk).update(source=name[:500], source_hash=digest)
        # Reviewers would otherwise get a mail for every note of the archive.
        note.submit(by=self.author, comment=comment, notify=False)
        note.publish(by=self.publisher, comment=comment, at=published_at(note.event), notify=False)

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
