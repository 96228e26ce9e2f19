"""Query budgets of the staff pages: the same exact count with 1 note of each state as with 30.

Budgets kept elsewhere are not repeated here: the event list unfiltered and an event's page
(tests/test_staff_events.py), the contact directory, a contact's page and its form
(tests/test_staff_contacts.py), the editor and the history (tests/test_staff_notes.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

import events.staff_views
import notes.staff_views
from events.models import Event
from notes.models import Note
from tests.helpers import in_review, make_event, make_note, make_published_note

pytestmark = pytest.mark.django_db

PER_PAGE = 10  # so that 30 notes make several pages, and "?page=2" is a page of its own

# (persona, page) -> the exact number of queries. Every signed-in page starts with four: the
# session, the user, the user's permissions and their groups' permissions.
BUDGETS = {
    # imported notes to finish; drafts; changes requested; awaiting review; events without a
    # note; upcoming events; recently published; scheduled publications; overdue reviews (and
    # for reviewers: the reviews asked of them, and those nobody in particular was asked)
    ("expert", "/staff/"): 13,
    ("reviewer", "/staff/"): 15,
    # count; the page
    ("reviewer", "/staff/notes/"): 6,
    ("reviewer", "/staff/notes/?status=draft"): 6,
    ("reviewer", "/staff/notes/?status=in_review"): 6,  # the review queue
    ("reviewer", "/staff/notes/?page=2"): 6,
    # note with its event and revisions; disclaimer; is the reader an author, did they write a
    # revision (may they comment); last step with its actor; the conversation; the header's
    # organizers, States and organizations; the event's note in each language
    ("reviewer", "note"): 14,
    # note; is the reader an author, did they write a revision (four-eyes); disclaimer; the
    # reviewer's last step on the note, with its revision (what the review compares with); the
    # conversation
    ("reviewer", "review"): 10,
    # countries, years and organizers offered; count; the page with each event's note count
    ("reviewer", "/staff/events/?status=held&kind=workshop"): 9,
    ("reviewer", "/staff/events/?page=2"): 9,
}


@pytest.fixture(autouse=True)
def short_pages(monkeypatch):
    monkeypatch.setattr(notes.staff_views, "NOTES_PER_PAGE", PER_PAGE)
    monkeypatch.setattr(events.staff_views, "EVENTS_PER_PAGE", PER_PAGE)


def add_notes(expert, reviewer, count):
    """`count` notes in each state, each on its own event, and as many events without a note."""
    for n in range(count):
        make_note(expert, title=f"Draft {n}")
        in_review(expert, title=f"In review {n}")
        returned = in_review(expert, title=f"Returned {n}")
        returned.request_changes(by=reviewer, comment="More")
        make_published_note(expert, reviewer, title=f"Published {n}")
        make_event(f"Unwritten {n}")
        make_event(f"Upcoming {n}", start=timezone.localdate(), status=Event.Status.PLANNED)


def address(page):
    notes = Note.objects.order_by("pk")
    if page == "note":
        return reverse("notes-staff-detail", args=[notes.filter(status="published").first().pk])
    if page == "review":
        return reverse("notes-review", args=[notes.filter(status="in_review").first().pk])
    return page


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(("persona", "page"), BUDGETS)
def test_a_staff_page_keeps_its_query_budget_whatever_the_number_of_notes(
    client, request, expert, reviewer, django_assert_num_queries, persona, page, count
):
    add_notes(expert, reviewer, count)
    client.force_login(request.getfixturevalue(persona))
    path = address(page)
    with django_assert_num_queries(BUDGETS[persona, page]):
        response = client.get(path)
    assert response.status_code == 200


def test_the_dashboard_shows_the_notes_waiting_longest_and_links_to_the_review_queue(
    client, expert, reviewer, monkeypatch
):
    monkeypatch.setattr(notes.staff_views, "REVIEW_LIST_SIZE", 2)
    for title in ("First in", "Second in", "Third in"):
        in_review(expert, title=title)
    client.force_login(reviewer)
    response = client.get(reverse("staff-dashboard"))
    waiting = [note.display_title for note in response.context["awaiting_review"]]
    assert waiting == ["First in", "Second in"]
    assert f"{reverse('notes-staff-list')}?status=in_review" in response.text


def test_the_dashboard_offers_no_link_when_every_note_in_review_is_shown(
    client, expert, reviewer, monkeypatch
):
    monkeypatch.setattr(notes.staff_views, "REVIEW_LIST_SIZE", 2)
    for title in ("First in", "Second in"):
        in_review(expert, title=title)
    client.force_login(reviewer)
    response = client.get(reverse("staff-dashboard"))
    assert len(response.context["awaiting_review"]) == 2
    assert "?status=in_review" not in response.text


def test_the_dashboard_lists_the_first_upcoming_events_by_start(client, expert, monkeypatch):
    monkeypatch.setattr(notes.staff_views, "DASHBOARD_LIST_SIZE", 2)
    later, sooner, soonest = (
        timezone.localdate() + datetime.timedelta(days=n) for n in (30, 20, 10)
    )
    for title, start in (("Later", later), ("Sooner", sooner), ("Soonest", soonest)):
        make_event(title, start=start, status=Event.Status.PLANNED)
    client.force_login(expert)
    response = client.get(reverse("staff-dashboard"))
    assert [event.title for event in response.context["upcoming"]] == ["Soonest", "Sooner"]
