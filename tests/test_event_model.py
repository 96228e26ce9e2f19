import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from events.models import Event
from tests.helpers import make_event

pytestmark = pytest.mark.django_db

EventForm = modelform_factory(
    Event, fields=["title", "slug", "kind", "format", "status", "start_date", "end_date"]
)


def form_data(**overrides):
    data = {
        "title": "Workshop",
        "slug": "workshop",
        "kind": "workshop",
        "format": "in_person",
        "status": "planned",
        "start_date": "2026-03-12",
        "end_date": "2026-03-10",
    }
    return data | overrides


def test_the_database_refuses_an_event_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(start=datetime.date(2026, 3, 12), days=-2)
    assert not Event.objects.exists()


def test_a_form_names_the_end_date_when_it_is_before_the_start():
    form = EventForm(data=form_data())
    assert not form.is_valid()
    assert form.errors["end_date"] == ["The end date cannot be before the start date."]


def test_a_one_day_event_is_valid():
    form = EventForm(data=form_data(end_date="2026-03-12"))
    assert form.is_valid(), form.errors


def test_the_number_of_states_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(states_count=0)


def test_the_participating_states_count_prefers_the_stated_number():
    event = make_event(states_count=57)
    assert event.participating_states_count() == 57
    listed = make_event()
    listed.states.set([1, 2, 3])
    assert listed.participating_states_count() == 3


def test_upcoming_events_exclude_past_and_cancelled_ones():
    today = datetime.date.today()
    soon = make_event(start=today + datetime.timedelta(days=3))
    make_event(start=today - datetime.timedelta(days=30))
    make_event(start=today + datetime.timedelta(days=5), status=Event.Status.CANCELLED)
    assert list(Event.objects.upcoming()) == [soon]


def test_the_first_upcoming_events_are_those_that_start_first_ties_broken_by_title():
    today = datetime.date.today()
    later = today + datetime.timedelta(days=9)
    started = make_event("Already begun", start=today - datetime.timedelta(days=1), days=3)
    make_event("Over", start=today - datetime.timedelta(days=30))
    make_event("Called off", start=today, status=Event.Status.CANCELLED)
    make_event("Zambezi forum", start=later)
    make_event("Andes forum", start=later)
    make_event("Much later", start=today + datetime.timedelta(days=90))
    first = Event.objects.first_upcoming(2)
    assert [event.title for event in first][:2] == [started.title, "Andes forum"]
    assert [e.title for e in Event.objects.first_upcoming(10)] == [
        "Already begun",
        "Andes forum",
        "Zambezi forum",
        "Much later",
    ]
    assert list(Event.objects.filter(title="Over").first_upcoming(3)) == []


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (["2025-03-10", "not a day"], "YYYY-MM-DD"),
        ("2025-03-10", "as a list"),
        (["2025-03-10", "2025-03-20"], "the last the end date"),
        (["2025-03-11", "2025-03-12"], "the first day must be the start date"),
    ],
)
def test_separate_days_that_do_not_fit_the_event_are_refused(days, message):
    event = make_event(start=datetime.date(2025, 3, 10), days=2)
    event.days = days
    with pytest.raises(ValidationError, match=f"(?i){message}"):
        event.full_clean()


def test_separate_days_are_kept_sorted_and_once():
    event = make_event(start=datetime.date(2025, 3, 10), days=2)
    event.days = ["2025-03-12", "2025-03-10", "2025-03-12"]
    event.full_clean()
    assert event.days == ["2025-03-10", "2025-03-12"]
