"""The repository stands on its own: a clone with nothing beside it builds, runs and tests."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Folders made by the set-up or by running the app, not part of the repository.
NOT_OURS = {".git", ".venv", "node_modules", "artifacts", "staticfiles", "__pycache__"}
# A relative path that climbs into a sibling folder of the repository.
CLIMBS = re.compile(r"\.\./\w")
# Path(__file__).resolve().parents[N]: outside the repository when N passes its root.
PARENT = re.compile(r"parents\[(\d+)\]")


def repository_files():
    for path in ROOT.rglob("*"):
        if path.is_file() and not NOT_OURS & set(path.relative_to(ROOT).parts):
            yield path


def test_it_reads_nothing_outside_the_repository():
    offenders = []
    for path in repository_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary files (samples, images) hold no paths
        depth = len(path.relative_to(ROOT).parts) - 1
        for number, line in enumerate(text.splitlines(), 1):
            climbs = any(int(n) > depth for n in PARENT.findall(line))
            if climbs or CLIMBS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_real_archive_sample_is_in_the_repository():
    sample = ROOT / "tests" / "samples" / "notes" / "irkutsk-2009-original.txt"
    assert "Irkutsk" in sample.read_text(encoding="utf-8")


def test_the_readme_points_to_the_architecture_inside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme
    assert (ROOT / "docs" / "architecture.md").is_file()


def test_the_application_uses_no_test_tools_at_run_time():
    """Test helpers such as override_settings change settings for the whole process."""
    code = [
        path
        for path in repository_files()
        if path.suffix == ".py" and path.relative_to(ROOT).parts[0] != "tests"
    ]
    assert code
    assert [str(p.relative_to(ROOT)) for p in code if "django.test" in p.read_text()] == []
