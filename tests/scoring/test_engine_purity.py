"""The engine is plain Python: no Django import, no database, the referential as argument."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "scoring" / "engine"
ENGINE_MODULES = sorted(ENGINE.glob("*.py"))


@pytest.mark.parametrize("path", ENGINE_MODULES, ids=lambda p: p.name)
def test_it_imports_nothing_from_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name.split(".")[0] in {"django", "patients",
                                                                       "recommendations"}]


def test_it_loads_the_whole_engine_without_loading_django():
    code = (
        "import sys, scoring.engine.evaluate, scoring.referential_data as data\n"
        "data.seed_referential()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                            cwd=ENGINE.parents[1], check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.django_db
def test_evaluating_a_recorded_case_runs_no_query(django_assert_num_queries):
    """Records are read once, by the adapter; the engine itself never reaches the database,
    so a page or a booklet costs the same queries whatever the rules do."""
    import datetime as dt
    from decimal import Decimal

    from django.db.models import prefetch_related_objects

    from patients.models import Antithrombotic, SystemicTreatment
    from scoring.adapters import PATIENT_FACT_RELATIONS, case_facts
    from scoring.engine.evaluate import evaluate_case
    from scoring.engine.facts import PlannedDates
    from scoring.referentials import current_referential
    from tests.factories import LesionFactory, MeasurementFactory, PatientFactory, drug

    today = dt.date(2026, 11, 23)
    patient = PatientFactory(ecog=1, karnofsky=80, bone_metastasis_count=3)
    for kind, value in (("weight", "70"), ("creatinine", "90"), ("vitamin_d", "18")):
        MeasurementFactory(patient=patient, kind=kind, value=Decimal(value))
    SystemicTreatment.objects.create(patient=patient, drug=drug("gemcitabine"),
                                     start_date=dt.date(2026, 10, 1))
    Antithrombotic.objects.create(patient=patient, drug=drug("clopidogrel"),
                                  start_date=dt.date(2025, 1, 1))
    LesionFactory(patient=patient, site="femur_diaphysis", pain="functional")
    LesionFactory(patient=patient, site="t11", neurological_deficit="incomplete")
    referential = current_referential()
    prefetch_related_objects([patient], *PATIENT_FACT_RELATIONS)
    with django_assert_num_queries(0):
        facts = case_facts(patient, today, PlannedDates(procedure_date=dt.date(2026, 12, 1),
                                                        radiotherapy_date=dt.date(2026, 12, 7)))
        result = evaluate_case(facts, referential)
    assert len(result.lesions) == 2
    assert result.clearance.complete
