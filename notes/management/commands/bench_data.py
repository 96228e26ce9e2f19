"""Published notes for the benchmark: `manage.py bench_data N` prints the paths to measure."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from contacts.models import Country
from events.models import Event
from notes.models import Note

PUBLIC_PAGES = [("home", []), ("notes-list", []), ("events-list", []), ("feeds-notes", [])]


class Command(BaseCommand):
    help = "Create N published notes for the benchmark and print the public paths to measure."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)

    def handle(self, *args, count, **options):
        with transaction.atomic():
            author, reviewer = (
                self.user("bench-expert", "Experts"),
                self.user("bench-reviewer", "Reviewers"),
            )
            countries = list(Country.objects.all()[:40])
            for n in range(count):
                self.note(n, countries[n % len(countries)], author, reviewer)
        for path in self.paths():
            self.stdout.write(path)

    def user(self, username, group):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.groups.add(Group.objects.get(name=group))
        return user

    def note(self, n, country, author, reviewer):
        start = datetime.date(2010, 1, 4) + datetime.timedelta(days=5 * n)
        event = Event.objects.create(
            title=f"Regional workshop on resolution 1540 (2004), session {n}",
            slug=f"bench-event-{n}",
            start_date=start,
            end_date=start + datetime.timedelta(days=2),
            city="Capital",
            country=country,
            status=Event.Status.HELD,
            states_count=20 + n % 30,
        )
        note = Note(
            event=event,
            slug=f"bench-note-{n}",
            objectives="- raise awareness of resolution 1540 (2004);\n- exchange practices.",
            background="The workshop gathered officials of export control. " * 8,
            highlights="Participants described their national measures and needs. " * 20,
        )
        note.save_draft(by=author)
        note.submit(by=author, notify=False)
        note.publish(by=reviewer, notify=False)

    def paths(self):
        for name, args in PUBLIC_PAGES:
            try:
                yield reverse(name, args=args)
            except NoReverseMatch:
                continue
        yield Note.objects.published().order_by("-pk").first().get_absolute_url()
