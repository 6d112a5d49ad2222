"""What "treatment type" means in the statistics: a treatment the engine's results stored
with the signed proposal (`Proposal.engine_result`) retain. Read from structured fields only,
never from the panel's free text:

- anti-resorptive: the anti-resorptive plan says to start (`antiresorptive.should_start`);
- radiotherapy: a lesion has at least one radiotherapy indication;
- surgery: a lesion's surgical opinion is recommended;
- cementoplasty, thermal ablation: a lesion's eligibility decision is "indicated".

A proposal may count under several types, or under none. A departure from the referential
is counted apart (figures.Departures): these types say what the engine proposed.

Each lesion test runs in the database (one aggregate for every type): PostgreSQL's JSON
path, or SQLite's json_each; the two spellings say the same thing.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, F, Func, Q
from django.db.utils import NotSupportedError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LesionTest:
    postgresql: str  # a JSON path over the whole engine_result, true when it matches
    sqlite: str  # a condition on `lesion.value`, one element of result.lesions


class AnyLesion(Func):
    """True when one of the proposal's lesion results passes `test` (constant SQL: no user
    input reaches it)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, test: LesionTest):
        self.test = test
        super().__init__(F("engine_result"))

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"AnyLesion has no spelling for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"jsonb_path_exists({column}, %s)", (*params, self.test.postgresql)

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        # The condition is one of the constants below, never user input.
        sql = (f"EXISTS (SELECT 1 FROM json_each({column}, '$.result.lesions') AS lesion "  # noqa: S608  # nosec B608
               f"WHERE {self.test.sqlite})")
        return sql, params


def _decision_indicated(treatment: str) -> LesionTest:
    return LesionTest(
        f'$.result.lesions[*].{treatment}.decision ? (@ == "indicated")',
        f"json_extract(lesion.value, '$.{treatment}.decision') = 'indicated'")


RADIOTHERAPY = LesionTest(
    "$.result.lesions[*].radiotherapy.indications[*]",
    "json_array_length(json_extract(lesion.value, '$.radiotherapy.indications')) > 0")
SURGERY = LesionTest(
    "$.result.lesions[*].surgical_opinion.recommended ? (@ == true)",
    "json_extract(lesion.value, '$.surgical_opinion.recommended') = 1")


@dataclass(frozen=True)
class TreatmentType:
    code: str
    label: str
    condition: Q


TREATMENT_TYPES = (
    TreatmentType("antiresorptive", _("Anti-resorptive treatment"),
                  Q(engine_result__result__antiresorptive__should_start=True)),
    TreatmentType("radiotherapy", _("Radiotherapy"), Q(AnyLesion(RADIOTHERAPY))),
    TreatmentType("surgery", _("Surgery"), Q(AnyLesion(SURGERY))),
    TreatmentType("cementoplasty", _("Cementoplasty"),
                  Q(AnyLesion(_decision_indicated("cementoplasty")))),
    TreatmentType("thermal_ablation", _("Thermal ablation"),
                  Q(AnyLesion(_decision_indicated("thermal_ablation")))),
)
