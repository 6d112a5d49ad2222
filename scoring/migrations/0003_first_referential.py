"""The first referential, built from ../shared/seeds/ (scoring/referential_data/seed/), loaded
active so that a fresh database is ready to evaluate cases. Later editions are made by
admins (clone, edit, activate) or imported, never by changing these files."""

from django.db import migrations


def load_first_referential(apps, schema_editor):
    from scoring.referential_data import read_document
    from scoring.referential_store import create_from_document

    if apps.get_model("scoring", "Referential").objects.exists():
        return
    create_from_document(read_document(), status="active", apps=apps)


def remove_first_referential(apps, schema_editor):
    from scoring.referential_data import read_document

    version = read_document()["version"]
    apps.get_model("scoring", "Referential").objects.filter(version=version).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0002_referentials")]

    operations = [migrations.RunPython(load_first_referential, remove_first_referential)]
