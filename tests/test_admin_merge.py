"""Merging duplicates in the admin: select, choose the record to keep, merge or be refused."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from contacts.models import Contact, Organization
from events.models import Attendance
from tests.helpers import make_contact, make_event, make_organization

pytestmark = pytest.mark.django_db

ORGANIZATIONS = reverse("admin:contacts_organization_changelist")
CONTACTS = reverse("admin:contacts_contact_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def post(client, url, objects, **extra):
    data = {"action": "merge_selected", "_selected_action": [obj.pk for obj in objects], **extra}
    return client.post(url, data)


def reported(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_merging_first_asks_which_record_to_keep(admin_client):
    first, second = make_organization("OSCE"), make_organization("O.S.C.E.")
    page = post(admin_client, ORGANIZATIONS, [first, second]).content.decode()
    assert f'<input type="radio" name="keep" value="{first.pk}" id="keep-{first.pk}"' in page
    assert f'<label for="keep-{second.pk}" class="vCheckboxLabel">O.S.C.E.</label>' in page
    assert Organization.objects.count() == 2


def test_choosing_the_record_to_keep_merges_the_others_into_it(admin_client):
    keep, other = make_organization("OSCE"), make_organization("O.S.C.E.")
    event = make_event()
    event.organizers.add(other)
    response = post(admin_client, ORGANIZATIONS, [keep, other], keep=keep.pk, apply="1")
    assert response.status_code == 302
    assert reported(response) == [("success", "OSCE: Merged O.S.C.E. into this record.")]
    assert list(event.organizers.all()) == [keep]
    assert list(Organization.objects.all()) == [keep]


def test_a_merge_that_would_lose_an_attendance_is_refused_with_a_message(admin_client):
    keep, other = make_contact("Ana Silva"), make_contact("A. Silva")
    event = make_event(title="Shared workshop")
    Attendance.objects.create(event=event, contact=keep)
    Attendance.objects.create(event=event, contact=other)
    response = post(admin_client, CONTACTS, [keep, other], keep=keep.pk, apply="1")
    [(level, message)] = reported(response)
    assert level == "error"
    assert message.startswith("Cannot merge A. Silva into Ana Silva")
    assert Contact.objects.count() == 2


def test_merging_one_record_is_refused(admin_client):
    only = make_organization("OSCE")
    response = post(admin_client, ORGANIZATIONS, [only])
    assert reported(response) == [("error", "Select at least two records to merge.")]


def test_applying_without_choosing_shows_the_choice_again(admin_client):
    first, second = make_organization("OSCE"), make_organization("O.S.C.E.")
    page = post(admin_client, ORGANIZATIONS, [first, second], apply="1").content.decode()
    assert "Choose the record to keep." in page
    assert Organization.objects.count() == 2


def test_a_record_outside_the_selection_cannot_be_kept(admin_client):
    first, second, outsider = (make_organization(name) for name in ("A", "B", "C"))
    post(admin_client, ORGANIZATIONS, [first, second], keep=outsider.pk, apply="1")
    assert Organization.objects.count() == 3


def test_experts_who_cannot_delete_are_not_offered_the_merge(client, expert):
    expert.is_staff = True
    expert.save()
    client.force_login(expert)
    make_organization("OSCE")
    assert "merge_selected" not in client.get(ORGANIZATIONS).content.decode()
