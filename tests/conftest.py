"""Fixed personas: expert, other expert, reviewer, a second reviewer, admin, anonymous."""

import pytest

from tests.helpers import make_user


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
