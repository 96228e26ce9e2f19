"""Staff pages for events: access, the filtered list, an event's page, its forms and their
validation, and the type-ahead endpoint, through the views."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from contacts.models import Country, Organization
from events.models import Attendance, Event
from tests.helpers import (
    event_form_data,
    make_contact,
    make_event,
    make_note,
    make_organization,
    make_user,
)

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def country(iso3):
    return Country.objects.get(iso3=iso3)


@pytest.fixture
def signed_in(client, expert):
    client.force_login(expert)
    return client


def event_urls(event):
    return [
        reverse("events-staff-list"),
        reverse("events-create"),
        reverse("events-staff-detail", args=[event.pk]),
        reverse("events-edit", args=[event.pk]),
        reverse("events-lookup", args=["countries"]) + "?q=se",
    ]


# -- access ---------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_from_every_event_page(client):
    for url in event_urls(make_event()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(url, safe='/')}"


def test_signed_in_user_without_the_event_permission_is_refused_everywhere(client):
    event = make_event()
    client.force_login(make_user("visitor"))
    for url in event_urls(event):
        assert client.get(url).status_code == 403, url


def test_user_who_may_only_view_events_cannot_create_or_edit_them(client):
    event = make_event()
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    assert client.get(reverse("events-staff-detail", args=[event.pk])).status_code == 200
    assert client.get(reverse("events-create")).status_code == 403
    assert client.post(reverse("events-edit", args=[event.pk])).status_code == 403


def test_event_form_refuses_a_post_without_its_csrf_token(expert):
    client = Client(enforce_csrf_checks=True)
    client.force_login(expert)
    assert client.post(reverse("events-create"), event_form_data()).status_code == 403
    assert 'name="csrfmiddlewaretoken"' in client.get(reverse("events-create")).text


# -- the list -------------------------------------------------------------------------------


def listed(client, **query):
    response = client.get(reverse("events-staff-list"), query)
    assert response.status_code == 200
    return {event.title for event in response.context["page"]}


def test_list_shows_every_event_newest_first_with_its_notes_count(signed_in, expert):
    older = make_event("Older workshop", start=datetime.date(2020, 1, 1))
    newer = make_event("Newer workshop", start=datetime.date(2024, 1, 1))
    make_note(expert, event=older)
    response = signed_in.get(reverse("events-staff-list"))
    assert [event.title for event in response.context["page"]] == [newer.title, older.title]
    assert [event.note_count for event in response.context["page"]] == [0, 1]


def test_list_filters_by_status_kind_and_year(signed_in):
    make_event("Planned seminar", status=Event.Status.PLANNED, kind=Event.Kind.SEMINAR)
    make_event("Old workshop", start=datetime.date(2019, 6, 1))
    assert listed(signed_in, status="planned") == {"Planned seminar"}
    assert listed(signed_in, kind="seminar") == {"Planned seminar"}
    assert listed(signed_in, year="2019") == {"Old workshop"}


def test_list_filters_by_venue_country_and_its_regional_group(signed_in):
    make_event("In Dakar")
    make_event("In Vienna", city="Vienna", country=country("AUT"))
    assert listed(signed_in, country="AUT") == {"In Vienna"}
    assert listed(signed_in, region="AFRICAN") == {"In Dakar"}


def test_list_search_matches_title_city_and_description(signed_in):
    make_event("Export controls", description="Customs officers")
    make_event("Border security", city="Almaty", country=country("KAZ"))
    assert listed(signed_in, q="export") == {"Export controls"}
    assert listed(signed_in, q="customs") == {"Export controls"}
    assert listed(signed_in, q="almaty") == {"Border security"}


def test_list_uses_the_same_number_of_queries_for_one_event_and_fifty(
    signed_in, expert, django_assert_num_queries
):
    # Session, user, permissions, count, rows; the choices of year, country (venue and State
    # share one list), organizer.
    make_note(expert, event=make_event())
    with django_assert_num_queries(9) as one:
        signed_in.get(reverse("events-staff-list"))
    for _ in range(49):
        make_note(expert, event=make_event())
    with django_assert_num_queries(len(one.captured_queries)):
        signed_in.get(reverse("events-staff-list"))


# -- an event's page ------------------------------------------------------------------------


def organization(name, **extra):
    return Organization.objects.get_or_create(name=name, defaults=extra)[0]


def full_event(attendees=1):
    event = make_event("Workshop in Dakar")
    event.organizers.add(organization("Government of Senegal"))
    event.states.add(country("SEN"), country("GHA"))
    event.organizations.add(organization("UN Office on Drugs and Crime", acronym="UNODC"))
    for n in range(attendees):
        name = f"Attendee {event.pk}.{n}"
        contact = make_contact(name, organization=organization(f"Org {event.pk}.{n}"))
        Attendance.objects.create(event=event, contact=contact, role="speaker")
    return event


def test_event_page_shows_participants_attendees_notes_and_the_way_to_write_a_note(
    signed_in, expert
):
    event = full_event()
    note = make_note(expert, event=event, title="Note on Dakar")
    response = signed_in.get(reverse("events-staff-detail", args=[event.pk]))
    page = response.text
    for text in ("Government of Senegal", "Ghana, Senegal", "UNODC", "Attendee", "speaker"):
        assert text in page
    assert reverse("notes-staff-detail", args=[note.pk]) in page
    assert reverse("notes-start", args=[event.pk]) in page
    assert reverse("contacts-detail", args=[event.attendances.get().contact.pk]) in page


def test_event_page_uses_the_same_number_of_queries_for_one_attendee_and_fifty(
    signed_in, expert, django_assert_num_queries
):
    event = full_event(attendees=1)
    make_note(expert, event=event)
    url = reverse("events-staff-detail", args=[event.pk])
    with django_assert_num_queries(10) as one:
        signed_in.get(url)
    many = full_event(attendees=50)
    for language in ("en", "fr", "es"):
        make_note(expert, event=many, language=language)
    with django_assert_num_queries(len(one.captured_queries)):
        signed_in.get(reverse("events-staff-detail", args=[many.pk]))


# -- creating -------------------------------------------------------------------------------


def test_expert_records_an_event_with_its_participants_and_attendees(signed_in):
    make_organization("Government of Senegal")
    make_organization("United Nations Office on Drugs and Crime", acronym="UNODC")
    speaker = make_contact("Aminata Diallo")
    data = event_form_data(
        organizers="Government of Senegal",
        states="Senegal; Ghana; Russia",
        states_count=57,
        organizations="UNODC",
        attendees=[("Aminata Diallo", "speaker"), ("", "")],
    )
    response = signed_in.post(reverse("events-create"), data, follow=True)
    event = Event.objects.get()
    assert response.redirect_chain[-1][0] == reverse("events-staff-detail", args=[event.pk])
    assert messages_of(response) == ["The event is recorded."]
    assert event.slug == "regional-workshop-on-resolution-1540"
    assert [str(o) for o in event.organizers.all()] == ["Government of Senegal"]
    assert {c.iso3 for c in event.states.all()} == {"SEN", "GHA", "RUS"}
    assert event.participating_states_count() == 57
    assert [o.acronym for o in event.organizations.all()] == ["UNODC"]
    assert [(a.contact, a.role) for a in event.attendances.all()] == [(speaker, "speaker")]


def test_a_second_event_with_the_same_title_gets_its_own_slug(signed_in):
    signed_in.post(reverse("events-create"), event_form_data())
    signed_in.post(reverse("events-create"), event_form_data())
    slugs = sorted(Event.objects.values_list("slug", flat=True))
    assert slugs == [
        "regional-workshop-on-resolution-1540",
        "regional-workshop-on-resolution-1540-2",
    ]


def test_organizations_are_found_by_name_acronym_or_the_label_the_type_ahead_offers(signed_in):
    unodc = make_organization("United Nations Office on Drugs and Crime", acronym="UNODC")
    iaea = make_organization("International Atomic Energy Agency", acronym="IAEA")
    wco = make_organization("World Customs Organization")
    data = event_form_data(
        organizations="unodc; International Atomic Energy Agency (IAEA); world customs organization"
    )
    signed_in.post(reverse("events-create"), data)
    assert set(Event.objects.get().organizations.all()) == {unodc, iaea, wco}


# -- validation -----------------------------------------------------------------------------


def refused(client, event=None, **changes):
    """Post the form (for `event`, or a new one) with `changes`: it must come back with errors
    and save nothing."""
    url = reverse("events-edit", args=[event.pk]) if event else reverse("events-create")
    count = Event.objects.count()
    response = client.post(url, event_form_data(event, **changes))
    assert response.status_code == 200
    assert Event.objects.count() == count
    assert messages_of(response) == ["Not saved: correct the fields marked below."]
    return response.context["form"].errors


def test_end_date_before_the_start_is_an_error_on_the_end_date(signed_in):
    errors = refused(signed_in, start_date="2025-05-06", end_date="2025-05-01")
    assert errors["end_date"] == ["The end date cannot be before the start date."]


def test_an_unknown_state_is_an_error_that_names_it(signed_in):
    errors = refused(signed_in, states="Senegal; Atlantis; Ghana")
    assert errors["states"] == ["No State is called “Atlantis”."]


def test_an_unknown_organization_is_an_error_that_names_it(signed_in):
    make_organization("Government of Senegal")
    errors = refused(signed_in, organizers="Government of Senegal; Ministry of Magic")
    assert "“Ministry of Magic”" in errors["organizers"][0]
    assert "Government of Senegal" not in errors["organizers"][0]


def test_an_acronym_two_organizations_share_is_an_error_asking_to_choose(signed_in):
    make_organization("Organization for Security and Co-operation in Europe", acronym="OSCE")
    make_organization("Another Body", acronym="OSCE")
    errors = refused(signed_in, organizations="OSCE")
    assert errors["organizations"] == [
        "Several records are called “OSCE”: choose one from the suggestions."
    ]


def test_a_number_of_states_smaller_than_the_states_listed_is_an_error(signed_in):
    errors = refused(signed_in, states="Senegal; Ghana; Mali", states_count=2)
    assert errors["states_count"] == [
        "3 States are listed: the number of States cannot be smaller."
    ]


def test_an_in_person_or_hybrid_event_needs_a_city_and_a_venue_country(signed_in):
    for event_format in ("in_person", "hybrid"):
        errors = refused(signed_in, format=event_format, city="", country="")
        assert errors["city"] == ["An in-person or hybrid event needs a city."]
        assert errors["country"] == ["An in-person or hybrid event needs a venue country."]


def test_a_virtual_event_has_no_venue(signed_in):
    errors = refused(signed_in, format="virtual")
    assert (
        errors["city"] == errors["country"] == ["A virtual event has no venue: leave this empty."]
    )
    signed_in.post(reverse("events-create"), event_form_data(format="virtual", city="", country=""))
    assert Event.objects.get().venue == ""


def attendee_errors(client, *rows):
    response = client.post(reverse("events-create"), event_form_data(attendees=rows))
    assert Event.objects.count() == 0
    return [form.errors.get("contact") for form in response.context["attendees"]]


def test_an_unknown_attendee_is_an_error_on_that_row(signed_in):
    make_contact("Aminata Diallo")
    errors = attendee_errors(signed_in, ("Aminata Diallo", "chair"), ("Nobody Known", ""))
    assert errors[0] is None
    assert errors[1] == [
        "No contact is called “Nobody Known”: add the person to the contacts first."
    ]


def test_namesakes_are_told_apart_by_their_organization(signed_in):
    make_contact("Jean Martin", organization=make_organization("Customs", acronym="DGD"))
    police = make_contact("Jean Martin", organization=make_organization("Police"))
    assert "Several records" in attendee_errors(signed_in, ("Jean Martin", ""))[0][0]
    signed_in.post(
        reverse("events-create"), event_form_data(attendees=[("Jean Martin (Police)", "")])
    )
    assert list(Event.objects.get().attendees.all()) == [police]


def test_the_same_attendee_twice_is_an_error_on_the_second_row(signed_in):
    make_contact("Aminata Diallo")
    errors = attendee_errors(signed_in, ("Aminata Diallo", ""), ("aminata diallo", "chair"))
    assert errors == [None, ["This person is already listed above."]]


# -- editing --------------------------------------------------------------------------------


def test_edit_form_shows_the_participants_by_the_names_the_type_ahead_uses(signed_in):
    event = full_event()
    response = signed_in.get(reverse("events-edit", args=[event.pk]))
    form = response.context["form"]
    assert form["organizers"].value() == "Government of Senegal"
    assert form["states"].value() == "Ghana; Senegal"
    assert form["organizations"].value() == "UN Office on Drugs and Crime (UNODC)"
    label = f"Attendee {event.pk}.0 (Org {event.pk}.0)"
    assert response.context["attendees"][0]["contact"].value() == label
    assert 'data-typeahead="countries"' in response.text


def test_expert_edits_an_event_and_its_attendees(signed_in):
    event = full_event()
    newcomer = make_contact("Kofi Mensah")
    data = event_form_data(event, states="Senegal", attendees=[("Kofi Mensah", "chair")])
    response = signed_in.post(reverse("events-edit", args=[event.pk]), data, follow=True)
    assert messages_of(response) == ["The event is saved."]
    event.refresh_from_db()
    assert event.version == 2
    assert [c.iso3 for c in event.states.all()] == ["SEN"]
    assert [(a.contact, a.role) for a in event.attendances.all()] == [(newcomer, "chair")]


def test_an_invalid_edit_changes_nothing(signed_in):
    event = full_event()
    refused(signed_in, event, title="", states="Atlantis")
    event.refresh_from_db()
    assert (event.title, event.version, event.states.count()) == ("Workshop in Dakar", 1, 2)


def test_edit_form_uses_the_same_number_of_queries_for_one_attendee_and_fifty(
    signed_in, django_assert_num_queries
):
    event = full_event(attendees=1)
    # One query more than the form itself: whether the event has notes (the review notice).
    with django_assert_num_queries(12) as one:
        signed_in.get(reverse("events-edit", args=[event.pk]))
    many = full_event(attendees=50)
    many.states.add(*Country.objects.all()[:50])
    with django_assert_num_queries(len(one.captured_queries)):
        signed_in.get(reverse("events-edit", args=[many.pk]))


def test_saving_an_edit_uses_the_same_number_of_queries_for_one_attendee_and_fifty(
    signed_in, django_assert_max_num_queries
):
    counts = []
    for attendees in (1, 50):
        event = full_event(attendees)
        data = event_form_data(event, title="Renamed")
        with django_assert_max_num_queries(40) as saving:
            response = signed_in.post(reverse("events-edit", args=[event.pk]), data)
        assert response.status_code == 302
        assert event.attendances.count() == attendees
        counts.append(len(saving.captured_queries))
    assert counts[0] == counts[1]


# -- type-ahead -----------------------------------------------------------------------------


def lookup(client, kind, q):
    response = client.get(reverse("events-lookup", args=[kind]), {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_lookup_suggests_countries_by_name_or_iso_code(signed_in):
    senegal = country("SEN")
    assert {"id": senegal.pk, "label": "Senegal"} in lookup(signed_in, "countries", "seneg")
    assert [r["label"] for r in lookup(signed_in, "countries", "GHA")] == ["Ghana", "Afghanistan"]


def test_lookup_suggests_organizations_and_contacts_with_the_labels_the_form_accepts(signed_in):
    unodc = make_organization("United Nations Office on Drugs and Crime", acronym="UNODC")
    make_contact("Aminata Diallo", organization=unodc)
    assert [r["label"] for r in lookup(signed_in, "organizations", "unod")] == [
        "United Nations Office on Drugs and Crime (UNODC)"
    ]
    assert [r["label"] for r in lookup(signed_in, "contacts", "diallo")] == [
        "Aminata Diallo (UNODC)"
    ]


def test_lookup_needs_two_characters_and_answers_at_most_twenty(signed_in):
    for n in range(25):
        make_organization(f"Customs agency {n}")
    assert lookup(signed_in, "organizations", "c") == []
    assert len(lookup(signed_in, "organizations", "customs")) == 20


def test_lookup_of_an_unknown_kind_is_not_found(signed_in):
    assert signed_in.get(reverse("events-lookup", args=["users"]), {"q": "ex"}).status_code == 404


def test_lookup_of_contacts_needs_the_permission_to_view_contacts(client):
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_country"))
    client.force_login(viewer)
    assert client.get(reverse("events-lookup", args=["countries"]), {"q": "se"}).status_code == 200
    assert client.get(reverse("events-lookup", args=["contacts"]), {"q": "se"}).status_code == 403


def test_list_filters_by_participating_state_and_organizer_like_the_public_list(signed_in):
    osce = organization("Organization for Security and Co-operation in Europe", acronym="OSCE")
    with_state = make_event("Vienna seminar", city="Vienna", country=country("AUT"))
    with_state.states.set([country("KAZ")])
    with_state.organizers.set([osce])
    make_event("Dakar workshop")
    assert listed(signed_in, state="KAZ") == {"Vienna seminar"}
    assert listed(signed_in, organizer=osce.pk) == {"Vienna seminar"}
    assert listed(signed_in, q="osce") == {"Vienna seminar"}
