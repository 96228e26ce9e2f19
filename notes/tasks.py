"""Background work: notification e-mail, queued after the transition's transaction commits.

An e-mail points to the note rather than copying it: it gives the absolute address of the
note's staff page, of the review page to the reviewers it asks to review, and of the public
page once the note is published. It carries none of the note's text, so it needs no footnote;
an e-mail that came to copy the sections would have to carry the live revision's disclaimer
too (docs/architecture.md, "The document")."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from outreach.site import absolute_url


def recipients(transition):
    """Submitting tells the reviewers who may review the note; every other step its authors."""
    note = transition.note
    authors = note.authors.all()
    if transition.to_status == note.Status.IN_REVIEW:
        users = get_user_model().objects.with_perm("notes.review_note").exclude(pk__in=authors)
    else:
        users = authors
    return sorted({user.email for user in users.filter(is_active=True) if user.email})


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


@task
def notify_transition(transition_id):
    from notes.models import Transition

    transition = Transition.objects.select_related("note__event", "actor").get(pk=transition_id)
    to = recipients(transition)
    if not to:
        return 0
    context = {"transition": transition, "note": transition.note, **links(transition)}
    # One line: a title with a line break must not make the mail fail (a header cannot hold one).
    subject = " ".join(render_to_string("notes/email/transition_subject.txt", context).split())
    body = render_to_string("notes/email/transition_body.txt", context)
    return send_mail(subject, body, None, to)
