import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Country, Organization
from outreach.editing import EditConflict


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        today = timezone.localdate()
        return self.filter(end_date__gte=today).exclude(status=Event.Status.CANCELLED)

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
        # has_published_note is the workflow's to write (notes.models.refresh_published_notes):
        # a copy of the event read before a note was published must not write it back.
        stored = not self._state.adding and not kwargs.get("force_insert")
        if stored and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()  # as Django saves a partly loaded row
            kwargs["update_fields"] = [
                field.name for field in self.own_fields() if field.attname not in deferred
            ]
        super().save(**kwargs)

    @classmethod
    def own_fields(cls):
        """The fields that the event's forms, imports and saves write: all but the flag that
        follows its notes."""
        return [
            field
            for field in cls._meta.concrete_fields
            if not field.primary_key and field.name != "has_published_note"
        ]

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
