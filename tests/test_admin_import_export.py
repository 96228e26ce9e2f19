"""Organizations, contacts and events in and out of the admin as CSV and XLSX, with a preview
and row-level errors, and the reporting export of events with participants and notes."""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact, Country, Organization, Role
from contacts.resources import OrganizationResource
from events.models import Attendance, Event
from events.resources import EventResource
from notes.resources import EventReportResource
from tests.helpers import (
    make_contact,
    make_event,
    make_note,
    make_organization,
    make_published_note,
)

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def export(client, model, resource, index="0", file_format=CSV_FORMAT, query=""):
    fields = resource().get_export_order()
    data = {"format": file_format, "resource": index}
    data |= {f"{resource.__name__.lower()}_{field}": "on" for field in fields}
    response = client.post(url(model, "export") + query, data)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def preview(client, model, text, name="rows.csv"):
    upload = SimpleUploadedFile(name, text.encode())
    return client.post(
        url(model, "import"), {"import_file": upload, "format": CSV_FORMAT, "resource": "0"}
    )


def confirm(client, model, preview_page):
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', preview_page))
    fields = ["import_file_name", "original_file_name", "format", "resource"]
    response = client.post(url(model, "process_import"), {f: hidden.get(f, "") for f in fields})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_organizations_export_as_csv_with_the_country_by_iso3(admin_client):
    make_organization("Ministry of Foreign Affairs", acronym="MFA", country=senegal())
    [row] = rows(export(admin_client, Organization, OrganizationResource))
    assert row == {
        "name": "Ministry of Foreign Affairs",
        "acronym": "MFA",
        "kind": "other",
        "country": "SEN",
        "website": "",
    }


def test_the_export_follows_the_changelist_filters(admin_client):
    make_organization("An NGO", kind=Organization.Kind.NGO)
    make_organization("A ministry", kind=Organization.Kind.GOVERNMENT)
    response = export(admin_client, Organization, OrganizationResource, query="?kind__exact=ngo")
    assert [row["name"] for row in rows(response)] == ["An NGO"]


def test_an_organization_import_previews_new_and_changed_rows_before_writing(admin_client):
    make_organization("Ministry of Foreign Affairs", acronym="MFA")
    page = preview(
        admin_client,
        Organization,
        "name,acronym,kind,country,website\n"
        "Ministry of Foreign Affairs,MoFA,government,SEN,\n"
        "Customs Service,,government,FRA,\n",
    ).content.decode()
    assert "New" in page and "Update" in page
    assert Organization.objects.get(name="Ministry of Foreign Affairs").acronym == "MFA"
    assert not Organization.objects.filter(name="Customs Service").exists()
    confirm(admin_client, Organization, page)
    assert Organization.objects.get(name="Ministry of Foreign Affairs").acronym == "MoFA"
    assert Organization.objects.get(name="Customs Service").country.iso3 == "FRA"


def test_an_unknown_country_is_a_row_error_and_nothing_is_written(admin_client):
    page = preview(
        admin_client,
        Organization,
        "name,acronym,kind,country,website\nCustoms Service,,government,FRA,\nAtlantis Office,,other,ATL,\n",
    ).content.decode()
    assert "Some rows failed to validate" in page
    assert "No country with ISO alpha-3 “ATL”." in page
    assert 'name="import_file_name"' not in page
    assert not Organization.objects.exists()


def test_a_row_that_breaks_a_model_rule_is_reported_with_its_field(admin_client):
    page = preview(
        admin_client,
        Organization,
        "name,acronym,kind,country,website\nCustoms Service,,spaceship,FRA,\n",
    ).content.decode()
    assert "spaceship" in page
    assert "is not a valid choice" in page
    assert not Organization.objects.exists()


def test_contacts_import_with_organization_by_name_and_roles(admin_client):
    ministry = make_organization("Ministry of Foreign Affairs")
    Role.objects.create(name="National point of contact")
    page = preview(
        admin_client,
        Contact,
        "honorific,name,position,organization,country,email,phone,roles,remarks,is_active\n"
        "Ms.,Awa Diop,Director,Ministry of Foreign Affairs,SEN,awa@example.org,,"
        "National point of contact,,1\n",
    ).content.decode()
    confirm(admin_client, Contact, page)
    contact = Contact.objects.get()
    assert (contact.organization, contact.country.iso3) == (ministry, "SEN")
    assert list(contact.roles.values_list("name", flat=True)) == ["National point of contact"]


def test_events_import_with_organizers_and_states_by_natural_key(admin_client):
    make_organization("Government of Senegal")
    make_organization("African Union (AU)")
    page = preview(
        admin_client,
        Event,
        "slug,title,kind,format,status,start_date,end_date,city,country,organizers,states,"
        "states_count,organizations,is_public,description\n"
        "dakar-2024,Dakar workshop,workshop,in_person,held,2024-03-04,2024-03-06,Dakar,SEN,"
        "Government of Senegal,SEN;MLI;NER,,African Union (AU),0,\n",
    ).content.decode()
    confirm(admin_client, Event, page)
    event = Event.objects.get(slug="dakar-2024")
    assert [o.name for o in event.organizers.all()] == ["Government of Senegal"]
    assert sorted(event.states.values_list("iso3", flat=True)) == ["MLI", "NER", "SEN"]


def test_an_unknown_organizer_is_a_row_error_not_silently_dropped(admin_client):
    page = preview(
        admin_client,
        Event,
        "slug,title,kind,format,status,start_date,end_date,city,country,organizers,states,"
        "states_count,organizations,is_public,description\n"
        "dakar-2024,Dakar workshop,workshop,in_person,held,2024-03-04,2024-03-06,Dakar,SEN,"
        "Nobody Known,,,,0,\n",
    ).content.decode()
    assert "No organization with name “Nobody Known”." in page
    assert not Event.objects.exists()


def test_the_event_import_offers_only_the_importable_resource(admin_client):
    page = admin_client.get(url(Event, "import")).content.decode()
    assert "Report: events with participants" not in page


def test_the_event_report_exports_participants_attendees_and_note_status(
    admin_client, expert, reviewer
):
    event = report_event(expert, reviewer)
    response = export(admin_client, Event, EventReportResource, index="1")
    [row] = rows(response)
    assert row["Event"] == event.title
    assert row["Organizers"] == "Government of Senegal"
    assert row["Participating States"] == "Mali; Niger"
    assert row["Number of States"] == "2"
    assert row["Participating organizations"] == "African Union (AU)"
    assert row["Attendees (role)"] == "Ms. Awa Diop (speaker); Omar Sy"
    assert row["Notes (language: status)"] == "English: Published; French: Draft"
    assert "awa@example.org" not in response.content.decode()


def test_the_event_report_exports_as_xlsx(admin_client, expert, reviewer):
    report_event(expert, reviewer)
    response = export(admin_client, Event, EventReportResource, index="1", file_format=XLSX_FORMAT)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, first = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=2)]
    assert header[0] == "Event" and header[-1] == "Notes (language: status)"
    assert first[-1] == "English: Published; French: Draft"


@pytest.mark.parametrize("count", [1, 6])
def test_the_event_report_query_count_does_not_grow(
    expert, reviewer, count, django_assert_num_queries
):
    for _ in range(count):
        report_event(expert, reviewer)
    with django_assert_num_queries(7):
        EventReportResource().export(Event.objects.all())


def test_a_user_who_can_only_view_cannot_import(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client.force_login(viewer)
    assert client.get(url(Organization, "import")).status_code == 403
    assert client.get(url(Organization, "changelist")).status_code == 200


def test_the_import_and_export_pages_have_no_inline_script_blocks(admin_client):
    for view in ("import", "export"):
        page = admin_client.get(url(Organization, view)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), view


def senegal():
    return Country.objects.get(iso3="SEN")


def report_event(expert, reviewer):
    event = make_event(title="Dakar workshop")
    event.organizers.add(Organization.objects.get_or_create(name="Government of Senegal")[0])
    event.states.add(*Country.objects.filter(iso3__in=["MLI", "NER"]))
    event.organizations.add(
        Organization.objects.get_or_create(name="African Union", acronym="AU")[0]
    )
    Attendance.objects.create(
        event=event, contact=make_contact("Awa Diop", honorific="Ms."), role="speaker"
    )
    Attendance.objects.create(event=event, contact=make_contact("Omar Sy"))
    make_published_note(expert, reviewer, event=event)
    make_note(expert, event=event, language="fr")
    return event


@pytest.mark.parametrize("count", [1, 6])
def test_the_event_export_query_count_does_not_grow(
    expert, reviewer, count, django_assert_num_queries
):
    for _ in range(count):
        report_event(expert, reviewer)
    with django_assert_num_queries(5):
        EventResource().export(Event.objects.all())


def test_the_export_pages_select_all_box_is_bound_without_an_inline_handler(admin_client):
    page = admin_client.get(url(Organization, "export")).content.decode()
    assert 'class="select-toggle"' in page
    assert "js/admin-export.js" in page
