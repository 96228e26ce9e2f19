"""Participating States chosen by regional group in one step: the group's States are listed in
the field for the expert to remove some, or added on save; with or without JavaScript alike."""

import pytest
from django.urls import reverse

from contacts.forms import split_names
from contacts.models import Country, RegionalGroup
from events.models import Event
from tests.helpers import event_form_data, make_event, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, expert):
    client.force_login(expert)
    return client


def african_states():
    return list(
        Country.objects.filter(regional_group=RegionalGroup.AFRICAN).values_list("name", flat=True)
    )


def test_listing_a_group_puts_its_states_in_the_field_after_those_typed(signed_in):
    data = event_form_data(
        title="Atelier d'Abidjan (phase II)",
        states="Türkiye; Côte d'Ivoire",
        regional_groups=["AFRICAN"],
        list_group_states="list",
    )
    response = signed_in.post(reverse("events-create"), data)
    assert response.status_code == 200
    assert not Event.objects.exists()
    form = response.context["form"]
    names = split_names(form["states"].value())
    # Typed first, then the group by name, each once (Côte d'Ivoire was typed already).
    assert names[:2] == ["Türkiye", "Côte d'Ivoire"]
    assert sorted([*names[2:], "Côte d'Ivoire"]) == sorted(african_states())
    assert len(names) == len(african_states()) + 1
    assert form["title"].value() == "Atelier d'Abidjan (phase II)"
    assert form["regional_groups"].value() in ([], None)  # listed now: not to add twice
    assert form.errors == {}
    count = len(african_states()) - 1
    assert messages_of(response) == [
        f"{count} States of “African States” are now among the participating States: remove "
        "those that did not take part, then save."
    ]


def test_the_expert_removes_some_of_the_listed_states_and_saves(signed_in):
    listed = signed_in.post(
        reverse("events-create"),
        event_form_data(regional_groups=["AFRICAN"], list_group_states="list"),
    )
    listed_names = split_names(listed.context["form"]["states"].value())
    kept = [name for name in listed_names if name not in ("Guinea-Bissau", "Equatorial Guinea")]
    response = signed_in.post(reverse("events-create"), event_form_data(states="; ".join(kept)))
    assert response.status_code == 302
    saved = set(Event.objects.get().states.values_list("name", flat=True))
    assert saved == set(african_states()) - {"Guinea-Bissau", "Equatorial Guinea"}


def test_a_group_ticked_and_saved_adds_all_its_states_to_those_typed(signed_in):
    data = event_form_data(states="Türkiye", regional_groups=["GRULAC", "EEG"])
    response = signed_in.post(reverse("events-create"), data)
    assert response.status_code == 302
    groups = {"GRULAC", "EEG"}
    expected = set(Country.objects.filter(regional_group__in=groups).values_list("iso3", flat=True))
    assert set(Event.objects.get().states.values_list("iso3", flat=True)) == expected | {"TUR"}


def test_a_group_ticked_on_an_edit_joins_the_states_already_there(signed_in):
    event = make_event("Séminaire de Lomé")
    event.states.set([Country.objects.get(iso3="TUR")])
    data = event_form_data(event, regional_groups=["AFRICAN"])
    assert signed_in.post(reverse("events-edit", args=[event.pk]), data).status_code == 302
    assert event.states.count() == len(african_states()) + 1


def test_the_number_of_states_is_checked_against_the_group_added(signed_in):
    data = event_form_data(regional_groups=["AFRICAN"], states_count=10)
    response = signed_in.post(reverse("events-create"), data)
    assert not Event.objects.exists()
    count = len(african_states())
    assert response.context["form"].errors["states_count"] == [
        f"{count} States are listed: the number of States cannot be smaller."
    ]


def test_an_unknown_group_is_an_error_on_its_field_and_nothing_is_saved(signed_in):
    data = event_form_data(regional_groups=["ATLANTIS"])
    response = signed_in.post(reverse("events-create"), data)
    assert not Event.objects.exists()
    assert response.context["form"].errors["regional_groups"] == [
        "Select a valid choice. ATLANTIS is not one of the available choices."
    ]


def test_listing_with_no_group_ticked_says_which_field_to_fill(signed_in):
    data = event_form_data(states="Senegal", list_group_states="list")
    response = signed_in.post(reverse("events-create"), data)
    assert response.context["form"]["states"].value() == "Senegal"
    assert messages_of(response) == [
        "All the States of a regional group: tick one to list its States."
    ]


def test_the_form_offers_every_regional_group(signed_in):
    response = signed_in.get(reverse("events-create"))
    for value, label in RegionalGroup.choices:
        assert f'value="{value}"' in response.text
        assert str(label) in response.text
    assert 'name="list_group_states"' in response.text
