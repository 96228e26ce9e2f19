"""Event.published_versions and versions_changed_at: added, and filled from the notes in one
UPDATE, so that a note's page lists its other language versions without another query."""

from django.db import migrations, models
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Now


def fill_published_versions(apps, schema_editor):
    """ "en slug,fr slug" for each event, as notes.models.refresh_published_notes computes it;
    written here with the models of this migration, as migrations must."""
    Event = apps.get_model("events", "Event")
    Note = apps.get_model("notes", "Note")
    using = schema_editor.connection.alias
    published = Note.objects.using(using).filter(event=OuterRef("pk"), live_revision__isnull=False)
    pair = Concat("language", Value(" "), "slug", output_field=models.TextField())
    listed = StringAgg(pair, delimiter=Value(","))
    versions = published.order_by().values("event").annotate(pairs=listed).values("pairs")
    Event.objects.using(using).filter(has_published_note=True).update(
        published_versions=Coalesce(Subquery(versions), Value("")), versions_changed_at=Now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_materials"),
        # The fill reads the notes table; no model of the notes app is changed.
        ("notes", "0013_disclaimer_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="published_versions",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text='The language and address of each published note, as "en slug,fr slug": kept by the notes workflow with "has a published note", never typed.',
                verbose_name="published language versions",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="versions_changed_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When a note on this event was last published, withdrawn or deleted: its other versions' pages changed then.",
                null=True,
                verbose_name="versions changed at",
            ),
        ),
        migrations.RunPython(fill_published_versions, migrations.RunPython.noop, elidable=True),
    ]
