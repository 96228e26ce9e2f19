"""A large, realistic dataset, written in bulk: what `manage.py seed_scale` builds.

For N published notes it writes a tenth more in draft and a tenth in review, one event each
(held over the last twenty years, in every State of the Country table), a few more events
without a note (planned, cancelled, held), hundreds of organizations and contacts, the
attendances, the experts and reviewers, each note's revisions with their frozen header
(`Revision.header_json`, built as `Note._keep_revision` builds it), the disclaimer on published
revisions, the workflow's transitions and, on PostgreSQL, the search words of published notes
(those `notes.search.note_search_vector` gives, as `Note.publish` stores them).

Texts are drawn from the word lists of bench/words.py with Zipf frequencies: 300 to 1,500
words a note, mostly English, some French, Spanish, Russian and Arabic. Every note draws from a
random generator seeded with (seed, its number), so the same seed gives the same titles and
texts; dates count back from today.

Rows go in with `bulk_create`, a batch of notes at a time (a thread makes the next batch while
this one is written), in one transaction: a failure leaves the database as it was. Notes and
revisions take their ids first, so that each row goes in complete, with its historical dates
(`stated_timestamps`). The rows are written directly, not through the workflow's methods: no
e-mail, no audit trail. The search words are then computed in SQL, many notes a statement and
one connection per core (stemming is most of what PostgreSQL does here); the SQL gives what
`note_search_vector` gives, which tests/test_seed_scale.py checks.
"""

import array
import datetime
import itertools
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from bench import words
from contacts.models import Contact, Country, Organization
from events.models import Attendance, Event
from notes.header import Header, State
from notes.models import (
    Disclaimer,
    Note,
    PublicationGeneration,
    Revision,
    Transition,
    refresh_published_notes,
)
from notes.search import LANGUAGE_CONFIGS

LANGUAGES = {"en": 82, "fr": 8, "es": 6, "ru": 3, "ar": 1}
KINDS = {
    Event.Kind.WORKSHOP: 35,
    Event.Kind.MEETING: 15,
    Event.Kind.SEMINAR: 12,
    Event.Kind.TRAINING: 12,
    Event.Kind.CONFERENCE: 10,
    Event.Kind.COUNTRY_VISIT: 8,
    Event.Kind.OTHER: 8,
}
FORMATS = {Event.Format.IN_PERSON: 85, Event.Format.VIRTUAL: 8, Event.Format.HYBRID: 7}
YEARS = 20
CHANGES_REQUESTED = [
    "Please shorten the highlights and name the organizers as in the programme.",
    "The background repeats the objectives; please say what was new at this event.",
    "Please check the number of participating States against the list of participants.",
]

Status = Note.Status


# -- the words -------------------------------------------------------------------------------


class Vocabulary:
    """The words of one language, drawn with Zipf frequencies (the first words most often).

    Words are laid out in a table of 65,536 entries, each as many times as its share, so that
    a draw is two random bytes: a note of 1,500 words takes well under a millisecond."""

    TABLE_SIZE = 1 << 16

    def __init__(self, ranked):
        weights = [1 / (rank + 2.7) for rank in range(len(ranked))]
        total = sum(weights)
        counts = [max(1, int(weight / total * self.TABLE_SIZE)) for weight in weights]
        counts[0] += self.TABLE_SIZE - sum(counts)  # what rounding left goes to the first
        self.words = ranked
        self.table = [
            word for word, count in zip(ranked, counts, strict=True) for _ in range(count)
        ]
        assert len(self.table) == self.TABLE_SIZE

    def text(self, rng, count):
        """`count` words, separated by spaces."""
        indices = array.array("H", rng.randbytes(2 * count))
        if sys.byteorder == "big":
            indices.byteswap()  # the same words on every machine
        return " ".join(map(self.table.__getitem__, indices))


def _split(text):
    return list(dict.fromkeys(text.split()))


def made_up_words(count=3000):
    """Words in no language (the long tail of names and terms), the same on every run."""
    onsets, nuclei = words.ONSETS.split(), words.NUCLEI.split()
    codas = [coda.strip("-") for coda in words.CODAS.split()]
    rng, made = random.Random(1540), {}
    while len(made) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(
            rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas) for _ in range(syllables)
        )
        made.setdefault(word, None)
    return list(made)


_VOCABULARIES = {}


def vocabulary(language):
    if not _VOCABULARIES:
        places = _split(" ".join(words.CAPITALS.values()).replace("'", " "))
        tail = _split(words.ACRONYMS) + made_up_words() + places
        own = {
            "en": words.ENGLISH_FUNCTION + words.ENGLISH,
            "fr": words.FRENCH,
            "es": words.SPANISH,
            "ru": words.RUSSIAN,
            "ar": words.ARABIC,
        }
        for code, text in own.items():
            ranked = _split(text)
            _VOCABULARIES[code] = Vocabulary(ranked + [w for w in tail if w not in ranked])
    return _VOCABULARIES[language]


def distinct_words():
    """Every word a note may contain (for the record: a few thousand)."""
    return set().union(*(set(vocabulary(code).words) for code in LANGUAGES))


# -- one note, as plain data -----------------------------------------------------------------


@dataclass
class Planned:
    """A note and everything it brings: its event, revisions and transitions, unsaved."""

    number: int
    status: str
    event: Event
    organizers: list = field(default_factory=list)
    states: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    attendances: list = field(default_factory=list)  # (contact, role)
    note: Note | None = None
    authors: list = field(default_factory=list)
    revisions: list = field(default_factory=list)
    transitions: list = field(default_factory=list)  # (Transition, index of its revision)


def _weighted(options):
    keys = list(options)
    return keys, list(itertools.accumulate(options.values()))


def _pick(rng, options):
    keys, cumulative = options
    return rng.choices(keys, cum_weights=cumulative)[0]


def _at(day, rng):
    """A working-hours moment of that day, in UTC."""
    moment = datetime.datetime.combine(day, datetime.time(7), tzinfo=datetime.UTC)
    return moment + datetime.timedelta(minutes=rng.randrange(10 * 60))


class Writer:
    """Markdown sections of a note in one language."""

    def __init__(self, language, contact_line):
        self.vocabulary = vocabulary(language)
        self.contact_line = contact_line

    def sentence(self, rng, count, *, capital=True, end="."):
        text = self.vocabulary.text(rng, count)
        if count > 10 and rng.random() < 0.4:
            middle = text.find(" ", len(text) // 2)
            text = f"{text[:middle]},{text[middle:]}"
        if capital:
            text = text[:1].upper() + text[1:]
        return text + end

    def sentences(self, rng, budget):
        while budget > 0:
            count = min(budget, rng.randint(8, 26))
            budget -= count
            yield self.sentence(rng, max(count, 3))

    def paragraphs(self, rng, budget):
        out, paragraph = [], []
        for sentence in self.sentences(rng, budget):
            paragraph.append(sentence)
            if len(paragraph) >= rng.randint(2, 6):
                out.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            out.append(" ".join(paragraph))
        return out

    def bullets(self, rng, budget):
        items = []
        while budget > 0:
            count = min(budget, rng.randint(5, 14))
            budget -= count
            items.append("- " + self.sentence(rng, max(count, 3), capital=False, end=";"))
        items[-1] = items[-1][:-1] + "."
        return "\n".join(items)

    def note(self, rng):
        """(objectives, background, highlights, additional comments), 300 to 1,500 words."""
        total = rng.randint(300, 1500)
        objectives = max(15, total * rng.randint(6, 10) // 100)
        background = total * rng.randint(15, 25) // 100
        comments = max(10, total * rng.randint(4, 8) // 100)
        highlights = self.paragraphs(rng, total - objectives - background - comments)
        if rng.random() < 0.2:
            highlights = [f"**Session {i}.** {text}" for i, text in enumerate(highlights, 1)]
        if len(highlights) > 2 and rng.random() < 0.25:
            highlights.insert(len(highlights) // 2, self.bullets(rng, rng.randint(20, 60)))
        return (
            self.bullets(rng, objectives),
            "\n\n".join(self.paragraphs(rng, background)),
            "\n\n".join(highlights),
            "\n\n".join([*self.paragraphs(rng, comments), self.contact_line]),
        )


# -- the seeder ------------------------------------------------------------------------------


class Seeder:
    """Writes the dataset; `run()` returns the counts of what it made."""

    def __init__(self, *, notes, seed=1, tag="", batch_size=500, progress=None):
        self.published, self.seed, self.tag = notes, seed, tag
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.today = timezone.localdate()
        self.counts = {}

    # sizes, from the number of published notes
    @property
    def drafts(self):
        return self.published // 10

    @property
    def in_review(self):
        return self.published // 10

    def sizes(self):
        n = self.published
        return {
            "organizations": min(800, 200 + n // 250),
            "contacts": min(6000, 300 + n // 20),
            "experts": min(150, 12 + n // 1000),
            "reviewers": min(30, 4 + n // 10000),
            "planned": max(5, n // 100),
            "cancelled": max(1, n // 200),
            "held": max(2, n // 50),
        }

    def run(self):
        """Write everything; return the counts. Within a caller's transaction (a test) all of it
        is written there; otherwise the notes are written in one transaction and, on
        PostgreSQL, their search words are computed afterwards by one connection per core."""
        started = time.monotonic()
        inside = connection.in_atomic_block
        self.published_ids = []
        with transaction.atomic(), stated_timestamps(Event, Note):
            self.prepare()
            statuses = self.statuses()
            ranges = [
                range(first, min(first + self.batch_size, len(statuses)))
                for first in range(0, len(statuses), self.batch_size)
            ]
            # One thread makes the next batch (Python) while this one writes (the database).
            shown = started
            with ThreadPoolExecutor(max_workers=1) as planner:
                coming = planner.submit(self.plan_batch, ranges[0], statuses)
                for i, numbers in enumerate(ranges):
                    batch = coming.result()
                    if i + 1 < len(ranges):
                        coming = planner.submit(self.plan_batch, ranges[i + 1], statuses)
                    self.write(batch)
                    if time.monotonic() - shown >= 10 or i + 1 == len(ranges):
                        shown = time.monotonic()
                        self.progress(
                            f"{numbers[-1] + 1:,} / {len(statuses):,} notes written, "
                            f"{shown - started:.0f} s"
                        )
            self.other_events()
            # Written around the workflow: which events have a published note, in one UPDATE.
            refresh_published_notes(Event.objects.all())
            if inside:
                fill_search_vectors(self.published_ids)
        if not inside:
            fill_search_vectors_in_parallel(self.published_ids, self.progress, started)
            gather_statistics()
        # Written around the workflow: the cached public pages are made again by hand.
        PublicationGeneration.objects.bump()
        self.counts["seconds"] = round(time.monotonic() - started, 1)
        return self.counts

    def statuses(self):
        statuses = (
            [Status.PUBLISHED] * self.published
            + [Status.DRAFT] * self.drafts
            + [Status.IN_REVIEW] * self.in_review
        )
        random.Random(self.seed).shuffle(statuses)
        return statuses

    def rng(self, *parts):
        return random.Random(hash_parts(self.seed, *parts))

    # -- what the notes refer to -------------------------------------------------------------

    def prepare(self):
        sizes = self.sizes()
        rng = self.rng("setup")
        self.disclaimer = Disclaimer.objects.in_force()
        self.countries = list(Country.objects.order_by("iso3"))
        if not self.countries:
            raise RuntimeError("The Country table is empty: run migrate first.")
        # Some States host far more events than others.
        self.country_weights = list(
            itertools.accumulate(rng.paretovariate(1.2) for _ in self.countries)
        )
        self.country_order = _database_order(Country.objects.all())
        self.experts = self.users("expert", "Experts", sizes["experts"])
        self.reviewers = self.users("reviewer", "Reviewers", sizes["reviewers"])
        self.organizations = self.make_organizations(rng, sizes["organizations"])
        self.organization_order = _database_order(
            Organization.objects.filter(pk__in=[o.pk for o in self.organizations])
        )
        international = {"international", "un_body", "regional"}
        self.organizer_weights = list(
            itertools.accumulate(8 if o.kind in international else 1 for o in self.organizations)
        )
        self.contacts = self.make_contacts(rng, sizes["contacts"])
        self.writers = {code: Writer(code, self.disclaimer.contact_line) for code in LANGUAGES}
        self.languages = _weighted(LANGUAGES)
        self.kinds = _weighted(KINDS)
        self.formats = _weighted(FORMATS)

    def users(self, role, group_name, count):
        User = get_user_model()
        names = [f"scale-{role}-{i:03}" for i in range(1, count + 1)]
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        first, last = _split(words.FIRST_NAMES), _split(words.LAST_NAMES)
        rng = self.rng("users", role)
        password = make_password(None)  # no one signs in as these accounts
        new = [
            User(
                username=name,
                first_name=rng.choice(first),
                last_name=rng.choice(last),
                email=f"{name}@example.org",
                password=password,
            )
            for name in names
            if name not in existing
        ]
        User.objects.bulk_create(new)
        users = list(User.objects.filter(username__in=names).order_by("username"))
        group = Group.objects.get(name=group_name)
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [Membership(user_id=user.pk, group_id=group.pk) for user in users],
            ignore_conflicts=True,
        )
        self.counts[f"{role}s"] = len(users)
        return users

    def make_organizations(self, rng, count):
        wanted = [
            Organization(name=name, acronym=acronym, kind=kind)
            for name, acronym, kind in words.INTERNATIONAL_ORGANIZATIONS
        ]
        national = [
            (pattern.format(country=country.name, city=words.CAPITALS.get(country.iso3, "")), kind, country)
            for pattern, kind in words.ORGANIZATION_PATTERNS
            for country in self.countries
            if "{city}" not in pattern or country.iso3 in words.CAPITALS
        ]  # fmt: skip
        for name, kind, country in rng.sample(national, max(0, count - len(wanted))):
            wanted.append(Organization(name=name, kind=kind, country=country))
        by_name = Organization.objects.in_bulk([o.name for o in wanted], field_name="name")
        Organization.objects.bulk_create([o for o in wanted if o.name not in by_name])
        by_name = Organization.objects.in_bulk([o.name for o in wanted], field_name="name")
        self.counts["organizations"] = len(by_name)
        return [by_name[o.name] for o in wanted]

    def make_contacts(self, rng, count):
        first, last = _split(words.FIRST_NAMES), _split(words.LAST_NAMES)
        contacts = []
        for i in range(count):
            organization = rng.choice(self.organizations)
            given, family = rng.choice(first), rng.choice(last)
            contacts.append(
                Contact(
                    honorific=rng.choice(["Mr.", "Ms.", "Dr.", "H.E.", ""]),
                    name=f"{given} {family}",
                    position=rng.choice(words.CONTACT_POSITIONS),
                    organization=organization,
                    country=organization.country or rng.choice(self.countries),
                    email=f"{slugify(given)}.{slugify(family)}.{i}@example.org",
                    phone=f"+1 555 01{i % 100:02}",
                    is_active=rng.random() > 0.1,
                )
            )
        contacts = Contact.objects.bulk_create(contacts, batch_size=1000)
        self.counts["contacts"] = len(contacts)
        return contacts

    # -- one note ----------------------------------------------------------------------------

    def plan_batch(self, numbers, statuses):
        return [self.plan(n, statuses[n]) for n in numbers]

    def plan(self, n, status):
        rng = self.rng("note", n)
        planned = Planned(number=n, status=status, event=self.event(rng, n, status))
        self.participants(rng, planned)
        language = _pick(rng, self.languages)
        objectives, background, highlights, comments = self.writers[language].note(rng)
        event = planned.event
        title = ""
        if rng.random() < 0.08:
            title = f"{event.title}: " + self.writers[language].sentence(rng, 4, end="")
        planned.authors = rng.sample(self.experts, 2 if rng.random() < 0.2 else 1)
        author = planned.authors[0]
        header = self.header(planned)
        final = {
            "title": title[:300],
            "objectives": objectives,
            "background": background,
            "highlights": highlights,
            "additional_comments": comments,
        }
        # An earlier draft: the same start, half the highlights, no comments yet.
        parts = highlights.split("\n\n")
        first_draft = final | {
            "highlights": "\n\n".join(parts[: max(1, len(parts) // 2)]),
            "additional_comments": "",
        }
        moment = _at(event.end_date + datetime.timedelta(days=rng.randint(1, 10)), rng)
        story = self.story(rng, status)
        revisions, transitions = [], []
        for step in story:
            if step == "draft":
                texts = final if len(revisions) == len(_saves(story)) - 1 else first_draft
                message = "Created" if not revisions else "Revised"
                revisions.append(
                    Revision(
                        number=len(revisions) + 1,
                        author=author,
                        message=message,
                        header_json=header,
                        created_at=moment,
                        **texts,
                    )
                )
                moment += datetime.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
                continue
            moved = [t for t, _ in transitions]
            actor, comment, to_status, from_status = self.transition(rng, step, planned, moved)
            transitions.append(
                (
                    Transition(
                        from_status=from_status,
                        to_status=to_status,
                        actor=actor,
                        comment=comment,
                        created_at=moment,
                    ),
                    len(revisions) - 1,
                )
            )
            if step == "publish":
                live = revisions[-1]
                live.disclaimer = self.disclaimer
                live.published_at = moment
            moment += datetime.timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 8))
        latest = revisions[-1]
        note = Note(
            event=event,
            language=language,
            slug=event.slug if language == "en" else f"{event.slug}-{language}",
            status=status,
            version=len(revisions),
            **final,
        )
        if status == Status.PUBLISHED:
            note.first_published_at = note.last_published_at = latest.published_at
        note.created_at = revisions[0].created_at
        note.updated_at = max([latest.created_at, *(t.created_at for t, _ in transitions)])
        event.created_at = event.updated_at = note.created_at
        planned.note, planned.revisions, planned.transitions = note, revisions, transitions
        return planned

    def story(self, rng, status):
        """The saves ("draft") and moves of one note, in order."""
        if status == Status.DRAFT:
            return ["draft"] if rng.random() < 0.7 else ["draft", "draft"]
        if status == Status.IN_REVIEW:
            return ["draft", "submit"] if rng.random() < 0.6 else ["draft", "draft", "submit"]
        roll = rng.random()
        if roll < 0.55:
            return ["draft", "submit", "publish"]
        if roll < 0.85:
            return ["draft", "draft", "submit", "publish"]
        return ["draft", "submit", "request_changes", "draft", "submit", "publish"]

    def transition(self, rng, step, planned, earlier):
        """(actor, comment, to, from) of one move, after the `earlier` ones."""
        reviewer = self.reviewers[planned.number % len(self.reviewers)]
        if step == "submit":
            previous = earlier[-1].to_status if earlier else Status.DRAFT
            return planned.authors[0], "", Status.IN_REVIEW, previous
        if step == "request_changes":
            comment = rng.choice(CHANGES_REQUESTED)
            return reviewer, comment, Status.CHANGES_REQUESTED, Status.IN_REVIEW
        return reviewer, "", Status.PUBLISHED, Status.IN_REVIEW

    def event(self, rng, n, status):
        """The event of note number n (None: an event without a note)."""
        kind = _pick(rng, self.kinds)
        form = _pick(rng, self.formats)
        if kind == Event.Kind.COUNTRY_VISIT:
            form = Event.Format.IN_PERSON
        if n is not None and n < len(self.countries):
            country = self.countries[n]  # every State hosts at least one event
        else:
            country = rng.choices(self.countries, cum_weights=self.country_weights)[0]
        topic = rng.choice(words.TOPICS)
        title = {
            Event.Kind.WORKSHOP: f"{rng.choice(['Regional', 'National', 'Subregional'])} "
            f"workshop on {topic}",
            Event.Kind.MEETING: f"{rng.choice(['Annual', 'Expert', 'Technical'])} meeting on {topic}",
            Event.Kind.SEMINAR: f"Seminar on {topic}",
            Event.Kind.TRAINING: f"Training course on {topic} for {rng.choice(words.AUDIENCES)}",
            Event.Kind.CONFERENCE: f"International conference on {topic}",
            Event.Kind.COUNTRY_VISIT: f"Country visit to {country.name}",
            Event.Kind.OTHER: f"Round-table on {topic}",
        }[kind]
        if status == Status.PUBLISHED:
            days_ago = rng.randint(90, YEARS * 365)
        else:
            days_ago = rng.randint(45, 540)
        end = self.today - datetime.timedelta(days=days_ago)
        virtual = form == Event.Format.VIRTUAL
        return Event(
            title=title,
            slug=f"{slugify(title)[:80].strip('-')}-{self.tag}{(n or 0) + 1}",
            kind=kind,
            format=form,
            start_date=end - datetime.timedelta(days=rng.choice((0, 0, 1, 2, 2, 3, 4))),
            end_date=end,
            city="" if virtual else words.CAPITALS.get(country.iso3, ""),
            country=None if virtual else country,
            status=Event.Status.HELD,
        )

    def participants(self, rng, planned):
        event = planned.event
        count = rng.choice((1, 1, 2, 2, 3))
        chosen = rng.choices(self.organizations, cum_weights=self.organizer_weights, k=count)
        planned.organizers = list(dict.fromkeys(chosen))
        if event.kind == Event.Kind.COUNTRY_VISIT:
            planned.states = [event.country]
        elif rng.random() < 0.45:
            planned.states = rng.sample(self.countries, rng.randint(2, 30))
        else:
            event.states_count = rng.randint(3, 90)
        planned.organizations = rng.sample(self.organizations, rng.randint(0, 5))
        contacts = rng.sample(self.contacts, rng.randint(0, 6))
        planned.attendances = [(c, rng.choice(words.ATTENDANCE_ROLES)) for c in contacts]

    def header(self, planned):
        """The header as Header.of_event reads the saved event (related rows in the database's
        order of names), as JSON."""
        event = planned.event
        organizers = sorted(planned.organizers, key=self.organization_order.get)
        organizations = sorted(planned.organizations, key=self.organization_order.get)
        states = sorted(planned.states, key=self.country_order.get)
        return Header(
            title=event.title,
            organizers=tuple(o.name for o in organizers),
            start_date=event.start_date,
            end_date=event.end_date,
            city=event.city,
            country=event.country.name if event.country else "",
            online=event.format == Event.Format.VIRTUAL,
            states=tuple(State(c.name, c.iso3) for c in states),
            states_count=event.states_count,
            organizations=tuple(str(o) for o in organizations),
        ).to_json()

    # -- writing -----------------------------------------------------------------------------

    def write(self, batch):
        notes = [p.note for p in batch]
        revisions = [r for p in batch for r in p.revisions]
        # Notes and revisions point to each other: their ids are taken first, so that each
        # row goes in complete rather than being updated afterwards.
        for note, pk in zip(notes, reserve_ids(Note, len(notes)), strict=True):
            note.pk = pk
        for revision, pk in zip(revisions, reserve_ids(Revision, len(revisions)), strict=True):
            revision.pk = pk
        transitions = []
        for planned in batch:
            note, latest = planned.note, planned.revisions[-1]
            note.latest_revision = latest
            note.live_revision = latest if note.status == Status.PUBLISHED else None
            for revision in planned.revisions:
                revision.note = note
            for transition, index in planned.transitions:
                transition.note, transition.revision = note, planned.revisions[index]
                transitions.append(transition)
        events = Event.objects.bulk_create([p.event for p in batch])
        for planned in batch:
            planned.note.event = planned.event
        self.write_participants(batch)
        with checked_at_the_end():
            Note.objects.bulk_create(notes)
            Revision.objects.bulk_create(revisions)
        Authorship = Note.authors.through
        Authorship.objects.bulk_create(
            [Authorship(note_id=p.note.pk, user_id=a.pk) for p in batch for a in p.authors]
        )
        Transition.objects.bulk_create(transitions)
        self.published_ids += [n.pk for n in notes if n.status == Status.PUBLISHED]
        self.count("events", len(events))
        self.count("notes", len(notes))
        self.count("revisions", len(revisions))
        self.count("transitions", len(transitions))

    def write_participants(self, batch):
        Organizer = Event.organizers.through
        Participant = Event.states.through
        Present = Event.organizations.through
        Organizer.objects.bulk_create(
            [Organizer(event_id=p.event.pk, organization_id=o.pk) for p in batch for o in p.organizers]
        )  # fmt: skip
        Participant.objects.bulk_create(
            [Participant(event_id=p.event.pk, country_id=c.pk) for p in batch for c in p.states]
        )
        Present.objects.bulk_create(
            [Present(event_id=p.event.pk, organization_id=o.pk) for p in batch for o in p.organizations]
        )  # fmt: skip
        attendances = Attendance.objects.bulk_create(
            [
                Attendance(event_id=p.event.pk, contact_id=contact.pk, role=role)
                for p in batch
                for contact, role in p.attendances
            ]
        )
        self.count("attendances", len(attendances))

    def other_events(self):
        """Events without a note: planned (most of them public), cancelled, held."""
        sizes = self.sizes()
        kinds = [
            ("planned", Event.Status.PLANNED, sizes["planned"]),
            ("cancelled", Event.Status.CANCELLED, sizes["cancelled"]),
            ("held", Event.Status.HELD, sizes["held"]),
        ]
        batch = []
        for name, status, count in kinds:
            for i in range(count):
                rng = self.rng(name, i)
                planned = Planned(number=i, status="", event=self.event(rng, None, Status.DRAFT))
                event = planned.event
                event.slug = f"{slugify(event.title)[:80].strip('-')}-{self.tag}{name}-{i + 1}"
                event.status = status
                if status == Event.Status.PLANNED:
                    event.start_date = self.today + datetime.timedelta(days=rng.randint(5, 365))
                    event.end_date = event.start_date + datetime.timedelta(days=rng.randint(0, 3))
                    event.is_public = rng.random() < 0.6
                else:
                    event.is_public = rng.random() < 0.3
                event.created_at = event.updated_at = _at(
                    min(event.start_date, self.today) - datetime.timedelta(days=30), rng
                )
                self.participants(rng, planned)
                batch.append(planned)
        Event.objects.bulk_create([p.event for p in batch])
        self.write_participants(batch)
        self.count("events", len(batch))

    def count(self, name, value):
        self.counts[name] = self.counts.get(name, 0) + value


# -- search words ----------------------------------------------------------------------------


def search_vector_sql():
    """SQL that stores, for the notes whose ids are its last parameter, what
    notes.search.note_search_vector computes for each (tests/test_seed_scale.py checks that they
    agree), in one statement instead of one per note; and its other parameters."""
    whens = " ".join("WHEN %s THEN %s" for _ in LANGUAGE_CONFIGS)
    params = [value for pair in LANGUAGE_CONFIGS.items() for value in pair]

    def text(expression):
        return f"NULLIF({expression}, '')"

    def listed(key):
        items = f"jsonb_array_elements_text(r.header_json -> '{key}')"
        return f"(SELECT string_agg(item, ' ') FROM {items} AS item)"  # nosec B608 # our keys

    weighted = {
        "A": [text("r.title"), text("r.header_json ->> 'title'")],
        "B": [
            listed("organizers"),
            listed("organizations"),
            text("r.header_json ->> 'city'"),
            text("r.header_json ->> 'country'"),
        ],
        "C": [text("r.objectives"), text("r.highlights")],
        "D": [text("r.background"), text("r.additional_comments")],
    }
    vector = " || ".join(
        f"setweight(to_tsvector(c.config, concat_ws(' ', {', '.join(parts)})), '{weight}')"
        for weight, parts in weighted.items()
    )
    # Built from our own table names and constants; the values are parameters.
    sql = f"""UPDATE {Note._meta.db_table} AS target SET search_vector = words.vector
        FROM (
            SELECT n.id, {vector} AS vector
            FROM {Note._meta.db_table} AS n
            JOIN {Revision._meta.db_table} AS r ON r.id = n.live_revision_id,
            LATERAL (SELECT (CASE n.language {whens} ELSE 'simple' END)::regconfig AS config) AS c
            WHERE n.id = ANY(%s)
        ) AS words
        WHERE target.id = words.id
    """  # nosec B608
    return sql, params


def gather_statistics():
    """The planner's statistics of what was written. Autovacuum gathers them in its own time;
    until it has, PostgreSQL plans for tables as they were before (a join over thousands of
    notes planned for none, a query of five rows given parallel workers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def fill_search_vectors(note_ids, chunk=1000):
    """The search words of these published notes, in this connection (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    sql, params = search_vector_sql()
    with connection.cursor() as cursor:
        for first in range(0, len(note_ids), chunk):
            cursor.execute(sql, [*params, note_ids[first : first + chunk]])


def fill_search_vectors_in_parallel(note_ids, progress, started, chunk=1000):
    """The same, after the commit, by one connection per core: stemming is most of the time
    PostgreSQL spends on a large dataset, and one statement runs on one core."""
    if connection.vendor != "postgresql" or not note_ids:
        return
    chunks = [note_ids[first : first + chunk] for first in range(0, len(note_ids), chunk)]
    workers = max(1, min(len(chunks), os.cpu_count() or 1))
    done, lock = [0], threading.Lock()

    def work(share):
        try:
            for ids in share:
                with transaction.atomic():
                    fill_search_vectors(ids, chunk)
                with lock:
                    done[0] += len(ids)
                    if done[0] == len(note_ids) or done[0] % (chunk * 10) == 0:
                        progress(
                            f"{done[0]:,} / {len(note_ids):,} search vectors, "
                            f"{time.monotonic() - started:.0f} s"
                        )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in [pool.submit(work, chunks[i::workers]) for i in range(workers)]:
            result.result()


# -- writing rows as given ---------------------------------------------------------------------


@contextmanager
def stated_timestamps(*models):
    """Let bulk_create write the creation and change dates given (historical ones) instead of
    now: auto_now and auto_now_add are off on these models meanwhile."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@contextmanager
def checked_at_the_end():
    """Rows that refer to each other (a note and its revisions) go in with their references
    checked after the last one. On PostgreSQL the checks are made when the block ends, so that
    they do not pile up until the commit; SQLite checks at the commit."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def reserve_ids(model, count):
    """`count` primary keys for new rows of `model`: from its sequence on PostgreSQL, else
    after the highest one (the rows must then go in before the next call)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    highest = model._base_manager.aggregate(highest=Max("pk"))["highest"] or 0
    return list(range(highest + 1, highest + 1 + count))


def _saves(story):
    return [step for step in story if step == "draft"]


def _database_order(queryset):
    """{object: position} in the database's order of names, as related lists read them."""
    return {obj: i for i, obj in enumerate(queryset.order_by("name"))}


def hash_parts(*parts):
    """A stable integer seed from numbers and strings (Python's hash() of a str is not)."""
    value = 0
    for part in parts:
        data = part if isinstance(part, int) else int.from_bytes(str(part).encode(), "big")
        value = (value * 1_000_003 + data) % (1 << 61)
    return value
