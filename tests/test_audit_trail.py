"""The audit trail: who changed which record, when, each field's old and new value,
from the staff pages, the admin, imports, merges and commands; administrators read it in the
admin by record and by person; nobody changes or deletes an entry."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from audit.tracking import acting
from contacts.models import Contact, Country, Organization, Role
from events.models import Attendance, Event
from notes.models import Disclaimer
from tests.helpers import event_form_data, make_contact, make_event, make_organization, make_user

pytestmark = pytest.mark.django_db

Action = LogEntry.Action
CHANGELIST = reverse("admin:auditlog_logentry_changelist")


def entries(obj, action=None):
    found = LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")
    return list(found if action is None else found.filter(action=action))


def last(obj, action=Action.UPDATE):
    return entries(obj, action)[-1]


def via(entry):
    return entry.additional_data["via"]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# -- staff pages ----------------------------------------------------------------------------


def test_an_event_edited_on_the_staff_page_records_who_and_the_old_and_new_title(client, expert):
    event = make_event("Workshop in Dakar")
    client.force_login(expert)
    data = event_form_data(event, title="Regional workshop in Dakar", city="Thiès")
    response = client.post(reverse("events-edit", args=[event.pk]), data)
    assert response.status_code == 302
    entry = last(event)
    assert entry.actor == expert
    assert entry.changes_dict["title"] == ["Workshop in Dakar", "Regional workshop in Dakar"]
    assert entry.changes_dict["city"] == ["Dakar", "Thiès"]
    # The version raised by every save is not a change anyone made.
    assert "version" not in entry.changes_dict
    assert via(entry) == f"POST {reverse('events-edit', args=[event.pk])}"
    assert entry.additional_data["actor"] == "expert"
    assert entry.remote_addr == "127.0.0.1"


def test_the_staff_page_records_links_and_attendees_that_change(client, expert):
    event = make_event("Workshop in Dakar")
    old, new = make_organization("Old organizer"), make_organization("New organizer")
    event.organizers.add(old)
    Attendance.objects.create(event=event, contact=make_contact("Awa Diop"), role="speaker")
    make_contact("Omar Sy")
    before = len(entries(event))
    client.force_login(expert)
    data = event_form_data(
        event,
        organizers="New organizer",
        attendees=[("Awa Diop", "chair"), ("Omar Sy", "")],
    )
    assert client.post(reverse("events-edit", args=[event.pk]), data).status_code == 302
    made = entries(event)[before:]
    changes = [entry.changes_dict for entry in made]
    assert {"organizers": {"type": "m2m", "operation": "add", "objects": [str(new)]}} in changes
    assert {"organizers": {"type": "m2m", "operation": "delete", "objects": [str(old)]}} in changes
    assert {"attendees": ["Awa Diop (speaker)", "Awa Diop (chair); Omar Sy"]} in changes
    assert len(made) == 3
    assert all(entry.actor == expert for entry in made)


def test_an_event_created_on_the_staff_page_records_its_values(client, expert):
    client.force_login(expert)
    response = client.post(reverse("events-create"), event_form_data(states="Mali; Niger"))
    assert response.status_code == 302
    event = Event.objects.get()
    created = last(event, Action.CREATE)
    assert created.actor == expert
    assert created.changes_dict["title"] == ["None", "Regional workshop on resolution 1540"]
    states = [e.changes_dict["states"]["objects"] for e in entries(event, Action.UPDATE)]
    assert states == [["Mali", "Niger"]]


def test_a_stale_edit_records_nothing(client, expert):
    event = make_event("Workshop in Dakar")
    client.force_login(expert)
    data = event_form_data(event, title="Renamed", version=event.version - 1 or 99)
    client.post(reverse("events-edit", args=[event.pk]), data)
    assert entries(event, Action.UPDATE) == []


# -- the admin ------------------------------------------------------------------------------


def test_an_admin_delete_of_a_contact_records_it_with_its_values(admin_client, admin_user):
    contact = make_contact("Ana Silva", email="ana@example.org")
    pk = contact.pk
    url = reverse("admin:contacts_contact_delete", args=[pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Contact.objects.filter(pk=pk).exists()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Contact),
        object_pk=str(pk),
        action=Action.DELETE,
    )
    assert entry.actor == admin_user
    assert entry.object_repr == "Ana Silva"
    assert entry.changes_dict["email"] == ["ana@example.org", "None"]


def test_an_admin_change_of_a_country_records_old_and_new_values(admin_client, admin_user):
    senegal = Country.objects.get(iso3="SEN")
    url = reverse("admin:contacts_country_change", args=[senegal.pk])
    data = {
        "iso2": "SN",
        "iso3": "SEN",
        "name": "Senegal",
        "regional_group": "ASIA_PACIFIC",
        "is_member": "on",
    }
    assert admin_client.post(url, data).status_code == 302
    entry = last(senegal)
    assert entry.actor == admin_user
    assert entry.changes_dict == {"regional_group": ["AFRICAN", "ASIA_PACIFIC"]}


def test_putting_a_disclaimer_in_force_records_both_versions(admin_client):
    old = Disclaimer.objects.in_force()
    new = Disclaimer.objects.create(text="New footnote", contact_line="Write to us")
    url = reverse("admin:notes_disclaimer_changelist")
    data = {"action": "put_in_force", "_selected_action": [new.pk]}
    assert admin_client.post(url, data).status_code == 302
    assert last(old).changes_dict == {"in_force": ["True", "False"]}
    assert last(new).changes_dict == {"in_force": ["False", "True"]}
    assert last(new, Action.CREATE).changes_dict["text"] == ["None", "New footnote"]


def test_a_merge_records_every_row_it_moves_and_the_duplicate_deleted(admin_client, admin_user):
    keep, other = make_organization("OSCE"), make_organization("O.S.C.E.")
    event = make_event()
    event.organizers.add(other)
    contact = make_contact("Ana Silva", organization=other)
    data = {
        "action": "merge_selected",
        "_selected_action": [keep.pk, other.pk],
        "keep": keep.pk,
        "apply": "1",
    }
    admin_client.post(reverse("admin:contacts_organization_changelist"), data)
    assert list(event.organizers.all()) == [keep]
    assert last(contact).changes_dict == {"organization": [str(other.pk), str(keep.pk)]}
    links = [entry.changes_dict["organizers"] for entry in entries(event, Action.UPDATE)]
    assert {"type": "m2m", "operation": "delete", "objects": ["O.S.C.E."]} in links
    assert {"type": "m2m", "operation": "add", "objects": ["OSCE"]} in links
    deleted = LogEntry.objects.get(object_repr="O.S.C.E.", action=Action.DELETE)
    assert deleted.actor == admin_user


def test_group_membership_is_recorded_from_either_side(expert):
    reviewers = Group.objects.get(name="Reviewers")
    with acting(expert):
        other = make_user("other")
        other.groups.add(reviewers)
        reviewers.user_set.remove(other)
    links = [entry.changes_dict["groups"] for entry in entries(other, Action.UPDATE)]
    assert links == [
        {"type": "m2m", "operation": "add", "objects": ["Reviewers"]},
        {"type": "m2m", "operation": "delete", "objects": ["Reviewers"]},
    ]
    assert all(entry.actor == expert for entry in entries(other))


def test_a_password_change_is_recorded_without_the_password(expert):
    expert.set_password("a new secret")
    expert.save()
    assert last(expert).changes_dict == {"password": ["***", "***"]}


def test_a_spreadsheet_import_in_the_admin_records_the_importer(admin_client, admin_user):
    page = admin_client.post(
        reverse("admin:contacts_organization_import"),
        {
            "import_file": SimpleUploadedFile(
                "rows.csv", b"name,acronym,kind,country,website\nCustoms Service,,government,FRA,\n"
            ),
            "format": "0",
            "resource": "0",
        },
    ).content.decode()
    # The preview writes nothing, to the audit trail neither.
    assert not LogEntry.objects.filter(object_repr="Customs Service").exists()
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields = ["import_file_name", "original_file_name", "format", "resource"]
    response = admin_client.post(
        reverse("admin:contacts_organization_process_import"),
        {f: hidden.get(f, "") for f in fields},
    )
    assert response.status_code == 302
    organization = Organization.objects.get(name="Customs Service")
    entry = last(organization, Action.CREATE)
    assert entry.actor == admin_user
    assert entry.changes_dict["country"] == ["None", str(Country.objects.get(iso3="FRA").pk)]


# -- commands -------------------------------------------------------------------------------


def test_a_change_through_a_management_command_is_recorded_as_the_system():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    event = Event.objects.order_by("pk").first()
    created = last(event, Action.CREATE)
    assert created.actor is None
    assert via(created) == "system"
    assert "actor" not in created.additional_data
    role = Role.objects.order_by("pk").first()
    assert entries(role, Action.CREATE)


def test_a_command_may_name_the_person_it_acts_for(reviewer):
    with acting(reviewer, via="manage.py import_notes"):
        organization = make_organization("Customs Service")
    entry = last(organization, Action.CREATE)
    assert (entry.actor, via(entry)) == (reviewer, "manage.py import_notes")


# -- nobody edits it ------------------------------------------------------------------------


def test_nobody_changes_or_deletes_an_entry_in_the_admin_not_even_a_superuser(admin_client):
    organization = make_organization("Customs Service")
    entry = last(organization, Action.CREATE)
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert "Customs Service" in page.text
    assert admin_client.post(change, {"object_repr": "Something else"}).status_code == 403
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    listing = admin_client.get(CHANGELIST)
    assert listing.status_code == 200
    assert "delete_selected" not in listing.text
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    admin_client.post(CHANGELIST, bulk)
    entry.refresh_from_db()
    assert entry.object_repr == "Customs Service"


def test_the_models_refuse_to_change_or_delete_an_entry():
    organization = make_organization("Customs Service")
    entry = last(organization, Action.CREATE)
    entry.object_repr = "Something else"
    with pytest.raises(PermissionDenied), transaction.atomic():
        entry.save()
    with pytest.raises(PermissionDenied), transaction.atomic():
        entry.delete()
    with pytest.raises(PermissionDenied), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.get(pk=entry.pk).object_repr == "Customs Service"


# -- browsing -------------------------------------------------------------------------------


def listed(client, **query):
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    return {(entry.object_repr, entry.action) for entry in response.context["cl"].result_list}


def test_an_administrator_filters_the_trail_by_person_and_by_record(client, expert, reviewer):
    administrator = make_user("chief", "Administrators", is_staff=True)
    with acting(expert):
        first = make_organization("First organization")
    with acting(reviewer):
        second = make_organization("Second organization")
        first.acronym = "FO"
        first.save()
    client.force_login(administrator)
    assert listed(client, actor__id__exact=expert.pk) == {("First organization", Action.CREATE)}
    assert listed(client, actor__id__exact=reviewer.pk) == {
        ("Second organization", Action.CREATE),
        ("First organization (FO)", Action.UPDATE),
    }
    organizations = ContentType.objects.get_for_model(Organization)
    by_record = {"content_type__id__exact": organizations.pk, "object_pk": first.pk}
    assert listed(client, **by_record) == {
        ("First organization", Action.CREATE),
        ("First organization (FO)", Action.UPDATE),
    }
    page = client.get(CHANGELIST).text
    assert f"?content_type__id__exact={organizations.pk}&amp;object_pk={second.pk}" in page
    assert f"?actor__id__exact={reviewer.pk}" in page
    entry = last(first)
    detail = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).text
    assert "<td>acronym</td><td>—</td><td>FO</td>" in detail


def test_the_administrators_group_may_only_read_the_trail():
    codenames = set(
        Group.objects.get(name="Administrators")
        .permissions.filter(content_type__app_label="auditlog")
        .values_list("codename", flat=True)
    )
    assert codenames == {"view_logentry"}


def test_experts_and_reviewers_do_not_see_the_trail(client, expert, reviewer):
    for person in (expert, reviewer):
        client.force_login(person)
        assert client.get(CHANGELIST).status_code in (302, 403)


# -- erasure of a person --------------------------------------------------------------------


def test_erasing_a_contact_keeps_who_did_what_and_when_but_not_the_values(admin_user):
    personal_data = pytest.importorskip("contacts.personal_data")
    with acting(admin_user):
        contact = make_contact("Ana Silva", email="ana@example.org", remarks="Met in Dakar")
        event = make_event("Dakar workshop")
        Attendance.objects.create(event=event, contact=contact, role="speaker")
    exported = personal_data.personal_data(contact)["audit_trail"]
    assert exported["entries"][0]["changes"]["email"] == ["None", "ana@example.org"]
    personal_data.erase(contact, by=admin_user)
    created = entries(contact, Action.CREATE)[0]
    assert created.actor == admin_user
    assert set(created.changes_dict) >= {"name", "email", "remarks"}
    assert created.changes_dict["email"] == ["—", "—"]
    assert created.object_repr == contact.erased_name()
    attendance = Attendance.objects.get(contact=contact)
    assert (
        last(attendance, Action.CREATE).object_repr == f"{contact.erased_name()} – Dakar workshop"
    )
    texts = LogEntry.objects.values_list("object_repr", "changes")
    assert not [row for row in texts if "Ana Silva" in str(row) or "ana@example.org" in str(row)]


def test_data_loaded_raw_is_not_a_change_anyone_made(tmp_path):
    """loaddata, a test's restored database and import_data load rows: no entry."""
    organization = make_organization("Customs Service")
    user = make_user("someone", "Experts")
    fixture = tmp_path / "rows.json"
    call_command("dumpdata", "contacts.organization", "auth.user", output=str(fixture))
    Organization.objects.all().delete()
    user.delete()
    before = LogEntry.objects.count()
    call_command("loaddata", str(fixture), verbosity=0)
    assert Organization.objects.filter(pk=organization.pk).exists()
    assert LogEntry.objects.count() == before
