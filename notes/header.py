"""The header of an Information Note, frozen in each revision.

The header (event, organizers, date and venue, participants) is rendered from the event when a
revision is kept, and stored with it: what the public reads is the reviewed revision, so an
event edited later reaches the public note only through a new revision and its review.
"""

import datetime
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class State:
    name: str
    iso3: str


@dataclass(frozen=True)
class Header:
    title: str = ""
    organizers: tuple[str, ...] = ()
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    city: str = ""
    country: str = ""
    online: bool = False
    states: tuple[State, ...] = ()
    states_count: int | None = None
    organizations: tuple[str, ...] = field(default=())
    # Every day of an event held on separate days (ISO dates), as Event.days keeps them.
    days: tuple[str, ...] = ()

    @classmethod
    def of_event(cls, event):
        """The header as the event reads now. Reads fields only, so a migration can use it."""
        return cls(
            title=event.title,
            organizers=tuple(org.name for org in event.organizers.all()),
            start_date=event.start_date,
            end_date=event.end_date,
            city=event.city,
            country=event.country.name if event.country_id else "",
            online=event.format == "virtual",
            states=tuple(State(c.name, c.iso3) for c in event.states.all()),
            states_count=event.states_count,
            organizations=tuple(_label(org) for org in event.organizations.all()),
            days=tuple(getattr(event, "days", None) or ()),
        )

    @classmethod
    def from_json(cls, data):
        if not data:
            return cls()
        data = dict(data)
        for name in ("start_date", "end_date"):
            data[name] = datetime.date.fromisoformat(data[name]) if data.get(name) else None
        data["states"] = tuple(State(**state) for state in data.get("states", ()))
        data["organizers"] = tuple(data.get("organizers", ()))
        data["organizations"] = tuple(data.get("organizations", ()))
        data["days"] = tuple(data.get("days", ()))
        return cls(**{key: value for key, value in data.items() if key in cls.__dataclass_fields__})

    def to_json(self):
        data = asdict(self)
        for name in ("start_date", "end_date"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @property
    def venue(self):
        """ "Vienna, Austria"; "online" for a virtual event without a city."""
        place = ", ".join(part for part in (self.city, self.country) if part)
        return place or (_("online") if self.online else "")

    def differences(self, other):
        """(label, before, after) for each line of the header that differs from `other`."""
        return [
            (label, before, after)
            for label, before, after in zip(LINE_LABELS, other.lines(), self.lines(), strict=True)
            if before != after
        ]

    @property
    def separate_days(self):
        return [datetime.date.fromisoformat(day) for day in self.days]

    def lines(self):
        """The header as text, one entry per line of the document, for comparisons."""
        dates = f"{self.start_date} – {self.end_date}" if self.start_date else ""
        if self.days:
            dates = ", ".join(self.days)
        states = ", ".join(state.name for state in self.states)
        count = str(self.states_count or "")
        return [
            self.title,
            "; ".join(self.organizers),
            "; ".join(part for part in (dates, self.venue) if part),
            "; ".join(part for part in (count, states) if part),
            "; ".join(self.organizations),
        ]

    def words(self):
        """Title, organizers and venue: what search reads of the header."""
        return [self.title, *self.organizers, self.city, self.country]

    @property
    def organizer_text(self):
        return "; ".join(self.organizers)


# Labels of Header.lines(), as the document prints them.
LINE_LABELS = [
    gettext_lazy("Event"),
    gettext_lazy("Organizers"),
    gettext_lazy("Date and Venue"),
    gettext_lazy("States"),
    gettext_lazy("International organizations"),
]


def _label(organization):
    return (
        f"{organization.name} ({organization.acronym})"
        if organization.acronym
        else organization.name
    )
