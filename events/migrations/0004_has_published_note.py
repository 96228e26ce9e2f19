"""Event.has_published_note: added, filled from the notes in one UPDATE, and indexed for the
public lists (notes.public_filters.public_events)."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def fill_has_published_note(apps, schema_editor):
    """True for each event with a published note, as notes.models.refresh_published_notes
    computes it; written here with the models of this migration, as migrations must."""
    Event = apps.get_model("events", "Event")
    Note = apps.get_model("notes", "Note")
    using = schema_editor.connection.alias
    published = Note.objects.using(using).filter(event=OuterRef("pk"), live_revision__isnull=False)
    Event.objects.using(using).update(has_published_note=Exists(published))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_staff_list_indexes"),
        # The fill reads the notes table; no model of the notes app is changed.
        ("notes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="has_published_note",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text=(
                    "Whether a note on this event is published: kept by the notes workflow in "
                    "the transaction that publishes, withdraws or deletes a note, never typed."
                ),
                verbose_name="has a published note",
            ),
        ),
        migrations.RunPython(fill_has_published_note, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(
                    ("is_public", True), ("has_published_note", True), _connector="OR"
                ),
                fields=["end_date", "start_date", "status", "id"],
                name="event_public_end_idx",
            ),
        ),
    ]
