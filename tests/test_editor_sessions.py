"""Nothing typed is lost, and editors see each other: the editor's heartbeat (presence and a
server autosave that is never a revision), the restore offer on the editor page, the copies a
save holds, and the page shown when the CSRF check refuses a form."""

import datetime
import json

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notes import editor_views
from notes.models import EditSession, Note, Revision
from tests.helpers import make_note

pytestmark = pytest.mark.django_db

FIELDS = ("title", "objectives", "background", "highlights", "additional_comments")


def editing_url(note):
    return reverse("notes-editing", args=[note.pk])


def edit_url(note):
    return reverse("notes-edit", args=[note.pk])


def beat(client, note, body=None, **extra):
    payload = json.dumps({"page": "page-one-0001"} if body is None else body)
    return client.post(editing_url(note), payload, content_type="application/json", **extra)


def fields_of(note, **changes):
    return {field: getattr(note, field) for field in FIELDS} | changes


def edit_data(note, **changes):
    data = fields_of(note) | {"message": "", "save": ""}
    data |= {"expected_version": note.version, "base_revision": note.latest_revision.number}
    return data | changes


def session_of(note, user, **values):
    now = timezone.now()
    values.setdefault("started_at", now)
    values.setdefault("seen_at", now)
    return EditSession.objects.create(note=note, user=user, **values)


def since(moment):
    return editor_views.display_time(moment)


# -- who may beat ----------------------------------------------------------------------------


def test_a_signed_out_editor_gets_401_json_not_the_sign_in_page(client, expert):
    note = make_note(expert)
    response = beat(client, note)
    assert response.status_code == 401
    assert "signed out" in response.json()["error"]
    assert not EditSession.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("expert", 200), ("other_expert", 403), ("reviewer", 403), ("admin_user", 200)],
)
def test_only_who_may_edit_the_note_may_beat(client, request, expert, persona, status):
    note = make_note(expert)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = beat(client, note)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert EditSession.objects.filter(user=user).exists() == (status == 200)


def test_no_beat_on_a_note_in_review_or_on_no_note(client, expert):
    note = make_note(expert)
    note.submit(by=expert)
    client.force_login(expert)
    assert beat(client, note).status_code == 403
    assert client.post("/staff/notes/999999/editing/", "{}", "application/json").status_code == 404
    assert client.get(editing_url(note)).status_code == 405


# -- what a beat does ------------------------------------------------------------------------


def test_a_beat_keeps_the_text_but_neither_changes_the_note_nor_keeps_a_revision(client, expert):
    note = make_note(expert, highlights="Saved text.")
    before = Note.objects.values().get(pk=note.pk)
    client.force_login(expert)
    typed = fields_of(note, highlights="Typed, not saved.")
    body = {"page": "page-one-0001", "fields": typed, "version": note.version, "base_revision": 1}
    for _ in range(3):
        assert beat(client, note, body).status_code == 200
    assert Note.objects.values().get(pk=note.pk) == before
    assert Revision.objects.filter(note=note).count() == 1
    session = EditSession.objects.get(note=note, user=expert)
    assert session.text["highlights"] == "Typed, not saved."
    assert (session.base_version, session.base_revision) == (note.version, 1)
    assert session.autosaved_at is not None


def test_a_beat_without_fields_keeps_the_text_it_had(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    beat(client, note, {"page": "page-one-0001", "fields": fields_of(note, title="Kept")})
    beat(client, note, {"page": "page-one-0001"})
    assert EditSession.objects.get(note=note).text["title"] == "Kept"


def test_the_answer_names_who_else_is_editing_and_since_when(client, expert, second_reviewer):
    note = make_note(expert)
    note.authors.add(second_reviewer)
    started = timezone.now() - datetime.timedelta(minutes=5)
    session_of(note, second_reviewer, started_at=started)
    client.force_login(expert)
    others = beat(client, note).json()["others"]
    assert others == [
        {
            "name": "Rita Second",
            "since": since(started),
            "text": f"Rita Second has been editing since {since(started)}",
        }
    ]


def test_others_editing_leaves_out_oneself_the_stale_and_those_who_left(
    expert, other_expert, reviewer, second_reviewer, admin_user
):
    note = make_note(expert)
    now = timezone.now()
    session_of(note, expert)
    session_of(note, other_expert, started_at=now - datetime.timedelta(minutes=9))
    session_of(note, reviewer, seen_at=now - datetime.timedelta(minutes=5))  # gone quiet
    session_of(note, second_reviewer, seen_at=None)  # closed the page
    session_of(note, admin_user, started_at=now - datetime.timedelta(minutes=20))
    others = EditSession.objects.others_editing(note, expert)
    assert [s.user.username for s in others] == ["admin", "other"]


def test_coming_back_after_a_pause_starts_a_new_stint(expert):
    note = make_note(expert)
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    session_of(note, expert, started_at=long_ago, seen_at=long_ago)
    session = EditSession.objects.beat(note, expert, page="page-two-0002")
    assert session.started_at > long_ago + datetime.timedelta(hours=1)
    same = EditSession.objects.beat(note, expert, page="page-two-0002")
    assert same.started_at == session.started_at


def test_the_farewell_of_a_replaced_page_does_not_hide_the_page_that_replaced_it(
    expert, other_expert
):
    note = make_note(expert)
    EditSession.objects.beat(note, expert, page="old-page-0001")
    EditSession.objects.beat(note, expert, page="new-page-0002", fields={"title": "Typed"})
    EditSession.objects.beat(note, expert, page="old-page-0001", leaving=True)
    assert [s.user for s in EditSession.objects.others_editing(note, other_expert)] == [expert]
    EditSession.objects.beat(note, expert, page="new-page-0002", leaving=True)
    assert list(EditSession.objects.others_editing(note, other_expert)) == []
    assert EditSession.objects.get(note=note).text == {"title": "Typed"}  # kept for later


def test_a_beat_that_arrives_after_its_page_said_goodbye_changes_nothing(expert, other_expert):
    note = make_note(expert)
    EditSession.objects.beat(note, expert, page="the-page-0001")
    EditSession.objects.beat(note, expert, page="the-page-0001", leaving=True)
    EditSession.objects.beat(note, expert, page="the-page-0001", fields={"title": "Late"})
    assert list(EditSession.objects.others_editing(note, other_expert)) == []
    assert EditSession.objects.get(note=note).text == {}
    EditSession.objects.beat(note, expert, page="next-page-0002")  # the person comes back
    assert [s.user for s in EditSession.objects.others_editing(note, other_expert)] == [expert]


def test_discard_forgets_the_autosave(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    beat(client, note, {"page": "page-one-0001", "fields": fields_of(note, title="Typed")})
    beat(client, note, {"page": "page-one-0001", "discard": True})
    session = EditSession.objects.get(note=note)
    assert session.text == {}
    assert not session.has_autosave


def test_since_when_is_the_time_today_and_the_date_and_time_before(settings):
    settings.TIME_ZONE = "Europe/Zurich"
    now = timezone.localtime()
    assert since(now) == now.strftime("%H:%M")
    yesterday = since(now - datetime.timedelta(days=1))
    assert (now - datetime.timedelta(days=1)).strftime("%H:%M") in yesterday
    assert str((now - datetime.timedelta(days=1)).year) in yesterday


# -- what a beat may not be --------------------------------------------------------------------


def test_an_oversized_beat_is_refused_with_413_and_a_message(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    huge = fields_of(note, background="x" * (editor_views.MAX_BEAT_BYTES + 1))
    response = beat(client, note, {"page": "page-one-0001", "fields": huge})
    assert response.status_code == 413
    assert response.json()["error"]
    assert not EditSession.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json at all",
        "[1, 2, 3]",
        '{"page": "x y"}',
        '{"fields": {"status": "published"}}',
        '{"fields": {"title": 5}}',
        '{"fields": "title"}',
        '{"version": "three"}',
        '{"version": true}',
    ],
)
def test_a_beat_that_is_not_the_editors_json_is_refused_with_400_and_a_message(
    client, expert, body
):
    note = make_note(expert)
    client.force_login(expert)
    response = client.post(editing_url(note), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not EditSession.objects.exists()


def test_a_beat_has_a_query_budget(client, expert, other_expert, django_assert_max_num_queries):
    note = make_note(expert)
    note.authors.add(other_expert)
    session_of(note, other_expert)
    client.force_login(expert)
    beat(client, note)  # creates the session
    body = {"page": "page-one-0001", "fields": fields_of(note, title="Typed")}
    with django_assert_max_num_queries(11):
        assert beat(client, note, body).status_code == 200


# -- after a save ------------------------------------------------------------------------------


def test_a_successful_save_clears_the_autosave_and_names_the_saved_browser_copy(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    beat(client, note, {"page": "page-one-0001", "fields": fields_of(note, title="Typed")})
    data = edit_data(note, title="Typed", editor_copy="copy-token-0001")
    assert client.post(edit_url(note), data).status_code == 302
    session = EditSession.objects.get(note=note)
    assert not session.has_autosave
    page = client.get(edit_url(note))
    assert 'data-saved-copies="copy-token-0001"' in page.text


def test_a_refused_save_keeps_the_autosave(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    beat(client, note, {"page": "page-one-0001", "fields": fields_of(note, title="Typed")})
    too_long = edit_data(note, message="x" * 400, editor_copy="copy-token-0002")
    response = client.post(edit_url(note), too_long)
    assert response.status_code == 200  # the form again, with the error
    assert 'data-state="unsaved"' in response.text
    assert "copy-token-0002" not in response.text
    assert EditSession.objects.get(note=note).has_autosave


# -- the editor page -------------------------------------------------------------------------


def test_the_editor_page_shows_who_else_is_editing(client, expert, second_reviewer, reviewer):
    note = make_note(expert)
    note.authors.add(second_reviewer)
    started = timezone.now() - datetime.timedelta(minutes=3)
    session_of(note, second_reviewer, started_at=started)
    session_of(note, reviewer, seen_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(expert)
    page = client.get(edit_url(note)).text
    assert f"Rita Second has been editing since {since(started)}" in page
    assert "Robin Reviewer" not in page
    assert f'data-editing-url="{editing_url(note)}"' in page


def test_the_editor_page_offers_back_the_text_the_server_kept(client, expert):
    note = make_note(expert, highlights="Saved.")
    client.force_login(expert)
    beat(client, note, {"page": "page-one-0001", "fields": fields_of(note, highlights="Typed.")})
    kept_at = since(EditSession.objects.get(note=note).autosaved_at)
    page = client.get(edit_url(note)).text
    assert f"You have unsaved text from {kept_at}." in page
    assert "?restore=autosave" in page
    assert 'data-state="saved"' in page


def test_no_offer_when_the_kept_text_is_what_the_note_holds(client, expert):
    note = make_note(expert, highlights="Line one\nLine two")
    client.force_login(expert)
    same = fields_of(note, highlights="Line one\r\nLine two")  # only the line endings differ
    beat(client, note, {"page": "page-one-0001", "fields": same})
    assert "You have unsaved text" not in client.get(edit_url(note)).text


def test_restore_puts_the_kept_text_and_its_version_in_the_form(client, expert):
    note = make_note(expert, highlights="Saved.")
    client.force_login(expert)
    typed = fields_of(note, highlights="Typed on version one.")
    body = {"page": "page-one-0001", "fields": typed, "version": note.version, "base_revision": 1}
    beat(client, note, body)
    note.objectives = "Someone else saved meanwhile."
    note.save_draft(by=expert)
    response = client.get(edit_url(note), {"restore": "autosave"})
    form = response.context["form"]
    assert form["highlights"].value() == "Typed on version one."
    assert form["expected_version"].value() == 1
    assert form["base_revision"].value() == 1
    assert "is back in the form. It is not saved yet: save it now." in response.text
    assert 'data-state="unsaved"' in response.text
    # Saved from there, the other person's section and this one are both kept.
    data = {field: form[field].value() for field in FIELDS}
    data |= {"expected_version": 1, "base_revision": 1, "save": "", "message": ""}
    assert client.post(edit_url(note), data).status_code == 302
    note.refresh_from_db()
    assert note.highlights == "Typed on version one."
    assert note.objectives == "Someone else saved meanwhile."


def test_the_editor_pages_queries_do_not_grow_with_other_editors_or_kept_text(
    client, expert, other_expert
):
    note = make_note(expert)
    note.authors.add(other_expert)
    client.force_login(expert)
    with CaptureQueriesContext(connection) as alone:
        client.get(edit_url(note))
    session_of(note, other_expert)
    beat(client, note, {"page": "page-one-0001", "fields": fields_of(note, title="Typed")})
    with CaptureQueriesContext(connection) as together:
        client.get(edit_url(note))
    assert len(together) == len(alone)


# -- signed out, signed in again, or an expired form -----------------------------------------


def test_the_sign_in_page_says_the_text_is_kept_when_it_comes_from_the_editor(client, expert):
    note = make_note(expert)
    response = client.post(edit_url(note), edit_data(note, title="Typed"))
    assert response.status_code == 302
    sign_in = client.get(response["Location"])
    assert "your unsaved text is kept in this browser" in sign_in.text
    assert "kept in this browser" not in client.get(reverse("login"), {"next": "/staff/"}).text
    assert Note.objects.get(pk=note.pk).title == note.title


def test_the_csrf_cookie_is_readable_by_the_editor_script():
    assert not settings.CSRF_COOKIE_HTTPONLY
    assert not settings.CSRF_USE_SESSIONS


def test_a_form_token_from_before_signing_in_again_is_refused_but_the_cookie_value_passes(
    expert,
):
    """What the editor script does before sending: the token from the cookie, which signing in
    again (in another tab) changed."""
    note = make_note(expert)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(expert)
    editor = browser.get(edit_url(note))
    old_token = editor.context["csrf_token"]
    browser.post(reverse("logout"), {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    login = browser.get(reverse("login"))
    signed_in = browser.post(
        reverse("login"),
        {
            "username": "expert",
            "password": "secret",
            "csrfmiddlewaretoken": login.context["csrf_token"],
        },
    )
    assert signed_in.status_code == 302
    stale = browser.post(
        edit_url(note), edit_data(note, title="Typed", csrfmiddlewaretoken=old_token)
    )
    assert stale.status_code == 403
    fresh = edit_data(note, title="Typed", csrfmiddlewaretoken=browser.cookies["csrftoken"].value)
    assert browser.post(edit_url(note), fresh).status_code == 302
    assert Note.objects.get(pk=note.pk).title == "Typed"


def test_a_refused_form_gets_a_page_in_the_staff_layout_that_leads_back(expert):
    note = make_note(expert)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(expert)
    referer = f"http://testserver{edit_url(note)}"
    response = browser.post(edit_url(note), edit_data(note, title="Typed"), HTTP_REFERER=referer)
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403_csrf.html", "staff/base.html"]
    assert "Nothing was saved." in response.text
    assert "it is kept in this browser" in response.text
    assert f'href="{edit_url(note)}"' in response.text
    assert "Back to the editor" in response.text
    note.refresh_from_db()
    assert note.title != "Typed"
    assert note.revisions.count() == 1
    assert not EditSession.objects.exists()


def test_a_refused_form_from_elsewhere_leads_to_the_dashboard(expert):
    note = make_note(expert)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(expert)
    response = browser.post(
        edit_url(note), edit_data(note), HTTP_REFERER="https://elsewhere.example/staff/notes/"
    )
    assert response.status_code == 403
    assert f'href="{reverse("staff-dashboard")}"' in response.text
    assert "Back to the editor" not in response.text


def test_a_refused_sign_in_gets_the_public_layout(db):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "public/base.html" in [t.name for t in response.templates]
    assert "Nothing was saved." in response.text


def test_a_refused_beat_answers_json(expert):
    note = make_note(expert)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(expert)
    response = browser.post(
        editing_url(note), "{}", content_type="application/json", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]
    assert not EditSession.objects.exists()
