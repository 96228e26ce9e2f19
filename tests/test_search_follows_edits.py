"""Search stays true: after an event or an organization changes, PostgreSQL's stored search
words and the plain search of other databases find the same notes."""

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


def found(query):
    return sorted(note.slug for note in Note.objects.published().search(query))


@pytest.fixture
def note(expert, reviewer):
    event = make_event(title="Regional workshop on export control")
    event.organizers.add(make_organization("Economic Community of West African States"))
    return make_published_note(expert, reviewer, event=event, slug="dakar")


def test_an_event_renamed_on_the_staff_pages_is_found_by_its_new_title(client, expert, note):
    expert.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(expert)
    event = Event.objects.get(pk=note.event_id)
    data = event_form_data(event, title="Tabletop exercise on biosecurity")
    response = client.post(reverse("events-edit", args=[event.pk]), data)
    assert response.status_code == 302
    assert found("tabletop") == ["dakar"]
    assert found("export") == []


def test_an_organization_merged_away_is_found_under_the_name_kept(admin_user, note):
    kept = make_organization("ECOWAS Commission", acronym="ECOWAS")
    merge(kept, [Organization.objects.get(name__startswith="Economic")], by=admin_user)
    assert found("commission") == ["dakar"]
    assert found("african") == []


def test_a_bulk_update_followed_by_the_notice_is_found(note):
    Event.objects.filter(pk=note.event_id).update(city="Ouagadougou")
    records_changed(Event, [note.event_id])
    assert found("ouagadougou") == ["dakar"]


def test_an_organization_renamed_then_noticed_is_found(note):
    organization = Organization.objects.get(name__startswith="Economic")
    organization.name = "West African customs union"
    organization.save()
    records_changed(Organization, [organization.pk])
    assert found("customs") == ["dakar"]
