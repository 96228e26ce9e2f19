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


def make_docx(text, *, header_table=False):
    """The bytes of a Word file with one paragraph per line of `text`.

    With header_table, the "Label:<TAB>value" lines before the first blank line after them
    become a two-column table, as most notes written in Word lay out their header."""
    import io

    import docx

    document = docx.Document()
    lines = text.splitlines()
    header = [line for line in lines if header_table and "\t" in line]
    if header:
        table = document.add_table(rows=0, cols=2)
        for line in header:
            row = table.add_row().cells
            row[0].text, row[1].text = line.split("\t", 1)
    for line in lines:
        if line not in header:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(text, *, width=95, lines_per_page=60):
    """The bytes of a text-based PDF of `text`: Helvetica 9 pt, lines wrapped at `width`.

    Written by hand (no PDF library is a dependency): a catalog, a page tree, one page and one
    content stream per page, the standard Helvetica font with WinAnsi encoding, an xref table."""
    import textwrap

    lines = [
        wrapped
        for line in text.splitlines()
        for wrapped in (textwrap.wrap(line, width, break_on_hyphens=False) or [" "])
    ]
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + 2 * n) for n in range(count)), count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for n, page in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * n)
        )
        shown = b"".join(b"(%s) Tj T*\n" % _pdf_string(line) for line in page)
        stream = b"BT /F1 9 Tf 11 TL 50 800 Td\n" + shown + b"ET"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return _pdf_file(objects)


def _pdf_string(line):
    encoded = line.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_file(objects):
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


def make_withdrawn_note(author, reviewer, **content):
    """A note that was published and then withdrawn."""
    note = make_published_note(author, reviewer, **content)
    note.withdraw(by=reviewer, reason="Withdrawn for correction")
    return note


def event_form_data(event=None, attendees=None, **changes):
    """What the staff event form posts: `event`'s fields (or those of a valid new event), its
    attendees or `attendees` as (name, role) rows, the version it was opened at, and `changes`."""
    from contacts.forms import contact_label

    event = event or Event(
        title="Regional workshop on resolution 1540",
        start_date=datetime.date(2025, 5, 6),
        end_date=datetime.date(2025, 5, 7),
        city="Dakar",
        country=Country.objects.get(iso3="SEN"),
    )
    saved = event.pk is not None
    if attendees is None:
        attendances = event.attendances.select_related("contact__organization") if saved else []
        attendees = [(contact_label(a.contact), a.role) for a in attendances]
    data = {
        "title": event.title,
        "kind": event.kind,
        "format": event.format,
        "status": event.status,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "city": event.city,
        "country": event.country_id or "",
        "organizers": "; ".join(map(str, event.organizers.all())) if saved else "",
        "states": "; ".join(map(str, event.states.all())) if saved else "",
        "states_count": event.states_count or "",
        "organizations": "; ".join(map(str, event.organizations.all())) if saved else "",
        "description": event.description,
        "attendees-TOTAL_FORMS": len(attendees),
        "attendees-INITIAL_FORMS": 0,
    }
    if saved:
        data["version"] = event.version
    if event.is_public:
        data["is_public"] = "on"
    for n, (name, role) in enumerate(attendees):
        data |= {f"attendees-{n}-contact": name, f"attendees-{n}-role": role}
    return data | changes


def reload_migrated_data():
    """Load again what the data migrations loaded (countries, disclaimer, groups) if it is gone.

    Live-server tests are flushed after each test, and pytest-django restores the migrated data
    only when it serialized it at the start of the session, which it does not always do."""
    from importlib import import_module

    from auditlog.context import disable_auditlog
    from django.apps import apps

    if Country.objects.exists():
        return
    # As in `migrate`, whose data migrations use historical models, which nothing audits.
    with disable_auditlog():
        for module, function in [
            ("contacts.migrations.0002_load_countries", "load_countries"),
            ("notes.migrations.0002_seed_disclaimer", "seed"),
            ("notes.migrations.0003_groups", "create_groups"),
            ("events.migrations.0005_materials", "grant_material_permissions"),
            ("notes.migrations.0013_disclaimer_translations", "translate_the_seeded_version"),
        ]:
            getattr(import_module(module), function)(apps, None)


def in_review(author, **content):
    """A note written by author and submitted for review."""
    note = make_note(author, **content)
    note.submit(by=author)
    return note


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def inline_management(prefix):
    """The management form of an admin inline with no rows."""
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def disclaimer_in_force(text="For information only.", contact_line="Write to us.", **languages):
    """A new disclaimer version, put in force: English texts, and `languages` as its fields
    (text_fr=…, contact_line_fr=…)."""
    from notes.models import Disclaimer

    disclaimer = Disclaimer.objects.create(text=text, contact_line=contact_line, **languages)
    disclaimer.put_in_force()
    return disclaimer
