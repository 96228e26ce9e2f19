"""The staff event form offers to submit the event's notes for review in the same step as the
save: one box per note the user may submit, judged after the save (which may give the note a
revision with the new header); each outcome is said, and the save stands whatever it is."""

import pytest
from django.urls import reverse

from notes.models import Note
from tests.helpers import (
    event_form_data,
    make_contact,
    make_event,
    make_note,
    make_organization,
    make_published_note,
)

pytestmark = pytest.mark.django_db

OLD, NEW = "Regional workshop on export control", "Tabletop exercise on biosecurity"
FIELD = "notes_to_submit"


@pytest.fixture
def event():
    event = make_event(title=OLD)
    event.organizers.add(make_organization("Economic Community of West African States"))
    return event


@pytest.fixture
def published(expert, reviewer, event):
    return make_published_note(expert, reviewer, event=event, slug="dakar")


def edit_url(event):
    return reverse("events-edit", args=[event.pk])


def save(client, user, event, *, submit=(), **changes):
    """Post the edit form of `event` as `user`, with `changes` and the boxes of `submit` ticked;
    the save must go through. Returns the messages shown after it."""
    client.force_login(user)
    data = event_form_data(event, **changes)
    if submit:
        data[FIELD] = [str(note.pk) for note in submit]
    response = client.post(edit_url(event), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("events-staff-detail", args=[event.pk])
    return [str(message) for message in response.context["messages"]]


def offered(client, user, event):
    client.force_login(user)
    response = client.get(edit_url(event))
    assert response.status_code == 200
    return response.context["submissions"].fields[FIELD].choices


def public_page(client, note):
    client.logout()
    page = client.get(note.get_absolute_url())
    assert page.status_code == 200
    return page.text.split('<aside class="note-links')[0]


# -- the boxes ------------------------------------------------------------------------------


def test_the_form_offers_a_box_for_each_note_the_author_may_submit(
    client, expert, reviewer, published
):
    french = make_note(expert, event=published.event, language="fr", title="Atelier régional")
    assert offered(client, expert, published.event) == [
        (published.pk, f"Submit the note “{OLD}” (English) for review after saving"),
        (french.pk, "Submit the note “Atelier régional” (French) for review after saving"),
    ]
    page = client.get(edit_url(published.event)).text
    assert f'name="{FIELD}" value="{published.pk}"' in page
    assert "Submit the note “Atelier régional” (French) for review after saving" in page


def test_an_event_without_notes_offers_no_box(client, expert, event):
    assert offered(client, expert, event) == []
    assert FIELD not in client.get(edit_url(event)).text


def test_the_box_is_not_offered_to_a_user_who_may_not_edit_the_note(
    client, other_expert, published
):
    assert offered(client, other_expert, published.event) == []
    page = client.get(edit_url(published.event)).text
    assert FIELD not in page
    assert "reaches its notes only through review" in page  # the notice is for everyone


def test_an_administrator_may_submit_any_note(client, admin_user, published):
    assert [pk for pk, _label in offered(client, admin_user, published.event)] == [published.pk]


# -- after the save -------------------------------------------------------------------------


def test_a_ticked_note_goes_to_review_with_the_new_header_and_the_public_keeps_the_old(
    client, expert, published
):
    shown = save(client, expert, published.event, submit=[published], title=NEW)
    assert shown == ["The event is saved.", f"The note “{NEW}” is submitted for review."]

    published.refresh_from_db()
    assert published.status == Note.Status.IN_REVIEW
    assert published.latest_revision.header.title == NEW
    assert published.live_revision.header.title == OLD
    assert published.transitions.first().revision == published.latest_revision
    page = public_page(client, published)
    assert OLD in page and NEW not in page


def test_an_unticked_note_stays_published_with_unpublished_changes(client, expert, published):
    assert save(client, expert, published.event, title=NEW) == ["The event is saved."]
    published.refresh_from_db()
    assert published.status == Note.Status.PUBLISHED
    assert published.has_unpublished_changes
    assert published.latest_revision.header.title == NEW


def test_a_forged_box_for_a_note_the_user_may_not_edit_does_nothing(
    client, other_expert, published
):
    shown = save(client, other_expert, published.event, submit=[published], title=NEW)
    assert shown == ["The event is saved."]
    published.refresh_from_db()
    assert published.event.title == NEW
    assert published.status == Note.Status.PUBLISHED
    assert published.has_unpublished_changes
    assert not published.transitions.filter(to_status=Note.Status.IN_REVIEW, actor=other_expert)


def test_a_note_already_in_review_is_said_so_and_the_event_is_still_saved(client, expert, event):
    note = make_note(expert, event=event)
    note.submit(by=expert)
    shown = save(client, expert, event, submit=[note], title=NEW)
    assert shown == [
        "The event is saved.",
        f"The note “{NEW}” is already in review: it is not submitted again.",
    ]
    event.refresh_from_db()
    note.refresh_from_db()
    assert (event.title, event.version) == (NEW, 2)
    assert note.status == Note.Status.IN_REVIEW
    assert note.transitions.count() == 1


def test_a_change_that_leaves_the_header_as_it_was_has_nothing_to_review(client, expert, published):
    shown = save(client, expert, published.event, submit=[published], description="Notes.")
    assert shown == [
        "The event is saved.",
        f"The note “{OLD}” has nothing new to review: the change did not touch its header, "
        "so it stays as published.",
    ]
    published.refresh_from_db()
    assert published.event.description == "Notes."
    assert published.status == Note.Status.PUBLISHED
    assert not published.has_unpublished_changes


def test_a_draft_goes_to_review_even_when_its_header_did_not_change(client, expert, event):
    note = make_note(expert, event=event, title="Note on the workshop")
    shown = save(client, expert, event, submit=[note], description="Notes.")
    assert shown[-1] == "The note “Note on the workshop” is submitted for review."
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert note.revisions.count() == 1


def test_each_ticked_note_is_told_apart(client, expert, reviewer, published):
    french = make_note(expert, event=published.event, language="fr", title="Atelier régional")
    shown = save(client, expert, published.event, submit=[published, french], title=NEW)
    assert shown == [
        "The event is saved.",
        f"The note “{NEW}” is submitted for review.",
        "The note “Atelier régional” is submitted for review.",
    ]


# -- what must not change -------------------------------------------------------------------


def test_an_invalid_edit_submits_nothing_and_keeps_the_box_ticked(client, expert, published):
    client.force_login(expert)
    data = event_form_data(published.event, title="") | {FIELD: [str(published.pk)]}
    response = client.post(edit_url(published.event), data)
    assert response.status_code == 200
    assert f'value="{published.pk}" id="id_{FIELD}_0" checked' in response.text
    # The label names the note as it was, not by the title typed in the refused form.
    assert f"Submit the note “{OLD}” (English)" in response.text
    published.refresh_from_db()
    assert published.status == Note.Status.PUBLISHED
    assert not published.has_unpublished_changes


def test_a_refused_stale_save_submits_nothing_and_keeps_the_box_ticked(
    client, expert, other_expert, published
):
    event = published.event
    stale = event_form_data(event, title=NEW) | {FIELD: [str(published.pk)]}
    save(client, other_expert, event, description="Saved first.")
    client.force_login(expert)
    response = client.post(edit_url(event), stale)
    assert response.status_code == 409
    assert f'value="{published.pk}" id="id_{FIELD}_0" checked' in response.text
    published.refresh_from_db()
    assert published.status == Note.Status.PUBLISHED
    assert published.event.title == OLD

    # Saved again from the other person's version, the box still does its work.
    again = event_form_data(published.event, title=NEW) | {FIELD: [str(published.pk)]}
    response = client.post(edit_url(event), again, follow=True)
    assert f"The note “{NEW}” is submitted for review." in [
        str(message) for message in response.context["messages"]
    ]
    published.refresh_from_db()
    assert published.status == Note.Status.IN_REVIEW


def test_the_edit_form_with_notes_costs_one_query_per_note_whatever_the_attendees(
    client, expert, event, django_assert_num_queries
):
    # The 12 of the form without notes (test_staff_events), and for each note: is the user
    # one of its authors (Note.can_edit). An event has at most one note per language.
    client.force_login(expert)
    for language in ("en", "fr", "es"):
        make_note(expert, event=event, language=language)
    with django_assert_num_queries(12 + 3):
        client.get(edit_url(event))
    for n in range(50):
        contact = make_contact(f"Attendee {n}")
        event.attendances.create(contact=contact, role="speaker")
    with django_assert_num_queries(12 + 3):
        client.get(edit_url(event))
