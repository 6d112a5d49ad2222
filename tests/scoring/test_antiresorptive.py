"""The anti-resorptive plan: when to start (001 2.2, 000 Question 7), agents and rhythms
(001 2.4), reassessment at 2 years (001 2.4, 000 Question 9), dental follow-up every 6 months
(001 2.3; README conflict decision against 004's yearly) and stopping denosumab (001 2.4, 000
Question 9; README conflict decision). The checks before starting are in
test_antiresorptive_checks.py."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.antiresorptive import antiresorptive_plan
from scoring.engine.antiresorptive_table import Interval, add_months
from scoring.engine.facts import (
    Antiresorptive,
    DentalAssessment,
    LesionFacts,
    Measurement,
    PatientFacts,
    SkeletalEvent,
)
from scoring.engine.renal import Clearance
from scoring.engine.results import Result
from scoring.referential_data import seed_referential

REFERENTIAL = seed_referential()
TODAY = date(2026, 11, 23)
NO_CLEARANCE = Result()


def clearance(value="75") -> Result:
    return Result(value=Clearance(ml_per_min=Decimal(value), formula="test"))


def patient(**changes) -> PatientFacts:
    facts = {
        "life_expectancy": "gt12m",
        "measurements": {"vitamin_d": Measurement(Decimal("35"), date(2026, 11, 1)),
                         "calcium": Measurement(Decimal("2.3"), date(2026, 11, 1))},
        "dental_assessments": (DentalAssessment(date(2026, 10, 1), "fit", True),),
    }
    facts.update(changes)
    return PatientFacts(**facts)


def plan(facts=None, ml_min=None, oligo=False, today=TODAY):
    return antiresorptive_plan(facts or patient(), clearance() if ml_min is None else ml_min,
                               oligo, today, REFERENTIAL["antiresorptive"],
                               REFERENTIAL["zoledronic_acid_dose"])


class TestStartDecision:
    # 001 2.2 (ESMO 2020): start if life expectancy > 3 months; "lt3m" is below
    @pytest.mark.parametrize(("code", "expected"), [
        ("lt3m", False), ("3to6m", True), ("6to12m", True), ("gt12m", True),
    ])
    def test_it_reads_the_life_expectancy_threshold(self, code, expected):
        result = plan(patient(life_expectancy=code))
        assert result.should_start is expected
        (reason,) = result.start_reasons
        assert "3 months" in reason.text("en") and "ESMO 2020" in reason.source

    # 001 2.2: after a skeletal-related event, start whatever the expected survival
    @pytest.mark.parametrize("kind", ["fracture", "cord_compression", "radiotherapy",
                                      "surgery", "hypercalcaemia"])
    def test_it_starts_after_a_skeletal_event_whatever_the_survival(self, kind):
        facts = patient(life_expectancy="lt3m",
                        skeletal_events=(SkeletalEvent(kind, date(2026, 10, 2)),))
        result = plan(facts)
        assert result.should_start is True
        assert result.start_reasons[0].rule_id == "antiresorptive.start.skeletal_event"
        assert "whatever the expected survival" in result.start_reasons[0].text("en")

    # A pathological fracture recorded on a lesion, or a detected cord compression, is an
    # event even when nobody entered it as one (Rosen LS et al. Cancer 2003's definition).
    @pytest.mark.parametrize(("fracture", "expected"), [
        ("stable", True), ("unstable", True), ("impending", False), ("none", False),
    ])
    def test_a_pathological_fracture_on_a_lesion_is_an_event(self, fracture, expected):
        lesion = LesionFacts(id="F1", site="femur_diaphysis", region="long_bone",
                             fracture_status=fracture)
        result = antiresorptive_plan(
            patient(life_expectancy="lt3m"), clearance(), False, TODAY,
            REFERENTIAL["antiresorptive"], REFERENTIAL["zoledronic_acid_dose"],
            lesions=(lesion,))
        assert result.should_start is expected
        if expected:
            assert result.start_reasons[0].rule_id == "antiresorptive.start.lesion_event"
            assert "lesion F1 (pathological fracture)" in result.start_reasons[0].text("en")

    def test_a_detected_cord_compression_is_an_event(self):
        result = antiresorptive_plan(
            patient(life_expectancy="lt3m"), clearance(), False, TODAY,
            REFERENTIAL["antiresorptive"], REFERENTIAL["zoledronic_acid_dose"],
            compression_lesion_ids=("T8",))
        assert result.should_start is True
        assert "(spinal cord compression)" in result.start_reasons[0].text("en")

    def test_it_names_the_event_in_its_reason(self):
        facts = patient(life_expectancy="lt3m",
                        skeletal_events=(SkeletalEvent("fracture", date(2026, 10, 2)),))
        assert plan(facts).start_reasons[0].text("en").startswith(
            "Skeletal-related event (pathological fracture, 2026-10-02)")

    def test_it_ignores_an_event_after_the_reference_date(self):
        facts = patient(life_expectancy="lt3m",
                        skeletal_events=(SkeletalEvent("fracture", date(2026, 12, 1)),))
        assert plan(facts).should_start is False

    def test_it_leaves_the_decision_open_without_life_expectancy(self):
        result = plan(patient(life_expectancy=None))
        assert result.should_start is None
        assert [m.name for m in result.missing] == ["life_expectancy"]

    def test_it_needs_no_life_expectancy_after_a_skeletal_event(self):
        facts = patient(life_expectancy=None,
                        skeletal_events=(SkeletalEvent("surgery", date(2026, 1, 5)),))
        result = plan(facts)
        assert result.should_start is True and result.missing == ()


class TestAgentsAndRhythm:
    def test_it_gives_zoledronic_acid_every_3_months_when_oligometastatic(self):
        # 001 2.4: oligometastatic: ZOL every 3 months for 2 years
        result = plan(oligo=True)
        (zol,) = result.agents
        assert (zol.drug_code, zol.interval, zol.spaced_interval) == (
            "zoledronic_acid", Interval(3, "months"), None)
        assert result.rhythm == "oligometastatic"
        reasons = {r.rule_id: r for r in result.reasons}
        assert reasons["antiresorptive.rhythm.oligometastatic"].text("en") == (
            "Oligometastatic disease: zoledronic acid every 3 months, for 24 months, then "
            "consider stopping (specialist advice).")

    def test_it_gives_either_agent_every_4_weeks_when_multimetastatic(self):
        # 001 2.4: ZOL or DMAB monthly; ZOL may be spaced to 3-monthly, DMAB may not
        zol, dmab = plan(oligo=False).agents
        assert (zol.drug_code, zol.interval, zol.spaced_interval) == (
            "zoledronic_acid", Interval(4, "weeks"), Interval(3, "months"))
        assert (dmab.drug_code, dmab.interval, dmab.spaced_interval) == (
            "denosumab", Interval(4, "weeks"), None)
        assert (dmab.dose_mg, dmab.route, zol.route) == (Decimal("120"), "sc", "iv")

    def test_it_explains_the_multimetastatic_rhythm(self):
        reasons = {r.rule_id: r for r in plan(oligo=False).reasons}
        assert reasons["antiresorptive.rhythm.multimetastatic"].text("en") == (
            "Multi-metastatic disease: zoledronic acid every 4 weeks (may be spaced every 3 "
            "months after a good response) or denosumab every 4 weeks (not spaced).")

    def test_it_lists_both_agents_without_rhythm_when_the_status_is_unknown(self):
        result = plan(oligo=None)
        assert [(a.drug_code, a.interval) for a in result.agents] == [
            ("zoledronic_acid", None), ("denosumab", None)]
        assert result.rhythm is None
        assert "oligometastatic" in [m.name for m in result.missing]

    def test_it_doses_zoledronic_acid_from_the_clearance(self):
        zol = plan(ml_min=clearance("45")).agents[0]
        assert (zol.dose_mg, zol.contraindicated) == (Decimal("3.3"), False)
        assert [r.rule_id for r in zol.advice] == [
            "antiresorptive.zoledronic_acid.infusion", "antiresorptive.zoledronic_acid.hydration",
            "antiresorptive.zoledronic_acid.paracetamol"]

    def test_it_marks_zoledronic_acid_contraindicated_below_30(self):
        zol = plan(ml_min=clearance("25")).agents[0]
        assert (zol.dose_mg, zol.contraindicated) == (None, True)
        assert zol.cautions[0].rule_id == "antiresorptive.zoledronic_acid_dose"

    # 001 2.4: no renal adjustment for denosumab, but caution below 30 mL/min
    @pytest.mark.parametrize(("ml_min", "caution"), [("29.9", True), ("30", False),
                                                     ("75", False)])
    def test_it_cautions_denosumab_below_30(self, ml_min, caution):
        result = plan(ml_min=clearance(ml_min))
        assert (result.denosumab_caution is not None) is caution
        assert bool(result.agents[1].cautions) is caution
        assert result.agents[1].dose_mg == Decimal("120")

    def test_it_reports_the_missing_clearance(self):
        result = plan(ml_min=NO_CLEARANCE)
        assert result.zol_dose.value is None and result.denosumab_caution is None
        assert result.agents[0].contraindicated is None
        assert "creatinine_clearance" in [m.name for m in result.missing]


class TestDates:
    def test_it_reassesses_two_years_after_the_current_start(self):
        facts = patient(antiresorptives=(Antiresorptive("zoledronic_acid", date(2025, 3, 10)),))
        result = plan(facts)
        assert result.current.drug_code == "zoledronic_acid"
        assert result.reassessment_date == date(2027, 3, 10)

    def test_it_reassesses_two_years_from_today_when_starting_now(self):
        assert plan().reassessment_date == date(2028, 11, 23)

    def test_it_sets_no_reassessment_without_indication_or_treatment(self):
        assert plan(patient(life_expectancy="lt3m")).reassessment_date is None

    def test_it_says_when_the_reassessment_is_due(self):
        facts = patient(antiresorptives=(Antiresorptive("zoledronic_acid", date(2024, 1, 10)),))
        reasons = {r.rule_id: r for r in plan(facts).reasons}
        assert "on 2026-01-10 (due)" in reasons["antiresorptive.reassessment"].text("en")

    def test_it_ignores_a_stopped_treatment(self):
        stopped = Antiresorptive("zoledronic_acid", date(2023, 1, 1), end_date=date(2025, 1, 1))
        assert plan(patient(antiresorptives=(stopped,))).current is None

    def test_it_plans_the_dental_follow_up_six_months_after_the_last_check(self):
        facts = patient(dental_assessments=(
            DentalAssessment(date(2026, 8, 31), "fit", True),
            DentalAssessment(date(2026, 2, 1), "care_needed", True)))
        assert plan(facts).dental_follow_up_next == date(2027, 2, 28)

    @pytest.mark.parametrize(("day", "months", "expected"), [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 23), 3, date(2027, 2, 23)),
        (date(2026, 11, 23), 24, date(2028, 11, 23)),
    ])
    def test_it_adds_calendar_months(self, day, months, expected):
        assert add_months(day, months) == expected


class TestStoppingDenosumab:
    def on_denosumab(self, **changes):
        record = {"drug_code": "denosumab", "start_date": date(2025, 1, 1),
                  "last_injection_date": date(2026, 11, 2)}
        record.update(changes)
        return patient(antiresorptives=(Antiresorptive(**record),))

    def test_it_plans_the_first_zoledronic_acid_three_months_after_the_last_injection(self):
        advice = plan(self.on_denosumab(), ml_min=clearance("70")).stopping_denosumab
        assert (advice.first_relay_date, advice.relay_possible, advice.flagged) == (
            date(2027, 2, 2), True, False)
        assert "one or more zoledronic acid infusions" in advice.reasons[0].text("en")

    def test_it_flags_the_relay_when_the_clearance_forbids_zoledronic_acid(self):
        advice = plan(self.on_denosumab(), ml_min=clearance("25")).stopping_denosumab
        assert advice.flagged and advice.relay_possible is False
        assert advice.reasons[-1].rule_id == "antiresorptive.denosumab.relay_impossible"
        assert "Relay impossible: clearance 25 mL/min" in advice.reasons[-1].text("en")

    def test_it_leaves_the_relay_open_without_clearance(self):
        advice = plan(self.on_denosumab(), ml_min=NO_CLEARANCE).stopping_denosumab
        assert advice.relay_possible is None and not advice.flagged

    def test_it_asks_for_the_last_injection_date(self):
        result = plan(self.on_denosumab(last_injection_date=None))
        assert result.stopping_denosumab.first_relay_date is None
        assert "denosumab_last_injection" in [m.name for m in result.missing]

    def test_it_still_advises_after_stopping_until_the_relay_starts(self):
        stopped = self.on_denosumab(end_date=date(2026, 11, 2))
        assert plan(stopped).stopping_denosumab is not None
        relayed = patient(antiresorptives=(
            Antiresorptive("denosumab", date(2025, 1, 1), date(2026, 8, 1), date(2026, 8, 1)),
            Antiresorptive("zoledronic_acid", date(2026, 11, 1))))
        assert plan(relayed).stopping_denosumab is None

    def test_it_gives_no_advice_without_denosumab(self):
        assert plan().stopping_denosumab is None


PATIENTS = st.builds(
    patient,
    life_expectancy=st.sampled_from([None, "lt3m", "3to6m", "6to12m", "gt12m"]),
    skeletal_events=st.lists(st.builds(
        SkeletalEvent, kind=st.sampled_from(["fracture", "surgery", "hypercalcaemia"]),
        occurred_on=st.dates(date(2024, 1, 1), date(2026, 11, 23))), max_size=2).map(tuple),
    antiresorptives=st.lists(st.builds(
        Antiresorptive, drug_code=st.sampled_from(["zoledronic_acid", "denosumab"]),
        start_date=st.dates(date(2023, 1, 1), date(2026, 11, 1)),
        last_injection_date=st.none() | st.dates(date(2024, 1, 1), date(2026, 11, 1))),
        max_size=2).map(tuple),
)


class TestProperties:
    @given(PATIENTS, st.none() | st.decimals(min_value=5, max_value=150, places=1),
           st.none() | st.booleans())
    def test_it_is_deterministic(self, facts, ml_min, oligo):
        result = clearance(ml_min) if ml_min is not None else NO_CLEARANCE
        assert plan(facts, result, oligo) == plan(facts, result, oligo)

    @given(PATIENTS)
    def test_it_never_refuses_after_a_skeletal_event(self, facts):
        if facts.skeletal_events:
            assert plan(facts).should_start is True
