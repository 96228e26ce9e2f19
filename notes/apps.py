from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = _("Information notes")

    def ready(self):
        from notes.models import Note, PublicationGeneration
        from outreach.changes import follow

        # A note's header shows its event, the event's organizations and its venue country:
        # when they change, the note gets a revision with the new header, for review.
        notes = Note.objects
        follow("events.Event", lambda pks: notes.of_events(pks).keep_headers_current())
        follow(
            "contacts.Organization",
            lambda pks: notes.of_organizations(pks).keep_headers_current(),
        )
        follow("contacts.Country", lambda pks: notes.of_countries(pks).keep_headers_current())
        # Public event, country and region pages show them as they are now: the cached public
        # pages are made again.
        for label in ("events.Event", "contacts.Organization", "contacts.Country"):
            follow(label, lambda pks: PublicationGeneration.objects.bump())
