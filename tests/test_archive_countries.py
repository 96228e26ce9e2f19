"""Country.objects.match: the venue and State names of archived notes, as people write them."""

import pytest

from contacts.models import Country

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("Russian Fed.", "RUS"),
        ("U.S.", "USA"),
        ("U.K.", "GBR"),
        ("Republic of Korea", "KOR"),
        ("South Korea", "KOR"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("United States", "USA"),
        ("USA", "USA"),
        ("United States of America", "USA"),
        ("United Kingdom", "GBR"),
        ("UK", "GBR"),
        ("Iran", "IRN"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Syria", "SYR"),
        ("Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Tanzania", "TZA"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Moldova", "MDA"),
        ("Laos", "LAO"),
        ("Netherlands", "NLD"),
        ("the Netherlands", "NLD"),
        ("Micronesia", "FSM"),
        ("Swaziland", "SWZ"),
        ("Macedonia", "MKD"),
        ("Cape Verde", "CPV"),
        ("Timor Leste", "TLS"),
        ("St. Lucia", "LCA"),
        ("  SENEGAL ", "SEN"),
        ("sen", "SEN"),
    ],
)
def test_a_usual_name_matches_its_country(name, iso3):
    assert Country.objects.match(name).iso3 == iso3


@pytest.mark.parametrize("name", ["Atlantis", "", "Korea, somewhere", "Guinea Bissau Republic"])
def test_an_unknown_name_matches_nothing(name):
    assert Country.objects.match(name) is None


def test_matching_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        Country.objects.match("Ivory Coast")
    with django_assert_num_queries(1):
        Country.objects.match("Atlantis")


def test_match_respects_the_queryset_it_is_called_on():
    assert Country.objects.filter(is_member=False).match("Senegal") is None
    assert Country.objects.filter(is_member=False).match("Holy See").iso3 == "VAT"
