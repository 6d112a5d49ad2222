"""Database triggers that keep signed records as they were signed, whatever writes to them.

`Proposal.save()` and `Document.save()` refuse to change a frozen record, but a queryset
`.update()`, raw SQL, a script or the database shell go around them. These triggers refuse,
in the database itself (PostgreSQL and SQLite alike):

- any change of a valid or superseded proposal except its status going from valid to
  superseded (a new version was signed) and its `lock_version` (concurrency bookkeeping,
  not content); and its deletion;
- any change or deletion of a signature;
- any change of a ready document except its rendering bookkeeping (`error`, `attempts`,
  `updated_at`, and `requested_by` which a deleted account sets to NULL); and its deletion.

Migration 0006 installs them; `manage.py flush` (which wipes everything, tests included)
lifts them for its own duration on SQLite, where it deletes row by row (PostgreSQL
truncates, which row triggers do not see).
"""

FROZEN_PROPOSAL_STATES = ("valid", "superseded")
PROPOSAL_MAY_CHANGE = ("status", "lock_version")
READY_DOCUMENT_MAY_CHANGE = ("error", "attempts", "updated_at", "requested_by_id")

PROPOSAL_TABLE = "recommendations_proposal"
SIGNATURE_TABLE = "recommendations_signature"
DOCUMENT_TABLE = "recommendations_document"

PROPOSAL_MESSAGE = "a valid or superseded proposal never changes: make a new version"
SIGNATURE_MESSAGE = "a signature is never changed nor deleted"
DOCUMENT_MESSAGE = "a ready document never changes nor is deleted"

# (trigger name, table) of every trigger installed, per vendor.
SQLITE_TRIGGERS = (
    ("rcp_frozen_proposal_update", PROPOSAL_TABLE),
    ("rcp_frozen_proposal_delete", PROPOSAL_TABLE),
    ("rcp_signature_update", SIGNATURE_TABLE),
    ("rcp_signature_delete", SIGNATURE_TABLE),
    ("rcp_ready_document_update", DOCUMENT_TABLE),
    ("rcp_ready_document_delete", DOCUMENT_TABLE),
)
POSTGRESQL_TRIGGERS = (
    ("rcp_frozen_proposal", PROPOSAL_TABLE, "rcp_refuse_frozen_proposal_change"),
    ("rcp_signature", SIGNATURE_TABLE, "rcp_refuse_signature_change"),
    ("rcp_ready_document", DOCUMENT_TABLE, "rcp_refuse_ready_document_change"),
)
_FROZEN = ", ".join(f"'{state}'" for state in FROZEN_PROPOSAL_STATES)


def _jsonb_without(record: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f"'{column}'" for column in columns)
    return f"(to_jsonb({record}) - ARRAY[{names}]::text[])"


def _postgresql_function(name: str, refuse_when: str, message: str) -> str:
    # SQLSTATE 23000 (integrity_constraint_violation): Django raises IntegrityError.
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF {refuse_when} THEN
        RAISE EXCEPTION '%: {message}', TG_TABLE_NAME USING ERRCODE = '23000';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql"""


def postgresql_install() -> list[str]:
    proposal_changed = (
        f"{_jsonb_without('NEW', PROPOSAL_MAY_CHANGE)} IS DISTINCT FROM "
        f"{_jsonb_without('OLD', PROPOSAL_MAY_CHANGE)}")
    proposal = (
        f"OLD.status IN ({_FROZEN}) AND (TG_OP = 'DELETE' OR {proposal_changed} OR NOT "
        "(NEW.status = OLD.status OR (OLD.status = 'valid' AND NEW.status = 'superseded')))")
    document_changed = (
        f"{_jsonb_without('NEW', READY_DOCUMENT_MAY_CHANGE)} IS DISTINCT FROM "
        f"{_jsonb_without('OLD', READY_DOCUMENT_MAY_CHANGE)}")
    document = f"OLD.status = 'ready' AND (TG_OP = 'DELETE' OR {document_changed})"
    conditions = {PROPOSAL_TABLE: (proposal, PROPOSAL_MESSAGE),
                  SIGNATURE_TABLE: ("TRUE", SIGNATURE_MESSAGE),
                  DOCUMENT_TABLE: (document, DOCUMENT_MESSAGE)}
    statements = []
    for trigger, table, function in POSTGRESQL_TRIGGERS:
        refuse_when, message = conditions[table]
        statements += [
            _postgresql_function(function, refuse_when, message),
            f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
            f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return statements


def postgresql_remove() -> list[str]:
    statements = []
    for trigger, table, function in POSTGRESQL_TRIGGERS:
        statements += [f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
                       f"DROP FUNCTION IF EXISTS {function}()"]
    return statements


def _sqlite_any_changed(columns: list[str]) -> str:
    return " OR ".join(f'NEW."{column}" IS NOT OLD."{column}"' for column in columns)


def _sqlite_trigger(name: str, event: str, table: str, when: str, message: str) -> str:
    return (f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {table} FOR EACH ROW "
            f"WHEN {when} BEGIN SELECT RAISE(ABORT, '{table}: {message}'); END")


def sqlite_install(proposal_columns: list[str], document_columns: list[str]) -> list[str]:
    """The columns are the tables' own at the time (a migration passes its model state's)."""
    fixed_proposal = [c for c in proposal_columns if c not in PROPOSAL_MAY_CHANGE]
    fixed_document = [c for c in document_columns if c not in READY_DOCUMENT_MAY_CHANGE]
    proposal_update = (
        f"OLD.status IN ({_FROZEN}) AND ({_sqlite_any_changed(fixed_proposal)} OR NOT "
        "(NEW.status = OLD.status OR (OLD.status = 'valid' AND NEW.status = 'superseded')))")
    document_update = f"OLD.status = 'ready' AND ({_sqlite_any_changed(fixed_document)})"
    names = dict(enumerate(name for name, _table in SQLITE_TRIGGERS))
    return [
        _sqlite_trigger(names[0], "UPDATE", PROPOSAL_TABLE, proposal_update, PROPOSAL_MESSAGE),
        _sqlite_trigger(names[1], "DELETE", PROPOSAL_TABLE, f"OLD.status IN ({_FROZEN})",
                        PROPOSAL_MESSAGE),
        _sqlite_trigger(names[2], "UPDATE", SIGNATURE_TABLE, "1", SIGNATURE_MESSAGE),
        _sqlite_trigger(names[3], "DELETE", SIGNATURE_TABLE, "1", SIGNATURE_MESSAGE),
        _sqlite_trigger(names[4], "UPDATE", DOCUMENT_TABLE, document_update,
                        DOCUMENT_MESSAGE),
        _sqlite_trigger(names[5], "DELETE", DOCUMENT_TABLE, "OLD.status = 'ready'",
                        DOCUMENT_MESSAGE),
    ]


def sqlite_remove() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _table in SQLITE_TRIGGERS]


def install(schema_editor, proposal_model, document_model) -> None:
    """Create the triggers for the database `schema_editor` works on."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgresql_install()
    elif vendor == "sqlite":
        statements = sqlite_install(_columns(proposal_model), _columns(document_model))
    else:
        raise NotImplementedError(f"No immutability triggers for {vendor}.")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def remove(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = postgresql_remove() if vendor == "postgresql" else sqlite_remove()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def installed_sqlite_triggers(connection) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return present & {name for name, _table in SQLITE_TRIGGERS}


def _columns(model) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]
