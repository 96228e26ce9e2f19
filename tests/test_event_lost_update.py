"""No lost update for events: of two edits begun from the same version, the second save is
refused, shows what the other person changed beside what was typed, and loses no text."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from events.models import Event
from outreach.editing import EditConflict
from tests.helpers import event_form_data, make_contact, make_event, make_organization

pytestmark = pytest.mark.django_db


def edit_url(event):
    return reverse("events-edit", args=[event.pk])


def opened(client, user, event):
    """What the edit form holds when `user` opens it: the version and the starting point."""
    client.force_login(user)
    form = client.get(edit_url(event)).context["form"]
    return event_form_data(event, base=form["base"].value())


def test_of_two_saves_from_the_same_version_the_first_wins_and_the_second_is_refused(
    client, expert, other_expert
):
    event = make_event("Workshop in Dakar", description="Opening remarks.")
    first = opened(client, expert, event)
    second = opened(client, other_expert, event)

    client.force_login(expert)
    assert (
        client.post(edit_url(event), first | {"title": "Workshop in Dakar, 2025"}).status_code
        == 302
    )
    client.force_login(other_expert)
    response = client.post(edit_url(event), second | {"description": "Closing remarks."})

    assert response.status_code == 409
    event.refresh_from_db()
    assert (event.title, event.description, event.version) == (
        "Workshop in Dakar, 2025",
        "Opening remarks.",
        2,
    )
    form = response.context["form"]
    assert form["description"].value() == "Closing remarks."
    assert "Closing remarks." in response.text
    assert "Not saved: someone else saved this event while you were editing it." in [
        str(message) for message in response.context["messages"]
    ]


def test_the_refusal_shows_the_other_persons_values_beside_yours(client, expert, other_expert):
    event = make_event("Workshop in Dakar", city="Dakar")
    first = opened(client, expert, event)
    second = opened(client, other_expert, event)
    client.force_login(expert)
    client.post(edit_url(event), first | {"title": "Their title", "city": "Thiès"})
    client.force_login(other_expert)
    response = client.post(edit_url(event), second | {"title": "My title"})

    changes = {change["name"]: change for change in response.context["conflict"]["changes"]}
    assert set(changes) == {"title", "city"}
    assert (changes["title"]["theirs"], changes["title"]["yours"]) == ("Their title", "My title")
    assert (changes["city"]["theirs"], changes["city"]["yours"]) == ("Thiès", "Dakar")
    table = response.text[response.text.index('class="conflict"') :]
    assert table.index("Their title") < table.index("My title")


def test_the_refusal_shows_participants_and_attendees_the_other_person_changed(
    client, expert, other_expert
):
    make_contact("Aminata Diallo")
    make_organization("Government of Senegal")
    event = make_event()
    first = opened(client, expert, event)
    second = opened(client, other_expert, event)
    client.force_login(expert)
    theirs = {"organizers": "Government of Senegal", "states": "Ghana"}
    client.post(
        edit_url(event),
        first
        | theirs
        | {
            "attendees-TOTAL_FORMS": 1,
            "attendees-0-contact": "Aminata Diallo",
            "attendees-0-role": "chair",
        },
    )
    client.force_login(other_expert)
    response = client.post(edit_url(event), second)

    changes = {change["name"]: change for change in response.context["conflict"]["changes"]}
    assert changes["organizers"]["theirs"] == "Government of Senegal"
    assert changes["states"]["theirs"] == "Ghana"
    assert changes["attendees"]["theirs"] == "Aminata Diallo – chair"
    assert changes["attendees"]["yours"] == ""


def test_a_refused_save_changes_no_participant_or_attendee(client, expert, other_expert):
    make_contact("Aminata Diallo")
    event = make_event()
    first = opened(client, expert, event)
    second = opened(client, other_expert, event)
    client.force_login(expert)
    client.post(edit_url(event), first | {"states": "Ghana"})
    client.force_login(other_expert)
    mine = {"states": "Mali", "attendees-TOTAL_FORMS": 1, "attendees-0-contact": "Aminata Diallo"}
    assert client.post(edit_url(event), second | mine).status_code == 409
    assert [state.iso3 for state in event.states.all()] == ["GHA"]
    assert not event.attendances.exists()


def test_after_merging_the_second_person_saves_from_the_version_they_were_shown(
    client, expert, other_expert
):
    event = make_event("Workshop in Dakar")
    first = opened(client, expert, event)
    second = opened(client, other_expert, event)
    client.force_login(expert)
    client.post(edit_url(event), first | {"title": "Their title"})
    client.force_login(other_expert)
    refused = client.post(edit_url(event), second | {"description": "My text."})
    # What the refusal page's form holds: this person's text, now based on the other's version.
    merged = dict(refused.context["form"].data.items())

    response = client.post(edit_url(event), merged | {"title": "Their title"})

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.description, event.version) == ("Their title", "My text.", 3)


def test_save_checked_refuses_a_stale_version_and_changes_nothing():
    event = make_event("Original")
    mine, theirs = Event.objects.get(pk=event.pk), Event.objects.get(pk=event.pk)
    theirs.title = "Theirs"
    theirs.save_checked(1)
    mine.title = "Mine"
    with pytest.raises(EditConflict) as refusal:
        mine.save_checked(1)
    assert refusal.value.current.title == "Theirs"
    assert Event.objects.get(pk=event.pk).title == "Theirs"
    assert Event.objects.get(pk=event.pk).version == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers")
def test_two_concurrent_saves_from_the_same_version_on_postgresql_let_exactly_one_through():
    event = make_event("Original")
    start = threading.Barrier(2)
    outcomes = []

    def save(title):
        copy = Event.objects.get(pk=event.pk)
        copy.title = title
        start.wait()
        try:
            copy.save_checked(1)
            outcomes.append(("saved", title))
        except EditConflict:
            outcomes.append(("refused", title))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(title,)) for title in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcome for outcome, _ in outcomes) == ["refused", "saved"]
    winner = next(title for outcome, title in outcomes if outcome == "saved")
    assert Event.objects.get(pk=event.pk).title == winner
    assert Event.objects.get(pk=event.pk).version == 2
