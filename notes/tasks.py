"""Background work: notification e-mail, queued after the transition's transaction commits;
scheduled publication, queued to run at its time; the reviewers' daily digest.

An e-mail points to the note rather than copying it: it gives the absolute address of the
note's staff page, of the review page to the reviewers it asks to review, and of the public
page once the note is published. It carries none of the note's text, so it needs no footnote;
an e-mail that came to copy the sections would have to carry the live revision's disclaimer
too (docs/architecture.md, "The document")."""

import datetime
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Profile
from outreach.site import absolute_url

by_email = attrgetter("email")


def recipients(transition):
    """Who is e-mailed this step: everyone it concerns (Transition.concerned) who has an address."""
    return sorted((user for user in transition.concerned() if user.email), key=by_email)


def links(transition):
    """The absolute addresses the e-mail of this step gives: the staff page always, the review
    page when the note goes to review, the public page when it is published (and still is)."""
    note = transition.note
    found = {"staff_url": absolute_url(reverse("notes-staff-detail", args=[note.pk]))}
    if transition.to_status == note.Status.IN_REVIEW:
        found["review_url"] = absolute_url(reverse("notes-review", args=[note.pk]))
    if transition.to_status == note.Status.PUBLISHED and note.is_live:
        found["public_url"] = absolute_url(note.get_absolute_url())
    return found


def one_line(template, context):
    # A title with a line break must not make the mail fail (a header cannot hold one).
    return " ".join(render_to_string(template, context).split())


@task
def notify_transition(transition_id):
    from notes.models import Transition

    transition = Transition.objects.select_related("note__event", "actor", "reviewer").get(
        pk=transition_id
    )
    sent = 0
    # Each reader gets it in the language they chose for their staff pages, links included.
    for language, users in Profile.languages_of(recipients(transition)).items():
        with translation.override(language):
            context = {"transition": transition, "note": transition.note, **links(transition)}
            subject = one_line("notes/email/transition_subject.txt", context)
            body = render_to_string("notes/email/transition_body.txt", context)
        sent += send_mail(subject, body, None, [user.email for user in users])
    return sent


@task
def publish_scheduled_note(note_id, at):
    """Publish a note approved for `at` (ISO format), if it is still scheduled for then: a note
    unscheduled, or scheduled again for another time, is left alone (its own task will come)."""
    from notes.models import Note

    note = Note.objects.filter(pk=note_id, scheduled_at=datetime.datetime.fromisoformat(at)).first()
    if note is None:
        return None
    transition = note.publish_as_scheduled()
    return transition.pk if transition else None


def publish_due_notes(now=None):
    """Publish every scheduled note whose time has come: the catch-up of `manage.py
    publish_scheduled`, where no worker waits for the time (the immediate backend)."""
    from notes.models import Note

    published = []
    for note in Note.objects.scheduled().due_for_publication(now).order_by("scheduled_at"):
        if note.publish_as_scheduled(now=now):
            published.append(note)
    return published


# -- the reviewers' daily digest ------------------------------------------------------------

# The digest goes out in the morning of each day on which a review is due or overdue.
DIGEST_TIME = datetime.time(7, 0)


def digest_time(day):
    return timezone.make_aware(datetime.datetime.combine(day, DIGEST_TIME))


def queue_digest(day):
    """Make sure the digest of `day` is queued, once. A backend that cannot wait (development)
    queues nothing: `manage.py send_review_digest` sends one by hand."""
    from notes.models import ReviewDigest

    _digest, created = ReviewDigest.objects.get_or_create(day=day)
    if created and send_review_digest.get_backend().supports_defer:
        send_review_digest.using(run_after=digest_time(day)).enqueue(day.isoformat())
    return created


def digest_items(day):
    """The reviews due on `day` or overdue then, by the reviewer to tell: the reviewer asked,
    or every reviewer who may review it when none was."""
    from notes.models import Note

    notes = (
        Note.objects.due_by(day)
        .select_related("event", "reviewer")
        .prefetch_related("authors")
        .order_by("review_due", "pk")
    )
    anyone = list(get_user_model().objects.with_perm("notes.review_note").filter(is_active=True))
    by_reviewer = {}
    for note in notes:
        authors = {author.pk for author in note.authors.all()}
        told = [note.reviewer] if note.reviewer else [r for r in anyone if r.pk not in authors]
        for reviewer in told:
            if reviewer.is_active and reviewer.email:
                by_reviewer.setdefault(reviewer, []).append(note)
    return by_reviewer


@task
def send_review_digest(day):
    """One e-mail to each reviewer with reviews due on `day` or overdue; sent once per day. If
    reviews are still open afterwards, tomorrow's digest is queued: the chain of digests runs
    for as long as there are reviews due."""
    from notes.models import Note, ReviewDigest

    day = datetime.date.fromisoformat(day)
    digest, _created = ReviewDigest.objects.get_or_create(day=day)
    if digest.sent_at:
        return 0
    sent = 0
    for reviewer, notes in digest_items(day).items():
        sent += send_digest_mail(reviewer, notes, day)
    ReviewDigest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
    if Note.objects.in_review_unscheduled().filter(review_due__isnull=False).exists():
        queue_digest(day + datetime.timedelta(days=1))
    return sent


def send_digest_mail(reviewer, notes, day):
    rows = [
        {
            "note": note,
            "overdue": note.review_due < day,
            "url": absolute_url(reverse("notes-review", args=[note.pk])),
        }
        for note in notes
    ]
    context = {"reviewer": reviewer, "rows": rows, "day": day}
    with translation.override(Profile.language_of(reviewer)):
        subject = one_line("notes/email/digest_subject.txt", context)
        body = render_to_string("notes/email/digest_body.txt", context)
    return send_mail(subject, body, None, [reviewer.email])
