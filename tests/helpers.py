"""Plain helpers that make test data; each returns a saved object."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from contacts.models import Contact, Country, Organization
from events.models import Event
from notes.models import Note

_serial = itertools.count(1)


def make_user(username, group=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="secret", email=f"{username}@example.org", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_organization(name=None, **extra):
    return Organization.objects.create(name=name or f"Organization {next(_serial)}", **extra)


def make_contact(name=None, **extra):
    extra.setdefault("email", "person@example.org")
    extra.setdefault("phone", "+41 22 555 0199")
    extra.setdefault("remarks", "Private remark about this person")
    return Contact.objects.create(name=name or f"Person {next(_serial)}", **extra)


def make_event(title=None, start=datetime.date(2025, 3, 10), days=2, **extra):
    n = next(_serial)
    extra.setdefault("country", Country.objects.get(iso3="SEN"))
    extra.setdefault("city", "Dakar")
    extra.setdefault("status", Event.Status.HELD)
    return Event.objects.create(
        title=title or f"Workshop number {n}",
        slug=extra.pop("slug", f"event-{n}"),
        start_date=start,
        end_date=start + datetime.timedelta(days=days),
        **extra,
    )


def make_note(author, event=None, **content):
    """A draft note written by author, with one revision."""
    event = event or make_event()
    content.setdefault("slug", f"note-{next(_serial)}")
    content.setdefault("objectives", "- raise awareness of resolution 1540 (2004)")
    content.setdefault("background", "Background text.")
    content.setdefault("highlights", "Highlights text.")
    note = Note(event=event, **content)
    note.save_draft(by=author, message="First draft")
    return note


def make_published_note(author, reviewer, **content):
    note = make_note(author, **content)
    note.submit(by=author)
    note.publish(by=reviewer)
    return note
