from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = _("Information notes")

    def ready(self):
        from notes.models import Note
        from outreach.changes import follow

        # A note's search words include its event's title, venue and organizations.
        follow("events.Event", lambda pks: Note.objects.of_events(pks).refresh_search())
        follow(
            "contacts.Organization", lambda pks: Note.objects.of_organizations(pks).refresh_search()
        )
        follow("contacts.Country", lambda pks: Note.objects.of_venues(pks).refresh_search())
