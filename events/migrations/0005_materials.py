"""Materials attached to events (Material), the flags that spare their pages a query when an
event has none, and the permissions of the groups of notes/migrations/0003_groups.py: experts
and reviewers attach, change and delete materials; administrators can do everything."""

import django.db.models.deletion
import django.utils.timezone
import events.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ACTIONS = ("add", "change", "delete", "view")
GROUPS = ("Experts", "Reviewers", "Administrators")


def grant_material_permissions(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_material" for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label="events", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_has_published_note'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The groups the permissions are granted to.
        ("notes", "0003_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='has_materials',
            field=models.BooleanField(default=False, editable=False, help_text='Whether files are attached: kept by the upload and deletion of materials.', verbose_name='has materials'),
        ),
        migrations.AddField(
            model_name='event',
            name='has_public_materials',
            field=models.BooleanField(default=False, editable=False, help_text='Whether one of the files attached is public: kept by the upload, deletion and change of materials.', verbose_name='has public materials'),
        ),
        migrations.CreateModel(
            name='Material',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('agenda', 'Agenda'), ('participants', 'List of participants'), ('presentation', 'Presentation'), ('photo', 'Photo'), ('other', 'Other')], default='other', max_length=20, verbose_name='kind')),
                ('title', models.CharField(help_text='What the lists show.', max_length=200, verbose_name='title')),
                ('file', models.FileField(editable=False, max_length=200, upload_to=events.models.material_file_name, verbose_name='file')),
                ('original_name', models.CharField(editable=False, help_text='The name it was uploaded with: the name of downloads, never of the stored file.', max_length=200, verbose_name='file name')),
                ('is_public', models.BooleanField(default=False, help_text="Listed on the event's public page and in the “About this note” box of its published notes, and downloadable by anyone, once the event is public (it has a published note, or is marked public). Otherwise only signed-in staff see it.", verbose_name='public')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='uploaded')),
                ('size', models.PositiveBigIntegerField(editable=False, verbose_name='size in bytes')),
                ('content_type', models.CharField(editable=False, max_length=100, verbose_name='content type')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='materials', to='events.event', verbose_name='event')),
                ('uploaded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'material',
                'verbose_name_plural': 'materials',
                'ordering': ['event', 'title', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('size__gt', 0)), name='material_not_empty', violation_error_message='A material cannot be an empty file.')],
            },
        ),
        migrations.RunPython(grant_material_permissions, migrations.RunPython.noop),
    ]
