"""The cache of public pages (notes/page_cache.py): what is kept, under which key, and that no
reader sees a page older than the last change the public can see."""

import datetime

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from contacts.models import Organization
from events.models import Event
from notes.models import Disclaimer, PublicationGeneration, Revision
from notes.page_cache import RecentPages, is_keepable, normalised_query, page_key, recent_pages
from tests.helpers import (
    event_form_data,
    in_review,
    make_event,
    make_organization,
    make_published_note,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


def key(path, generation=1, today=TODAY, **extra):
    return page_key(RequestFactory().get(path, **extra), generation, today)


def cached_pages():
    return [k for k in cache._cache if "public-page:" in k]  # the local-memory cache of tests


# -- the key -----------------------------------------------------------------------------------


def test_the_key_changes_with_every_generation():
    keys = {key("/notes/", generation) for generation in range(1, 50)}
    assert len(keys) == 49


def test_a_bump_moves_the_generation_on():
    before = PublicationGeneration.objects.current()
    PublicationGeneration.objects.bump()
    PublicationGeneration.objects.bump()
    assert PublicationGeneration.objects.current() == before + 2


def test_a_bump_makes_the_row_when_it_is_gone():
    PublicationGeneration.objects.all().delete()
    assert PublicationGeneration.objects.current() == 0
    PublicationGeneration.objects.bump()
    assert PublicationGeneration.objects.current() == 1


def test_the_key_changes_with_the_day_because_events_stop_being_upcoming():
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert key("/events/") != key("/events/", today=tomorrow)


def test_the_key_ignores_the_order_of_parameters():
    assert key("/notes/?q=water&year=2020") == key("/notes/?year=2020&q=water")
    assert normalised_query("b=2&a=1&c=") == "a=1&b=2&c="


def test_an_empty_parameter_is_a_different_page():
    # A sitemap section answers ?p= with 404, and its first page without it.
    assert key("/sitemap-notes.xml?p=") != key("/sitemap-notes.xml")


def test_the_key_keeps_the_order_of_a_repeated_parameter():
    # A filter reads the last value given: these two are different lists.
    assert key("/notes/?state=AUT&state=FRA") != key("/notes/?state=FRA&state=AUT")
    assert normalised_query("z=1&a=2&z=0") == "a=2&z=1&z=0"


@pytest.mark.parametrize(
    "other",
    ["/notes/?q=waters", "/notes/?q=water&page=2", "/events/?q=water", "/notes/?Q=water"],
)
def test_the_key_tells_different_pages_apart(other):
    assert key("/notes/?q=water") != key(other)


def test_the_key_tells_hosts_and_schemes_apart():
    # Feeds and the sitemap write absolute addresses.
    assert key("/feeds/notes.atom") != key("/feeds/notes.atom", HTTP_HOST="localhost")
    assert key("/feeds/notes.atom") != key("/feeds/notes.atom", secure=True)


# -- what is kept ------------------------------------------------------------------------------


def public(response):
    response["Cache-Control"] = "public, max-age=300"
    return response


def test_a_response_that_sets_a_cookie_is_never_kept():
    response = public(HttpResponse("token"))
    response.set_cookie("csrftoken", "secret")
    assert not is_keepable(response)


@pytest.mark.parametrize("status", [302, 400, 403, 404, 500])
def test_only_pages_and_gone_notes_are_kept(status):
    assert is_keepable(public(HttpResponse(status=200)))
    assert is_keepable(public(HttpResponse(status=410)))
    assert not is_keepable(public(HttpResponse(status=status)))


def test_a_response_not_marked_public_is_never_kept():
    assert not is_keepable(HttpResponse("staff"))
    private = HttpResponse()
    private["Cache-Control"] = "private, no-store, public"
    assert not is_keepable(private)


# -- served from the cache ---------------------------------------------------------------------


def queries_of(client, path, **extra):
    """How many queries answering this request took: 1 (the generation) when it came from the
    cache."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, **extra)
    assert response.status_code in (200, 410)
    return len(context)


def test_an_anonymous_reader_is_served_the_kept_page(client, expert, reviewer):
    note = make_published_note(expert, reviewer, title="Border controls in the Sahel")
    assert "Border controls in the Sahel" in client.get("/notes/").content.decode()
    # A write that goes round the workflow (no bump) does not show: the page came from the cache.
    Revision.objects.filter(pk=note.live_revision_id).update(title="Changed behind its back")
    assert "Border controls in the Sahel" in client.get("/notes/").content.decode()
    assert queries_of(client, "/notes/") == 1
    PublicationGeneration.objects.bump()
    assert "Changed behind its back" in client.get("/notes/").content.decode()
    assert len(cached_pages()) == 2  # the page in the old and in the new generation


def test_a_kept_page_answers_not_modified_to_a_reader_who_has_it(
    client, expert, reviewer, django_assert_num_queries
):
    make_published_note(expert, reviewer)
    first = client.get("/notes/")
    etag = first["ETag"]
    with django_assert_num_queries(1):
        again = client.get("/notes/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert "Cookie" in again["Vary"]


@pytest.mark.parametrize("path", ["/", "/notes/", "/events/", "/countries/", "/feeds/notes.atom"])
def test_every_public_page_carries_a_validator(client, expert, reviewer, path):
    make_published_note(expert, reviewer)
    response = client.get(path)
    assert response.has_header("ETag")
    assert client.get(path, headers={"if-none-match": response["ETag"]}).status_code == 304


def test_a_page_that_showed_a_message_is_not_kept(client):
    response = client.get("/notes/?year=not-a-year")
    assert "Not understood" in response.content.decode()
    assert cached_pages() == []


def test_a_reader_with_a_message_waiting_is_not_served_from_the_cache(client, expert, reviewer):
    make_published_note(expert, reviewer)
    client.get("/notes/")
    assert queries_of(client, "/notes/") == 1
    waiting = Client()
    waiting.cookies[CookieStorage.cookie_name] = "pending"
    assert queries_of(waiting, "/notes/") > 1


def test_a_signed_in_user_is_never_served_from_the_cache_nor_kept(client, expert, reviewer):
    make_published_note(expert, reviewer)
    assert "Staff sign-in" in client.get("/notes/").content.decode()
    kept = cached_pages()
    staff = Client()
    staff.force_login(reviewer)
    for _ in range(2):
        page = staff.get("/notes/").content.decode()
        assert "Staff pages" in page
        assert "Staff sign-in" not in page
        assert queries_of(staff, "/notes/") > 1
    assert cached_pages() == kept


def test_a_post_is_never_answered_from_the_cache(client, expert, reviewer):
    make_published_note(expert, reviewer)
    client.get("/notes/")
    assert client.post("/notes/").status_code == 405


# -- every change the public can see is seen on the next request -------------------------------


def test_a_publication_shows_on_the_next_request(client, expert, reviewer):
    make_published_note(expert, reviewer, title="The first note")
    note = in_review(expert, title="A note just published")
    for path in ["/", "/notes/", "/feeds/notes.atom"]:
        assert "A note just published" not in client.get(path).content.decode()
    note.publish(by=reviewer)
    for path in ["/", "/notes/", "/feeds/notes.atom"]:
        assert "A note just published" in client.get(path).content.decode(), path
    assert client.get(note.get_absolute_url()).status_code == 200


def test_a_withdrawal_shows_on_the_next_request(client, expert, reviewer):
    note = make_published_note(expert, reviewer, title="A note soon withdrawn")
    address = note.get_absolute_url()
    assert client.get(address).status_code == 200
    assert "A note soon withdrawn" in client.get("/notes/").content.decode()
    note.withdraw(by=reviewer, reason="Wrong event")
    assert client.get(address).status_code == 410
    assert "A note soon withdrawn" not in client.get("/notes/").content.decode()


def test_an_event_edit_shows_on_the_next_request(client, expert, reviewer):
    event = make_event(title="Workshop in Dakar", is_public=True)
    address = f"/events/{event.slug}/"
    assert "Workshop in Dakar" in client.get(address).content.decode()
    editor = Client()
    editor.force_login(expert)
    data = event_form_data(event, title="Workshop in Saint-Louis")
    assert editor.post(f"/staff/events/{event.pk}/edit/", data).status_code == 302
    assert "Workshop in Saint-Louis" in client.get(address).content.decode()


def test_a_new_public_event_shows_on_the_next_request(client, expert):
    assert "Seminar in Accra" not in client.get("/events/").content.decode()
    editor = Client()
    editor.force_login(expert)
    data = event_form_data(title="Seminar in Accra", is_public="on")
    assert editor.post("/staff/events/new/", data).status_code == 302
    assert "Seminar in Accra" in client.get("/events/").content.decode()


def test_an_organization_renamed_in_the_admin_shows_on_the_next_request(client, admin_user):
    organizer = make_organization("Regional Centre for Peace")
    event = make_event(is_public=True)
    event.organizers.add(organizer)
    address = f"/events/{event.slug}/"
    assert "Regional Centre for Peace" in client.get(address).content.decode()
    staff = Client()
    staff.force_login(admin_user)
    change = f"/admin/contacts/organization/{organizer.pk}/change/"
    data = {"name": "Regional Centre for Peace and Disarmament", "kind": organizer.kind}
    assert staff.post(change, data).status_code == 302, "the admin refused the change"
    assert Organization.objects.get(pk=organizer.pk).name.endswith("Disarmament")
    assert "Regional Centre for Peace and Disarmament" in client.get(address).content.decode()


def test_an_event_deleted_in_the_admin_is_gone_on_the_next_request(client, admin_user):
    event = make_event(title="A public meeting", is_public=True)
    assert "A public meeting" in client.get("/events/").content.decode()
    staff = Client()
    staff.force_login(admin_user)
    delete = f"/admin/events/event/{event.pk}/delete/"
    assert staff.post(delete, {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert "A public meeting" not in client.get("/events/").content.decode()


def test_a_disclaimer_put_in_force_makes_every_page_again(client, expert, reviewer):
    make_published_note(expert, reviewer)
    client.get("/notes/")
    assert queries_of(client, "/notes/") == 1
    before = PublicationGeneration.objects.current()
    Disclaimer.objects.create(text="New footnote.", contact_line="Write to us.").put_in_force()
    assert PublicationGeneration.objects.current() == before + 1
    assert queries_of(client, "/notes/") > 1


def test_a_rolled_back_publication_leaves_the_generation_as_it_was(expert, reviewer):
    note = in_review(expert)
    before = PublicationGeneration.objects.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        note.publish(by=reviewer)
        raise RuntimeError("the publication fails after the bump")
    assert PublicationGeneration.objects.current() == before


# -- the pages each process keeps in front of the shared cache -----------------------------------


def page(size):
    return (200, [], b"x" * size)


def test_recent_pages_drop_the_oldest_once_full():
    pages = RecentPages(max_bytes=100)
    pages.set("a", page(40))
    pages.set("b", page(40))
    assert pages.get("a") is not None  # "a" is now the most recent
    pages.set("c", page(40))
    assert pages.get("b") is None
    assert pages.get("a") is not None and pages.get("c") is not None
    assert pages.size == 80


def test_a_page_larger_than_the_whole_store_is_not_held():
    pages = RecentPages(max_bytes=100)
    pages.set("big", page(101))
    assert pages.get("big") is None and pages.size == 0


def test_a_page_from_the_shared_cache_is_then_served_from_the_process(client, expert, reviewer):
    make_published_note(expert, reviewer)
    client.get("/notes/")
    recent_pages.clear()  # as in another app server, which has only the shared cache
    client.get("/notes/")
    shared = cache.get
    try:
        cache.get = lambda *args, **kwargs: pytest.fail("the shared cache was asked again")
        assert queries_of(client, "/notes/") == 1
    finally:
        cache.get = shared


def test_with_the_cache_off_no_page_is_kept_anywhere(client, expert, reviewer, settings):
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {**settings.CACHES, "default": dummy}  # CACHE_URL=dummy://
    make_published_note(expert, reviewer)
    client.get("/notes/")
    assert queries_of(client, "/notes/") > 1
    assert recent_pages.size == 0


def test_in_development_no_page_is_kept(client, expert, reviewer, settings):
    settings.PUBLIC_PAGE_CACHE = False  # DEBUG=1 without PUBLIC_PAGE_CACHE=1
    make_published_note(expert, reviewer)
    client.get("/notes/")
    assert queries_of(client, "/notes/") > 1
    assert cached_pages() == [] and recent_pages.size == 0
