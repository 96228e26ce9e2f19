"""Experts add an organization that is not in the list from the event form: with JavaScript
through the staff endpoint, without it through the form's own buttons. Organizations it may
already be are named first, for the expert to choose one or confirm the new one."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from contacts.matching import similar_organizations
from contacts.models import Organization
from events.models import Event
from notes.models import PublicationGeneration
from tests.helpers import event_form_data, make_event, make_organization, make_user, messages_of

pytestmark = pytest.mark.django_db

UNODA = "United Nations Office for Disarmament Affairs"
ADD_URL = "events-organization-add"


@pytest.fixture
def signed_in(client, expert):
    client.force_login(expert)
    return client


@pytest.fixture
def unoda(db):
    return make_organization(UNODA, acronym="UNODA")


def similar(name, acronym=""):
    return [str(org) for org in similar_organizations(name, acronym, Organization.objects.all())]


def add(client, name, acronym="", **more):
    data = {"new_organization-name": name, "new_organization-acronym": acronym}
    data |= {f"new_organization-{key}": value for key, value in more.items()}
    return client.post(reverse(ADD_URL), data)


# -- which organizations are similar ----------------------------------------------------------


def test_an_acronym_typed_as_the_name_is_similar_to_the_organization_it_stands_for(unoda):
    assert similar("UNODA") == [f"{UNODA} (UNODA)"]
    assert similar("unoda") == [f"{UNODA} (UNODA)"]


def test_a_name_spelled_nearly_the_same_is_similar(unoda):
    make_organization("World Customs Organization", acronym="WCO")
    assert similar("UN Office for Disarmament Affairs") == [f"{UNODA} (UNODA)"]
    assert similar("World Customs Organisation") == ["World Customs Organization (WCO)"]
    assert similar("Office for Disarmament Affairs, United Nations") == [f"{UNODA} (UNODA)"]


def test_the_same_acronym_or_a_name_that_spells_it_out_is_similar(unoda):
    assert similar("Union of Nordic Defence Analysts", "UNODA") == [f"{UNODA} (UNODA)"]
    make_organization("Organisation des Nations Unies pour le Développement")
    assert similar("Anything at all", "ONUPD") == [
        "Organisation des Nations Unies pour le Développement"
    ]


def test_an_acronym_that_is_also_a_word_warns_only_where_it_is_the_acronym():
    make_organization("World Health Organization", acronym="WHO")
    make_organization("Doctors Who Care")
    assert similar("Who") == ["World Health Organization (WHO)"]


def test_names_that_only_share_words_are_not_similar(unoda):
    make_organization("World Customs Organization", acronym="WCO")
    assert similar("Customs Office of Côte d'Ivoire") == []
    assert similar("United Nations Office on Drugs and Crime", "UNODC") == []


# -- with JavaScript: the staff endpoint ------------------------------------------------------


def test_an_expert_adds_an_organization_and_gets_its_label_back(signed_in, expert):
    before = PublicationGeneration.objects.current()
    response = add(signed_in, "Ministère de l'Intérieur (Côte d'Ivoire)", kind="government")
    assert response.status_code == 201
    created = Organization.objects.get()
    assert (created.name, created.acronym, created.kind) == (
        "Ministère de l'Intérieur (Côte d'Ivoire)",
        "",
        "government",
    )
    assert response.json()["organization"] == {"id": created.pk, "label": str(created)}
    # Who added it is in the audit trail, as for every change made on a staff page.
    assert LogEntry.objects.get_for_object(created).get().actor == expert
    # The one path for organization changes moves the public pages' generation on.
    assert PublicationGeneration.objects.current() == before + 1


def test_a_name_with_its_acronym_in_parentheses_gives_both(signed_in):
    response = add(signed_in, f"{UNODA} (UNODA)")
    assert response.status_code == 201
    assert Organization.objects.get().acronym == "UNODA"
    assert response.json()["organization"]["label"] == f"{UNODA} (UNODA)"


def test_a_similar_organization_is_named_and_nothing_is_added_until_confirmed(signed_in, unoda):
    response = add(signed_in, "UNODA")
    assert response.status_code == 409
    assert response.json()["similar"] == [{"id": unoda.pk, "label": f"{UNODA} (UNODA)"}]
    assert "add “UNODA” anyway" in response.json()["message"]
    assert Organization.objects.count() == 1
    response = add(signed_in, "UNODA", confirm="on")
    assert response.status_code == 201
    assert Organization.objects.count() == 2


def test_bad_input_is_refused_with_the_field_named_and_nothing_added(signed_in, unoda):
    cases = {
        "": "name",
        "Bell\x07Agency": "name",
        "x" * 301: "name",
        UNODA: "name",
        "united nations office for disarmament affairs": "name",
    }
    for name, field in cases.items():
        response = add(signed_in, name)
        assert response.status_code == 400, name
        assert list(response.json()["errors"]) == [field]
    assert add(signed_in, "Customs Office", acronym="C" * 41).json()["errors"].keys() == {"acronym"}
    assert add(signed_in, "Customs Office", kind="secret").json()["errors"].keys() == {"kind"}
    assert Organization.objects.count() == 1


def test_the_same_name_but_for_accents_is_refused_naming_the_one_in_the_list(signed_in):
    make_organization("Douanes de Côte d'Ivoire")
    response = add(signed_in, "Douanes de Cote d’Ivoire", confirm="on")
    assert response.json()["errors"]["name"] == [
        "“Douanes de Côte d'Ivoire” is already in the list: choose it instead."
    ]


def test_experts_may_add_organizations_and_others_may_not(client, expert):
    assert Group.objects.get(name="Experts").permissions.filter(codename="add_organization")
    viewer = make_user("viewer")
    viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    assert add(client, "Customs Office").status_code == 403
    assert client.get(reverse(ADD_URL)).status_code == 405
    assert not Organization.objects.exists()


# -- without JavaScript: the event form's own buttons -----------------------------------------


def step(client, url, data, **panel):
    data = data | {f"new_organization-{key}": value for key, value in panel.items()}
    return client.post(url, data)


def test_without_javascript_the_organization_is_added_and_the_form_comes_back_as_typed(signed_in):
    make_organization("Government of Senegal")
    data = event_form_data(
        title="Atelier régional d'Abidjan",
        organizers="Government of Senegal",
        states="Côte d'Ivoire; Türkiye",
        attendees=[("Nobody Yet", "chair")],
        add_organization="check",
    )
    response = step(signed_in, reverse("events-create"), data, name=f"{UNODA} (UNODA)")
    assert response.status_code == 200
    assert not Event.objects.exists()
    form = response.context["form"]
    assert form["title"].value() == "Atelier régional d'Abidjan"
    assert form["states"].value() == "Côte d'Ivoire; Türkiye"
    assert form["organizations"].value() == f"{UNODA} (UNODA)"
    assert form["organizers"].value() == "Government of Senegal"
    assert response.context["attendees"][0]["contact"].value() == "Nobody Yet"
    # Nothing is checked yet: the attendee nobody knows and the rest wait for the save.
    assert form.errors == {}
    assert messages_of(response) == [
        f"“{UNODA} (UNODA)” is in the field “Participating organizations”: save the event to "
        "keep it there."
    ]
    assert Organization.objects.filter(acronym="UNODA").exists()


def test_without_javascript_the_organization_can_go_in_the_organizers(signed_in):
    data = event_form_data(organizers="", add_organization="check")
    response = step(
        signed_in,
        reverse("events-create"),
        data,
        name="Centre (Régional) de Lomé",
        target="organizers",
    )
    assert response.context["form"]["organizers"].value() == "Centre (Régional) de Lomé"
    data = event_form_data(organizers="Centre (Régional) de Lomé")
    signed_in.post(reverse("events-create"), data)
    assert [str(org) for org in Event.objects.get().organizers.all()] == [
        "Centre (Régional) de Lomé"
    ]


def test_without_javascript_similar_organizations_are_offered_to_use_or_set_aside(signed_in, unoda):
    url = reverse("events-create")
    data = event_form_data(organizations="", add_organization="check")
    response = step(signed_in, url, data, name="UNODA")
    assert Organization.objects.count() == 1
    assert [str(org) for org in response.context["new_organization"].similar] == [
        f"{UNODA} (UNODA)"
    ]
    assert f'name="use_organization" value="{unoda.pk}"' in response.text
    assert "None of them: add “UNODA”" in response.text

    data = event_form_data(organizations="", use_organization=str(unoda.pk))
    response = step(signed_in, url, data, name="UNODA")
    assert response.context["form"]["organizations"].value() == f"{UNODA} (UNODA)"
    assert Organization.objects.count() == 1

    data = event_form_data(organizations="", add_organization="confirm")
    response = step(signed_in, url, data, name="UNODA")
    assert response.context["form"]["organizations"].value() == "UNODA"
    assert Organization.objects.count() == 2


def test_without_javascript_bad_input_is_shown_on_the_panel_and_the_form_kept(signed_in):
    data = event_form_data(title="Kept title", add_organization="check")
    response = step(signed_in, reverse("events-create"), data, name="")
    panel = response.context["new_organization"]
    assert panel.errors["name"] == ["This field is required."]
    assert response.context["form"]["title"].value() == "Kept title"
    assert messages_of(response) == ["The organization is not added: correct the fields marked."]
    assert not Organization.objects.exists()


def test_adding_an_organization_while_editing_keeps_the_version_the_edit_began_from(signed_in):
    event = make_event("Workshop in Dakar")
    data = event_form_data(event, add_organization="check")
    Event.objects.filter(pk=event.pk).update(version=2)  # someone else saved meanwhile
    response = step(signed_in, reverse("events-edit", args=[event.pk]), data, name="Customs")
    assert str(response.context["form"]["version"].value()) == "1"
    assert 'name="version" value="1"' in response.text
    assert response.context["form"]["organizations"].value() == "Customs"
    event.refresh_from_db()
    assert not event.organizations.exists()


def test_the_form_shows_the_panel_only_to_those_who_may_add_organizations(client, expert):
    client.force_login(expert)
    assert 'class="add-organization"' in client.get(reverse("events-create")).text
    keeper = make_user("keeper")
    keeper.user_permissions.add(*Permission.objects.filter(codename__in=["add_event"]))
    client.force_login(keeper)
    response = client.get(reverse("events-create"))
    assert response.status_code == 200
    assert 'class="add-organization"' not in response.text
    data = event_form_data(add_organization="check", **{"new_organization-name": "Customs"})
    assert client.post(reverse("events-create"), data).status_code == 403
