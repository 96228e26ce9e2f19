"""The published document (header, numbered sections, footnote), rendered once and kept.

A published revision never changes, so its document is rendered when it is first needed and
stored on the revision with a fingerprint of what rendered it: the document templates, the
Markdown renderer and the translations. A deployment that changes any of them changes the
fingerprint, and each document is rendered again the next time it is read (or all at once with
`manage.py render_documents`). A reader's page then costs one stored string instead of four
Markdown sections and the header's templates.

The document is rendered in the note's language, whatever the reader's interface language:
the headings, header labels and disclaimer belong to the note."""

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from events.templatetags import event_states
from notes import markdown
from notes.templatetags import notes_disclaimer

TEMPLATE = "notes/_document.html"
# Every template the document includes: a change to any of them renders the documents again.
TEMPLATES = (TEMPLATE, "events/_dates.html", "events/_states.html")
# And the code they call.
MODULES = (markdown, event_states, notes_disclaimer)
LIBRARIES = ("django", "markdown-it-py", "nh3")
# What a page that shows the stored document need not read of the live revision.
SOURCE_FIELDS = tuple(
    f"live_revision__{name}"
    for name in ("objectives", "background", "highlights", "additional_comments")
)


def _compute_fingerprint():
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    for module in MODULES:
        digest.update(Path(module.__file__).read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library}={version(library)}".encode())
    for folder in map(Path, settings.LOCALE_PATHS):
        for catalogue in sorted(folder.glob("*/LC_MESSAGES/*.mo")):
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:16]


_cached_fingerprint = functools.cache(_compute_fingerprint)


def fingerprint():
    """What renders documents in this process. Read again on every call in development, where
    templates are edited while the server runs."""
    return _compute_fingerprint() if settings.DEBUG else _cached_fingerprint()


def render(note, revision):
    context = {"note": note, "revision": revision, "disclaimer": revision.disclaimer}
    with translation.override(note.language):
        return render_to_string(TEMPLATE, context)


def is_current(revision):
    return bool(revision.document_html) and revision.document_fingerprint == fingerprint()


def store(note, revision):
    """Render the revision's document and keep it; returns the HTML."""
    from notes.models import Revision

    html = render(note, revision)
    current = fingerprint()
    Revision.objects.filter(pk=revision.pk).update(document_html=html, document_fingerprint=current)
    revision.document_html, revision.document_fingerprint = html, current
    return html


def published_document(note):
    """The live revision's document as safe HTML: the stored one when it is current."""
    revision = note.live_revision
    if is_current(revision):
        return mark_safe(revision.document_html)  # nosec B308 B703 # rendered by our template
    if revision.get_deferred_fields():
        # The page asked only for the stored document; rendering needs the whole revision.
        revision = type(revision).objects.select_related("disclaimer").get(pk=revision.pk)
    return mark_safe(store(note, revision))  # nosec B308 B703 # rendered by our template
