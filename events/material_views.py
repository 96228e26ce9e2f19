"""Events' materials: attached, made public or staff-only and deleted on the event's staff
page; downloaded by their number, never by a path.

Two addresses serve a file. /materials/<pk>/ is anyone's, for public materials of public
events only (Material.objects.public()), and the same answer for everyone; staff-only
materials and those of events the public does not see are not found there. The staff address
serves every material to signed-in staff. Both send the file as an attachment (images inline)
under its uploaded name, with the type that its extension names and its content was checked
to match, and X-Content-Type-Options: nosniff, so that no browser runs it as a page.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from events import material_files
from events.models import Event, Material
from outreach.text import RefuseControlCharactersMixin

MAX_FILES = 20  # in one upload
PUBLIC_MAX_AGE = 300  # as the public pages (notes.http.PUBLIC_MAX_AGE)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; what they may be is material_files.check's to say, with
    each file's name (Django's own message for an empty file names none)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data or []) if item]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class MaterialUploadForm(RefuseControlCharactersMixin, forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Files"),
        error_messages={"required": gettext_lazy("Choose at least one file to attach.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=Material.Kind.choices, initial=Material.Kind.OTHER
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Leave empty to use the file's name; several files are each named after theirs."
        ),
    )
    is_public = forms.BooleanField(
        label=gettext_lazy("Public"),
        required=False,
        help_text=Material._meta.get_field("is_public").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = material_files.ACCEPT
        limit = filesizeformat(settings.MATERIAL_MAX_BYTES)
        self.fields["files"].help_text = _(
            "Accepted: %(types)s; at most %(limit)s each, %(count)s files at a time."
        ) % {"types": material_files.accepted_types(), "limit": limit, "count": MAX_FILES}


def require_perm(user, action):
    if not user.has_perm(f"events.{action}_material"):
        raise PermissionDenied


def back_to_event(event_pk):
    return redirect(reverse("events-staff-detail", args=[event_pk]) + "#materials")


@require_POST
@login_required
def upload(request, pk):
    """Attach the files posted to the event: all of them, or none with a message for each
    file refused, naming it and saying why."""
    require_perm(request.user, "add")
    event = get_object_or_404(Event, pk=pk)
    form = MaterialUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                field = {"field": form.fields[name].label, "error": error}
                messages.error(request, _("%(field)s: %(error)s") % field)
        return back_to_event(event.pk)
    checked, refusals = check_files(form.cleaned_data.pop("files"))
    if refusals:
        for refusal in refusals:
            messages.error(request, refusal)
        messages.error(request, _("Nothing was attached: leave out or replace the files named."))
        return back_to_event(event.pk)
    added = Material.add_files(event, checked, by=request.user, **form.cleaned_data)
    message = ngettext("%(count)d file attached.", "%(count)d files attached.", len(added))
    messages.success(request, message % {"count": len(added)})
    return back_to_event(event.pk)


def check_files(uploads):
    """The uploads that may be attached, and a message for each that may not."""
    if len(uploads) > MAX_FILES:
        message = _("%(count)d files were sent: at most %(most)d can be attached at a time.")
        return [], [message % {"count": len(uploads), "most": MAX_FILES}]
    checked, refusals = [], []
    for upload in uploads:
        try:
            checked.append(material_files.check(upload))
        except ValidationError as refusal:
            refusals.extend(refusal.messages)
    return checked, refusals


@require_POST
@login_required
def publicity(request, pk):
    """Make a material public (is_public=1) or staff-only (anything else)."""
    require_perm(request.user, "change")
    material = get_object_or_404(Material.objects.select_related("event"), pk=pk)
    is_public = request.POST.get("is_public") == "1"
    material.set_public(is_public)
    title = {"title": material.title}
    if not is_public:
        messages.success(request, _("“%(title)s” is for staff only.") % title)
    elif material.event.is_public or material.event.has_published_note:
        messages.success(request, _("“%(title)s” is public.") % title)
    else:
        message = _(
            "“%(title)s” is public: it shows on the public site once the event does (when a "
            "note on it is published, or it is marked public)."
        )
        messages.success(request, message % title)
    return back_to_event(material.event_id)


@require_POST
@login_required
def delete(request, pk):
    require_perm(request.user, "delete")
    material = get_object_or_404(Material, pk=pk)
    material.remove()
    messages.success(request, _("“%(title)s” is deleted.") % {"title": material.title})
    return back_to_event(material.event_id)


@login_required
@require_safe
def staff_file(request, pk):
    """Any material, for signed-in staff (never cached: outreach.middleware)."""
    require_perm(request.user, "view")
    return file_response(get_object_or_404(Material, pk=pk))


@require_safe
def public_file(request, pk):
    """A public material of a public event, for anyone."""
    response = file_response(get_object_or_404(Material.objects.public(), pk=pk))
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def file_response(material):
    """The file streamed from storage: inline for an image, else an attachment, under the name
    it was uploaded with (cleaned again: a restored row may hold any text), with the type of
    its stored name's extension, which the upload checked its content against."""
    file_type = material.file_type
    try:
        handle = material.file.storage.open(material.file.name, "rb")
    except FileNotFoundError:
        raise Http404(_("The file of this material is missing.")) from None
    response = FileResponse(
        handle,
        as_attachment=not (file_type and file_type.is_image),
        filename=material_files.clean_name(material.original_name),
        content_type=file_type.content_type if file_type else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
