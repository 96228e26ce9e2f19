"""The archive import in the admin: upload files, see what a dry run would do, confirm.

The upload is checked against the limits (limits.py: number and size of the files; for a ZIP,
the files it holds, what they expand to and how much they are compressed) before anything is
kept. The files then wait in the cache (jobs.py; Redis in production, so any app
server and the worker see them) under a token named in the session, and the reading happens in
a task on the worker (tasks.py), never in the request: the page says the files are being
processed and reloads itself until the dry run is done, then shows what the import would do.
The confirmation imports exactly the files that were previewed, again in a task, and the page
reports what was done once it has. Imported notes go to review: another reviewer publishes
them, except the notes that need attention, which become drafts for staff to finish. The
preview shows, per file, what was read, what needs attention and what would be created or
updated (or why not). A cancelled or finished job is removed, and an abandoned one expires after a day: nothing
is written to the server's disk. If the job has expired, the page asks to upload again.
"""

from collections import Counter
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notes.archive import bundles, jobs
from notes.archive.extract import SUFFIXES
from notes.archive.importer import CREATED, FAILED, IN_REVIEW, TO_FINISH, UNCHANGED, UPDATED
from notes.archive.limits import current
from notes.archive.tasks import preview_archive_import, run_archive_import
from outreach.text import strip_control_characters

SESSION_KEY = "notes_archive_import"
PREVIEW_LIFETIME = jobs.LIFETIME
REFRESH_SECONDS = 2  # how often the page looks again while the files are processed


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ArchiveUploadForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("Note files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = current()
        self.fields["files"].help_text = _(
            "Text (.txt, .md), Word (.docx) or PDF with a text layer; select several at once: "
            "at most %(files)d files of %(file_size)s each, %(upload_size)s in all. Or a ZIP "
            "file of them (folders allowed) of at most %(zip_files)d files, %(zip_size)s once "
            "expanded."
        ) % {
            "files": self.limits.files_per_upload,
            "file_size": filesizeformat(self.limits.file_bytes),
            "upload_size": filesizeformat(self.limits.upload_bytes),
            "zip_files": self.limits.zip_members,
            "zip_size": filesizeformat(self.limits.zip_unpacked_bytes),
        }
        self.sources, self.count = [], 0

    def clean_files(self):
        files, limits = self.cleaned_data["files"], self.limits
        accepted = (*SUFFIXES, bundles.ZIP)
        wrong = [file.name for file in files if Path(file.name).suffix.lower() not in accepted]
        if wrong:
            raise forms.ValidationError(
                _("Not a supported format: %(names)s.") % {"names": ", ".join(wrong)}
            )
        errors = []
        if len(files) > limits.files_per_upload:
            errors.append(
                _("%(count)d files selected: at most %(limit)d can be imported at once.")
                % {"count": len(files), "limit": limits.files_per_upload}
            )
        for file in files:
            # A ZIP is held to the limits of the files inside it (below), not to one file's.
            if file.size > limits.file_bytes and not bundles.is_zip(file.name):
                errors.append(
                    _("%(name)s is %(size)s, over the limit of %(limit)s per file.")
                    % {
                        "name": file.name,
                        "size": filesizeformat(file.size),
                        "limit": filesizeformat(limits.file_bytes),
                    }
                )
        total = sum(file.size for file in files)
        if total > limits.upload_bytes:
            errors.append(
                _("The files come to %(size)s, over the limit of %(limit)s per upload.")
                % {"size": filesizeformat(total), "limit": filesizeformat(limits.upload_bytes)}
            )
        if errors:
            raise forms.ValidationError(errors)
        self.sources = [(_file_name(file), file.read()) for file in files]
        self.count = self._count_files(self.sources)
        return files

    def _count_files(self, sources):
        """How many notes the upload holds; a ZIP over a limit is refused, nothing kept."""
        errors, count = [], 0
        for name, data in sources:
            try:
                count += bundles.count_files(name, data, self.limits) if bundles.is_zip(name) else 1
            except bundles.ZipRefused as refusal:
                errors.append(str(refusal))
        if errors:
            raise forms.ValidationError(errors)
        return count


def import_archive(request, model_admin):
    """GET: the upload form, or the job of the last upload (?job=token). POST: an upload, or
    the confirmation or cancellation of the last preview."""
    if not request.user.has_perm("notes.review_note"):
        raise PermissionDenied(_("Only reviewers can import notes."))
    if "confirm" in request.POST or "cancel" in request.POST:
        return _finish(request)
    if request.method == "GET" and "job" in request.GET:
        return _show_job(request, model_admin, request.GET["job"])
    running = _own_job(request, request.session.get(SESSION_KEY))
    if running and running["stage"] == jobs.IMPORTING:
        return redirect(_job_url(request.session[SESSION_KEY]))  # one import at a time
    form = ArchiveUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        return _upload(request, form)
    return _render(request, model_admin, {"form": form})


def _upload(request, form):
    _discard(request)
    token = jobs.create(request.user, form.sources, files=form.count)
    request.session[SESSION_KEY] = token
    preview_archive_import.enqueue(token)
    return redirect(_job_url(token))


def _file_name(upload):
    return strip_control_characters(Path(upload.name).name)


def _show_job(request, model_admin, token):
    state = _own_job(request, token)
    if state is None:
        return _expired(request)
    stage = state["stage"]
    if stage in jobs.RUNNING:
        return _render(request, model_admin, {"state": state, "token": token}, processing=True)
    if stage == jobs.PREVIEWED:
        outcomes = jobs.outcomes(state)
        counts = Counter(outcome.status for outcome in outcomes)
        counts.update(outcome.workflow for outcome in outcomes if outcome.workflow)
        context = {"outcomes": outcomes, "counts": counts, "token": token}
        context["can_confirm"] = counts[CREATED] + counts[UPDATED] > 0
        return _render(request, model_admin, context)
    _discard(request)
    if stage == jobs.STOPPED:
        messages.error(request, _("The import stopped: %(error)s") % {"error": state["error"]})
        if state.get("confirmed"):  # the files before the error are imported
            _report(request, jobs.outcomes(state))
        return redirect(reverse("admin:notes_note_import"))
    _report(request, jobs.outcomes(state))
    return redirect(reverse("admin:notes_note_changelist"))


def _finish(request):
    token = request.POST.get("token", "")
    state = _own_job(request, token)
    if state is None:
        return _expired(request)
    if "cancel" in request.POST:
        if state["stage"] == jobs.IMPORTING:
            messages.warning(request, _("The import has begun: it can no longer be cancelled."))
            return redirect(_job_url(token))
        _discard(request)
        messages.info(request, _("Import cancelled: nothing was written."))
        return redirect(reverse("admin:notes_note_changelist"))
    if state["stage"] == jobs.PREVIEWED and jobs.confirm(token):
        run_archive_import.enqueue(token)
    return redirect(_job_url(token))


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
    workflows = Counter(outcome.workflow for outcome in outcomes)
    submitted = workflows[IN_REVIEW]
    if submitted:
        messages.info(
            request,
            ngettext(
                "The imported note is in review: another reviewer publishes it.",
                "The %(count)d imported notes are in review: another reviewer publishes them.",
                submitted,
            )
            % {"count": submitted},
        )
    if workflows[TO_FINISH]:
        messages.warning(
            request,
            ngettext(
                "%(count)d note needs attention: it is a draft for staff to finish, listed on "
                "the dashboard of those who may edit it.",
                "%(count)d notes need attention: they are drafts for staff to finish, listed on "
                "the dashboard of those who may edit them.",
                workflows[TO_FINISH],
            )
            % {"count": workflows[TO_FINISH]},
        )
    for outcome in outcomes:
        if outcome.status == FAILED:
            # Not "name: ..." first: the admin capitalises messages, and file names are exact.
            messages.error(
                request,
                _("Not imported: %(name)s – %(detail)s")
                % {"name": outcome.name, "detail": outcome.detail},
            )


def _job_url(token):
    return f"{reverse('admin:notes_note_import')}?job={token}"


def _own_job(request, token):
    """The state of the job `token` if it is the one of this person's session, else None."""
    if not token or token != request.session.get(SESSION_KEY):
        return None
    state = jobs.state(token)
    if state is None or state["user"] != request.user.pk:
        return None
    return state


def _expired(request):
    messages.error(request, _("This preview has expired: upload the files again."))
    return redirect(reverse("admin:notes_note_import"))


def _discard(request):
    token = request.session.pop(SESSION_KEY, None)
    if token:
        jobs.discard(token)


def _render(request, model_admin, context, *, processing=False):
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Import notes from the archive"),
        "processing": processing,
        "refresh_seconds": REFRESH_SECONDS,
        **context,
    }
    return TemplateResponse(request, "admin/notes/note/import_archive.html", context)
