"""Organizations, contacts and events in and out of the admin as CSV and XLSX, with a preview
and row-level errors, and the reporting export of events with participants and notes."""

import csv
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from contacts.admin import BulkAdmin
from contacts.models import Contact, Country, Organization, Role
from contacts.resources import (
    ContactReportResource,
    ContactResource,
    OrganizationReportResource,
    OrganizationResource,
)
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


def resources_offered(model, view):
    """The resource classes the admin of `model` offers a superuser on its "import" or
    "export" page."""
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_active=True)
    return getattr(admin.site._registry[model], f"get_{view}_resource_classes")(request)


def export(client, model, resource, file_format=CSV_FORMAT, query="", fields=None):
    """Post the export form for `resource` with the boxes of `fields` (all columns) ticked."""
    index = resources_offered(model, "export").index(resource)
    fields = resource().get_export_order() if fields is None else fields
    data = {"format": file_format, "resource": str(index)}
    data |= {f"{resource.__name__.lower()}_{field}": "on" for field in fields}
    response = client.post(url(model, "export") + query, data)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def preview(client, model, text, name="rows.csv", file_format=CSV_FORMAT):
    content = text if isinstance(text, bytes) else text.encode()
    upload = SimpleUploadedFile(name, content)
    return client.post(
        url(model, "import"), {"import_file": upload, "format": file_format, "resource": "0"}
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
    response = export(admin_client, Event, EventReportResource)
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
    response = export(admin_client, Event, EventReportResource, file_format=XLSX_FORMAT)
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


# Awkward data: accents, commas, quotes, and Arabic, Chinese and Cyrillic scripts.
ARABIC_MINISTRY = "وزارة الخارجية، إدارة «التعاون»"
CHINESE_MINISTRY = "中华人民共和国外交部"
CYRILLIC_MINISTRY = 'Министерство иностранных дел, отдел "Б"'
FRENCH_MINISTRY = "Ministère des Affaires étrangères, de l'Intégration africaine"
EVENT_TITLE = 'Atelier « Dakar », l\'été 2025: "1540" — ورشة عمل / 研讨会 / семинар'
CONTACT_NAME = "Zoë “Zo” O'Brien-Ngũgĩ, Jr."


def awkward_records():
    """One event, organization and contact of every kind of awkward text, all linked."""
    ivory_coast, turkiye = Country.objects.get(iso3="CIV"), Country.objects.get(iso3="TUR")
    arabic = make_organization(
        ARABIC_MINISTRY, acronym="و.خ", kind=Organization.Kind.GOVERNMENT, country=ivory_coast
    )
    chinese = make_organization(CHINESE_MINISTRY, kind=Organization.Kind.UN_BODY)
    cyrillic = make_organization(CYRILLIC_MINISTRY, acronym="МИД", country=turkiye)
    french = make_organization(FRENCH_MINISTRY, kind=Organization.Kind.NGO)
    contact = make_contact(
        CONTACT_NAME,
        honorific="Dr.",
        position='Directrice "adjointe", Asie',
        organization=arabic,
        country=ivory_coast,
        remarks="Прим., 备注",
    )
    contact.roles.add(
        Role.objects.create(name="Point de contact national, 1540"),
        Role.objects.create(name="联络人"),
    )
    event = make_event(
        title=EVENT_TITLE,
        kind=Event.Kind.COUNTRY_VISIT,
        format=Event.Format.HYBRID,
        city="Yamoussoukro, « capitale »",
        country=ivory_coast,
        description='Ligne 1, "citée"\nСтрока 2',
    )
    event.organizers.add(french, cyrillic)
    event.states.add(ivory_coast, turkiye)
    event.organizations.add(chinese)
    Attendance.objects.create(event=event, contact=contact, role="intervenante, « clé »")
    return event, contact


def bulk_admin_models():
    return [
        model for model, admin_ in admin.site._registry.items() if isinstance(admin_, BulkAdmin)
    ]


def test_every_bulk_admin_is_covered_by_the_column_tests():
    assert {Event, Contact, Organization} <= set(bulk_admin_models())


@pytest.mark.parametrize(
    ("model", "export_resources", "import_resources"),
    [
        (Event, [EventReportResource, EventResource], [EventResource]),
        (Contact, [ContactReportResource, ContactResource], [ContactResource]),
        (Organization, [OrganizationReportResource, OrganizationResource], [OrganizationResource]),
    ],
    ids=["events", "contacts", "organizations"],
)
def test_the_readable_report_is_the_default_export_and_imports_stay_importable(
    admin_client, model, export_resources, import_resources
):
    assert resources_offered(model, "export") == export_resources
    assert resources_offered(model, "import") == import_resources
    page = admin_client.get(url(model, "export")).content.decode()
    first_choice = re.search(
        r'<select name="resource"[^>]*>\s*<option value="0"[^>]*>([^<]*)<', page
    )
    assert first_choice[1] == str(export_resources[0].get_display_name())
    import_page = admin_client.get(url(model, "import")).content.decode()
    assert str(export_resources[0].get_display_name()) not in import_page


def ticked_by_default(page, index):
    """The names of the column boxes the export page ticks for the resource at `index`."""
    boxes = re.findall(r"<input [^>]*>", page)
    return [
        re.search(r'name="([^"]+)"', box)[1]
        for box in boxes
        if 'type="checkbox"' in box and f'resource-id="{index}"' in box and " checked" in box
    ]


@pytest.mark.parametrize("model", bulk_admin_models(), ids=lambda model: model._meta.model_name)
def test_every_ticked_column_of_every_export_is_in_the_file(admin_client, model):
    awkward_records()
    for index, resource in enumerate(resources_offered(model, "export")):
        page = admin_client.get(url(model, "export")).content.decode()
        ticked = ticked_by_default(page, index)
        assert len(ticked) == len(resource().get_export_order()), resource.__name__
        data = {"format": CSV_FORMAT, "resource": str(index)} | dict.fromkeys(ticked, "on")
        response = admin_client.post(url(model, "export"), data)
        assert response["Content-Type"].startswith("text/csv"), resource.__name__
        header, *body = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert header == resource().get_export_headers(), resource.__name__
        assert body, resource.__name__


def test_the_format_column_alone_is_exported_as_csv_not_taken_for_the_file_format(admin_client):
    make_event(format=Event.Format.VIRTUAL)
    response = export(admin_client, Event, EventResource, fields=["title", "format"])
    assert response["Content-Type"].startswith("text/csv")
    assert [list(row) for row in rows(response)] == [["title", "format"]]
    assert rows(response)[0]["format"] == "virtual"
    report = export(admin_client, Event, EventReportResource, fields=["format"])
    assert rows(report) == [{"Format": "Virtual"}]


def test_an_export_with_no_column_ticked_is_refused(admin_client):
    data = {"format": CSV_FORMAT, "resource": "0"}
    page = admin_client.post(url(Event, "export"), data).content.decode()
    assert "Select at least 1 field for" in page


def test_the_event_report_reads_names_and_labels_not_codes(admin_client):
    awkward_records()
    [row] = rows(export(admin_client, Event, EventReportResource))
    assert row["Event"] == EVENT_TITLE
    assert (row["Kind"], row["Format"], row["Status"]) == ("Country visit", "Hybrid", "Held")
    assert row["Venue country"] == "Côte d'Ivoire"
    assert row["Organizers"] == f"{FRENCH_MINISTRY}; {CYRILLIC_MINISTRY}"
    assert row["Participating States"] == "Côte d'Ivoire; Türkiye"
    assert row["Participating organizations"] == CHINESE_MINISTRY
    assert row["Attendees (role)"] == f"Dr. {CONTACT_NAME} (intervenante, « clé »)"


def test_the_contact_and_organization_reports_read_names_and_labels(admin_client):
    awkward_records()
    [contact] = rows(export(admin_client, Contact, ContactReportResource))
    assert contact["Name"] == CONTACT_NAME
    assert contact["Organization"] == ARABIC_MINISTRY
    assert contact["Country"] == "Côte d'Ivoire"
    assert contact["Roles"] == "Point de contact national, 1540; 联络人"
    assert contact["Active"] == "Yes"
    organizations = {
        row["Name"]: row
        for row in rows(export(admin_client, Organization, OrganizationReportResource))
    }
    assert organizations[ARABIC_MINISTRY]["Kind"] == "Government agency"
    assert organizations[ARABIC_MINISTRY]["Country"] == "Côte d'Ivoire"
    assert organizations[CYRILLIC_MINISTRY]["Country"] == "Türkiye"
    assert organizations[CHINESE_MINISTRY]["Country"] == ""


@pytest.mark.parametrize("count", [1, 5])
def test_the_contact_report_query_count_does_not_grow(count, django_assert_num_queries):
    organization = make_organization(ARABIC_MINISTRY, country=Country.objects.get(iso3="CIV"))
    roles = [Role.objects.create(name="联络人"), Role.objects.create(name="Эксперт")]
    for _ in range(count):
        contact = make_contact(organization=organization, country=organization.country)
        contact.roles.add(*roles)
    # The contacts with their organization and country, their roles, and the paginator's count.
    with django_assert_num_queries(3):
        ContactReportResource().export(Contact.objects.all())


def test_the_importable_export_of_awkward_events_imports_back_unchanged(admin_client):
    event, _contact = awkward_records()
    organizers = set(event.organizers.all())
    exported = export(admin_client, Event, EventResource).content.decode("utf-8-sig")
    Event.objects.all().delete()
    confirm(admin_client, Event, preview(admin_client, Event, exported).content.decode())
    again = Event.objects.get(slug=event.slug)
    assert (again.title, again.city, again.description) == (
        event.title,
        event.city,
        event.description,
    )
    assert set(again.organizers.all()) == organizers


class VisibleText(HTMLParser):
    """The text of a page as a reader sees it: no attribute values, no scripts, nothing hidden,
    nor what shows only while the pointer is over it (the library's error box)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
    HIDDEN_CLASSES = {"validation-error-container", "hidden"}

    def __init__(self, page):
        super().__init__()
        self.open, self.parts = [], []
        self.feed(page)
        self.text = " ".join(" ".join(self.parts).split())

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        hidden = (
            tag in ("script", "style", "template", "head")
            or "hidden" in attrs
            or bool(self.HIDDEN_CLASSES & set((attrs.get("class") or "").split()))
        )
        self.open.append((tag, hidden))

    def handle_endtag(self, tag):
        if any(name == tag for name, _ in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not any(hidden for _, hidden in self.open):
            self.parts.append(data)


EVENT_HEADER = (
    "slug,title,kind,format,status,start_date,end_date,city,country,organizers,states,"
    "states_count,organizations,is_public,description\n"
)


def test_each_import_error_is_written_in_the_page_with_its_row_and_column(admin_client):
    make_organization(CYRILLIC_MINISTRY)
    text = EVENT_HEADER + "\n".join(
        [
            f'good,"{EVENT_TITLE.replace(chr(34), chr(34) * 2)}",workshop,hybrid,held,'
            f'2025-03-04,2025-03-06,Dakar,SEN,"{CYRILLIC_MINISTRY.replace(chr(34), chr(34) * 2)}",'
            ",,,0,",
            "backwards,Семинар « назад »,workshop,in_person,held,2025-03-06,2025-03-04,"
            "Dakar,SEN,,,,,0,",
            "atlantis,亚特兰蒂斯 workshop,workshop,in_person,held,2025-03-04,2025-03-04,"
            "Poseidonis,ATL,,,,,0,",
            'nobody,"Atelier, sans organisateur",workshop,virtual,held,2025-03-04,2025-03-04,'
            ",,منظمة مجهولة,,,,0,",
        ]
    )
    page = preview(admin_client, Event, text).content.decode()
    visible = VisibleText(page).text
    assert "Row 3, column “end_date”: The end date cannot be before the start date." in visible
    assert "Row 4, column “country”: No country with ISO alpha-3 “ATL”." in visible
    assert "Row 5, column “organizers”: No organization with name “منظمة مجهولة”." in visible
    assert "Row 2," not in visible
    assert "Семинар « назад »" in visible
    assert not Event.objects.exists()


def test_a_contact_row_error_names_its_row_and_column(admin_client):
    text = (
        "honorific,name,position,organization,country,email,phone,roles,remarks,is_active\n"
        f'Dr.,"{CONTACT_NAME}",,Ministère inconnu,CIV,zoe@example.org,,,,1\n'
        "Г-н,Алексей Петров,,,RUS,not an e-mail,,Роль,,1\n"
    )
    visible = VisibleText(preview(admin_client, Contact, text).content.decode()).text
    assert "Row 2, column “organization”: No organization with name “Ministère inconnu”." in visible
    assert "Row 3, column “email”: Enter a valid email address." in visible
    assert "Row 3, column “roles”: No role with name “Роль”." in visible
    assert not Contact.objects.exists()


TEMPLATE_ROWS = {
    Organization: {
        "name": FRENCH_MINISTRY,
        "acronym": "MAEIA",
        "kind": "government",
        "country": "SEN",
        "website": "https://example.org/fr",
    },
    Contact: {
        "honorific": "Dr.",
        "name": CONTACT_NAME,
        "position": 'Directrice "adjointe", Asie',
        "organization": CHINESE_MINISTRY,
        "country": "CIV",
        "email": "zoe@example.org",
        "phone": "+225 27 00 00 00",
        "roles": "联络人; Point de contact national, 1540",
        "remarks": "Прим.",
        "is_active": "1",
    },
    Event: {
        "slug": "atelier-dakar-2025",
        "title": EVENT_TITLE,
        "kind": "workshop",
        "format": "hybrid",
        "status": "held",
        "start_date": "2025-03-04",
        "end_date": "2025-03-06",
        "city": "Yamoussoukro, « capitale »",
        "country": "CIV",
        "organizers": f"{CYRILLIC_MINISTRY}; {ARABIC_MINISTRY}",
        "states": "CIV;TUR",
        "states_count": "",
        "organizations": CHINESE_MINISTRY,
        "is_public": "0",
        "description": 'Ligne 1, "citée"',
    },
}


def template_records():
    for name in (ARABIC_MINISTRY, CHINESE_MINISTRY, CYRILLIC_MINISTRY):
        make_organization(name)
    Role.objects.create(name="Point de contact national, 1540")
    Role.objects.create(name="联络人")


@pytest.mark.parametrize("model", [Event, Contact, Organization], ids=lambda m: m._meta.model_name)
def test_each_import_page_links_a_csv_template_that_imports_back_once_filled(admin_client, model):
    template_records()
    page = admin_client.get(url(model, "import")).content.decode()
    csv_url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_import_template", args=["csv"]
    )
    assert f'<a href="{csv_url}" download>Download a template (CSV)</a>' in page
    assert "Download a template (XLSX)" in page
    response = admin_client.get(csv_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{model._meta.model_name}-template.csv"' in response["Content-Disposition"]
    [header] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    [resource] = resources_offered(model, "import")
    assert header == [field.column_name for field in resource().get_import_fields()]
    assert header == list(TEMPLATE_ROWS[model])

    filled = io.StringIO()
    csv.writer(filled).writerows([header, [TEMPLATE_ROWS[model][column] for column in header]])
    confirm(admin_client, model, preview(admin_client, model, filled.getvalue()).content.decode())
    created = (
        model.objects.get(name=TEMPLATE_ROWS[model]["name"])
        if model is not Event
        else (model.objects.get(slug="atelier-dakar-2025"))
    )
    assert created.country.iso3 == TEMPLATE_ROWS[model]["country"]


def test_the_xlsx_template_imports_back_once_filled(admin_client):
    template_records()
    response = admin_client.get(reverse("admin:events_event_import_template", args=["xlsx"]))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header == list(TEMPLATE_ROWS[Event])
    assert sheet.max_row == 1
    sheet.append([TEMPLATE_ROWS[Event][column] for column in header])
    filled = io.BytesIO()
    book.save(filled)
    page = preview(admin_client, Event, filled.getvalue(), "rows.xlsx", XLSX_FORMAT)
    confirm(admin_client, Event, page.content.decode())
    event = Event.objects.get(slug="atelier-dakar-2025")
    assert event.title == EVENT_TITLE
    assert sorted(event.states.values_list("iso3", flat=True)) == ["CIV", "TUR"]


def test_a_template_in_an_unknown_format_is_not_found(admin_client):
    assert admin_client.get(url(Event, "import") + "template.json").status_code == 404


@pytest.mark.parametrize("codenames", [["view_event"], ["view_event", "change_event"]])
def test_a_user_who_cannot_import_gets_no_template(client, django_user_model, codenames):
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    for extension in ("csv", "xlsx"):
        response = client.get(reverse("admin:events_event_import_template", args=[extension]))
        assert response.status_code == 403
    assert client.get(url(Event, "import")).status_code == 403
