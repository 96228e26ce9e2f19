"""The archive import's work, on the task worker rather than in the request: the dry run that
the preview shows, and the import once it is confirmed (jobs.py keeps the files and the
outcomes). With the immediate backend (development, tests) a task runs when it is queued."""

from django.tasks import task

from notes.archive import jobs


@task
def preview_archive_import(token):
    return jobs.run(token, dry_run=True)


@task
def run_archive_import(token):
    return jobs.run(token, dry_run=False)
