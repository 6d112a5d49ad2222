"""Indexes for the patient search on PostgreSQL (patients.selectors.search_patients).

Django compiles `icontains` to `UPPER("col"::text) LIKE UPPER('%x%')` and `istartswith` to
`UPPER("col"::text) LIKE UPPER('x%')`, so the indexes are on those very expressions: trigram
(GIN) indexes for a fragment anywhere in a name, a pattern btree for the beginning of an IPP.
The birth date has its own btree since 0001. SQLite (local development) gets nothing: it has
neither pg_trgm nor operator classes, and its tables stay small.

Production: CREATE EXTENSION needs a superuser, or PostgreSQL 13+ with a database owner
(pg_trgm is a trusted extension); otherwise run `CREATE EXTENSION pg_trgm;` once as a
superuser before migrating.
"""

from django.db import migrations

INDEXES = {
    "patients_patient_family_name_trgm":
        'USING gin (UPPER("family_name"::text) gin_trgm_ops)',
    "patients_patient_given_name_trgm":
        'USING gin (UPPER("given_name"::text) gin_trgm_ops)',
    "patients_patient_ipp_upper_prefix":
        'USING btree (UPPER("ipp"::text) text_pattern_ops)',
}


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "patients_patient" {definition}')


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("patients", "0005_record_lock_version"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
