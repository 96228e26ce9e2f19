"""Who may open what under /staff/: every URL × every persona → the expected status code.

The cases come from the URL resolver, so a new staff URL without a line in EXPECTED fails
test_every_staff_url_has_expectations."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contacts import staff_urls as contacts_staff_urls
from events import staff_urls as events_staff_urls
from tests.helpers import make_contact, make_event, make_note

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "expert", "other_expert", "reviewer_author", "reviewer", "admin")


def codes(*statuses):
    return dict(zip(PERSONAS, statuses, strict=True))


MEMBERS = codes(302, 200, 200, 200, 200, 200)
MEMBERS_POST = codes(302, 302, 302, 302, 302, 302)
POST_ONLY = codes(405, 405, 405, 405, 405, 405)
# Authors (the expert and the reviewer who co-wrote it) and the superuser may change a note.
AUTHORS_GET = codes(302, 200, 403, 200, 403, 200)
AUTHORS_POST = codes(302, 302, 403, 302, 403, 302)
# Four-eyes: only a reviewer who did not write the note (or the superuser) reviews it.
REVIEWERS_GET = codes(302, 403, 403, 403, 200, 200)
REVIEWERS_POST = codes(302, 403, 403, 403, 302, 302)
# Withdrawing needs the reviewers' permission; authorship does not matter.
WITHDRAW_GET = codes(302, 403, 403, 200, 200, 200)
WITHDRAW_POST = codes(302, 403, 403, 302, 302, 302)


def note_pk(world):
    return {"pk": world["note"].pk}


def event_pk(world):
    return {"pk": world["event"].pk}


def contact_pk(world):
    return {"pk": world["contact"].pk}


def material_pk(world):
    """A staff-only material of the world's event, its file in the tests' media folder."""
    from django.core.files.base import ContentFile

    from events.models import Material

    upload = ContentFile(b"%PDF-1.4\n", name="agenda.pdf")
    material = Material.objects.create(
        event=world["event"], title="Agenda", original_name="agenda.pdf", size=upload.size,
        content_type="application/pdf", file=upload,
    )  # fmt: skip
    return {"pk": material.pk}


def no_arguments(world):
    return {}


# name: (state of the note, URL arguments, query string, {method: expected codes}, POST data)
EXPECTED = {
    "staff-dashboard": ("draft", no_arguments, "", {"GET": MEMBERS}, None),
    "notes-staff-list": ("draft", no_arguments, "", {"GET": MEMBERS}, None),
    "notes-reports": ("draft", no_arguments, "", {"GET": MEMBERS}, None),
    "notes-reports-xlsx": ("draft", no_arguments, "", {"GET": MEMBERS}, None),
    "notes-reports-csv": ("draft", lambda world: {"table": "experts"}, "", {"GET": MEMBERS}, None),
    "notes-start": (
        "draft",
        lambda world: {"event_pk": world["event"].pk},
        "",
        {"GET": codes(302, 200, 200, 200, 200, 200), "POST": codes(302, 302, 302, 302, 302, 302)},
        lambda world: {"language": "en", "title": "New", "save": ""},
    ),
    "notes-staff-detail": ("draft", note_pk, "", {"GET": MEMBERS}, None),
    "notes-edit": (
        "draft",
        note_pk,
        "",
        {"GET": AUTHORS_GET, "POST": AUTHORS_POST},
        lambda world: {
            "title": "Edited",
            "expected_version": world["note"].version,
            "save": "",
        },
    ),
    "notes-submit": ("draft", note_pk, "", {"GET": POST_ONLY, "POST": AUTHORS_POST}, None),
    "notes-review": ("in_review", note_pk, "", {"GET": REVIEWERS_GET}, None),
    "notes-request-changes": (
        "in_review",
        note_pk,
        "",
        {"GET": POST_ONLY, "POST": REVIEWERS_POST},
        lambda world: {"comment": "Name the States"},
    ),
    "notes-publish": (
        "in_review",
        note_pk,
        "",
        {"GET": POST_ONLY, "POST": REVIEWERS_POST},
        lambda world: {"confirm": ""},
    ),
    "notes-inbox": ("in_review", no_arguments, "", {"GET": MEMBERS}, None),
    "notes-inbox-read-all": (
        "in_review",
        no_arguments,
        "",
        {"GET": POST_ONLY, "POST": codes(302, 302, 302, 302, 302, 302)},
        None,
    ),
    # Only one's own items open: no item 0 is anyone's.
    "notes-inbox-open": (
        "in_review",
        lambda world: {"item_pk": 0},
        "",
        {"GET": POST_ONLY, "POST": codes(302, 404, 404, 404, 404, 404)},
        None,
    ),
    "notes-comment": (
        "draft",
        note_pk,
        "",
        {"GET": POST_ONLY, "POST": codes(302, 302, 403, 302, 302, 302)},
        lambda world: {"text": "A remark"},
    ),
    "notes-take-over": ("in_review", note_pk, "", {"GET": POST_ONLY, "POST": REVIEWERS_POST}, None),
    "notes-schedule": (
        "in_review",
        note_pk,
        "",
        {"GET": POST_ONLY, "POST": REVIEWERS_POST},
        lambda world: {"publish_at": "2999-01-04T09:00", "confirm": ""},
    ),
    "notes-unschedule": (
        "in_review",
        note_pk,
        "",
        {"GET": POST_ONLY, "POST": REVIEWERS_POST},
        None,
    ),
    # The editor's heartbeat: JSON, 401 for the signed out; a form post is "not JSON" (400) once
    # the permission checks have passed.
    "notes-editing": (
        "draft",
        note_pk,
        "",
        {"GET": POST_ONLY, "POST": codes(401, 400, 403, 400, 403, 400)},
        None,
    ),
    "notes-history": ("draft", note_pk, "", {"GET": MEMBERS}, None),
    "notes-compare": ("draft", note_pk, "?a=1&b=2", {"GET": MEMBERS}, None),
    "notes-restore": (
        "draft",
        lambda world: {"pk": world["note"].pk, "number": 1},
        "",
        {"GET": POST_ONLY, "POST": AUTHORS_POST},
        None,
    ),
    "notes-resolve-attention": (
        "draft",
        note_pk,
        "",
        {"GET": POST_ONLY, "POST": AUTHORS_POST},
        None,
    ),
    "notes-withdraw": (
        "published",
        note_pk,
        "",
        {"GET": WITHDRAW_GET, "POST": WITHDRAW_POST},
        lambda world: {"reason": "Wrong date"},
    ),
    "events-staff-list": ("draft", no_arguments, "", {"GET": MEMBERS}, None),
    "events-create": ("draft", no_arguments, "", {"GET": MEMBERS}, None),
    "events-staff-detail": ("draft", event_pk, "", {"GET": MEMBERS}, None),
    "events-edit": ("draft", event_pk, "", {"GET": MEMBERS}, None),
    "events-lookup": (
        "draft",
        lambda world: {"kind": "organizations"},
        "?q=or",
        {"GET": MEMBERS},
        None,
    ),
    # Experts and reviewers may add an organization from the event form: 201 with its JSON.
    "events-organization-add": (
        "draft",
        no_arguments,
        "",
        {"GET": POST_ONLY, "POST": codes(302, 201, 201, 201, 201, 201)},
        lambda world: {"new_organization-name": "Ministère de l'Intérieur (Côte d'Ivoire)"},
    ),
    # Materials: every member may attach, change and delete them; with no file posted, the
    # upload goes back to the event's page with a message.
    "events-materials-upload": (
        "draft",
        event_pk,
        "",
        {"GET": POST_ONLY, "POST": MEMBERS_POST},
        None,
    ),
    "events-material-file": ("draft", material_pk, "", {"GET": MEMBERS}, None),
    "events-material-public": (
        "draft",
        material_pk,
        "",
        {"GET": POST_ONLY, "POST": MEMBERS_POST},
        lambda world: {"is_public": "1"},
    ),
    "events-material-delete": (
        "draft",
        material_pk,
        "",
        {"GET": POST_ONLY, "POST": MEMBERS_POST},
        None,
    ),
    "contacts-list": ("draft", no_arguments, "", {"GET": MEMBERS}, None),
    "contacts-create": ("draft", no_arguments, "", {"GET": MEMBERS}, None),
    "contacts-detail": ("draft", contact_pk, "", {"GET": MEMBERS}, None),
    "contacts-edit": ("draft", contact_pk, "", {"GET": MEMBERS}, None),
}


def staff_url_names(patterns=None, prefix=""):
    """The name of every URL pattern under /staff/ (or its route, when it has no name)."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            names += staff_url_names(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("staff/"):
            names.append(pattern.name or route)
    return names


def cases():
    for name in staff_url_names():
        if name not in EXPECTED:
            continue
        for method, expected in EXPECTED[name][3].items():
            for persona in PERSONAS:
                yield pytest.param(
                    name, method, persona, expected[persona], id=f"{name}-{method}-{persona}"
                )


def make_world(state, users):
    """A note written by the expert and a reviewer (the co-author), in `state`, and the other
    objects staff URLs point at."""
    note = make_note(users["expert"])
    note.authors.add(users["reviewer_author"])
    note.highlights = "Second revision."
    note.save_draft(by=users["expert"])
    if state != "draft":
        note.submit(by=users["expert"])
    if state == "published":
        note.publish(by=users["reviewer"])
    return {"note": note, "event": make_event(), "contact": make_contact()}


def test_every_staff_url_has_expectations():
    missing = [name for name in staff_url_names() if name not in EXPECTED]
    assert missing == [], f"add these staff URLs to EXPECTED: {missing}"


@pytest.mark.skipif(
    not events_staff_urls.urlpatterns or not contacts_staff_urls.urlpatterns,
    reason="the staff pages of events and contacts are not in yet",
)
def test_every_expectation_names_a_staff_url_that_exists():
    assert sorted(set(EXPECTED) - set(staff_url_names())) == []


@pytest.mark.parametrize(("name", "method", "persona", "expected"), list(cases()))
def test_staff_url_answers_each_persona_as_expected(
    client,
    name,
    method,
    persona,
    expected,
    expert,
    other_expert,
    second_reviewer,
    reviewer,
    admin_user,
):
    state, arguments, query, _methods, post_data = EXPECTED[name]
    users = {
        "expert": expert,
        "other_expert": other_expert,
        "reviewer_author": second_reviewer,
        "reviewer": reviewer,
        "admin": admin_user,
    }
    world = make_world(state, users)
    if persona != "anonymous":
        client.force_login(users[persona])
    address = reverse(name, kwargs=arguments(world)) + query
    if method == "GET":
        response = client.get(address)
    else:
        response = client.post(address, post_data(world) if post_data else {})
    assert response.status_code == expected
    if persona == "anonymous" and expected == 302:
        assert response["Location"].startswith(reverse("login"))
