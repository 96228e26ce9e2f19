"""Each revision freezes the note's header. Existing revisions take the header their event
gives today (the best there is), and published notes store their search words again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def freeze_headers(apps, schema_editor):
    from notes.header import Header
    from notes.search import note_search_vector

    Note = apps.get_model("notes", "Note")
    Revision = apps.get_model("notes", "Revision")
    notes = Note.objects.select_related("event__country").prefetch_related(
        "event__organizers", "event__states", "event__organizations"
    )
    for note in notes:
        header = Header.of_event(note.event).to_json()
        Revision.objects.filter(note=note).update(header_json=header)
    for note in Note.objects.filter(live_revision__isnull=False).select_related("live_revision"):
        Note.objects.filter(pk=note.pk).update(search_vector=note_search_vector(note))


class Migration(migrations.Migration):

    dependencies = [
        ('notes', '0004_note_search_vector'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='revision',
            name='header_json',
            field=models.JSONField(default=dict, help_text='The header as rendered from the event when this revision was kept: the public note shows it, so an event edited later changes the note only through review.', verbose_name='header'),
        ),
        migrations.AlterField(
            model_name='revision',
            name='author',
            field=models.ForeignKey(blank=True, help_text="Empty for a revision the system kept (the event's details changed).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='note_revisions', to=settings.AUTH_USER_MODEL, verbose_name='author'),
        ),
        migrations.RunPython(freeze_headers, migrations.RunPython.noop),
    ]
