import io

import pytest
from django.core.management import call_command

from notes.models import Note

pytestmark = pytest.mark.django_db


def test_bench_data_publishes_notes_and_prints_public_paths_that_answer(client):
    out = io.StringIO()
    call_command("bench_data", "3", stdout=out)
    assert Note.objects.published().count() == 3
    paths = out.getvalue().split()
    assert "/" in paths
    for path in paths:
        assert client.get(path).status_code == 200, path
