"""Background work: notification e-mail, queued after the transition's transaction commits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string


def recipients(transition):
    """Submitting tells the reviewers who may review the note; every other step its authors."""
    note = transition.note
    authors = note.authors.all()
    if transition.to_status == note.Status.IN_REVIEW:
        users = get_user_model().objects.with_perm("notes.review_note").exclude(pk__in=authors)
    else:
        users = authors
    return sorted({user.email for user in users.filter(is_active=True) if user.email})


@task
def notify_transition(transition_id):
    from notes.models import Transition

    transition = Transition.objects.select_related("note__event", "actor").get(pk=transition_id)
    to = recipients(transition)
    if not to:
        return 0
    context = {"transition": transition, "note": transition.note, "site_url": settings.SITE_URL}
    subject = render_to_string("notes/email/transition_subject.txt", context).strip()
    body = render_to_string("notes/email/transition_body.txt", context)
    return send_mail(subject, body, None, to)
