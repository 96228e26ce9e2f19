"""Merging duplicates: every relation moves to the record kept, nothing is lost or doubled."""

import ast
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry

from contacts.models import Contact, Organization, Role
from events.models import Attendance
from outreach import merge as merge_module
from outreach.merge import MergeRefused, merge
from tests.helpers import make_contact, make_event, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicates(db):
    keep = make_organization("Organization for Security and Co-operation in Europe", acronym="OSCE")
    other = make_organization("OSCE")
    return keep, other


def test_merging_organizations_moves_events_and_contacts_to_the_one_kept(admin_user, duplicates):
    keep, other = duplicates
    organized = make_event()
    organized.organizers.add(other)
    attended = make_event()
    attended.organizations.add(other)
    person = make_contact(organization=other)
    merge(keep, [other], by=admin_user)
    assert list(organized.organizers.all()) == [keep]
    assert list(attended.organizations.all()) == [keep]
    assert Contact.objects.get(pk=person.pk).organization == keep
    assert not Organization.objects.filter(pk=other.pk).exists()


def test_a_link_both_records_have_is_kept_once(admin_user, duplicates):
    keep, other = duplicates
    event = make_event()
    event.organizers.add(keep, other)
    merge(keep, [other], by=admin_user)
    assert list(event.organizers.all()) == [keep]


def test_the_merge_is_logged_on_the_record_kept(admin_user, duplicates):
    keep, other = duplicates
    merge(keep, [other], by=admin_user)
    entry = LogEntry.objects.get(object_id=str(keep.pk), content_type__model="organization")
    assert (entry.user, entry.action_flag) == (admin_user, CHANGE)
    assert entry.change_message == "Merged OSCE into this record."


def test_merging_contacts_moves_attendances_with_their_roles_and_unites_standing_roles(admin_user):
    keep, other = make_contact("Ana Silva"), make_contact("A. Silva")
    speaker, chair = Role.objects.create(name="Speaker"), Role.objects.create(name="Chair")
    keep.roles.add(speaker)
    other.roles.add(speaker, chair)
    event = make_event()
    Attendance.objects.create(event=event, contact=other, role="chair")
    merge(keep, [other], by=admin_user)
    assert list(Attendance.objects.values_list("contact", "role")) == [(keep.pk, "chair")]
    assert set(keep.roles.all()) == {speaker, chair}


def test_two_contacts_who_attended_the_same_event_are_not_merged(admin_user):
    keep, other = make_contact("Ana Silva"), make_contact("A. Silva")
    kept_elsewhere = make_event()
    Attendance.objects.create(event=kept_elsewhere, contact=other, role="speaker")
    shared = make_event(title="Shared workshop")
    Attendance.objects.create(event=shared, contact=keep, role="participant")
    Attendance.objects.create(event=shared, contact=other, role="chair")
    with pytest.raises(MergeRefused) as refused:
        merge(keep, [other], by=admin_user)
    assert "Cannot merge A. Silva into Ana Silva" in str(refused.value)
    assert "for the same event (A. Silva – Shared workshop)" in str(refused.value)
    assert Contact.objects.filter(pk=other.pk).exists()
    assert Attendance.objects.filter(contact=other).count() == 2
    assert not LogEntry.objects.exists()


def test_a_clash_between_two_duplicates_undoes_the_whole_merge(admin_user):
    keep, first, second = make_contact("Ana"), make_contact("Ana S."), make_contact("A. S.")
    event = make_event()
    Attendance.objects.create(event=event, contact=first)
    Attendance.objects.create(event=event, contact=second)
    with pytest.raises(MergeRefused):
        merge(keep, [first, second], by=admin_user)
    assert Attendance.objects.filter(contact=first).exists()
    assert Contact.objects.count() == 3


def test_a_merge_needs_a_record_besides_the_one_kept(admin_user, duplicates):
    keep, _ = duplicates
    with pytest.raises(MergeRefused, match="at least one record besides"):
        merge(keep, [keep], by=admin_user)


def test_the_merge_knows_no_app_by_name():
    # contacts uses it, and contacts may not import events or notes (outreach's own helpers
    # name no app either).
    tree = ast.parse(Path(merge_module.__file__).read_text())
    imported = {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }
    assert imported <= {"django", "outreach"}
