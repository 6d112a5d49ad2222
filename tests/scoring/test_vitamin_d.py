"""Vitamin D: 001_9a2b5970b4e5472a.txt section 1 (Recommandation: < 20 ng/mL 8 weekly doses
of 50,000 IU, 20-30 ng/mL 4 weekly doses, then 50,000 IU monthly; calcium 1000-1500 mg/day)
and Tableau 1 (deficiency < 10, insufficiency 10 to < 30, recommended 30 to 70, possible
intoxication > 150). Bounds decided in vitamin_d.json: 30 is sufficient, 20 gets 4 doses."""

import copy
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.facts import Measurement, PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.vitamin_d import LoadingScheme, parse_vitamin_d, vitamin_d_plan
from scoring.referential_data import SEED_DIR, seed_referential

VITAMIN_D = seed_referential()["vitamin_d"]
RAW = json.loads((SEED_DIR / "vitamin_d.json").read_text(encoding="utf-8"))
TODAY = date(2026, 11, 23)


def patient(value=None, measured_on=date(2026, 11, 1)) -> PatientFacts:
    if value is None:
        return PatientFacts()
    return PatientFacts(measurements={
        "vitamin_d": Measurement(Decimal(str(value)), measured_on)})


def plan(value=None, measured_on=date(2026, 11, 1), today=TODAY):
    return vitamin_d_plan(patient(value, measured_on), today, VITAMIN_D)


class TestLoading:
    @pytest.mark.parametrize(("value", "band", "doses"), [
        # 001 1 Recommandation: < 20 ng/mL: 8 weekly doses of 50,000 IU
        ("5", "lt20", 8), ("10", "lt20", 8), ("19.9", "lt20", 8),
        # 001 1 Recommandation: 20-30 ng/mL: 4 weekly doses (20 included, 30 excluded)
        ("20", "20to30", 4), ("25", "20to30", 4), ("29.9", "20to30", 4),
        # 001 Tableau 1: 30 to 70 recommended: no loading
        ("30", "ge30", 0), ("45", "ge30", 0), ("160", "ge30", 0),
    ])
    def test_it_reads_each_loading_band(self, value, band, doses):
        result = plan(value)
        assert result.loading_band == band
        assert (result.loading.doses if result.loading else 0) == doses

    def test_it_schedules_the_weekly_doses_from_the_reference_date(self):
        assert plan("12").loading == LoadingScheme(
            doses=8, dose_iu=50000, interval_days=7, first_dose_date=TODAY,
            last_dose_date=TODAY + timedelta(days=49), end_date=TODAY + timedelta(days=56))
        assert plan("12").maintenance_start == TODAY + timedelta(days=56)

    def test_it_starts_maintenance_now_when_nothing_is_loaded(self):
        assert plan("30").maintenance_start == TODAY

    def test_it_explains_the_scheme(self):
        reasons = {r.rule_id: r for r in plan("25").reasons}
        assert reasons["vitamin_d.loading"].text("en") == (
            "25 ng/mL, ≥ 20 ; < 30 ng/mL: loading with 4 oral doses of 50,000 IU of "
            "cholecalciferol every 7 days, from 2026-11-23 to 2026-12-14, then maintenance."
        )
        assert "4 prises de 50\u202f000 UI" in reasons["vitamin_d.loading"].text("fr")
        assert "1 Recommandation" in reasons["vitamin_d.loading"].source


class TestStatus:
    @pytest.mark.parametrize(("value", "status"), [
        ("5", "deficiency"), ("9.9", "deficiency"),  # Tableau 1: < 10
        ("10", "insufficiency"), ("20", "insufficiency"), ("29.9", "insufficiency"),
        ("30", "recommended"), ("70", "recommended"),  # Tableau 1: 30 to 70
        ("70.1", "above_recommended"), ("150", "above_recommended"),  # unnamed by Tableau 1
        ("150.1", "possible_intoxication"),  # Tableau 1: > 150
    ])
    def test_it_labels_each_status(self, value, status):
        assert plan(value).status == status

    def test_it_shows_the_label_and_the_target(self):
        result = plan("18")
        assert (result.status_label_en, result.status_label_fr) == (
            "Vitamin D insufficiency", "Insuffisance en vitamine D")
        reasons = {r.rule_id: r for r in result.reasons}
        assert "target > 30 ng/mL (75 nmol/L)" in reasons["vitamin_d.status"].text("en")
        assert "Tableau 1" in reasons["vitamin_d.status"].source


class TestMaintenanceAndCalcium:
    @pytest.mark.parametrize("value", [None, "12", "45"])
    def test_it_always_gives_maintenance_and_calcium(self, value):
        result = plan(value)
        # 001 1 Recommandation: 50,000 IU monthly; calcium 1000-1500 mg/day
        assert (result.maintenance_dose_iu, result.maintenance_every_months) == (50000, 1)
        assert (result.calcium_min_mg_per_day, result.calcium_max_mg_per_day) == (1000, 1500)
        rule_ids = [r.rule_id for r in result.reasons]
        assert {"vitamin_d.maintenance", "vitamin_d.calcium_intake"} <= set(rule_ids)

    def test_it_reports_the_missing_value(self):
        result = plan(None)
        assert (result.status, result.loading, result.maintenance_start) == (None, None, None)
        assert [m.name for m in result.missing] == ["vitamin_d"]


class TestRecheck:
    @pytest.mark.parametrize(("days", "stale"), [(0, False), (90, False), (91, True),
                                                 (400, True)])
    def test_it_advises_re_measuring_an_old_value(self, days, stale):
        result = plan("25", measured_on=TODAY - timedelta(days=days))
        assert (result.recheck is not None) is stale
        assert result.loading.doses == 4  # the old value still drives the scheme

    def test_it_cites_the_recheck_as_an_application_rule(self):
        result = plan("25", measured_on=date(2026, 1, 1))
        assert result.recheck.text("en") == (
            "Value of 2026-01-01 (326 days old): older than 90 days, consider re-measuring.")
        assert "application rule" in result.recheck.source
        assert result.recheck in result.reasons


class TestProperties:
    @given(st.decimals(min_value=0, max_value=200, places=1),
           st.decimals(min_value=0, max_value=200, places=1))
    def test_it_never_loads_more_for_a_higher_value(self, low, high):
        low, high = sorted((low, high))
        doses = [plan(v).loading.doses if plan(v).loading else 0 for v in (low, high)]
        assert doses[0] >= doses[1]

    @given(st.decimals(min_value=0, max_value=200, places=1), st.dates(date(2020, 1, 1)))
    def test_it_is_deterministic(self, value, measured_on):
        assert plan(value, measured_on) == plan(value, measured_on)


def altered(change) -> dict:
    data = copy.deepcopy(RAW)
    change(data)
    return data


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["loading"][0].pop("source"), "row 1: every row must cite its source"),
    (lambda d: d["loading"][1].update(lower="21"), "gap or overlap"),
    (lambda d: d["loading"][1].update(upper_inclusive=True), "belongs to both or neither"),
    (lambda d: d["loading"][0].update(doses=-8), "doses must be a whole number"),
    (lambda d: d["loading"][0].update(dose_iu=0), "dose_iu must be a positive"),
    (lambda d: d["loading"][1].update(interval_days=-7), "interval_days must be a positive"),
    (lambda d: d["status"][2].pop("label_en"), "labels are required"),
    (lambda d: d["status"][3].update(lower_inclusive=True), "belongs to both or neither"),
    (lambda d: d["status"][4].pop("source"), "every row must cite its source"),
    (lambda d: d["maintenance"].update(dose_iu=-50000), "dose_iu must be a positive"),
    (lambda d: d["maintenance"].pop("source"), "maintenance: the row is missing or uncited"),
    (lambda d: d["calcium_intake"].update(min_mg_per_day=2000), "minimum exceeds"),
    (lambda d: d["target"].pop("source"), "target: the row is missing or uncited"),
    (lambda d: d.pop("recheck"), "recheck: the row is missing"),
    (lambda d: d["recheck"].update(max_age_days="soon"), "max_age_days must be a positive"),
], ids=["no-source", "gap", "30-in-both", "negative-doses", "zero-dose", "negative-interval",
        "no-label", "70-in-both", "status-no-source", "negative-maintenance",
        "maintenance-no-source", "calcium-min-over-max", "target-no-source", "no-recheck",
        "recheck-not-a-number"])
def test_it_refuses_an_invalid_table(change, message):
    with pytest.raises(ReferentialError, match="vitamin_d") as caught:
        parse_vitamin_d(altered(change))
    assert message in str(caught.value)
