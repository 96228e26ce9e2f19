"""Full-text search: a weighted tsvector per note and its GIN index, on PostgreSQL only.

Other databases get a plain nullable column of the same name, never used, so that the model
loads the same everywhere; the migration state is identical on every database."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

INDEX_NAME = "note_search_vector_idx"


def _column(apps, schema_editor):
    Note = apps.get_model("notes", "Note")
    if schema_editor.connection.vendor == "postgresql":
        field = django.contrib.postgres.search.SearchVectorField(null=True)
    else:
        field = models.TextField(null=True)
    field.contribute_to_class(Note, "search_vector")
    return Note, field


def add_search_vector(apps, schema_editor):
    from notes.search import note_search_vector

    Note, field = _column(apps, schema_editor)
    schema_editor.add_field(Note, field)
    if schema_editor.connection.vendor != "postgresql":
        return
    index = django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name=INDEX_NAME)
    schema_editor.add_index(Note, index)
    published = Note.objects.filter(live_revision__isnull=False).select_related(
        "live_revision", "event__country"
    )
    for note in published:
        vector = note_search_vector(note)
        Note.objects.filter(pk=note.pk).update(search_vector=vector)


def remove_search_vector(apps, schema_editor):
    Note, field = _column(apps, schema_editor)
    schema_editor.remove_field(Note, field)


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0003_groups"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="note",
                    name="search_vector",
                    field=django.contrib.postgres.search.SearchVectorField(
                        editable=False,
                        help_text="The live revision's words for full-text search; set on publish/withdraw.",
                        null=True,
                    ),
                ),
                migrations.AddIndex(
                    model_name="note",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["search_vector"], name=INDEX_NAME
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(add_search_vector, remove_search_vector),
            ],
        ),
    ]
