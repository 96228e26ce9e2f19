"""Fixed personas: expert, other expert, reviewer, a second reviewer, admin, anonymous."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from notes.page_cache import recent_pages
from tests.helpers import make_user, reload_migrated_data


@pytest.fixture
def expert(db):
    return make_user("expert", "Experts", first_name="Erin", last_name="Expert")


@pytest.fixture
def other_expert(db):
    return make_user("other", "Experts", first_name="Oscar", last_name="Other")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", "Reviewers", first_name="Robin", last_name="Reviewer")


@pytest.fixture
def second_reviewer(db):
    return make_user("reviewer2", "Reviewers", first_name="Rita", last_name="Second")


@pytest.fixture
def admin_user(db):
    return make_user("admin", "Administrators", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page: a rolled-back test leaves the publication
    generation where it found it, so the next test would otherwise read its pages."""
    cache.clear()
    recent_pages.clear()
    yield
    cache.clear()
    recent_pages.clear()


@pytest.fixture(autouse=True)
def _migrated_data_in_transactional_tests(request):
    """Transactional tests (live server, real commits) are flushed afterwards, which empties
    what the data migrations loaded; load it again before each such test."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        # The flush, or the restore of a serialized database, renumbered the content types:
        # their cache would name rows that are gone (the audit trail points to them).
        ContentType.objects.clear_cache()
        reload_migrated_data()
