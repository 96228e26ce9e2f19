import datetime
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Country, Organization
from events import material_files
from outreach.changes import records_changed
from outreach.editing import EditConflict

# Kept by the code that changes what they follow (notes' workflow, materials), never by a form
# or by a save of the event: a copy read before the change must not write them back.
FOLLOWING_FIELDS = (
    "has_published_note",
    "published_versions",
    "versions_changed_at",
    "has_materials",
    "has_public_materials",
)


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        today = timezone.localdate()
        return self.filter(end_date__gte=today).exclude(status=Event.Status.CANCELLED)

    def first_upcoming(self, count):
        """The `count` upcoming events that start first, by start date and title, in two steps:
        the start dates of the upcoming events, then the first ones by their ids.

        Asked for the first upcoming events by start date at once, PostgreSQL walks the
        start-date index from the oldest event and reads every past one (at 100,000 events, a
        quarter of a second): it takes upcoming events for spread over the years. Alone, the
        upcoming ones are few and come from the end-date index."""
        upcoming = self.upcoming().prefetch_related(None).order_by()
        starts = sorted(upcoming.values_list("start_date", "pk"))
        if len(starts) > count:
            # With every event that starts on the last day kept, the database breaks the ties.
            last = starts[count - 1][0]
            starts = [(start, pk) for start, pk in starts if start <= last]
        first = self.filter(pk__in=[pk for _start, pk in starts])
        return first.order_by("start_date", "title")[:count]

    def with_participants(self):
        """Everything an event's staff page and its edit form show, in a fixed number of queries."""
        return self.select_related("country").prefetch_related(
            "organizers",
            "states",
            "organizations",
            models.Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("contact__organization"),
            ),
        )

    def refresh_materials(self):
        """Set `has_materials` and `has_public_materials` of these events from their materials,
        and mark them updated (the Last-Modified of their public pages). Called by Material's
        methods in the transaction of each change."""
        materials = Material.objects.filter(event=OuterRef("pk"))
        return self.update(
            has_materials=Exists(materials),
            has_public_materials=Exists(materials.filter(is_public=True)),
            updated_at=timezone.now(),
        )

    def lock(self):
        """Lock these events' rows until the transaction ends: changes to one event's materials
        happen one after the other, so each refresh_materials reads the last one's result."""
        return list(self.select_for_update().order_by("pk").values_list("pk", flat=True))


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        CONFERENCE = "conference", _("Conference")
        MEETING = "meeting", _("Meeting")
        COUNTRY_VISIT = "country_visit", _("Country visit")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Used in addresses.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.WORKSHOP)
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.IN_PERSON)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), help_text=_("The same as the start for a one-day event.")
    )
    days = models.JSONField(
        _("separate days"),
        default=list,
        blank=True,
        help_text=_(
            "Every day of an event held on separate days (“2, 9 and 16 March 2021”), as "
            "YYYY-MM-DD dates between the start and the end; empty for an event held every day "
            "from the start to the end."
        ),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("venue country"),
        help_text=_("Empty for a virtual event."),
    )
    organizers = models.ManyToManyField(
        Organization, blank=True, related_name="organized_events", verbose_name=_("organizers")
    )
    states = models.ManyToManyField(
        Country,
        blank=True,
        related_name="attended_events",
        verbose_name=_("participating States"),
    )
    states_count = models.PositiveSmallIntegerField(
        _("number of States"),
        null=True,
        blank=True,
        help_text=_(
            "How many States took part, when only the count is known (“57 States”). "
            "Leave empty to count the participating States listed."
        ),
    )
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="attended_events",
        verbose_name=_("participating organizations"),
    )
    attendees = models.ManyToManyField(
        Contact,
        through="Attendance",
        blank=True,
        related_name="events",
        verbose_name=_("attendees"),
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.PLANNED,
        help_text=_("Planned until it has taken place; then held (or cancelled)."),
    )
    is_public = models.BooleanField(
        _("public before a note"),
        default=False,
        help_text=_(
            "Show this event on the public site before a note on it is published. "
            "An event with a published note is always public."
        ),
    )
    has_published_note = models.BooleanField(
        _("has a published note"),
        default=False,
        editable=False,
        help_text=_(
            "Whether a note on this event is published: kept by the notes workflow in the "
            "transaction that publishes, withdraws or deletes a note, never typed."
        ),
    )
    # A note's public page lists the other language versions of its event from these two, read
    # with the event in the page's one query.
    published_versions = models.TextField(
        _("published language versions"),
        blank=True,
        default="",
        editable=False,
        help_text=_(
            'The language and address of each published note, as "en slug,fr slug": kept '
            'by the notes workflow with "has a published note", never typed.'
        ),
    )
    versions_changed_at = models.DateTimeField(
        _("versions changed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When a note on this event was last published, withdrawn or deleted: its other "
            "versions' pages changed then."
        ),
    )
    # The pages of an event without materials read none (Event.public_materials).
    has_materials = models.BooleanField(
        _("has materials"),
        default=False,
        editable=False,
        help_text=_("Whether files are attached: kept by the upload and deletion of materials."),
    )
    has_public_materials = models.BooleanField(
        _("has public materials"),
        default=False,
        editable=False,
        help_text=_(
            "Whether one of the files attached is public: kept by the upload, deletion and "
            "change of materials."
        ),
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Raised by each save; refuses a stale edit.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_ends_on_or_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(states_count__isnull=True) | Q(states_count__gte=1),
                name="event_states_count_positive",
                violation_error_message=_("The number of States must be at least 1."),
            ),
        ]
        indexes = [
            # Lists newest first, the title breaking ties, and the year filter; with the id, the
            # staff list reads a page's ids from the index alone (outreach.paging).
            models.Index(fields=["-start_date", "title", "id"], name="event_start_title_idx"),
            # "Upcoming events" (end_date >= today, not cancelled) by start date, and events by
            # end date: the ids of the first upcoming ones come from the index alone.
            models.Index(fields=["end_date", "start_date", "status", "id"], name="event_end_idx"),
            # Staff and public lists filtered by status and kind.
            models.Index(fields=["status", "-start_date"], name="event_status_start_idx"),
            models.Index(fields=["kind", "-start_date"], name="event_kind_start_idx"),
            # Public events only, on the condition of notes.public_filters.public_events: the
            # calendar's (end_date >= a day ago), the ids of the upcoming ones from the index
            # alone (as outreach.paging reads them), and the ids of all of them for the counts
            # and filter options of the public lists.
            models.Index(
                fields=["end_date", "start_date", "status", "id"],
                condition=Q(is_public=True) | Q(has_published_note=True),
                name="event_public_end_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        # has_published_note is the workflow's to write (notes.models.refresh_published_notes),
        # the materials flags the materials' (refresh_materials): a copy of the event read
        # before a note was published or a file attached must not write them back.
        stored = not self._state.adding and not kwargs.get("force_insert")
        if stored and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()  # as Django saves a partly loaded row
            kwargs["update_fields"] = [
                field.name for field in self.own_fields() if field.attname not in deferred
            ]
        super().save(**kwargs)

    @classmethod
    def own_fields(cls):
        """The fields that the event's forms, imports and saves write: all but the flags that
        follow its notes and its materials."""
        return [
            field
            for field in cls._meta.concrete_fields
            if not field.primary_key and field.name not in FOLLOWING_FIELDS
        ]

    def published_slugs(self):
        """{language: slug} of its published notes, from `published_versions`."""
        pairs = (pair.split(" ") for pair in self.published_versions.split(",") if pair)
        return dict(pairs)

    def clean(self):
        # The database constraint says the same; this names the field in forms.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        self.days = self._clean_days()

    def _clean_days(self):
        """The separate days as sorted ISO dates, each between the start and the end."""
        if not self.days:
            return []
        if not isinstance(self.days, list):
            raise ValidationError({"days": _('Give the days as a list: ["2021-03-02", …].')})
        try:
            days = sorted({datetime.date.fromisoformat(str(day)) for day in self.days})
        except ValueError:
            raise ValidationError(
                {"days": _("Write each day as YYYY-MM-DD, for example 2021-03-02.")}
            ) from None
        bounds = (self.start_date, self.end_date)
        if all(bounds) and (days[0], days[-1]) != bounds:
            raise ValidationError(
                {"days": _("The first day must be the start date and the last the end date.")}
            )
        return [day.isoformat() for day in days]

    @property
    def separate_days(self):
        """The days of `days` as dates, for the pages that show when the event was held."""
        return [datetime.date.fromisoformat(day) for day in self.days]

    @property
    def venue(self):
        return ", ".join(part for part in (self.city, self.country and self.country.name) if part)

    def save_checked(self, expected_version):
        """Save the event's own fields only if it is still at `expected_version`.

        The version is checked in the UPDATE itself, so of two concurrent saves from the same
        version exactly one matches a row; the other raises EditConflict and changes nothing."""
        self.updated_at = timezone.now()
        values = {
            field.attname: getattr(self, field.attname)
            for field in self.own_fields()
            if field.name not in ("version", "created_at")
        }
        saved = Event.objects.filter(pk=self.pk, version=expected_version).update(
            version=F("version") + 1, **values
        )
        if not saved:
            raise EditConflict(Event.objects.with_participants().get(pk=self.pk))
        self.version = expected_version + 1

    @cached_property
    def public_materials(self):
        """Its public materials as the public pages list them: one query, none for an event
        without any. A prefetch with to_attr="public_materials" takes its place.

        Whether the event itself is public is the page's to know: they are listed only on
        the pages of public events (and served by Material.objects.public())."""
        if not self.has_public_materials:
            return []
        return Material.listed(self.materials.filter(is_public=True))

    @cached_property
    def staff_materials(self):
        """All its materials, for its staff page: one query, none for an event without any."""
        if not self.has_materials:
            return []
        return Material.listed(self.materials.select_related("uploaded_by"))

    def participating_states_count(self):
        """The stated count when only a count is known, else the States listed.

        Reads the prefetch cache when there is one, so lists stay at a fixed query count."""
        if self.states_count:
            return self.states_count
        return len(self.states.all())


class Attendance(models.Model):
    """A contact's presence at an event, with the part they played there."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="attendances")
    role = models.CharField(
        _("role at the event"),
        max_length=100,
        blank=True,
        help_text=_("e.g. speaker, chair, participant"),
    )

    class Meta:
        ordering = ["contact__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["event", "contact"], name="attendance_once_per_event"),
        ]

    def __str__(self):
        return f"{self.contact} – {self.event}"


def material_file_name(material, filename):
    """materials/<event>/<random><extension>: the name in storage is chosen here. The uploaded
    name gives the extension only, and only one of the accepted types."""
    extension = material_files.extension_of(filename)
    if extension not in material_files.TYPES:
        extension = ""
    return f"materials/{material.event_id}/{uuid.uuid4().hex}{extension}"


class MaterialQuerySet(models.QuerySet):
    def public(self):
        """What anyone may download: materials marked public, of an event the public sees.
        The event's condition is that of notes.public_filters.public_events, which events
        cannot import."""
        return self.filter(is_public=True).filter(
            Q(event__is_public=True) | Q(event__has_published_note=True)
        )

    def delete_files_on_commit(self):
        """Delete these materials' files from storage once the transaction has committed (the
        rows go with it: a rolled back deletion keeps the files)."""
        names = [name for name in self.values_list("file", flat=True) if name]
        storage = Material._meta.get_field("file").storage
        for name in names:
            transaction.on_commit(lambda name=name: storage.delete(name))
        return names


class Material(models.Model):
    """A file attached to an event: an agenda, a list of participants, slides, photos."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        PARTICIPANTS = "participants", _("List of participants")
        PRESENTATION = "presentation", _("Presentation")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200, help_text=_("What the lists show."))
    file = models.FileField(_("file"), upload_to=material_file_name, max_length=200, editable=False)
    original_name = models.CharField(
        _("file name"),
        max_length=material_files.NAME_MAX_LENGTH,
        editable=False,
        help_text=_(
            "The name it was uploaded with: the name of downloads, never of the stored file."
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Listed on the event's public page and in the “About this note” box of its "
            "published notes, and downloadable by anyone, once the event is public (it has a "
            "published note, or is marked public). Otherwise only signed-in staff see it."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["event", "title", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="material_not_empty",
                violation_error_message=_("A material cannot be an empty file."),
            ),
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def listed(materials):
        """The materials in the order the pages list them: agenda first, photos last."""
        order = {kind: position for position, kind in enumerate(Material.Kind.values)}
        return sorted(materials, key=lambda m: (order.get(m.kind, 99), m.title.lower(), m.pk))

    @property
    def file_type(self):
        return material_files.TYPES.get(material_files.extension_of(self.file.name))

    @property
    def type_label(self):
        return self.file_type.label if self.file_type else ""

    @classmethod
    def add_files(cls, event, checked_files, *, by, kind, is_public, title=""):
        """Store each checked file (material_files.check) under a name chosen here and record
        it: all of them, or none if one fails. `title` names a single file; several are each
        named after their file."""
        storage = cls._meta.get_field("file").storage
        stored, added = [], []
        try:
            with transaction.atomic():
                Event.objects.filter(pk=event.pk).lock()
                for checked in checked_files:
                    stem = os.path.splitext(checked.name)[0] or checked.name
                    material = cls(
                        event=event,
                        kind=kind,
                        title=((title if len(checked_files) == 1 else "") or stem)[:200],
                        original_name=checked.name,
                        is_public=is_public,
                        uploaded_by=by,
                        size=checked.size,
                        content_type=checked.file_type.content_type,
                    )
                    material.file.save(checked.name, checked.upload, save=False)
                    stored.append(material.file.name)
                    material.save()
                    added.append(material)
                Event.objects.filter(pk=event.pk).refresh_materials()
                if is_public and added:
                    records_changed(Event, [event.pk])
        except BaseException:
            for name in stored:
                storage.delete(name)
            raise
        return added

    def set_public(self, is_public):
        """Make the material public or staff-only; False if it already was."""
        with transaction.atomic():
            Event.objects.filter(pk=self.event_id).lock()
            changed = Material.objects.filter(pk=self.pk).exclude(is_public=is_public)
            if not changed.update(is_public=is_public):
                return False
            self.is_public = is_public
            Event.objects.filter(pk=self.event_id).refresh_materials()
            records_changed(Event, [self.event_id])
        return True

    def remove(self):
        """Delete the material, and its file once the deletion has committed."""
        with transaction.atomic():
            Event.objects.filter(pk=self.event_id).lock()
            materials = Material.objects.filter(pk=self.pk)
            was_public = materials.filter(is_public=True).exists()
            materials.delete_files_on_commit()
            materials.delete()
            Event.objects.filter(pk=self.event_id).refresh_materials()
            if was_public:
                records_changed(Event, [self.event_id])
