"""Staff pages for contacts: access, the directory and its filters, a contact's page with the
events they attended, and the forms, through the views."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from contacts.models import Contact, Country, Role
from events.models import Attendance
from tests.helpers import make_contact, make_event, make_organization, make_user

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def signed_in(client, expert):
    client.force_login(expert)
    return client


def contact_urls(contact):
    return [
        reverse("contacts-list"),
        reverse("contacts-create"),
        reverse("contacts-detail", args=[contact.pk]),
        reverse("contacts-edit", args=[contact.pk]),
    ]


def contact_data(**changes):
    data = {"honorific": "Ms.", "name": "Aminata Diallo", "position": "Director"}
    data |= {"organization": "", "country": "", "email": "a.diallo@example.org", "phone": ""}
    data |= {"remarks": "", "is_active": "on"}
    return data | changes


# -- access ---------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_from_every_contact_page(client):
    for url in contact_urls(make_contact()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(url)}"


def test_signed_in_user_without_the_contact_permission_is_refused_everywhere(client):
    contact = make_contact()
    client.force_login(make_user("visitor"))
    for url in contact_urls(contact):
        assert client.get(url).status_code == 403, url


def test_user_who_may_only_view_contacts_cannot_add_or_change_them(client):
    contact = make_contact()
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_contact"))
    client.force_login(viewer)
    assert client.get(reverse("contacts-detail", args=[contact.pk])).status_code == 200
    assert client.post(reverse("contacts-create"), contact_data()).status_code == 403
    assert client.post(reverse("contacts-edit", args=[contact.pk])).status_code == 403
    assert Contact.objects.count() == 1


def test_contact_form_refuses_a_post_without_its_csrf_token(expert):
    client = Client(enforce_csrf_checks=True)
    client.force_login(expert)
    assert client.post(reverse("contacts-create"), contact_data()).status_code == 403
    assert 'name="csrfmiddlewaretoken"' in client.get(reverse("contacts-create")).text


# -- the directory --------------------------------------------------------------------------


def listed(client, **query):
    response = client.get(reverse("contacts-list"), query)
    assert response.status_code == 200
    return {contact.name for contact in response.context["page"]}


def test_directory_searches_names_positions_and_emails(signed_in):
    make_contact("Aminata Diallo", position="Director of Customs")
    make_contact("Kofi Mensah", email="kofi@example.gh")
    assert listed(signed_in, q="diallo") == {"Aminata Diallo"}
    assert listed(signed_in, q="customs") == {"Aminata Diallo"}
    assert listed(signed_in, q="example.gh") == {"Kofi Mensah"}


def test_directory_filters_by_country_organization_and_role(signed_in):
    point_of_contact = Role.objects.create(name="National point of contact")
    ghana = Country.objects.get(iso3="GHA")
    unodc = make_organization("United Nations Office on Drugs and Crime", acronym="UNODC")
    make_contact("Aminata Diallo", organization=unodc)
    make_contact("Kofi Mensah", country=ghana).roles.add(point_of_contact)
    assert listed(signed_in, country=ghana.pk) == {"Kofi Mensah"}
    assert listed(signed_in, role=point_of_contact.pk) == {"Kofi Mensah"}
    assert listed(signed_in, organization="UNODC") == {"Aminata Diallo"}
    assert listed(signed_in, organization=str(unodc)) == {"Aminata Diallo"}
    assert listed(signed_in, organization="drugs") == {"Aminata Diallo"}


def test_directory_uses_the_same_number_of_queries_for_one_contact_and_fifty(
    signed_in, django_assert_num_queries
):
    role = Role.objects.create(name="Speaker")
    make_contact(organization=make_organization()).roles.add(role)
    with django_assert_num_queries(9) as one:
        signed_in.get(reverse("contacts-list"))
    for _ in range(49):
        make_contact(organization=make_organization()).roles.add(role)
    with django_assert_num_queries(len(one.captured_queries)):
        signed_in.get(reverse("contacts-list"))


# -- a contact's page -----------------------------------------------------------------------


def test_contact_page_shows_the_person_and_the_events_they_attended_with_their_role(signed_in):
    contact = make_contact("Aminata Diallo", phone="+221 33 000 00 00")
    event = make_event("Workshop in Dakar")
    Attendance.objects.create(event=event, contact=contact, role="chair")
    page = signed_in.get(reverse("contacts-detail", args=[contact.pk])).text
    for text in ("Aminata Diallo", "+221 33 000 00 00", "Workshop in Dakar", "chair"):
        assert text in page
    assert reverse("events-staff-detail", args=[event.pk]) in page


def test_contact_page_uses_the_same_number_of_queries_for_one_event_and_fifty(
    signed_in, django_assert_num_queries
):
    contact = make_contact(organization=make_organization())
    Attendance.objects.create(event=make_event(), contact=contact)
    url = reverse("contacts-detail", args=[contact.pk])
    with django_assert_num_queries(7) as one:
        signed_in.get(url)
    for _ in range(49):
        Attendance.objects.create(event=make_event(), contact=contact, role="speaker")
    with django_assert_num_queries(len(one.captured_queries)):
        signed_in.get(url)


# -- the forms ------------------------------------------------------------------------------


def test_expert_adds_a_contact_with_the_organization_typed_by_its_acronym(signed_in):
    unodc = make_organization("United Nations Office on Drugs and Crime", acronym="UNODC")
    role = Role.objects.create(name="National point of contact")
    data = contact_data(organization="unodc", country=Country.objects.get(iso3="SEN").pk)
    response = signed_in.post(reverse("contacts-create"), data | {"roles": [role.pk]}, follow=True)
    contact = Contact.objects.get()
    assert response.redirect_chain[-1][0] == reverse("contacts-detail", args=[contact.pk])
    assert messages_of(response) == ["The contact is added."]
    assert (contact.organization, contact.country.iso3) == (unodc, "SEN")
    assert list(contact.roles.all()) == [role]


def test_an_unknown_organization_is_an_error_that_names_it(signed_in):
    response = signed_in.post(reverse("contacts-create"), contact_data(organization="Atlantis Inc"))
    assert response.context["form"].errors["organization"] == [
        "No organization is called “Atlantis Inc”: an administrator can add it."
    ]
    assert messages_of(response) == ["Not saved: correct the fields marked below."]
    assert not Contact.objects.exists()


def test_expert_edits_a_contact_whose_form_shows_the_organization_by_name(signed_in):
    unodc = make_organization("United Nations Office on Drugs and Crime", acronym="UNODC")
    contact = make_contact("Aminata Diallo", organization=unodc)
    url = reverse("contacts-edit", args=[contact.pk])
    form = signed_in.get(url).context["form"]
    assert form["organization"].value() == str(unodc)
    response = signed_in.post(url, contact_data(organization=str(unodc), position="Minister"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.position, contact.organization) == ("Minister", unodc)


def test_edit_form_uses_the_same_number_of_queries_whatever_the_number_of_contacts(
    signed_in, django_assert_num_queries
):
    contact = make_contact(organization=make_organization())
    with django_assert_num_queries(8) as one:
        signed_in.get(reverse("contacts-edit", args=[contact.pk]))
    for _ in range(50):
        make_contact(organization=make_organization())
        Role.objects.create(name=f"Role {Role.objects.count()}")
    with django_assert_num_queries(len(one.captured_queries)):
        signed_in.get(reverse("contacts-edit", args=[contact.pk]))
