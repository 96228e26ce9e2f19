"""Every admin page loads, and the admin obeys the workflow like everything else."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from notes.models import Disclaimer, Note, Transition
from notes.tasks import notify_transition
from tests.helpers import inline_management, make_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Production queues background work in the database, and the admin lists it: one task.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        notify_transition.enqueue(Transition.objects.first().pk)


def admin_urls():
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        yield model, model_admin, info


@pytest.fixture
def superuser_client(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.mark.parametrize(("model", "model_admin", "info"), list(admin_urls()), ids=lambda v: str(v))
def test_every_admin_changelist_add_and_change_page_loads(
    superuser_client, model, model_admin, info
):
    changelist = superuser_client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert changelist.status_code == 200
    search = superuser_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "a"})
    assert search.status_code == 200
    add = superuser_client.get(reverse("admin:{}_{}_add".format(*info)))
    assert add.status_code == (200 if model_admin.has_add_permission(add.wsgi_request) else 403)
    obj = model.objects.first()
    assert obj is not None, f"the demo data has no {model.__name__}"
    change = superuser_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert change.status_code == 200


def test_the_admin_index_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "Log in" in response.content.decode()


def test_the_status_of_a_note_cannot_be_typed_in_the_admin(superuser_client):
    note = Note.objects.get(slug="country-visit-viet-nam-2026")
    page = superuser_client.get(reverse("admin:notes_note_change", args=[note.pk])).content.decode()
    assert 'name="status"' not in page
    assert 'name="live_revision"' not in page


def test_the_admin_publish_action_refuses_a_reviewers_own_note(client, reviewer, expert):
    reviewer.is_staff = True
    reviewer.save()
    own = make_note(reviewer)
    own.submit(by=reviewer)
    other = make_note(expert)
    other.submit(by=expert)
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:notes_note_changelist"),
        {"action": "publish_notes", "_selected_action": [own.pk, other.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "another reviewer must review it" in text
    assert "1 note done." in text
    assert Note.objects.get(pk=own.pk).status == Note.Status.IN_REVIEW
    assert Note.objects.get(pk=other.pk).status == Note.Status.PUBLISHED


def test_the_publish_action_is_not_offered_to_experts(client, expert):
    expert.is_staff = True
    expert.save()
    make_note(expert)
    client.force_login(expert)
    page = client.get(reverse("admin:notes_note_changelist")).content.decode()
    assert "submit_notes" in page
    assert "publish_notes" not in page
    assert "withdraw_notes" not in page


def test_an_admin_edit_keeps_a_revision(superuser_client):
    note = Note.objects.get(slug="country-visit-viet-nam-2026")
    url = reverse("admin:notes_note_change", args=[note.pk])
    data = {
        "event": note.event_id,
        "language": "en",
        "slug": note.slug,
        "title": "",
        "objectives": note.objectives,
        "background": "Corrected in the admin.",
        "highlights": note.highlights,
        "additional_comments": note.additional_comments,
        "authors": [a.pk for a in note.authors.all()],
        "expected_version": note.version,
        **inline_management("revisions"),
        **inline_management("transitions"),
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    note.refresh_from_db()
    assert note.background == "Corrected in the admin."
    assert note.latest_revision.message == "Edited in the admin"


def test_a_stale_admin_edit_is_refused_with_a_message(superuser_client):
    note = Note.objects.get(slug="country-visit-viet-nam-2026")
    url = reverse("admin:notes_note_change", args=[note.pk])
    data = {
        "event": note.event_id,
        "language": "en",
        "slug": note.slug,
        "background": "Stale edit",
        "authors": [a.pk for a in note.authors.all()],
        "expected_version": note.version - 1 if note.version > 1 else 99,
        **inline_management("revisions"),
        **inline_management("transitions"),
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this note" in response.content.decode()
    assert Note.objects.get(pk=note.pk).background != "Stale edit"


def test_a_disclaimer_used_by_published_notes_cannot_be_edited_or_deleted(superuser_client):
    used = Disclaimer.objects.in_force()
    page = superuser_client.get(
        reverse("admin:notes_disclaimer_change", args=[used.pk])
    ).content.decode()
    assert 'name="text"' not in page
    delete = superuser_client.get(reverse("admin:notes_disclaimer_delete", args=[used.pk]))
    assert delete.status_code == 403


def test_the_put_in_force_action_switches_the_version_in_force(superuser_client):
    new = Disclaimer.objects.create(text="New footnote.", contact_line="Contact us.")
    superuser_client.post(
        reverse("admin:notes_disclaimer_changelist"),
        {"action": "put_in_force", "_selected_action": [new.pk]},
    )
    assert Disclaimer.objects.in_force() == new
