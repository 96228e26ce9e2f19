"""Bad addresses answer 404 (or an empty result), never a server error, on SQLite and on
PostgreSQL: years no date has, NUL and other control characters, over-long slugs
and codes, numbers past any database integer, and the admin page of a note in review."""

import pytest
from django.urls import reverse

from tests.helpers import make_event, make_note, make_published_note

pytestmark = pytest.mark.django_db

HUGE = "9" * 23  # past any database integer


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a server error is a 500 answer, as in production
    return client


@pytest.fixture
def note(expert, reviewer):
    return make_published_note(expert, reviewer, slug="seminar")  # an event of 2025


# -- /notes/<year>/<slug>/ ------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "1", "2024", "9999", "10000", "99999", HUGE, "0002025"])
def test_a_note_address_with_a_year_of_no_such_note_is_not_found(client, note, year):
    assert client.get(f"/notes/{year}/seminar/").status_code == 404


@pytest.mark.parametrize("slug", ["other", "a" * 5000, "seminar-", "-", "_"])
def test_a_note_address_with_an_unknown_slug_is_not_found(client, note, slug):
    assert client.get(f"/notes/2025/{slug}/").status_code == 404


@pytest.mark.parametrize("path", ["/notes/2025/semi%00nar/", "/notes/2025/%07/", "/notes/-1/x/"])
def test_a_note_address_with_a_character_no_slug_has_is_not_found(client, note, path):
    assert client.get(path).status_code == 404


def test_the_note_itself_still_answers(client, note):
    assert client.get("/notes/2025/seminar/").status_code == 200


def test_a_withdrawn_note_at_a_year_out_of_range_is_not_found_not_gone(client, expert, reviewer):
    note = make_published_note(expert, reviewer, slug="gone")
    note.withdraw(by=reviewer, reason="Mistake")
    assert client.get("/notes/2025/gone/").status_code == 410
    assert client.get("/notes/0/gone/").status_code == 404
    assert client.get(f"/notes/{HUGE}/gone/").status_code == 404


# -- /events/<slug>/, /countries/<iso3>/, /regions/<code>/ ----------------------------------


@pytest.mark.parametrize("slug", ["unknown", "a" * 5000, "open%00", "%07"])
def test_an_event_address_with_an_unknown_slug_is_not_found(client, slug):
    make_event(slug="open", is_public=True)
    assert client.get(f"/events/{slug}/").status_code == 404


def test_the_event_itself_still_answers(client):
    make_event(slug="open", is_public=True)
    assert client.get("/events/open/").status_code == 200


@pytest.mark.parametrize(
    "code", ["%00", "A%00T", "AU%00", "%07%07%07", "AU", "AUTT", "X" * 5000, "%C3%A9%C3%A9%C3%A9"]
)
def test_a_country_address_with_no_such_code_is_not_found(client, code):
    assert client.get(f"/countries/{code}/").status_code == 404


@pytest.mark.parametrize("code", ["AUT", "aut", "SEN"])
def test_a_country_address_with_its_code_in_any_case_answers(client, code):
    assert client.get(f"/countries/{code}/").status_code == 200


@pytest.mark.parametrize("code", ["%00", "WEOG%00", "X" * 5000, "%07"])
def test_a_region_address_with_no_such_group_is_not_found(client, code):
    assert client.get(f"/regions/{code}/").status_code == 404


# -- query strings of the public lists ------------------------------------------------------


@pytest.mark.parametrize("list_url", ["/notes/", "/events/"])
@pytest.mark.parametrize(
    "query",
    [
        "year=0",
        f"year={HUGE}",
        "year=%00",
        "q=%00",
        "q=a%00b",
        "q=%07%1b",
        "q=" + "x" * 5000,
        "country=%00",
        "state=A%00T",
        "region=%00",
        "kind=%00",
        f"organizer={HUGE}",
        "organizer=%00",
        "page=%00",
        f"page={HUGE}",
        "page=-1",
    ],
)
def test_a_bad_filter_value_shows_the_list_without_filters(client, note, list_url, query):
    make_event(is_public=True)
    assert client.get(f"{list_url}?{query}").status_code == 200


# -- the staff type-ahead ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["countries", "organizations", "contacts"])
@pytest.mark.parametrize("text", ["%00", "Se%00n", "%07%07", "Sen%1b"])
def test_the_type_ahead_suggests_nothing_for_a_control_character(client, admin_user, kind, text):
    client.force_login(admin_user)
    response = client.get(f"{reverse('events-lookup', args=[kind])}?q={text}")
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_the_type_ahead_still_suggests(client, admin_user):
    client.force_login(admin_user)
    response = client.get(f"{reverse('events-lookup', args=['countries'])}?q=Sen")
    assert [row["label"] for row in response.json()["results"]] == ["Senegal"]


# -- staff addresses with numbers ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/staff/notes/{HUGE}/",
        f"/staff/notes/{HUGE}/edit/",
        f"/staff/notes/{HUGE}/history/",
        f"/staff/notes/start/{HUGE}/",
        f"/staff/events/{HUGE}/",
        f"/staff/events/{HUGE}/edit/",
        f"/staff/contacts/{HUGE}/",
        f"/staff/contacts/{HUGE}/edit/",
        "/staff/notes/0/",
    ],
)
def test_a_staff_address_with_a_number_of_no_record_is_not_found(client, admin_user, path):
    client.force_login(admin_user)
    assert client.get(path).status_code == 404


# -- the admin page of a note in review -----------------------------------------------------


def test_the_admin_change_page_of_a_note_in_review_renders(client, admin_user, expert):
    note = make_note(expert)
    note.submit(by=expert)
    client.force_login(admin_user)
    response = client.get(reverse("admin:notes_note_change", args=[note.pk]))
    assert response.status_code == 200
    assert 'name="slug"' not in response.text


def test_the_admin_change_page_of_a_draft_still_prefills_its_slug(client, admin_user, expert):
    note = make_note(expert)
    client.force_login(admin_user)
    response = client.get(reverse("admin:notes_note_change", args=[note.pk]))
    assert response.status_code == 200
    assert 'name="slug"' in response.text
    assert "prepopulated" in response.text
