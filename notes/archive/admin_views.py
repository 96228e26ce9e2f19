"""The archive import in the admin: upload files, see what a dry run would do, confirm.

Between the preview and the confirmation the uploaded files wait in a temporary folder on the
server, named in the session; the confirmation imports exactly the files that were previewed,
without asking for them again. The folder is removed on confirm or cancel (the system's
temporary-files cleaning takes abandoned ones). Behind a load balancer this needs the preview
and the confirmation on the same machine (sticky sessions) or a shared temporary folder; if the
folder is gone, the page asks to upload again.
"""

import shutil
import tempfile
from collections import Counter
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notes.archive.extract import SUFFIXES
from notes.archive.importer import CREATED, FAILED, UNCHANGED, UPDATED, import_files

SESSION_KEY = "notes_archive_import"


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
    folder = Path(tempfile.mkdtemp(prefix="outreach-archive-"))
    for index, upload in enumerate(files):
        with (folder / f"{index:04}-{get_valid_filename(Path(upload.name).name)}").open(
            "wb"
        ) as out:
            for chunk in upload.chunks():
                out.write(chunk)
    request.session[SESSION_KEY] = str(folder)
    outcomes = list(import_files(_sources(folder), publisher=request.user, dry_run=True))
    counts = Counter(outcome.status for outcome in outcomes)
    context = {"outcomes": outcomes, "counts": counts, "token": folder.name}
    context["can_confirm"] = counts[CREATED] + counts[UPDATED] > 0
    return _render(request, model_admin, context)


def _finish(request, model_admin):
    folder = _folder(request)
    changelist = reverse("admin:notes_note_changelist")
    if folder is None:
        messages.error(request, _("This preview has expired: upload the files again."))
        return redirect(reverse("admin:notes_note_import"))
    if "cancel" in request.POST:
        _discard(request)
        messages.info(request, _("Import cancelled: nothing was written."))
        return redirect(changelist)
    outcomes = list(import_files(_sources(folder), publisher=request.user))
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


def _folder(request):
    """The folder of the preview the posted form shows, if it is still there."""
    stored = request.session.get(SESSION_KEY)
    if not stored or Path(stored).name != request.POST.get("token") or not Path(stored).is_dir():
        return None
    return Path(stored)


def _discard(request):
    stored = request.session.pop(SESSION_KEY, None)
    if stored:
        shutil.rmtree(stored, ignore_errors=True)


def _sources(folder):
    # Files are stored as "NNNN-name" so that two uploads with the same name do not collide.
    return [(path.name[5:], path) for path in sorted(folder.iterdir())]


def _render(request, model_admin, context):
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Import notes from the archive"),
        **context,
    }
    return TemplateResponse(request, "admin/notes/note/import_archive.html", context)
