"""The note editor's side channel: nothing typed is lost, and editors see each other.

While the editor is open its script (static/js/notes-editor.js) keeps the text in the
browser's localStorage and beats to ``note_editing`` every HEARTBEAT_SECONDS, sending the text
when it changed: the server keeps it in the person's EditSession (an autosave, never a revision)
and answers with who else has the note open. The editor page (``editor_state``, called by
notes.staff_views.render_editor) shows those people and offers the autosave back; after a save
(``saved``, called by after_save) the autosave goes, and the browser is told which of its
copies the save holds, so that it drops them.
"""

import json
import re
import types

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db.models import Q
from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notes.merging import same_text
from notes.models import CONTENT_FIELDS, EditSession, EditSessionQuerySet, Note

# How often the editor beats; tests make it shorter.
HEARTBEAT_SECONDS = 25
# A beat carries five fields of Markdown; a megabyte is far more than any note.
MAX_BEAT_BYTES = 1_000_000
# The editor names its page and each copy it submits with a random token of this shape.
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,48}")
# The tokens of the browser copies that the last saves hold (in the Django session).
SAVED_COPIES = "notes-editor-saved-copies"
KEEP_SAVED_COPIES = 20


class BadBeat(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def refusal(status, message):
    return JsonResponse({"error": str(message)}, status=status)


@require_POST
def note_editing(request, pk):
    """The editor's heartbeat: who is editing, and the text not saved yet (JSON both ways).

    Signed out: 401 (not a redirect to the sign-in page: the script tells the person that their
    text is kept in the browser). No right to edit this note now: 403."""
    if not request.user.is_authenticated:
        return refusal(
            401, _("You are signed out. Your text is kept in this browser: sign in to save it.")
        )
    note = Note.objects.filter(pk=pk).first()
    if note is None:
        return refusal(404, _("This note does not exist."))
    if not note.editable_by(request.user):
        return refusal(403, _("You may not edit this note now."))
    try:
        beat = read_beat(request)
    except BadBeat as bad:
        return refusal(bad.status, bad.message)
    if beat["discard"]:
        EditSession.objects.clear_autosave(note, request.user)
    EditSession.objects.beat(
        note,
        request.user,
        page=beat["page"],
        fields=beat["fields"],
        base_version=beat["version"],
        base_revision=beat["base_revision"],
        leaving=beat["leaving"],
    )
    others = EditSession.objects.others_editing(note, request.user)
    return JsonResponse({"others": [presence(session) for session in others]})


def read_beat(request):
    """The beat's JSON object, checked: {page, fields?, version?, base_revision?, leaving?,
    discard?}, with fields a subset of the note's title and sections, as strings."""
    too_big = BadBeat(413, _("The text is too long to keep on the server."))
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BEAT_BYTES:
            raise too_big
    except ValueError:
        pass
    try:
        body = request.body
    except RawPostDataException:
        body = b""
    except RequestDataTooBig as error:  # past Django's own limit, with no length given
        raise too_big from error
    if len(body) > MAX_BEAT_BYTES:
        raise too_big
    try:
        data = json.loads(body)
    except ValueError as error:
        raise BadBeat(400, _("The editor sent something that is not JSON.")) from error
    if not isinstance(data, dict):
        raise BadBeat(400, _("The editor must send a JSON object."))
    page = data.get("page", "")
    if not isinstance(page, str) or (page and not TOKEN.fullmatch(page)):
        raise BadBeat(400, _("The editor page is not named as expected."))
    fields = data.get("fields")
    if fields is not None and not (
        isinstance(fields, dict)
        and set(fields) <= set(CONTENT_FIELDS)
        and all(isinstance(value, str) for value in fields.values())
    ):
        raise BadBeat(400, _("The fields must be the note's title and sections, as text."))
    numbers = {}
    for name in ("version", "base_revision"):
        value = data.get(name)
        if value in (None, ""):
            value = None
        elif isinstance(value, str) and value.isdigit():
            value = int(value)
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise BadBeat(400, _("The version must be a number."))
        numbers[name] = value
    return {
        "page": page,
        "fields": fields,
        "leaving": data.get("leaving") is True,
        "discard": data.get("discard") is True,
        **numbers,
    }


# -- on the editor page --------------------------------------------------------------------


def display_name(user):
    return user.get_full_name() or user.get_username()


def display_time(moment):
    """10:02 today; with the date on another day."""
    local = timezone.localtime(moment)
    time = formats.time_format(local, "H:i")
    if local.date() == timezone.localdate():
        return time
    return _("%(date)s at %(time)s") % {"date": formats.date_format(local), "time": time}


def presence(session):
    name, since = display_name(session.user), display_time(session.started_at)
    return {
        "name": name,
        "since": since,
        "text": _("%(name)s has been editing since %(time)s") % {"name": name, "time": since},
    }


def differs(text, form):
    return any(not same_text(value, form[field].value()) for field, value in text.items())


def editor_state(request, note, form):
    """What the editor page shows beside the form: who else is editing, the offer of this
    person's autosave (or, with ?restore=autosave, the form holding it), and what the script
    needs. Returns the form to show, and the state. One query."""
    state = types.SimpleNamespace(
        others=[],
        autosave=None,
        restored=None,
        url="",
        heartbeat=HEARTBEAT_SECONDS,
        copy_key=f"note-{note.pk}" if note.pk else f"new-note-event-{note.event_id}",
        saved_copies=" ".join(request.session.get(SAVED_COPIES, [])),
        csrf_cookie=settings.CSRF_COOKIE_NAME,
        unsaved=form.is_bound,  # the form holds text that is not saved (preview, refusal)
    )
    if note.pk is None:
        return form, state
    state.url = reverse("notes-editing", args=[note.pk])
    user = request.user
    sessions = (
        EditSession.objects.filter(note=note)
        .filter(Q(user=user) | Q(seen_at__gte=EditSessionQuerySet.present_since()))
        .select_related("user")
        .order_by("started_at", "pk")
    )
    mine = None
    for session in sessions:
        if session.user_id == user.pk:
            mine = session
        elif session.is_present():
            state.others.append(presence(session))
    if mine is None or not mine.has_autosave or form.is_bound or not differs(mine.text, form):
        return form, state
    when = display_time(mine.autosaved_at)
    if request.GET.get("restore") == "autosave":
        initial = dict(mine.text)
        if mine.base_version:
            initial["expected_version"] = mine.base_version
        if mine.base_revision:
            initial["base_revision"] = mine.base_revision
        form = type(form)(instance=note, initial=initial)
        state.restored, state.unsaved = when, True
    else:
        state.autosave = {"when": when, "text": mine.text}
    return form, state


def saved(request, note):
    """After a successful save: the server copy of this person's text is saved, and so are the
    browser copies the form named (the script drops them on the next editor page)."""
    if note.pk:
        EditSession.objects.clear_autosave(note, request.user)
    token = request.POST.get("editor_copy", "")
    if TOKEN.fullmatch(token):
        tokens = [t for t in request.session.get(SAVED_COPIES, []) if t != token]
        request.session[SAVED_COPIES] = [*tokens, token][-KEEP_SAVED_COPIES:]
