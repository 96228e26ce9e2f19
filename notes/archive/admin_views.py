"""The archive import in the admin: upload files, see what a dry run would do, confirm.

Between the preview and the confirmation the uploaded files wait in the cache (Redis in
production, so any app server can take the confirmation), under a token named in the session;
the confirmation imports exactly the files that were previewed, without asking for them again.
They are removed on confirm or cancel, and an abandoned preview expires after a day: nothing
is written to the server's disk. If the preview has expired, the page asks to upload again.
"""

import secrets
from collections import Counter
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notes.archive.extract import SUFFIXES
from notes.archive.importer import CREATED, FAILED, UNCHANGED, UPDATED, import_files

SESSION_KEY = "notes_archive_import"
PREVIEW_LIFETIME = 24 * 60 * 60  # seconds: an abandoned preview is gone the next day


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ArchiveUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Note files"),
        help_text=gettext_lazy(
            "Text (.txt, .md), Word (.docx) or PDF with a text layer; select several at once."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        wrong = [file.name for file in files if Path(file.name).suffix.lower() not in SUFFIXES]
        if wrong:
            raise forms.ValidationError(
                _("Not a supported format: %(names)s.") % {"names": ", ".join(wrong)}
            )
        return files


def import_archive(request, model_admin):
    """GET: the upload form. POST: preview an upload, or confirm or cancel the last preview."""
    if not request.user.has_perm("notes.review_note"):
        raise PermissionDenied(_("Only reviewers can import notes: imported notes are published."))
    if "confirm" in request.POST or "cancel" in request.POST:
        return _finish(request, model_admin)
    form = ArchiveUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        return _preview(request, model_admin, form.cleaned_data["files"])
    return _render(request, model_admin, {"form": form})


def _preview(request, model_admin, files):
    _discard(request)
    token = secrets.token_urlsafe(16)
    sources = [(Path(upload.name).name, upload.read()) for upload in files]
    cache.set(_key(token), sources, PREVIEW_LIFETIME)
    request.session[SESSION_KEY] = token
    outcomes = list(import_files(sources, publisher=request.user, dry_run=True))
    counts = Counter(outcome.status for outcome in outcomes)
    context = {"outcomes": outcomes, "counts": counts, "token": token}
    context["can_confirm"] = counts[CREATED] + counts[UPDATED] > 0
    return _render(request, model_admin, context)


def _finish(request, model_admin):
    sources = _previewed(request)
    changelist = reverse("admin:notes_note_changelist")
    if sources is None:
        messages.error(request, _("This preview has expired: upload the files again."))
        return redirect(reverse("admin:notes_note_import"))
    if "cancel" in request.POST:
        _discard(request)
        messages.info(request, _("Import cancelled: nothing was written."))
        return redirect(changelist)
    outcomes = list(import_files(sources, publisher=request.user))
    _discard(request)
    _report(request, outcomes)
    return redirect(changelist)


def _report(request, outcomes):
    counts = Counter(outcome.status for outcome in outcomes)
    summary = _(
        "%(files)d files read: %(created)d notes created, %(updated)d updated, "
        "%(unchanged)d unchanged, %(failed)d failed."
    ) % {
        "files": len(outcomes),
        "created": counts[CREATED],
        "updated": counts[UPDATED],
        "unchanged": counts[UNCHANGED],
        "failed": counts[FAILED],
    }
    messages.add_message(request, messages.WARNING if counts[FAILED] else messages.SUCCESS, summary)
    for outcome in outcomes:
        if outcome.status == FAILED:
            # Not "name: ..." first: the admin capitalises messages, and file names are exact.
            messages.error(
                request,
                _("Not imported: %(name)s – %(detail)s")
                % {"name": outcome.name, "detail": outcome.detail},
            )


def _key(token):
    return f"notes:archive-preview:{token}"


def _previewed(request):
    """The (name, content) of the files of the preview the posted form shows, if still kept."""
    token = request.session.get(SESSION_KEY)
    if not token or token != request.POST.get("token"):
        return None
    return cache.get(_key(token))


def _discard(request):
    token = request.session.pop(SESSION_KEY, None)
    if token:
        cache.delete(_key(token))


def _render(request, model_admin, context):
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Import notes from the archive"),
        **context,
    }
    return TemplateResponse(request, "admin/notes/note/import_archive.html", context)
