"""Signed records are immutable in the database itself: triggers refuse to change or delete
a valid or superseded proposal (except valid -> superseded), a signature, or a ready
document's file, hash and signature (recommendations/immutable_records.py)."""

from django.db import migrations

from recommendations import immutable_records


def install_triggers(apps, schema_editor):
    immutable_records.install(schema_editor, apps.get_model("recommendations", "Proposal"),
                              apps.get_model("recommendations", "Document"))


def remove_triggers(apps, schema_editor):
    immutable_records.remove(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0005_lock_versions_and_case_co_owners"),
    ]

    operations = [
        migrations.RunPython(install_triggers, remove_triggers, elidable=False),
    ]
