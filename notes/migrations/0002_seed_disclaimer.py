"""The standard disclaimer footnote and contact line, as version 1 in force."""

from django.db import migrations

TEXT = (
    "For information – not an official report. The views expressed here do not necessarily "
    "represent those of the 1540 Committee or of the organizers or participants in the event."
)
CONTACT_LINE = (
    "For further information, please contact the 1540 Committee experts by e-mail at "
    "1540experts@un.org."
)


def seed(apps, schema_editor):
    Disclaimer = apps.get_model("notes", "Disclaimer")
    if not Disclaimer.objects.exists():
        Disclaimer.objects.create(version=1, text=TEXT, contact_line=CONTACT_LINE, in_force=True)


class Migration(migrations.Migration):
    dependencies = [("notes", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
