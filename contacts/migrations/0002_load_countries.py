"""Load the UN Member States and observer States from contacts/data/countries.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "countries.csv"


def load_countries(apps, schema_editor):
    Country = apps.get_model("contacts", "Country")
    with DATA.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            Country.objects.update_or_create(
                iso3=row["iso3"],
                defaults={
                    "iso2": row["iso2"],
                    "name": row["name"],
                    "regional_group": row["regional_group"],
                    "is_member": row["member"] == "1",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
