"""Demo data: three users (one per group), organizations, contacts, and notes in every state.

Idempotent: what exists already is left as it is. Passwords are printed only when DEBUG is on.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from contacts.models import Contact, Country, Organization, Role
from events.models import Attendance, Event
from notes import demo
from notes.models import Disclaimer, Note

USERS = [
    # username, group, is_staff/superuser, full name
    ("expert", "Experts", False, "Erin Expert"),
    ("reviewer", "Reviewers", False, "Robin Reviewer"),
    ("admin", "Administrators", True, "Alex Admin"),
]


# The demo users are fictitious: their workflow steps notify no one (notify=False).


class Command(BaseCommand):
    help = "Load the demo users, organizations, contacts, events and notes (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has events.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Event.objects.exists():
            self.stdout.write("The database has data already; demo data not loaded.")
        else:
            with transaction.atomic():
                self.load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_accounts()

    def load(self):
        self.users = {
            name: self.user(name, group, admin, full) for name, group, admin, full in USERS
        }
        self.organizations()
        self.contacts()
        self.irkutsk()
        for row in demo.OTHER_EVENTS:
            self.other_note(*row)
        self.event(*demo.UPCOMING, status=Event.Status.PLANNED, is_public=True)

    def user(self, username, group, is_admin, full_name):
        first, last = full_name.split(" ", 1)
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.is_staff = user.is_superuser = is_admin
            user.set_password(self.password(username))
            user.save()
            user.groups.add(Group.objects.get(name=group))
        return user

    def password(self, username):
        return f"{username}-demo" if settings.DEBUG else secrets.token_urlsafe(24)

    def organizations(self):
        for name, acronym, kind, iso3 in demo.ORGANIZATIONS:
            country = Country.objects.get(iso3=iso3) if iso3 else None
            Organization.objects.get_or_create(
                name=name, defaults={"acronym": acronym, "kind": kind, "country": country}
            )

    def contacts(self):
        for honorific, name, position, org, iso3, email, role in demo.CONTACTS:
            contact, created = Contact.objects.get_or_create(
                name=name,
                defaults={
                    "honorific": honorific,
                    "position": position,
                    "organization": Organization.objects.get(name=org),
                    "country": Country.objects.get(iso3=iso3),
                    "email": email,
                    "phone": "+1 212 555 0100",
                    "remarks": "Prefers to be contacted through the permanent mission.",
                },
            )
            if created:
                contact.roles.add(Role.objects.get_or_create(name=role)[0])

    def event(self, slug, title, kind, start, end, city, iso3, **extra):
        event, _ = Event.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "start_date": start,
                "end_date": end,
                "city": city,
                "country": Country.objects.get(iso3=iso3),
                **extra,
            },
        )
        return event

    def irkutsk(self):
        data = dict(demo.IRKUTSK["event"])
        organizers, organizations = data.pop("organizers"), data.pop("organizations")
        event = self.event(
            data.pop("slug"), data.pop("title"), data.pop("kind"), data.pop("start_date"),
            data.pop("end_date"), data.pop("city"), data.pop("country"), **data,
        )  # fmt: skip
        event.organizers.set(Organization.objects.filter(name__in=organizers))
        event.organizations.set(Organization.objects.filter(name__in=organizations))
        if not event.notes.exists():
            note = self.draft(event, **demo.IRKUTSK["note"])
            note.submit(by=self.users["expert"], notify=False)
            published = datetime.datetime(2009, 7, 1, 9, 0, tzinfo=datetime.UTC)
            note.publish(by=self.users["reviewer"], comment="Approved.", at=published, notify=False)

    def other_note(self, slug, title, kind, start, end, city, iso3, state):
        event = self.event(slug, title, kind, start, end, city, iso3, status=Event.Status.HELD)
        event.states.set(Country.objects.filter(iso3__in=[iso3]))
        for contact in Contact.objects.filter(country__iso3=iso3):
            Attendance.objects.get_or_create(
                event=event, contact=contact, defaults={"role": "Speaker"}
            )
        if event.notes.exists():
            return
        note = self.draft(event, slug=slug, **demo.SECTIONS)
        if state in {"in_review", "changes_requested"}:
            note.submit(by=self.users["expert"], notify=False)
        if state == "changes_requested":
            note.request_changes(
                by=self.users["reviewer"],
                comment="Please name the participating States in Background.",
                notify=False,
            )

    def draft(self, event, **content):
        content.setdefault("additional_comments", Disclaimer.objects.in_force().contact_line)
        note = Note(event=event, **content)
        note.save_draft(by=self.users["expert"], message="First draft")
        return note

    def print_accounts(self):
        if not settings.DEBUG:
            self.stdout.write(
                "Demo accounts: expert, reviewer, admin (passwords hidden: DEBUG is off)."
            )
            return
        self.stdout.write("Demo accounts (username / password):")
        for username, group, _, _ in USERS:
            self.stdout.write(f"  {username:<9} / {self.password(username):<16} {group}")
