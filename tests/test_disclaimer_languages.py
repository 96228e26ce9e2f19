"""The disclaimer in six languages: each version has its English texts and, optionally, its
own in each other language; a note gets the texts of its language, or the English ones."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notes.models import Disclaimer, Revision
from tests.helpers import disclaimer_in_force, in_review, make_event, make_published_note

pytestmark = pytest.mark.django_db

FRENCH = {
    "text_fr": "À titre d'information – pas un rapport officiel.",
    "contact_line_fr": "Pour plus d'informations, écrivez-nous.",
}


def test_a_version_gives_its_own_texts_in_a_language_it_has():
    disclaimer = disclaimer_in_force(**FRENCH)
    assert disclaimer.in_language("fr") == (FRENCH["text_fr"], FRENCH["contact_line_fr"], False)


def test_a_language_without_texts_falls_back_to_english_and_says_so():
    disclaimer = disclaimer_in_force("English footnote.", "English contact.", **FRENCH)
    assert disclaimer.in_language("ar") == ("English footnote.", "English contact.", True)
    assert disclaimer.in_language("zh-hans")[2] is True


def test_english_never_falls_back():
    disclaimer = disclaimer_in_force("English footnote.", "English contact.")
    assert disclaimer.in_language("en") == ("English footnote.", "English contact.", False)


def test_a_language_needs_both_its_texts_or_neither():
    disclaimer = Disclaimer(text="Footnote.", contact_line="Contact.", text_es="Nota.")
    with pytest.raises(ValidationError) as refused:
        disclaimer.full_clean()
    assert list(refused.value.message_dict) == ["contact_line_es"]
    Disclaimer(text="Footnote.", contact_line="Contact.", **FRENCH).full_clean()


def test_a_french_note_is_published_with_the_french_disclaimer(client, expert, reviewer):
    disclaimer_in_force("English footnote.", **FRENCH)
    note = make_published_note(expert, reviewer, language="fr", slug="fr")
    page = client.get(note.get_absolute_url()).content.decode()
    assert "À titre d&#x27;information" in page
    assert "English footnote." not in page


def test_a_note_in_a_language_without_texts_gets_the_english_disclaimer(client, expert, reviewer):
    disclaimer_in_force("English footnote.", **FRENCH)
    note = make_published_note(expert, reviewer, language="ar", slug="ar")
    page = client.get(note.get_absolute_url()).content.decode()
    assert "English footnote." in page
    assert 'dir="rtl"' in page


def test_a_new_version_keeps_the_texts_a_published_note_was_published_with(expert, reviewer):
    disclaimer_in_force(**FRENCH)
    note = make_published_note(expert, reviewer, language="fr", slug="fr")
    disclaimer_in_force(text_fr="Nouveau texte.", contact_line_fr="Nouveau contact.")
    html = Revision.objects.get(pk=note.live_revision_id).document_html
    assert FRENCH["text_fr"].replace("'", "&#x27;") in html
    assert "Nouveau texte." not in html


# -- the admin -------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_admin_adds_a_version_with_texts_in_other_languages(admin_client):
    data = {"text": "Footnote.", "contact_line": "Contact.", **FRENCH}
    response = admin_client.post(reverse("admin:notes_disclaimer_add"), data)
    assert response.status_code == 302
    added = Disclaimer.objects.get(text="Footnote.")
    assert added.in_language("fr")[0] == FRENCH["text_fr"]
    assert not added.in_force  # put in force with the action, as before


def test_the_admin_names_the_missing_half_of_a_language(admin_client):
    data = {"text": "Footnote.", "contact_line": "Contact.", "text_ru": "Сноска."}
    response = admin_client.post(reverse("admin:notes_disclaimer_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["contact_line_ru"]
    assert not Disclaimer.objects.filter(text="Footnote.").exists()


def test_the_admin_lists_the_languages_of_each_version(admin_client):
    disclaimer_in_force(**FRENCH)
    page = admin_client.get(reverse("admin:notes_disclaimer_changelist")).content.decode()
    assert "en, fr" in page


def test_a_version_used_by_a_published_note_keeps_its_texts_in_every_language(
    admin_client, expert, reviewer
):
    used = disclaimer_in_force(**FRENCH)
    note = make_published_note(expert, reviewer, language="fr", slug="fr")
    before = Revision.objects.get(pk=note.live_revision_id).document_html
    url = reverse("admin:notes_disclaimer_change", args=[used.pk])
    assert 'name="text_fr"' not in admin_client.get(url).content.decode()
    admin_client.post(url, {"text_fr": "Changé.", "text_ar": "نص", "contact_line_ar": "اتصل"})
    used.refresh_from_db()
    assert (used.text_fr, used.text_ar) == (FRENCH["text_fr"], "")
    assert Revision.objects.get(pk=note.live_revision_id).document_html == before


def test_a_version_nobody_used_yet_can_still_be_completed(admin_client):
    unused = Disclaimer.objects.create(text="Footnote.", contact_line="Contact.")
    url = reverse("admin:notes_disclaimer_change", args=[unused.pk])
    data = {"text": "Footnote.", "contact_line": "Contact.", **FRENCH}
    assert admin_client.post(url, data).status_code == 302
    unused.refresh_from_db()
    assert unused.text_fr == FRENCH["text_fr"]


# -- the contact line of a new note ------------------------------------------------------------


def test_a_new_note_in_french_starts_with_the_french_contact_line(client, expert):
    disclaimer_in_force(**FRENCH)
    client.force_login(expert)
    event = make_event()
    form = client.get(reverse("notes-start", args=[event.pk]), {"language": "fr"}).context["form"]
    assert form["language"].value() == "fr"
    assert form["additional_comments"].value() == FRENCH["contact_line_fr"]


# -- before publishing: staff are told when English stands in ----------------------------------

FALLBACK = (
    "The disclaimer in force has no Arabic text: the note will be published with the English one."
)


def confirmation_page(client, note):
    return client.post(reverse("notes-publish", args=[note.pk]), {"revision": 1}).content.decode()


def test_the_publish_confirmation_says_english_stands_in_for_a_missing_language(
    client, expert, reviewer
):
    disclaimer_in_force(**FRENCH)
    note = in_review(expert, language="ar", slug="ar")
    client.force_login(reviewer)
    assert FALLBACK in " ".join(confirmation_page(client, note).split())


def test_the_review_page_says_english_stands_in_for_a_missing_language(client, expert, reviewer):
    disclaimer_in_force(**FRENCH)
    note = in_review(expert, language="ar", slug="ar")
    client.force_login(reviewer)
    page = client.get(reverse("notes-review", args=[note.pk])).content.decode()
    assert FALLBACK in " ".join(page.split())


def test_nothing_is_said_when_the_disclaimer_has_the_note_s_language(client, expert, reviewer):
    disclaimer_in_force(**FRENCH)
    french, english = (in_review(expert, language=code, slug=code) for code in ("fr", "en"))
    client.force_login(reviewer)
    for note in (french, english):
        assert "disclaimer-fallback" not in confirmation_page(client, note)
        review = client.get(reverse("notes-review", args=[note.pk])).content.decode()
        assert "disclaimer-fallback" not in review
