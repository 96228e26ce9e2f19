"""Text hygiene: control characters are refused by the forms, removed from imports
and from the Atom feed; a note section has a length cap, and a text above it is previewed
quickly as plain text."""

import datetime

import feedparser
import icalendar
import pytest
import tablib
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from contacts.models import Contact, Organization
from contacts.resources import OrganizationResource
from events.admin import EventAdmin
from events.forms import EventForm
from events.models import Attendance, Event
from events.search import MAX_WORDS, words_of
from notes.diff import diff_words
from notes.forms import NewNoteForm, NoteForm, SubmitForm, WithdrawForm
from notes.markdown import render_markdown
from notes.models import Note, Revision
from outreach.text import (
    SECTION_MAX_LENGTH,
    RefuseControlCharactersAdminMixin,
    find_control_character,
    strip_control_characters,
    xml_safe,
)
from tests.helpers import (
    event_form_data,
    make_contact,
    make_event,
    make_note,
    make_published_note,
)

pytestmark = pytest.mark.django_db

BELL = "\x07"
REFUSAL = "Contains a control character (U+0007) that cannot be shown: remove it."


# -- the shared functions -------------------------------------------------------------------


def test_control_characters_are_found_and_stripped_but_tab_and_line_breaks_stay():
    text = "A\x00B\x07C\x0bD\x0cE\x1bF\x1fG\tH\nI\rJ"
    assert find_control_character(text) == "\x00"
    assert find_control_character("Tab\tand\r\nlines") is None
    assert strip_control_characters(text) == "ABCDEFG\tH\nI\rJ"
    assert strip_control_characters(None) is None
    assert xml_safe("a\ufffeb\uffff\x01c") == "abc"


# -- the Atom feed never fails on stored control characters ---------------------------------


def test_a_control_character_in_a_note_or_its_event_does_not_take_the_feed_down(
    client, expert, reviewer
):
    event = make_event(title=f"Work{BELL}shop on export control", city=f"Da{BELL}kar")
    make_published_note(
        expert,
        reviewer,
        event=event,
        title=f"Seminar{BELL}\x01 title",
        objectives=f"Raise{BELL} awareness\x1b of resolution 1540",
        highlights="Vertical\x0btab and form\x0cfeed",
    )
    make_published_note(expert, reviewer, title="A clean note")
    response = client.get("/feeds/notes.atom")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert "Seminar title" in titles
    assert "A clean note" in titles
    [entry] = [entry for entry in feed.entries if entry.title == "Seminar title"]
    assert "Raise awareness of resolution 1540" in entry.summary
    assert "Dakar" in entry.summary
    assert not find_control_character(response.content.decode())


def test_the_public_pages_of_such_a_note_still_answer(client, expert, reviewer):
    event = make_event(title=f"Work{BELL}shop", city=f"Da{BELL}kar", is_public=True)
    note = make_published_note(expert, reviewer, event=event, objectives=f"Text{BELL}")
    for url in [note.get_absolute_url(), "/notes/", "/", "/events/", "/events.ics"]:
        assert client.get(url).status_code == 200, url


def test_the_calendar_leaves_control_characters_out(client):
    make_event(
        title=f"Work{BELL}shop", city=f"Da{BELL}kar", start=datetime.date.today(), is_public=True
    )
    response = client.get("/events.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Workshop"
    assert "Dakar" in str(event["LOCATION"])
    assert BELL.encode() not in response.content


# -- search words -----------------------------------------------------------------------------


def test_a_query_is_cut_to_its_first_different_words_without_control_characters():
    assert words_of('Da\x00kar "seminar" Dakar dakar') == ["Dakar", "seminar", "dakar"]
    many = " ".join(f"word{n}" for n in range(50))
    assert words_of(many) == [f"word{n}" for n in range(MAX_WORDS)]


def test_a_query_of_one_word_repeated_finds_what_the_word_finds(client):
    make_event(title="Workshop in Dakar", slug="dakar", is_public=True)
    make_event(title="Seminar in Accra", slug="accra", is_public=True, city="Accra")
    response = client.get("/events/", {"q": "Dakar " * 33})
    assert [event.slug for event in response.context["upcoming"]] + [
        event.slug for event in response.context["page"]
    ] == ["dakar"]


# -- the staff forms refuse them, on the field, and save nothing ---------------------------


def contact_data(**changes):
    data = {"honorific": "Ms.", "name": "Aminata Diallo", "position": "Director"}
    data |= {"organization": "", "country": "", "email": "a.diallo@example.org", "phone": ""}
    return data | {"remarks": "", "is_active": "on"} | changes


@pytest.mark.parametrize("field", ["name", "position", "phone", "remarks", "organization"])
def test_the_contact_form_refuses_a_control_character_in_each_text_field(client, expert, field):
    client.force_login(expert)
    response = client.post(reverse("contacts-create"), contact_data(**{field: f"Ab{BELL}c"}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [REFUSAL]
    assert REFUSAL in response.text
    assert not Contact.objects.exists()


def test_a_nul_in_a_type_ahead_field_is_refused_not_looked_up(client, expert):
    client.force_login(expert)
    response = client.post(reverse("contacts-create"), contact_data(organization="UN\x00DP"))
    assert response.status_code == 200
    assert response.context["form"].errors["organization"] == [
        "Contains a control character (U+0000) that cannot be shown: remove it."
    ]


def edit_data(note, **changes):
    data = {field: getattr(note, field) for field in ("title", "objectives", "background")}
    data |= {"highlights": note.highlights, "additional_comments": note.additional_comments}
    data |= {"expected_version": note.version, "base_revision": note.latest_revision.number}
    return data | {"save": ""} | changes


@pytest.mark.parametrize("field", ["title", "objectives", "highlights", "message"])
def test_the_note_editor_refuses_a_control_character_and_keeps_no_revision(client, expert, field):
    note = make_note(expert)
    client.force_login(expert)
    response = client.post(
        reverse("notes-edit", args=[note.pk]), edit_data(note, **{field: f"New{BELL} text"})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [REFUSAL]
    assert Revision.objects.filter(note=note).count() == 1
    note.refresh_from_db()
    assert BELL not in note.title + note.objectives + note.highlights


def test_a_new_note_with_a_control_character_is_not_created(client, expert):
    event = make_event()
    client.force_login(expert)
    data = {"language": "en", "title": "T", "objectives": f"x{BELL}", "save": ""}
    response = client.post(reverse("notes-start", args=[event.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["objectives"] == [REFUSAL]
    assert not Note.objects.exists()


def test_the_withdraw_reason_is_refused_and_the_comments_lose_the_character(expert):
    assert WithdrawForm({"reason": f"Wrong{BELL}"}).errors["reason"] == [REFUSAL]
    form = SubmitForm({"comment": f"Please{BELL} review"}, note=make_note(expert))
    assert form.is_valid()
    assert form.cleaned_data["comment"] == "Please review"


def test_the_event_form_refuses_them_and_names_each_field():
    form = EventForm(event_form_data(title=f"Work{BELL}shop", city=f"Da{BELL}kar"))
    assert not form.is_valid()
    assert form.errors["title"] == [REFUSAL]
    assert form.errors["city"] == [REFUSAL]  # and not also "needs a city"


def test_the_admin_mixin_refuses_them_in_an_admin_form(admin_user):
    class OrganizationAdmin(RefuseControlCharactersAdminMixin, admin.ModelAdmin):
        fields = ["name", "acronym", "kind"]

    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = OrganizationAdmin(Organization, admin.site).get_form(request)
    form = form_class({"name": f"United{BELL} Nations", "acronym": "UN", "kind": "un"})
    assert not form.is_valid()
    assert form.errors["name"] == [REFUSAL]


def test_the_admin_mixin_refuses_them_in_the_forms_of_the_inlines(admin_user):
    class RefusingEventAdmin(RefuseControlCharactersAdminMixin, EventAdmin):
        pass

    event = make_event()
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = RefusingEventAdmin(Event, admin.site)
    [(formset_class, _inline)] = [
        (formset, inline)
        for formset, inline in model_admin.get_formsets_with_inlines(request, event)
        if inline.model is Attendance
    ]
    contact = make_contact()
    prefix = formset_class.get_default_prefix()
    data = {f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 0}
    data |= {f"{prefix}-0-contact": contact.pk, f"{prefix}-0-role": f"host{BELL}"}
    formset = formset_class(data, instance=event, prefix=prefix)
    assert not formset.is_valid()
    assert formset.forms[0].errors["role"] == [REFUSAL]


# -- the length of a section ----------------------------------------------------------------


def test_a_section_above_the_cap_is_refused_with_a_message_and_nothing_is_saved(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    too_long = "word " * (SECTION_MAX_LENGTH // 5) + "x"
    response = client.post(
        reverse("notes-edit", args=[note.pk]), edit_data(note, background=too_long)
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["background"]
    assert "at most 100000 characters" in error
    assert Revision.objects.filter(note=note).count() == 1


def test_a_section_at_the_cap_is_accepted_its_line_breaks_counted_once(expert):
    note = make_note(expert)
    at_cap = ("line\r\n" * (SECTION_MAX_LENGTH // 5))[:-2] + "\r\n"
    assert len(at_cap.replace("\r\n", "\n")) == SECTION_MAX_LENGTH
    form = NoteForm(edit_data(note, highlights=at_cap), instance=note)
    assert form.is_valid(), form.errors
    new = NewNoteForm(
        {"language": "fr", "objectives": "x" * (SECTION_MAX_LENGTH + 1)}, event=note.event
    )
    assert "objectives" in new.errors


def test_a_text_above_the_cap_is_previewed_as_plain_text_not_formatted():
    html = render_markdown(
        "**bold** <b>tag</b> [link](https://x.org)\n\n" + "x" * SECTION_MAX_LENGTH
    )
    assert "<strong>" not in html
    assert html.startswith("<p>**bold** &lt;b&gt;tag&lt;/b&gt; [link](https://x.org)</p>")
    assert render_markdown("**bold**") == "<p><strong>bold</strong></p>\n"


def test_the_editor_previews_an_over_long_section_as_plain_text(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    data = edit_data(note, objectives="**[x" * 175_000, preview="")
    del data["save"]
    response = client.post(reverse("notes-edit", args=[note.pk]), data)
    assert response.status_code == 200
    assert "<strong>" not in response.text
    assert Revision.objects.filter(note=note).count() == 1


# -- the word diff of large texts -----------------------------------------------------------

NOTICE = (
    '<p class="diff-notice">Too large to compare word by word: some changed passages are shown '
    "whole, as removed and then added.</p>"
)


def numbered_words(count, prefix):
    return " ".join(f"{prefix}{n}" for n in range(count))


def test_two_large_rewritten_texts_are_shown_whole_under_a_notice():
    old, new = numbered_words(6000, "old<"), numbered_words(6000, "new&")
    html = diff_words(old, new)
    assert html == f"{NOTICE}<del>{escape(old)}</del><ins>{escape(new)}</ins>"


def test_a_large_paragraph_rewritten_word_by_word_is_shown_whole_beside_unchanged_lines():
    intro = "Unchanged first paragraph.\n\n"
    old = intro + " ".join(f"w{n}" for n in range(3000))
    new = intro + " ".join(f"w{n}" if n % 3 else f"x{n}" for n in range(3000))
    html = diff_words(old, new)
    assert html.startswith(NOTICE + "Unchanged first paragraph.\n\n<del>w0 ")
    assert html.endswith("</ins>")


def test_a_few_words_changed_in_a_large_text_are_still_marked_word_by_word():
    paragraphs = [numbered_words(100, f"p{n}-") for n in range(60)]  # 6,000 words
    changed = list(paragraphs)
    changed[10] = changed[10].replace("p10-50 ", "changed ")
    changed[40] = changed[40].replace("p40-7 ", "")
    html = diff_words("\n\n".join(paragraphs), "\n\n".join(changed))
    assert "diff-notice" not in html
    assert "<del>p10-50</del><ins>changed</ins>" in html
    assert "<del>p40-7 </del>" in html
    assert html.count("<del>") == 2


def test_many_changed_lines_of_a_large_text_are_each_marked_word_by_word():
    old = [f"Line {n} says <this> & that, in eight words." for n in range(600)]
    new = [line.replace("that", "those") if n % 3 == 0 else line for n, line in enumerate(old)]
    html = diff_words("\n".join(old), "\n".join(new))
    assert "diff-notice" not in html
    assert html.count("<del>that,</del><ins>those,</ins>") == 200
    assert html.startswith("Line 0 says &lt;this&gt; &amp; <del>that,</del><ins>those,</ins> in")


def test_every_admin_form_of_the_site_refuses_them(client, admin_user):
    assert all(
        isinstance(model_admin, RefuseControlCharactersAdminMixin)
        for model_admin in admin.site._registry.values()
    )
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:contacts_organization_add"),
        {"name": f"United{BELL} Nations", "acronym": "UN", "kind": "un"},
    )
    assert response.status_code == 200
    assert REFUSAL in response.text
    assert not Organization.objects.filter(acronym="UN", name__startswith="United").exists()


def test_a_spreadsheet_import_drops_them_from_every_cell():
    dataset = tablib.Dataset(headers=["name", "acronym"])
    dataset.append([f"Bell{BELL} Institute", f"B{BELL}I"])
    result = OrganizationResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Organization.objects.filter(name="Bell Institute", acronym="BI").exists()
