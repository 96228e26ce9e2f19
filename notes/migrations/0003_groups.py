"""The three groups of DESIGN.md and their permissions.

Experts record events, contacts and organizations and write notes; Reviewers can also
review, publish and withdraw; Administrators can do everything, users and groups included.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EXPERT = [
    "contacts.view_country",
    *(f"contacts.{action}_{model}" for model in ("organization", "contact", "role") for action in ("add", "change", "view")),
    *(f"events.{action}_{model}" for model in ("event", "attendance") for action in ("add", "change", "view", "delete")),
    "notes.add_note",
    "notes.change_note",
    "notes.view_note",
    "notes.view_revision",
    "notes.view_transition",
    "notes.view_disclaimer",
]
REVIEWER = [*EXPERT, "notes.review_note", "notes.withdraw_note"]


def permissions(Permission, names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in (("Experts", EXPERT), ("Reviewers", REVIEWER)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions(Permission, perms))
    admins, _ = Group.objects.get_or_create(name="Administrators")
    admins.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0002_seed_disclaimer"),
        ("contacts", "0002_load_countries"),
        ("events", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
