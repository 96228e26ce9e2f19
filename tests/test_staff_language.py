"""Staff choose the language of their staff and admin pages in their profile; public pages keep
the language of their address."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from accounts.middleware import LANGUAGE_KEY
from accounts.models import Profile

pytestmark = pytest.mark.django_db


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def choose(client, language):
    return client.post("/accounts/language/", {"language": language})


def test_staff_pages_are_in_english_until_a_language_is_chosen(client, expert):
    client.force_login(expert)
    response = client.get("/staff/")
    assert html_tag(response) == '<html lang="en">'
    assert response["Content-Language"] == "en"


def test_the_language_page_offers_the_six_languages_by_their_own_names(client, expert):
    client.force_login(expert)
    body = client.get("/accounts/language/").content.decode()
    for name in ["English", "Français", "Español", "Русский", "العربية", "中文"]:
        assert name in body
    assert 'lang="ar"' in body


def test_a_chosen_language_applies_to_every_staff_page(client, expert):
    client.force_login(expert)
    response = choose(client, "fr")
    assert response.status_code == 302
    assert Profile.objects.get(user=expert).language == "fr"
    for path in ["/staff/", "/staff/notes/", "/accounts/", "/accounts/language/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert html_tag(response) == '<html lang="fr">', path
        assert response["Content-Language"] == "fr"


def test_arabic_staff_pages_are_written_right_to_left(client, expert):
    client.force_login(expert)
    choose(client, "ar")
    assert html_tag(client.get("/staff/")) == '<html lang="ar" dir="rtl">'


def test_the_admin_follows_the_chosen_language(client, admin_user):
    client.force_login(admin_user)
    choose(client, "es")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert re.search(r'<html lang="es"', response.content.decode())


def test_the_choice_is_kept_for_the_next_sign_in(client, expert):
    client.force_login(expert)
    choose(client, "ru")
    client.logout()
    client.force_login(expert)
    assert client.session[LANGUAGE_KEY] == "ru"
    assert html_tag(client.get("/staff/")) == '<html lang="ru">'


def test_a_session_from_before_the_choice_reads_it_once(client, expert, django_assert_num_queries):
    Profile.objects.create(user=expert, language="zh-hans")
    client.force_login(expert)
    session = client.session
    del session[LANGUAGE_KEY]
    session.save()
    assert html_tag(client.get("/staff/")) == '<html lang="zh-hans">'
    assert client.session[LANGUAGE_KEY] == "zh-hans"


def test_public_pages_keep_the_language_of_their_address_for_staff(client, expert):
    client.force_login(expert)
    choose(client, "fr")
    assert html_tag(client.get("/notes/")) == '<html lang="en">'
    assert html_tag(client.get("/ru/notes/")) == '<html lang="ru">'


def test_a_language_the_site_does_not_have_is_refused(client, expert):
    client.force_login(expert)
    response = choose(client, "de")
    assert response.status_code == 200
    assert not Profile.objects.filter(user=expert).exists()
    assert client.session[LANGUAGE_KEY] == settings.LANGUAGE_CODE


def test_the_language_page_needs_a_signed_in_user(client):
    response = client.get("/accounts/language/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_choosing_a_language_is_a_post_with_its_csrf_token(expert):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(expert)
    assert choose(client, "fr").status_code == 403
    assert SESSION_KEY in client.session


def test_staff_pages_link_to_the_language_setting(client, expert):
    client.force_login(expert)
    assert 'href="/accounts/language/"' in client.get("/staff/").content.decode()
