"""Notes in several languages: one version per language of the same event, each reviewed on
its own, each document in its own language, and each page offering the others."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from notes.models import Note
from tests.helpers import (
    disclaimer_in_force,
    in_review,
    make_event,
    make_note,
    make_published_note,
)

pytestmark = pytest.mark.django_db

FRENCH = {
    "text_fr": "Pour information – pas un rapport officiel.",
    "contact_line_fr": "Pour plus d’informations, écrivez aux experts.",
}


@pytest.fixture
def event():
    return make_event("Atelier régional", start=datetime.date(2025, 3, 10), slug="atelier")


def text_of(response):
    return " ".join(response.content.decode().split())


# -- the document in the note's language --------------------------------------------------------


def test_a_french_note_shows_its_document_in_french(client, expert, reviewer, event):
    disclaimer_in_force("English footnote.", **FRENCH)
    note = make_published_note(expert, reviewer, event=event, language="fr", slug="atelier-fr")
    page = text_of(client.get(note.get_absolute_url()))
    assert 'lang="fr"' in page
    assert "10–12 mars 2025" in page  # Django's own French month names
    assert FRENCH["text_fr"] in page
    assert "English footnote." not in page


def test_the_english_version_of_the_same_event_stays_in_english(client, expert, reviewer, event):
    disclaimer_in_force("English footnote.", **FRENCH)
    make_published_note(expert, reviewer, event=event, language="fr", slug="atelier-fr")
    note = make_published_note(expert, reviewer, event=event, slug="atelier")
    page = text_of(client.get(note.get_absolute_url()))
    assert "10–12 March 2025" in page
    assert "English footnote." in page


@pytest.mark.parametrize("page", ["notes-staff-detail", "notes-review", "notes-edit"])
def test_the_staff_pages_show_the_document_in_the_note_s_language(
    client, expert, reviewer, event, page
):
    disclaimer_in_force(**FRENCH)
    note = in_review(expert, event=event, language="fr", slug="atelier-fr")
    if page == "notes-edit":
        note.request_changes(by=reviewer, comment="Encore.")
    client.force_login(expert if page == "notes-edit" else reviewer)
    text = text_of(client.get(reverse(page, args=[note.pk])))
    assert "10–12 mars 2025" in text
    assert FRENCH["text_fr"] in text
    assert 'lang="en"' in text  # the page around it stays in the reader's language


def test_the_editor_of_a_new_version_previews_it_in_its_language(client, expert, event):
    disclaimer_in_force(**FRENCH)
    client.force_login(expert)
    url = reverse("notes-start", args=[event.pk])
    text = text_of(client.get(url, {"language": "fr"}))
    assert "10–12 mars 2025" in text
    assert FRENCH["contact_line_fr"] in text


# -- each version is reviewed on its own ---------------------------------------------------------


def test_publishing_the_french_version_leaves_the_english_one_in_review(expert, reviewer, event):
    english = in_review(expert, event=event, slug="atelier")
    french = in_review(expert, event=event, language="fr", slug="atelier-fr")
    french.publish(by=reviewer)
    english.refresh_from_db()
    assert english.status == Note.Status.IN_REVIEW
    assert not english.is_live
    assert list(Note.objects.published()) == [french]


def test_an_event_has_one_version_per_language(expert, event):
    make_note(expert, event=event, language="fr", slug="atelier-fr")
    with pytest.raises(IntegrityError):
        make_note(expert, event=event, language="fr", slug="atelier-fr-2")


# -- the public page offers the other published versions ----------------------------------------


def versions_nav(response):
    page = response.content.decode()
    if "note-versions" not in page:
        return ""
    return page.split('<nav class="note-versions', 1)[1].split("</nav>", 1)[0]


def address_in(language, note):
    """A version's address in its own language (/fr/notes/…; English has no prefix)."""
    with translation.override(language):
        return reverse("notes-detail", args=[note.event.start_date.year, note.slug])


def test_the_public_page_offers_the_other_published_versions(client, expert, reviewer, event):
    english = make_published_note(expert, reviewer, event=event, slug="atelier")
    french = make_published_note(expert, reviewer, event=event, language="fr", slug="atelier-fr")
    make_published_note(expert, reviewer, event=event, language="ar", slug="atelier-ar")
    nav = versions_nav(client.get(english.get_absolute_url()))
    french_link = f'href="{address_in("fr", french)}" hreflang="fr" lang="fr" dir="ltr">français<'
    assert french_link in nav
    assert 'hreflang="ar" lang="ar" dir="rtl">' in nav
    assert nav.index('hreflang="fr"') < nav.index('hreflang="ar"')  # in the site's order
    assert 'hreflang="en"' not in nav
    back = versions_nav(client.get(french.get_absolute_url()))
    assert f'href="{address_in("en", english)}" hreflang="en" lang="en" dir="ltr">English<' in back


def test_drafts_and_withdrawn_versions_are_not_offered(client, expert, reviewer, event):
    english = make_published_note(expert, reviewer, event=event, slug="atelier")
    make_note(expert, event=event, language="es", slug="atelier-es")
    russian = make_published_note(expert, reviewer, event=event, language="ru", slug="atelier-ru")
    russian.withdraw(by=reviewer, reason="Mistake")
    assert versions_nav(client.get(english.get_absolute_url())) == ""


def test_a_version_published_later_changes_the_page_s_last_modified(
    client, expert, reviewer, event
):
    from django.utils import timezone

    from events.models import Event

    english = make_published_note(expert, reviewer, event=event, slug="atelier")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Note.objects.filter(pk=english.pk).update(last_published_at=long_ago)
    Event.objects.filter(pk=event.pk).update(updated_at=long_ago, versions_changed_at=long_ago)
    first = client.get(english.get_absolute_url())
    seen = {"HTTP_IF_MODIFIED_SINCE": first.headers["Last-Modified"]}
    assert client.get(english.get_absolute_url(), **seen).status_code == 304
    make_published_note(expert, reviewer, event=event, language="fr", slug="atelier-fr")
    again = client.get(english.get_absolute_url(), **seen)
    assert again.status_code == 200
    assert "atelier-fr" in versions_nav(again)


# -- the staff page lists the versions, and starts the missing ones ------------------------------


def test_the_staff_page_lists_each_language_with_its_version_and_status(
    client, expert, reviewer, event
):
    english = in_review(expert, event=event, slug="atelier")
    french = make_published_note(expert, reviewer, event=event, language="fr", slug="atelier-fr")
    client.force_login(expert)
    page = text_of(client.get(reverse("notes-staff-detail", args=[english.pk])))
    section = page.split('class="language-versions"', 1)[1].split("</section>", 1)[0]
    assert '<strong>English</strong>: In review <span class="meta">(this version)</span>' in section
    staff_french = reverse("notes-staff-detail", args=[french.pk])
    assert f'<a href="{staff_french}" hreflang="fr">French</a>: Published' in section
    start = reverse("notes-start", args=[event.pk])
    assert f'href="{start}?language=es">Start the Spanish version</a>' in section
    assert f"{start}?language=fr" not in section


def test_starting_a_missing_version_saves_it_in_its_language(client, expert, event):
    english = make_note(expert, event=event, slug="atelier")
    client.force_login(expert)
    url = reverse("notes-start", args=[event.pk]) + "?language=es"
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(language="es", objectives="- sensibilizar", save="")
    response = client.post(url, data)
    assert response.status_code == 302
    spanish = Note.objects.get(event=event, language="es")
    assert spanish.slug == "atelier-es"
    assert [code for code, _name, note in english.language_versions() if note] == ["en", "es"]


def test_the_versions_cost_the_note_page_no_query_of_their_own(
    client, expert, reviewer, event, django_assert_num_queries
):
    from tests.test_public_queries import BUDGETS

    english = make_published_note(expert, reviewer, event=event, slug="atelier")
    for code in ("fr", "es", "ru", "zh-hans", "ar"):
        make_published_note(expert, reviewer, event=event, language=code, slug=f"atelier-{code}")
    with django_assert_num_queries(BUDGETS["note"]):
        response = client.get(english.get_absolute_url())
    assert versions_nav(response).count("<li>") == 5
