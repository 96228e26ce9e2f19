"""Every string the code and templates mark for translation is translated in the five
catalogues (Arabic, Chinese, French, Russian, Spanish; English is the source), with no fuzzy
entry, the same placeholders, and a compiled catalogue that matches.

The strings are read from the source here, in Python (the templates through Django's own
`templatize`, the code through `ast`), so the test needs no gettext tools: a string added
without its translations fails it, naming the string and where it is used."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
LANGUAGES = ["ar", "es", "fr", "ru", "zh_Hans"]
# What makemessages reads: the apps and the templates, not the tests, the benchmark or packages.
SOURCES = ["accounts", "audit", "contacts", "events", "notes", "outreach", "templates"]
GETTEXT = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "pgettext_lazy": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
    "npgettext_lazy": ("context", "msgid", "plural"),
}
# A call in templatize's output: a gettext function and its leading string arguments.
TEMPLATE_CALL = re.compile(
    r"\b(" + "|".join(GETTEXT) + r")\(((?:\s*u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,?)+)"
)
STRING = re.compile(r"u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _message(function, strings, where):
    roles = dict(zip(GETTEXT[function], strings, strict=False))
    return (roles.get("context"), roles["msgid"]), where


def _from_python(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT:
            continue
        strings = []
        for arg in node.args[: len(GETTEXT[name])]:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            strings.append(arg.value)
        if len(strings) >= len(GETTEXT[name]) - ("plural" in GETTEXT[name]):
            yield _message(name, strings, f"{path.relative_to(ROOT)}:{node.lineno}")


def _from_template(path):
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in TEMPLATE_CALL.finditer(code):
        strings = [ast.literal_eval(s.lstrip("u")) for s in STRING.findall(match.group(2))]
        yield _message(match.group(1), strings, str(path.relative_to(ROOT)))


def marked_strings():
    """{(context, msgid): where it is used} for every string marked for translation."""
    found = {}
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py":
                messages = _from_python(path)
            elif path.suffix in (".html", ".txt") and folder == "templates":
                messages = _from_template(path)
            else:
                continue
            for key, where in messages:
                if key[1]:
                    found.setdefault(key, where)
    return found


@pytest.fixture(scope="module")
def strings():
    return marked_strings()


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def test_the_source_strings_are_found(strings):
    """The reader of the source sees the strings it must: a guard against a reader that finds
    nothing and so lets every catalogue pass."""
    assert ("participating States", "%(count)s, including %(names)s") in strings
    assert (None, "Information Note") in strings
    assert (None, "%(counter)s State") in strings
    assert len(strings) > 900


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(language, strings):
    entries = {(e.msgctxt, e.msgid): e for e in catalogue(language) if not e.obsolete}
    missing = [
        f"{msgid!r} ({where})"
        for (ctx, msgid), where in strings.items()
        if (ctx, msgid) not in entries
    ]
    assert missing == [], f"{language}: not in the catalogue (run makemessages): {missing[:20]}"
    untranslated = [
        f"{entries[key].msgid!r} ({where})"
        for key, where in strings.items()
        if not entries[key].translated()
    ]
    assert untranslated == [], f"{language}: not translated: {untranslated[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_fuzzy_and_each_keeps_its_placeholders(language):
    po = catalogue(language)
    assert [e.msgid for e in po.fuzzy_entries()] == []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            # A form may name its number in words, or name it where English's singular does not.
            allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
            for text in entry.msgstr_plural.values():
                found = set(PLACEHOLDER.findall(text))
                assert found <= allowed, f"{language}: {entry.msgid_plural!r} → {text!r}"
        else:
            found = sorted(PLACEHOLDER.findall(entry.msgstr))
            wanted = sorted(PLACEHOLDER.findall(entry.msgid))
            assert found == wanted, f"{language}: {entry.msgid!r} → {entry.msgstr!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    """The .mo files are committed (a new machine needs no gettext tools): each must hold
    exactly the translations of its .po."""
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def pairs(entries):
        return {
            (e.msgctxt, e.msgid): (dict(e.msgstr_plural) if e.msgid_plural else e.msgstr)
            for e in entries
            if e.msgid
        }

    expected = pairs(po.translated_entries())
    compiled = {
        key: ({int(k): v for k, v in value.items()} if isinstance(value, dict) else value)
        for key, value in pairs(mo).items()
    }
    expected = {
        key: ({int(k): v for k, v in value.items()} if isinstance(value, dict) else value)
        for key, value in expected.items()
    }
    assert compiled == expected, f"{language}: compile the catalogue again (make messages)"
