"""A thousand archive notes import in one run (the initial load, published by another reviewer),
and a second run finds them all unchanged."""

import datetime
import io

import pytest
from django.core.management import call_command

from contacts.models import Country
from events.models import Event
from notes.models import Note, Revision, Transition
from tests.helpers import make_docx, make_pdf

pytestmark = pytest.mark.django_db

COUNT = 1000
VENUES = ["Russia", "Vietnam", "Côte d'Ivoire", "United Kingdom", "Türkiye", "Iran", "Senegal"]
ORGANIZATIONS = [
    "Organization for Security and Co-operation in Europe (OSCE)",
    "International Atomic Energy Agency (IAEA)",
    "United Nations Office on Drugs and Crime (UNODC)",
    "World Customs Organization (WCO)",
]


def note_text(n, states):
    start = datetime.date(2005, 1, 3) + datetime.timedelta(days=7 * n)
    end = start + datetime.timedelta(days=n % 3)
    participants = f"{10 + n % 50} States" if n % 2 else ", ".join(states[n % 40 : n % 40 + 4])
    return (
        "Information Note¹\n\n"
        f"Event:\tRegional Workshop on Resolution 1540 (2004), session {n}\n"
        f"Organizers:\tThe Government of {states[n % len(states)]}; {ORGANIZATIONS[n % 4]}\n"
        f"Date and Venue:\t{start:%d %B %Y} - {end:%d %B %Y}; Capital {n}, {VENUES[n % 7]}\n"
        f"Participants:\tStates: {participants}\n"
        f"\tInternational organizations: {ORGANIZATIONS[(n + 1) % 4]}, {ORGANIZATIONS[(n + 2) % 4]}\n\n"
        "1. Objectives\n\n- raise awareness of resolution 1540 (2004);\n- exchange practices.\n\n"
        f"2. Background\n\nThe workshop was number {n} of the series.\n\n"
        "3. Highlights\n\n" + "Participants described their national measures. " * 10 + "\n\n"
        "4. Additional comments\n\nFor further information, please contact the 1540 Committee "
        "experts by e-mail at 1540experts@un.org.\n"
    )


def write_archive(folder):
    # Plain names only: those of the UN list with a parenthesis or an "and" are tested elsewhere.
    states = [name for name in Country.objects.values_list("name", flat=True) if "(" not in name]
    states = [name for name in states if " and " not in name and "," not in name]
    for n in range(COUNT):
        text = note_text(n, states)
        if n % 20 == 0:
            (folder / f"note-{n:04}.pdf").write_bytes(make_pdf(text))
        elif n % 20 == 1:
            (folder / f"note-{n:04}.docx").write_bytes(make_docx(text, header_table=True))
        else:
            (folder / f"note-{n:04}.txt").write_text(text, encoding="utf-8")


def run(folder):
    out = io.StringIO()
    call_command(
        "import_notes",
        str(folder),
        user="reviewer",
        publish_as="reviewer2",
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def test_a_thousand_notes_import_and_a_second_run_finds_them_unchanged(
    reviewer, second_reviewer, tmp_path
):
    write_archive(tmp_path)
    output = run(tmp_path)
    assert f"{COUNT} files read, {COUNT} created, 0 updated, 0 unchanged, 0 failed." in output
    assert Note.objects.published().count() == Event.objects.count() == COUNT
    written = (Revision.objects.count(), Transition.objects.count())
    output = run(tmp_path)
    assert f"{COUNT} files read, 0 created, 0 updated, {COUNT} unchanged, 0 failed." in output
    # The second run writes nothing. No bound on how long either run takes: a wall-clock limit
    # fails on a busy machine and says nothing about what the import does.
    assert (Revision.objects.count(), Transition.objects.count()) == written
