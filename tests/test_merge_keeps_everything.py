"""A merge of duplicates shows the records side by side and keeps what it does not choose: the
values of the record kept come from the records merged, field by field, and every value not
kept is written down (a contact's remarks, else the history of the record kept)."""

import re

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse

from contacts.models import Contact, Country, Organization
from outreach.merge import merge
from tests.helpers import make_contact, make_organization

pytestmark = pytest.mark.django_db

ORGANIZATIONS = reverse("admin:contacts_organization_changelist")
CONTACTS = reverse("admin:contacts_contact_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def post(client, url, objects, **extra):
    ids = [getattr(obj, "pk", obj) for obj in objects]
    return client.post(url, {"action": "merge_selected", "_selected_action": ids, **extra})


def reported(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def twins():
    """Two records of one person, each with something the other lacks."""
    ana = make_contact(
        "Ana Silva",
        email="ana.silva@example.org",
        phone="",
        position="Director",
        remarks="Met at the Lisbon workshop.",
    )
    other = make_contact(
        "A. Silva",
        email="asilva@ministry.example",
        phone="+351 21 000 0000",
        position="",
        remarks="Prefers French.",
        country=Country.objects.get(iso3="PRT"),
    )
    return ana, other


def test_the_confirmation_page_shows_every_field_of_each_record_side_by_side(admin_client, twins):
    ana, other = twins
    page = post(admin_client, CONTACTS, [ana, other]).content.decode()
    start = page.index('<table id="merge-comparison"')
    table = page[start : page.index("</table>", start)]
    for value in [
        "ana.silva@example.org",
        "asilva@ministry.example",
        "+351 21 000 0000",
        "Director",
        "Portugal",
        "Met at the Lisbon workshop.",
        "Prefers French.",
    ]:
        assert value in table
    # A field where the records differ offers each value; the first filled one (in the order
    # of the list, by name) is checked.
    assert re.search(
        rf'<input type="radio" name="field_email" value="{other.pk}" id="field_email-{other.pk}" checked>',
        table,
    )
    assert f'name="field_email" value="{ana.pk}" id="field_email-{ana.pk}">' in table
    assert re.search(rf'name="field_position" value="{ana.pk}"[^>]* checked>', table)
    # A field where they agree offers no choice.
    assert 'name="field_is_active"' not in table


def test_a_merge_without_choices_fills_the_empty_fields_and_keeps_the_rest_in_the_remarks(
    admin_client, twins
):
    ana, other = twins
    response = post(admin_client, CONTACTS, [ana, other], keep=ana.pk, apply="1")
    [(level, _message)] = reported(response)
    assert level == "success"
    ana.refresh_from_db()
    assert (ana.name, ana.email, ana.position) == ("Ana Silva", "ana.silva@example.org", "Director")
    # Empty on the record kept, filled on the other: taken.
    assert (ana.phone, ana.country.iso3) == ("+351 21 000 0000", "PRT")
    # Different on both: the other's value is written into the remarks, with its own remarks.
    assert ana.remarks.startswith("Met at the Lisbon workshop.")
    assert "asilva@ministry.example" in ana.remarks
    assert "A. Silva" in ana.remarks
    assert "Prefers French." in ana.remarks
    assert list(Contact.objects.all()) == [ana]


def test_the_values_chosen_on_the_page_are_the_ones_kept_and_the_others_are_written_down(
    admin_client, twins
):
    ana, other = twins
    post(
        admin_client,
        CONTACTS,
        [ana, other],
        keep=ana.pk,
        apply="1",
        field_email=other.pk,
        field_phone=ana.pk,
    )
    ana.refresh_from_db()
    assert ana.email == "asilva@ministry.example"
    assert ana.phone == ""
    assert "ana.silva@example.org" in ana.remarks
    assert "+351 21 000 0000" in ana.remarks


def test_the_page_as_shown_merges_into_what_it_showed_checked(admin_client, twins):
    ana, other = twins
    page = post(admin_client, CONTACTS, [ana, other]).content.decode()
    checked = dict(re.findall(r'name="(field_\w+)" value="(\d+)" id="[^"]+" checked>', page))
    # A. Silva is listed first: its values where it has one, Ana Silva's where it has none.
    post(admin_client, CONTACTS, [ana, other], keep=ana.pk, apply="1", **checked)
    kept = Contact.objects.get()
    assert kept.pk == ana.pk
    assert (kept.name, kept.email, kept.phone, kept.position) == (
        "A. Silva",
        "asilva@ministry.example",
        "+351 21 000 0000",
        "Director",
    )
    assert "Ana Silva" in kept.remarks and "ana.silva@example.org" in kept.remarks


def test_nothing_typed_in_either_contact_vanishes(admin_user, twins):
    ana, other = twins
    typed = {
        value
        for contact in twins
        for value in (contact.name, contact.email, contact.phone, contact.position, contact.remarks)
        if value
    }
    merge(other, [ana], by=admin_user)
    kept = Contact.objects.get()
    held = " ".join(
        str(getattr(kept, field)) for field in ("name", "email", "phone", "position", "remarks")
    )
    assert {value for value in typed if value not in held} == set()


def test_organizations_keep_what_the_merge_does_not_in_the_history(admin_client):
    keep = make_organization("OSCE", kind=Organization.Kind.INTERNATIONAL)
    other = make_organization(
        "O.S.C.E.", kind=Organization.Kind.REGIONAL, website="https://osce.example"
    )
    response = post(admin_client, ORGANIZATIONS, [keep, other], keep=keep.pk, apply="1")
    keep.refresh_from_db()
    assert keep.website == "https://osce.example"
    assert keep.kind == Organization.Kind.INTERNATIONAL
    entry = LogEntry.objects.get(object_id=str(keep.pk), content_type__model="organization")
    assert "Merged O.S.C.E. into this record." in entry.change_message
    assert "Regional organization" in entry.change_message
    [(level, message)] = reported(response)
    assert level == "success" and "Regional organization" in message


def test_an_organization_name_can_come_from_the_duplicate(admin_client):
    keep, other = make_organization("OSCE"), make_organization("Organization for Security")
    post(admin_client, ORGANIZATIONS, [keep, other], keep=keep.pk, apply="1", field_name=other.pk)
    assert list(Organization.objects.values_list("pk", "name")) == [
        (keep.pk, "Organization for Security")
    ]
    entry = LogEntry.objects.get(object_id=str(keep.pk), content_type__model="organization")
    assert "“OSCE”" in entry.change_message


def test_the_history_of_a_duplicate_becomes_that_of_the_record_kept(admin_user, twins):
    ana, other = twins
    LogEntry.objects.log_actions(admin_user.pk, [other], ADDITION, "Added.")
    merge(ana, [other], by=admin_user)
    contact_type = ContentType.objects.get_for_model(Contact)
    entries = LogEntry.objects.filter(content_type=contact_type, object_id=str(ana.pk))
    assert sorted(entries.values_list("action_flag", flat=True)) == [ADDITION, CHANGE]


@pytest.mark.parametrize(
    "data",
    [
        {"keep": "abc", "apply": "1"},
        {"keep": "1 OR 1=1", "apply": "1"},
        {"keep": "KEEP", "apply": "1", "field_email": "xyz"},
        {"keep": "KEEP", "apply": "1", "field_email": "99999999"},
    ],
    ids=["keep", "keep-sql", "field", "field-outsider"],
)
def test_a_choice_that_is_no_selected_record_changes_nothing(admin_client, twins, data):
    ana, other = twins
    data = {key: str(ana.pk) if value == "KEEP" else value for key, value in data.items()}
    response = post(admin_client, CONTACTS, [ana, other], **data)
    assert response.status_code == 302
    [(level, message)] = reported(response)
    assert level == "error" and "Nothing was changed." in message
    assert Contact.objects.count() == 2
    assert not LogEntry.objects.exists()


def test_a_selection_that_is_no_id_changes_nothing(admin_client, twins):
    ana, _other = twins
    response = post(admin_client, CONTACTS, [ana, "abc"], keep=ana.pk, apply="1")
    assert response.status_code == 302
    [(level, message)] = reported(response)
    assert level == "error" and "Nothing was changed." in message
    assert Contact.objects.count() == 2
