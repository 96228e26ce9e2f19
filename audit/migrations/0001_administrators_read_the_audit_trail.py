"""Administrators read the audit trail, and only read it: nobody may add, change or delete an
entry (the group was given every permission that existed when it was made, notes 0003)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def read_only(apps, schema_editor):
    app_config = apps.get_app_config("auditlog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    entries = Permission.objects.filter(content_type__app_label="auditlog")
    for group in Group.objects.all():
        group.permissions.remove(*entries.exclude(codename="view_logentry"))
    administrators = Group.objects.filter(name="Administrators").first()
    if administrators is not None:
        administrators.permissions.add(*entries.filter(codename="view_logentry"))


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("notes", "0003_groups"),
    ]

    operations = [migrations.RunPython(read_only, migrations.RunPython.noop)]
