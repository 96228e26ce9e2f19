"""Production's static files storage: hashed names from the manifest, each address worked out
once per process (outreach/staticfiles.py)."""

import json
from unittest import mock

import pytest

from outreach.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text("body{}")
    (tmp_path / "css" / "site.5f3a9e1b2c4d.css").write_text("body{}")
    manifest = {"paths": {"css/site.css": "css/site.5f3a9e1b2c4d.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_a_file_is_addressed_by_its_hashed_name(storage):
    assert storage.url("css/site.css") == "/static/css/site.5f3a9e1b2c4d.css"


def test_the_manifest_is_read_once_per_file(storage):
    storage.url("css/site.css")
    with mock.patch.object(StaticFilesStorage, "stored_name", side_effect=AssertionError) as read:
        assert storage.url("css/site.css") == "/static/css/site.5f3a9e1b2c4d.css"
    assert read.call_count == 0


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
