"""An upload of archive files, from the upload to the end of its import, kept in the cache.

The admin page stores the uploaded files (a ZIP as it was uploaded) and the job's state under a random token (named in
the uploader's session), and queues a task (tasks.py) that reads the files on the worker:
first a dry run for the preview, then, once confirmed, the import. The page shows "processing"
and reloads itself until the task has written its outcomes into the state.

The cache is Redis in production, so the page, any app server and the worker see the same job.
Nothing is written to the server's disk, and an abandoned job expires after a day.

State: ``user`` (who uploaded; only they see the job), ``language`` (the messages' language),
``stage`` (below), ``files`` and ``done`` (progress), ``confirmed`` (the import was asked
for), ``outcomes`` (Outcome.to_json()) and ``error`` (why a task stopped).
"""

import secrets
from contextlib import ExitStack

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from notes.archive import bundles
from notes.archive.importer import Outcome, import_files
from notes.archive.limits import current

LIFETIME = 24 * 60 * 60  # seconds: an abandoned job is gone the next day

PREVIEWING, PREVIEWED, IMPORTING, IMPORTED, STOPPED = (
    "previewing",
    "previewed",
    "importing",
    "imported",
    "stopped",
)
RUNNING = (PREVIEWING, IMPORTING)


def files_key(token):
    return f"notes:archive-preview:{token}"


def state_key(token):
    return f"notes:archive-job:{token}"


def create(user, sources, files=None):
    """Keep the (name, content) of the uploaded files; return the new job's token. `files`
    is how many notes they hold (a ZIP holds several)."""
    token = secrets.token_urlsafe(16)
    cache.set(files_key(token), sources, LIFETIME)
    state = {
        "user": user.pk,
        "language": translation.get_language(),
        "stage": PREVIEWING,
        "files": len(sources) if files is None else files,
        "done": 0,
    }
    cache.set(state_key(token), state, LIFETIME)
    return token


def state(token):
    """The job's state, or None once it is discarded or expired (its files too)."""
    found = cache.get(state_key(token))
    if found is None or not cache.has_key(files_key(token)):
        return None
    return found


def confirm(token):
    """Move a previewed job to its import, once: False if it was confirmed already."""
    if not cache.add(f"{state_key(token)}:confirmed", True, LIFETIME):
        return False
    return _update(token, stage=IMPORTING, done=0, confirmed=True)


def discard(token):
    cache.delete_many([files_key(token), state_key(token), f"{state_key(token)}:confirmed"])


def outcomes(state):
    return [Outcome.from_json(data) for data in state.get("outcomes", [])]


def run(token, *, dry_run):
    """The task's work: import the job's files (a dry run for the preview), record the
    outcomes. A job discarded meanwhile (cancelled, expired) is left alone."""
    found, sources = cache.get(state_key(token)), cache.get(files_key(token))
    if found is None or sources is None:
        return None
    with translation.override(found["language"]):
        user = get_user_model().objects.filter(pk=found["user"], is_active=True).first()
        results = []
        try:
            if user is None:
                raise PermissionDenied(
                    _("The account that uploaded the files is no longer active.")
                )
            with ExitStack() as stack:
                # ZIP files are opened here, on the worker; the upload checked them already.
                files = bundles.open_all(sources, current(), stack)
                for outcome in import_files(files, by=user, dry_run=dry_run):
                    results.append(outcome.to_json())
                    _update(token, done=len(results))
        except (PermissionDenied, bundles.ZipRefused) as error:
            _update(token, stage=STOPPED, error=str(error), outcomes=results)
            return None
        except Exception:
            error = _("An unexpected error stopped it; the log has the details.")
            _update(token, stage=STOPPED, error=str(error), outcomes=results)
            raise
    _update(token, stage=PREVIEWED if dry_run else IMPORTED, outcomes=results)
    return len(results)


def _update(token, **changes):
    found = cache.get(state_key(token))
    if found is None:
        return False
    cache.set(state_key(token), {**found, **changes}, LIFETIME)
    return True
