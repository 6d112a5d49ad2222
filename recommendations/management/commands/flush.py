"""`manage.py flush`, which empties every table, also on SQLite with the immutability triggers.

PostgreSQL flushes with TRUNCATE, which row triggers do not see; SQLite deletes row by row,
so the triggers that keep signed records (recommendations/immutable_records.py) would refuse
it. Wiping the whole database is what flush is for (tests call it after each transactional
test): on SQLite the triggers are lifted for its duration and put back after, as they were.
"""

from django.apps import apps
from django.core.management.commands import flush
from django.db import connections

from recommendations import immutable_records


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite" or not immutable_records.installed_sqlite_triggers(
                connection):
            return super().handle(**options)
        with connection.schema_editor(atomic=False) as editor:
            immutable_records.remove(editor)
        try:
            return super().handle(**options)
        finally:
            with connection.schema_editor(atomic=False) as editor:
                immutable_records.install(editor,
                                          apps.get_model("recommendations", "Proposal"),
                                          apps.get_model("recommendations", "Document"))
