"""The type-ahead ranks what it suggests by how well it matches, and the forms accept what it
suggests and what pages display: one ranking (contacts.matching) for both."""

import pytest
from django.urls import reverse

from contacts.forms import resolve_contacts, resolve_countries, resolve_organizations
from contacts.matching import Names, Rank, rank, without_honorific
from events.models import Event
from tests.helpers import event_form_data, make_contact, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, expert):
    client.force_login(expert)
    return client


def labels(client, kind, q):
    response = client.get(reverse("events-lookup", args=[kind]), {"q": q})
    assert response.status_code == 200
    return [result["label"] for result in response.json()["results"]]


# -- the ranks ------------------------------------------------------------------------------


def test_each_kind_of_match_has_its_rank_best_first():
    names = Names(("Equatorial Guinea",), acronyms=("EQG",), codes=("GQ", "GNQ"))
    assert rank("equatorial guinea", names) == Rank.EXACT_NAME
    assert rank("gnq", names) == Rank.EXACT_CODE
    assert rank("Equat", names) == Rank.NAME_PREFIX
    assert rank("Gui", names) == Rank.WORD_PREFIX
    assert rank("eq", names) == Rank.NAME_PREFIX  # the name's own start beats the acronym's
    assert rank("EQG", names) == Rank.EXACT_CODE
    assert rank("gq", names) == Rank.CODE
    assert rank("uin", names) == Rank.SUBSTRING
    assert rank("Atlantis", names) is None
    assert rank("", names) is None


def test_case_accents_and_punctuation_do_not_matter():
    assert rank("cote divoire", Names(("Côte d'Ivoire",))) == Rank.EXACT_NAME
    assert rank("TURKIYE", Names(("Türkiye",))) == Rank.EXACT_NAME
    assert rank("guinea bis", Names(("Guinea-Bissau",))) == Rank.NAME_PREFIX


def test_the_initials_of_a_name_count_as_an_acronym():
    names = Names(("United Nations Office for Disarmament Affairs",))
    assert rank("UNOD", names) == Rank.ACRONYM
    assert rank("unoda", names) == Rank.ACRONYM


def test_a_two_letter_iso_code_is_exact_only_typed_in_capitals():
    # "Ch" is the start of Chad, Chile and China; "CH" is the code of Switzerland.
    switzerland = Names(("Switzerland",), codes=("CH", "CHE"))
    assert rank("CH", switzerland) == Rank.EXACT_CODE
    assert rank("ch", switzerland) == Rank.CODE


def test_titles_before_a_name_are_taken_off_and_a_title_alone_is_left():
    assert without_honorific("Ms. Amina Diallo") == "Amina Diallo"
    assert without_honorific("H.E. Dr. Kofi Mensah") == "Kofi Mensah"
    assert without_honorific("Amb.  Li Wei") == "Li Wei"
    assert without_honorific("He Yafei") == "He Yafei"  # a surname, not "His Excellency"
    assert without_honorific("Dr.") == "Dr."


# -- States ---------------------------------------------------------------------------------


def test_ug_offers_uganda_first(signed_in):
    found = labels(signed_in, "countries", "Ug")
    assert found[0] == "Uganda"
    assert found.index("Uganda") < found.index("Portugal")


def test_gui_offers_guinea_before_equatorial_guinea(signed_in):
    assert labels(signed_in, "countries", "Gui") == [
        "Guinea",
        "Guinea-Bissau",
        "Equatorial Guinea",
        "Papua New Guinea",
    ]


def test_uk_offers_the_united_kingdom_before_ukraine(signed_in):
    found = labels(signed_in, "countries", "UK")
    assert found[:2] == ["United Kingdom of Great Britain and Northern Ireland", "Ukraine"]


def test_an_iso_code_offers_its_state_first(signed_in):
    assert labels(signed_in, "countries", "GHA") == ["Ghana", "Afghanistan"]
    assert labels(signed_in, "countries", "CH")[0] == "Switzerland"
    assert labels(signed_in, "countries", "ch")[:3] == ["Chad", "Chile", "China"]


def test_states_are_found_without_their_accents(signed_in):
    assert labels(signed_in, "countries", "cote") == ["Côte d'Ivoire"]
    assert labels(signed_in, "countries", "Turk")[:2] == ["Türkiye", "Turkmenistan"]
    assert labels(signed_in, "countries", "ivory") == ["Côte d'Ivoire"]


def test_the_form_accepts_states_as_displayed_and_by_their_usual_names():
    typed = ["Côte d'Ivoire", "cote d'ivoire", "Türkiye", "UK", "Iran", "GNQ", "CH"]
    found = resolve_countries(typed)
    assert [found[name][0].iso3 for name in typed] == [
        "CIV",
        "CIV",
        "TUR",
        "GBR",
        "IRN",
        "GNQ",
        "CHE",
    ]
    assert resolve_countries(["Gui", "Atlantis"]) == {"Gui": [], "Atlantis": []}


# -- organizations --------------------------------------------------------------------------


def test_an_acronym_that_is_also_a_word_comes_before_names_that_start_with_it(signed_in):
    make_organization("Doctors Who Care")
    make_organization("Wholesale Traders' Association")
    make_organization("World Health Organization", acronym="WHO")
    assert labels(signed_in, "organizations", "who") == [
        "World Health Organization (WHO)",
        "Wholesale Traders' Association",
        "Doctors Who Care",
    ]


def test_organizations_rank_name_then_word_then_acronym_then_substring(signed_in):
    make_organization("Unión Aduanera (Régional)")
    make_organization("United Nations Office on Drugs and Crime", acronym="UNODC")
    make_organization("Community of Unions")
    make_organization("Reunion Customs")
    assert labels(signed_in, "organizations", "Uni") == [
        "Unión Aduanera (Régional)",  # in alphabetical order as if it had no accent
        "United Nations Office on Drugs and Crime (UNODC)",
        "Community of Unions",
        "Reunion Customs",
    ]
    assert labels(signed_in, "organizations", "Unión") == ["Unión Aduanera (Régional)"]


def test_a_short_text_found_in_many_names_still_offers_the_best_first(signed_in):
    for n in range(30):
        make_organization(f"Agency for Customs and Borders {n:02d}")
    make_organization("Organization of American States", acronym="OAS")
    assert labels(signed_in, "organizations", "or")[0] == "Organization of American States (OAS)"


def test_the_form_accepts_an_organization_whose_name_has_parentheses():
    centre = make_organization("Centre (Régional) de Lomé", acronym="CRL")
    typed = ["Centre (Régional) de Lomé (CRL)", "Centre (Régional) de Lomé", "crl"]
    assert resolve_organizations(typed) == {name: [centre] for name in typed}


def test_a_full_name_wins_over_an_acronym_another_organization_has():
    named = make_organization("OSCE")
    make_organization("Organization for Security and Co-operation in Europe", acronym="OSCE")
    assert resolve_organizations(["osce"]) == {"osce": [named]}


# -- contacts -------------------------------------------------------------------------------


def test_the_form_accepts_a_contact_as_displayed_with_the_honorific_or_the_organization():
    unoda = make_organization("United Nations Office for Disarmament Affairs", acronym="UNODA")
    amina = make_contact("Amina Diallo", honorific="Ms.", organization=unoda)
    typed = [
        "Ms. Amina Diallo",
        "Amina Diallo (UNODA)",
        "Ms. Amina Diallo (UNODA)",
        "amina diallo (united nations office for disarmament affairs)",
        "Dr. Amina Diallo",  # a title she does not carry still names her
    ]
    assert resolve_contacts(typed) == {name: [amina] for name in typed}


def test_an_honorific_tells_namesakes_apart():
    him = make_contact("Jean Martin", honorific="Mr.")
    her = make_contact("Jean Martin", honorific="Ms.")
    found = resolve_contacts(["Mr. Jean Martin", "Ms. Jean Martin", "Jean Martin"])
    assert found["Mr. Jean Martin"] == [him]
    assert found["Ms. Jean Martin"] == [her]
    assert len(found["Jean Martin"]) == 2


def test_an_expert_saves_an_attendee_typed_as_displayed(signed_in):
    unoda = make_organization("United Nations Office for Disarmament Affairs", acronym="UNODA")
    amina = make_contact("Amina Diallo", honorific="Ms.", organization=unoda)
    kofi = make_contact("Kofi Mensah", honorific="H.E.")
    data = event_form_data(attendees=[("Ms. Amina Diallo", "chair"), ("H.E. Kofi Mensah", "")])
    response = signed_in.post(reverse("events-create"), data)
    assert response.status_code == 302
    assert list(Event.objects.get().attendees.order_by("name")) == [amina, kofi]


def test_contacts_rank_the_start_of_the_name_first_and_active_people_first(signed_in):
    make_contact("Nadia Ruiz")
    make_contact("Amina Diallo")
    make_contact("Diane O'Brien", is_active=False)
    make_contact("Dia Sow")
    assert labels(signed_in, "contacts", "Dia") == [
        "Dia Sow",
        "Diane O'Brien",
        "Amina Diallo",
        "Nadia Ruiz",
    ]
    assert labels(signed_in, "contacts", "o'bri") == ["Diane O'Brien"]


def test_contacts_are_suggested_for_a_name_typed_with_its_honorific_or_organization(signed_in):
    unoda = make_organization("United Nations Office for Disarmament Affairs", acronym="UNODA")
    make_contact("Amina Diallo", honorific="Ms.", organization=unoda)
    make_contact("Aminata Traoré")
    assert labels(signed_in, "contacts", "Ms. Amin") == ["Amina Diallo (UNODA)", "Aminata Traoré"]
    assert labels(signed_in, "contacts", "Amina Diallo (UN") == ["Amina Diallo (UNODA)"]


# -- without JavaScript: the best suggestion in the error -------------------------------------


def test_a_name_that_means_nothing_gets_the_best_suggestion_in_its_error(signed_in):
    unoda = make_organization("United Nations Office for Disarmament Affairs", acronym="UNODA")
    make_contact("Amina Diallo", honorific="Ms.", organization=unoda)
    data = event_form_data(
        states="Senegal; Ug; Atlantis",
        organizations="Disarmament Affairs",
        attendees=[("Ms. Amina Dial", "")],
    )
    response = signed_in.post(reverse("events-create"), data)
    assert not Event.objects.exists()
    errors = response.context["form"].errors
    assert errors["states"] == [
        "No State is called “Ug”, “Atlantis”.",
        "“Ug”: did you mean “Uganda”?",
    ]
    assert errors["organizations"][1] == (
        "“Disarmament Affairs”: did you mean "
        "“United Nations Office for Disarmament Affairs (UNODA)”?"
    )
    assert response.context["attendees"][0].errors["contact"][1] == (
        "“Ms. Amina Dial”: did you mean “Amina Diallo (UNODA)”?"
    )
