import pytest

from contacts.models import Country, RegionalGroup

pytestmark = pytest.mark.django_db


def test_every_member_state_is_loaded_with_a_regional_group():
    members = Country.objects.filter(is_member=True)
    assert members.count() == 193
    assert not members.filter(regional_group="").exists()
    assert set(members.values_list("regional_group", flat=True)) == set(RegionalGroup.values)


def test_the_two_observer_states_are_loaded():
    observers = Country.objects.filter(is_member=False)
    assert sorted(observers.values_list("name", flat=True)) == ["Holy See", "State of Palestine"]
    assert Country.objects.get(name="Holy See").regional_group == ""


@pytest.mark.parametrize(
    ("iso3", "iso2", "name", "group"),
    [
        ("RUS", "RU", "Russian Federation", RegionalGroup.EEG),
        ("KOR", "KR", "Republic of Korea", RegionalGroup.ASIA_PACIFIC),
        ("VNM", "VN", "Viet Nam", RegionalGroup.ASIA_PACIFIC),
        ("USA", "US", "United States of America", RegionalGroup.WEOG),
        ("SEN", "SN", "Senegal", RegionalGroup.AFRICAN),
        ("BRA", "BR", "Brazil", RegionalGroup.GRULAC),
    ],
)
def test_countries_carry_un_names_iso_codes_and_groups(iso3, iso2, name, group):
    country = Country.objects.get(iso3=iso3)
    assert (country.iso2, country.name, country.regional_group) == (iso2, name, group)


def test_group_sizes_add_up_to_the_membership():
    sizes = {
        group: Country.objects.filter(is_member=True, regional_group=group).count()
        for group in RegionalGroup.values
    }
    assert sizes[RegionalGroup.AFRICAN] == 54
    assert sizes[RegionalGroup.EEG] == 23
    assert sizes[RegionalGroup.GRULAC] == 33
    assert sum(sizes.values()) == 193
