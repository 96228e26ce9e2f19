"""The revision is the document: an event edited anywhere reaches the public note, its feed
entry, its print view and search only when a reviewer publishes the revision that carries it."""

import feedparser
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from contacts.models import Organization
from events.models import Event
from notes.models import Note
from outreach.changes import records_changed
from outreach.merge import merge
from tests.helpers import event_form_data, make_event, make_organization, make_published_note

pytestmark = pytest.mark.django_db

OLD, NEW = "Regional workshop on export control", "Tabletop exercise on biosecurity"


@pytest.fixture
def note(expert, reviewer):
    event = make_event(title=OLD)
    event.organizers.add(make_organization("Economic Community of West African States"))
    return make_published_note(expert, reviewer, event=event, slug="dakar")


def public_texts(client, note):
    """The note page (also its print view) and its feed entry, as the public gets them."""
    page = client.get(note.get_absolute_url()).content.decode()
    feed = feedparser.parse(client.get(reverse("feeds-notes")).content)
    [entry] = [e for e in feed.entries if e.link.endswith(note.get_absolute_url())]
    return page.split('<aside class="note-links')[0], entry.title + entry.summary


def found(query):
    return sorted(n.slug for n in Note.objects.published().search(query))


def edit_on_staff_pages(client, expert, event):
    expert.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(expert)
    data = event_form_data(event, title=NEW)
    assert client.post(reverse("events-edit", args=[event.pk]), data).status_code == 302
    client.logout()


def edit_in_the_admin(client, admin_user, event):
    client.force_login(admin_user)
    url = reverse("admin:events_event_change", args=[event.pk])
    page = client.get(url)
    data = {}
    form = page.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = [str(v) for v in value] if isinstance(value, list) else value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management[f].html_name: management[f].value() for f in management.fields}
    data["title"] = NEW
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()


def edit_by_update_and_notice(client, user, event):
    Event.objects.filter(pk=event.pk).update(title=NEW)
    records_changed(Event, [event.pk])


WAYS = [edit_on_staff_pages, edit_in_the_admin, edit_by_update_and_notice]


@pytest.mark.parametrize("edit", WAYS, ids=lambda way: way.__name__)
def test_an_event_edit_leaves_the_public_note_as_reviewed_until_publication(
    client, expert, reviewer, admin_user, note, edit
):
    edit(client, admin_user if edit is edit_in_the_admin else expert, note.event)
    page, entry = public_texts(client, note)
    assert OLD in page and NEW not in page
    assert OLD in entry and NEW not in entry
    assert found("tabletop") == [] and found("export") == ["dakar"]

    note.refresh_from_db()
    assert note.has_unpublished_changes
    assert note.latest_revision.header.title == NEW
    assert note.live_revision.header.title == OLD

    note.submit(by=expert)
    client.force_login(reviewer)
    review = client.get(reverse("notes-review", args=[note.pk])).content.decode()
    assert "<h4>Event</h4>" in review
    assert "<del>Regional</del><ins>Tabletop</ins>" in review
    assert "<del>export control</del><ins>biosecurity</ins>" in review

    note.publish(by=reviewer)
    client.logout()
    page, entry = public_texts(client, note)
    assert NEW in page and NEW in entry
    assert found("tabletop") == ["dakar"] and found("export") == []


def test_a_bulk_update_without_notice_changes_nothing_public(client, note):
    Event.objects.filter(pk=note.event_id).update(title=NEW, city="Ouagadougou")
    page, entry = public_texts(client, note)
    assert OLD in page and "Ouagadougou" not in page and NEW not in entry


def test_an_organization_merged_away_stays_on_the_public_note_until_review(
    client, admin_user, note
):
    kept = make_organization("ECOWAS Commission", acronym="ECOWAS")
    merge(kept, [Organization.objects.get(name__startswith="Economic")], by=admin_user)
    page, _ = public_texts(client, note)
    assert "Economic Community of West African States" in page
    assert "ECOWAS Commission" not in page
    note.refresh_from_db()
    assert note.has_unpublished_changes
    assert note.latest_revision.header.organizers == ("ECOWAS Commission",)


def test_an_edit_that_leaves_the_header_as_it_was_keeps_no_revision(client, expert, note):
    before = note.revisions.count()
    note.event.description = "Staff-only description, not part of the header."
    note.event.save()
    records_changed(Event, [note.event_id])
    assert note.revisions.count() == before
    note.refresh_from_db()
    assert not note.has_unpublished_changes


def test_the_atom_entry_carries_the_whole_document_and_the_disclaimer(client, expert, reviewer):
    note = make_published_note(
        expert,
        reviewer,
        objectives="- Objective words",
        background="Background words",
        highlights="Highlight words",
        additional_comments="Closing words",
    )
    _, entry = public_texts(client, note)
    for words in ("Objective words", "Background words", "Highlight words", "Closing words"):
        assert words in entry
    assert "not an official report" in entry
    assert "Organizers:" in entry and "Date and Venue:" in entry


def test_submitting_without_a_change_keeps_no_empty_revision(expert):
    from tests.helpers import make_note

    note = make_note(expert)
    note.save_draft(by=expert, message="Nothing changed")
    assert note.revisions.count() == 1


def test_the_event_form_says_that_changes_reach_the_notes_through_review(client, expert, note):
    expert.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(expert)
    page = client.get(reverse("events-edit", args=[note.event_id])).content.decode()
    assert "reaches its notes only through review" in page
    bare = make_event(title="An event without a note")
    page = client.get(reverse("events-edit", args=[bare.pk])).content.decode()
    assert "reaches its notes only through review" not in page
