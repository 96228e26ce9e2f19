"""Everything held about one contact, given out as JSON or erased, from the contact's admin page
(security review)."""

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse

from contacts import personal_data
from contacts.models import Contact, Role
from contacts.personal_data import holds_personal_data, log_entries_about
from events.models import Attendance
from notes.resources import EventReportResource
from outreach.merge import merge
from tests.helpers import make_contact, make_event, make_organization

pytestmark = pytest.mark.django_db

NAME = "Zoë Ngũgĩ-Wambui"
EMAIL = "zoe.wambui@private.example"
PHONE = "+254 700 123 456"
REMARKS = "Lives at 12 Jacaranda Lane"
POSITION = "Deputy head of the export desk"
OTHER_NAME = "Z. Wambui"
OTHER_EMAIL = "z.wambui@ministry.example"


def json_url(contact):
    return reverse("admin:contacts_contact_personal_data", args=[contact.pk])


def erase_url(contact):
    return reverse("admin:contacts_contact_erase", args=[contact.pk])


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def person(admin_user):
    """A contact with attendances, roles, an admin history, a merged duplicate and entries of
    other records that name it, as the admin writes them."""
    contact = make_contact(
        NAME,
        honorific="Dr.",
        email=EMAIL,
        phone=PHONE,
        remarks=REMARKS,
        position=POSITION,
        organization=make_organization("Ministry of Foreign Affairs"),
    )
    contact.roles.add(Role.objects.create(name="National point of contact"))
    LogEntry.objects.log_actions(admin_user.pk, [contact], ADDITION, [{"added": {}}])
    duplicate = make_contact(OTHER_NAME, email=OTHER_EMAIL, phone="", remarks="Duplicate note")
    LogEntry.objects.log_actions(admin_user.pk, [duplicate], ADDITION, [{"added": {}}])
    merge(contact, [duplicate], by=admin_user)
    events = [make_event(title="Nairobi workshop"), make_event(title="Dakar seminar")]
    for event, role in zip(events, ["speaker", "participant"], strict=True):
        attendance = Attendance.objects.create(event=event, contact=contact, role=role)
        # What the admin logs for an attendance edited on its own page, and for one added
        # inline on its event's page.
        LogEntry.objects.log_actions(
            admin_user.pk, [attendance], CHANGE, [{"changed": {"fields": ["Role"]}}]
        )
        LogEntry.objects.log_actions(
            admin_user.pk,
            [event],
            CHANGE,
            [{"added": {"name": "attendance", "object": str(attendance)}}],
        )
    contact.refresh_from_db()
    return contact


def user_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


# Export


def test_the_json_file_holds_the_contact_its_attendances_and_its_history(admin_client, person):
    response = admin_client.get(json_url(person))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f'filename="contact-{person.pk}.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contact"]["name"] == NAME
    assert (data["contact"]["email"], data["contact"]["phone"]) == (EMAIL, PHONE)
    assert data["contact"]["organization"] == "Ministry of Foreign Affairs"
    assert data["contact"]["roles"] == ["National point of contact"]
    # The merge wrote the duplicate's e-mail into the remarks: it is held, so it is given.
    assert OTHER_EMAIL in data["contact"]["remarks"]
    attended = {(a["event"]["title"], a["role"]) for a in data["attendances"]}
    assert attended == {("Nairobi workshop", "speaker"), ("Dakar seminar", "participant")}
    assert all(a["event"]["start_date"] for a in data["attendances"])
    records = {(entry["record_type"], entry["action"]) for entry in data["log_entries"]}
    # Its own history (with the duplicate's, merged in) and that of its attendances.
    assert ("contact", "added") in records and ("attendance", "changed") in records
    assert any(entry["record"] == OTHER_NAME for entry in data["log_entries"])
    # The events edited with the person among their attendees, without their messages.
    assert {entry["record"] for entry in data["mentioned_in_log_entries"]} == {
        "Nairobi workshop",
        "Dakar seminar",
    }
    assert all("message" not in entry for entry in data["mentioned_in_log_entries"])


def test_the_json_file_needs_the_permission_to_view_contacts(client, django_user_model, person):
    client.force_login(user_with(django_user_model))
    response = client.get(json_url(person))
    assert response.status_code == 403
    assert EMAIL.encode() not in response.content


def test_a_viewer_gets_the_json_file_and_the_link_to_it(client, django_user_model, person):
    client.force_login(user_with(django_user_model, "view_contact"))
    assert client.get(json_url(person)).status_code == 200
    page = client.get(reverse("admin:contacts_contact_change", args=[person.pk])).content.decode()
    assert json_url(person) in page
    assert erase_url(person) not in page


# Erasure


def test_erasing_asks_first(admin_client, person):
    page = admin_client.get(erase_url(person)).content.decode()
    assert "This cannot be undone." in page
    assert "2 attendances stay" in page
    person.refresh_from_db()
    assert person.name == NAME


def test_erasing_keeps_the_attendances_and_the_counts(admin_client, person):
    events = [a.event for a in person.attendances.all()]
    response = admin_client.post(erase_url(person))
    assert response.status_code == 302
    erased = Contact.objects.get(pk=person.pk)
    assert erased.name == f"Erased contact #{person.pk}"
    assert (erased.email, erased.phone, erased.remarks, erased.position) == ("", "", "", "")
    assert (erased.honorific, erased.organization, erased.country) == ("", None, None)
    assert not erased.is_active and not erased.roles.exists()
    assert [event.attendances.count() for event in events] == [1, 1]
    assert sorted(Attendance.objects.values_list("role", flat=True)) == ["participant", "speaker"]
    [row] = [
        row
        for row in EventReportResource().export(events[0].__class__.objects.all()).dict
        if row["Event"] == "Nairobi workshop"
    ]
    assert row["Attendees (role)"] == f"Erased contact #{person.pk} (speaker)"


def test_erasing_leaves_no_trace_of_the_person_anywhere_in_the_database(admin_client, person):
    assert traces(NAME, EMAIL, PHONE, REMARKS, POSITION, OTHER_NAME, OTHER_EMAIL)
    admin_client.post(erase_url(person))
    assert traces(NAME, EMAIL, PHONE, REMARKS, POSITION, OTHER_NAME, OTHER_EMAIL) == []
    assert traces("Ngũgĩ", "Wambui", "Jacaranda") == []


def test_the_erasure_is_logged_without_the_erased_data(admin_client, admin_user, person):
    admin_client.post(erase_url(person))
    entry = LogEntry.objects.filter(object_id=str(person.pk), content_type__model="contact").latest(
        "pk"
    )
    assert (entry.user, entry.action_flag) == (admin_user, CHANGE)
    assert entry.object_repr == f"Erased contact #{person.pk}"
    assert entry.change_message == "Erased the personal data of this contact."
    # The history stays: who did what and when.
    assert len(log_entries_about(Contact.objects.get(pk=person.pk))) >= 6


@pytest.mark.parametrize(
    "codenames",
    [[], ["view_contact"], ["view_contact", "change_contact"]],
    ids=["none", "view", "change"],
)
def test_erasing_needs_the_permission_to_delete(client, django_user_model, person, codenames):
    client.force_login(user_with(django_user_model, *codenames))
    assert client.get(erase_url(person)).status_code == 403
    assert client.post(erase_url(person)).status_code == 403
    person.refresh_from_db()
    assert (person.name, person.email) == (NAME, EMAIL)


def test_the_erase_link_shows_to_those_who_may_delete(admin_client, person):
    page = admin_client.get(reverse("admin:contacts_contact_change", args=[person.pk]))
    assert erase_url(person) in page.content.decode()


def test_an_app_that_holds_copies_gives_them_in_the_file_and_erases_them(
    admin_client, person, monkeypatch
):
    monkeypatch.setattr(personal_data, "_holders", {})
    erased = []
    holds_personal_data(
        "copies",
        export=lambda contact: {"e-mail": contact.email},
        erase=lambda contact, texts: erased.append((contact.pk, contact.name, set(texts))),
    )
    data = json.loads(admin_client.get(json_url(person)).content)
    assert data["copies"] == {"e-mail": EMAIL}
    admin_client.post(erase_url(person))
    [(pk, name, texts)] = erased
    assert (pk, name) == (person.pk, f"Erased contact #{person.pk}")
    assert {NAME, f"Dr. {NAME}", EMAIL, PHONE, OTHER_NAME} <= texts


def test_an_unknown_contact_is_not_found(admin_client):
    for name in ("personal_data", "erase"):
        for pk in (999999, "x"):
            url = reverse(f"admin:contacts_contact_{name}", args=[pk])
            assert admin_client.get(url).status_code == 404


def traces(*needles):
    """(model, field, needle) for every text stored anywhere that contains one of `needles`,
    as typed or as JSON writes it."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            rows = model._base_manager.annotate(_text=Cast(field.name, models.TextField()))
            for needle in needles:
                for text in {needle, json.dumps(needle)[1:-1]}:
                    if rows.filter(_text__icontains=text).exists():
                        found.append((model._meta.label, field.name, needle))
    return found
