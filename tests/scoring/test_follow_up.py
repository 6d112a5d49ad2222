"""Follow-up actions of a signed proposal (scoring.engine.follow_up), on the seed referential:
each kind dated at its boundaries (due exactly today, one day overdue, not yet due), the
missing inputs reported instead of a guessed date, every reason citing its follow_up row.

Seed intervals: dental check 6 months (001 Recommandations, README conflict), denosumab every
4 weeks (001 2.4, antiresorptive rhythm), reassessment 24 months (001 2.4), zoledronic acid 3
months after the last denosumab injection (000 Q9, README), vitamin D re-check 3 months after
the loading started and calcium check monthly (application rules), radiotherapy windows from
000 Tableau 2, re-evaluation 1 month after cementoplasty or ablation, 3 after radiotherapy
(application rules)."""

import json
from datetime import date
from decimal import Decimal

import pytest

from scoring.engine.facts import (
    Antiresorptive,
    DentalAssessment,
    Measurement,
    PatientFacts,
    SystemicTreatment,
)
from scoring.engine.follow_up import (
    DONE,
    DUE,
    NOT_BEFORE,
    OVERDUE,
    UNDATED,
    UPCOMING,
    Proposal,
    ProposedTreatment,
    follow_up_actions,
)
from scoring.referential_data import SEED_DIR, seed_referential

REFERENTIAL = seed_referential()
SEED_ROWS = {row["code"]: row for row in json.loads(
    (SEED_DIR / "follow_up.json").read_text(encoding="utf-8"))["rules"]}
SIGNED = date(2026, 3, 2)


def actions(patient=None, treatments=(), today=SIGNED, signed=SIGNED, emergency=False):
    proposal = Proposal(signed, tuple(treatments), emergency=emergency)
    return follow_up_actions(patient or PatientFacts(), proposal, today, REFERENTIAL)


def of(found, kind):
    matching = [action for action in found if action.kind == kind]
    assert len(matching) == 1, [a.kind for a in found]
    return matching[0]


def kinds(found):
    return [action.kind for action in found]


def measured(**values) -> dict:
    return {kind: Measurement(Decimal(str(value)), day) for kind, (value, day) in values.items()}


def on_zol(start=date(2025, 1, 10), **facts) -> PatientFacts:
    return PatientFacts(antiresorptives=(Antiresorptive("zoledronic_acid", start),), **facts)


BOUNDARIES = [  # reference date relative to the due date -> status, overdue
    (0, DUE, False), (1, OVERDUE, True), (-1, UPCOMING, False)]


def shifted(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)


class TestDentalCheck:
    PATIENT = on_zol(dental_assessments=(DentalAssessment(date(2025, 9, 15), "fit"),))

    @pytest.mark.parametrize(("offset", "status", "overdue"), BOUNDARIES)
    def test_six_months_after_the_last_assessment(self, offset, status, overdue):
        due = date(2026, 3, 15)  # 2025-09-15 + 6 months
        action = of(actions(self.PATIENT, today=shifted(due, offset)), "dental_check")
        assert (action.due_date, action.status, action.overdue) == (due, status, overdue)

    def test_the_newest_assessment_counts(self):
        patient = on_zol(dental_assessments=(DentalAssessment(date(2025, 1, 5), "fit"),
                                             DentalAssessment(date(2025, 11, 30), "fit")))
        assert of(actions(patient), "dental_check").due_date == date(2026, 5, 30)

    def test_without_any_assessment_the_check_before_starting_is_due_at_sign_off(self):
        action = of(actions(on_zol()), "dental_check")
        assert (action.due_date, action.status) == (SIGNED, DUE)

    def test_only_on_an_anti_resorptive(self):
        assert actions(PatientFacts(dental_assessments=(
            DentalAssessment(date(2025, 9, 15), "fit"),))) == ()


class TestDenosumabInjection:
    @pytest.mark.parametrize(("offset", "status", "overdue"), BOUNDARIES)
    def test_four_weeks_after_the_last_injection(self, offset, status, overdue):
        patient = PatientFacts(antiresorptives=(
            Antiresorptive("denosumab", date(2025, 6, 1), date(2026, 2, 2)),))
        due = date(2026, 3, 2)  # 28 days
        action = of(actions(patient, today=shifted(due, offset)), "denosumab_injection")
        assert (action.due_date, action.status, action.overdue) == (due, status, overdue)

    def test_an_unknown_last_injection_is_missing(self):
        patient = PatientFacts(antiresorptives=(Antiresorptive("denosumab", date(2025, 6, 1)),))
        action = of(actions(patient), "denosumab_injection")
        assert (action.due_date, action.status, action.overdue) == (None, UNDATED, None)
        assert [m.name for m in action.missing] == ["denosumab_last_injection"]

    def test_a_proposed_start_is_the_first_injection(self):
        found = actions(treatments=[ProposedTreatment("denosumab", date(2026, 3, 9))])
        assert of(found, "denosumab_injection").due_date == date(2026, 3, 9)
        undated = of(actions(treatments=[ProposedTreatment("denosumab")]),
                     "denosumab_injection")
        assert [m.name for m in undated.missing] == ["denosumab_proposed_start"]

    def test_no_injection_once_stopping_is_proposed(self):
        patient = PatientFacts(antiresorptives=(
            Antiresorptive("denosumab", date(2025, 6, 1), date(2026, 2, 2)),))
        found = actions(patient, [ProposedTreatment("stop_denosumab")])
        assert "denosumab_injection" not in kinds(found)


class TestReassessment:
    @pytest.mark.parametrize(("offset", "status", "overdue"), BOUNDARIES)
    def test_two_years_after_the_start(self, offset, status, overdue):
        due = date(2027, 1, 10)
        action = of(actions(on_zol(), today=shifted(due, offset)),
                    "antiresorptive_reassessment")
        assert (action.due_date, action.status, action.overdue) == (due, status, overdue)

    def test_an_unknown_start_is_missing_never_guessed(self):
        patient = PatientFacts(antiresorptives=(Antiresorptive("zoledronic_acid"),))
        action = of(actions(patient), "antiresorptive_reassessment")
        assert action.due_date is None
        assert [m.name for m in action.missing] == ["antiresorptive_start"]

    def test_from_the_proposed_start(self):
        found = actions(treatments=[ProposedTreatment("zoledronic_acid", date(2026, 3, 16))])
        assert of(found, "antiresorptive_reassessment").due_date == date(2028, 3, 16)
        undated = of(actions(treatments=[ProposedTreatment("zoledronic_acid")]),
                     "antiresorptive_reassessment")
        assert [m.name for m in undated.missing] == ["antiresorptive_proposed_start"]


class TestZoledronicAcidAfterDenosumab:
    RENAL = measured(weight=(70, date(2026, 2, 1)), creatinine=(80, date(2026, 2, 1)))

    def patient(self, creatinine=80, end=None):
        return PatientFacts(
            age_years=65, sex="M",
            measurements=measured(weight=(70, date(2026, 2, 1)),
                                  creatinine=(creatinine, date(2026, 2, 1))),
            antiresorptives=(Antiresorptive("denosumab", date(2024, 1, 1), date(2026, 1, 5),
                                            end),))

    @pytest.mark.parametrize(("offset", "status", "overdue"), BOUNDARIES)
    def test_three_months_after_the_last_injection(self, offset, status, overdue):
        due = date(2026, 4, 5)
        found = actions(self.patient(), [ProposedTreatment("stop_denosumab")],
                        today=shifted(due, offset))
        action = of(found, "zoledronic_acid_after_denosumab")
        assert (action.due_date, action.status, action.overdue) == (due, status, overdue)
        assert not action.flagged and action.missing == ()

    def test_a_stop_recorded_without_relay_counts_too(self):
        found = actions(self.patient(end=date(2026, 2, 1)))
        assert of(found, "zoledronic_acid_after_denosumab").due_date == date(2026, 4, 5)

    def test_not_while_denosumab_goes_on(self):
        assert "zoledronic_acid_after_denosumab" not in kinds(actions(self.patient()))

    def test_flagged_when_the_clearance_forbids_zoledronic_acid(self):
        found = actions(self.patient(creatinine=400), [ProposedTreatment("stop_denosumab")])
        action = of(found, "zoledronic_acid_after_denosumab")
        assert action.flagged
        assert "antiresorptive.denosumab.relay_impossible" in [r.rule_id for r in
                                                                action.reasons]


class TestVitaminD:
    @pytest.mark.parametrize(("offset", "status", "overdue"), BOUNDARIES)
    def test_recheck_three_months_after_the_loading_started(self, offset, status, overdue):
        patient = on_zol(measurements=measured(vitamin_d=(15, date(2026, 2, 20))))
        due = date(2026, 6, 2)
        action = of(actions(patient, today=shifted(due, offset)), "vitamin_d_recheck")
        assert (action.due_date, action.status, action.overdue) == (due, status, overdue)

    def test_maintenance_starts_when_the_loading_ends(self):
        patient = on_zol(measurements=measured(vitamin_d=(15, date(2026, 2, 20))))
        # < 20 ng/mL: 8 weekly doses from the sign-off date (vitamin_d topic)
        assert of(actions(patient), "vitamin_d_maintenance").due_date == date(2026, 4, 27)
        proposed = [ProposedTreatment("vitamin_d_loading", date(2026, 3, 9))]
        found = actions(patient, proposed)
        assert of(found, "vitamin_d_maintenance").due_date == date(2026, 5, 4)
        assert of(found, "vitamin_d_recheck").due_date == date(2026, 6, 9)

    def test_no_loading_no_recheck(self):
        patient = on_zol(measurements=measured(vitamin_d=(30, date(2026, 2, 20))))
        found = actions(patient)
        assert "vitamin_d_recheck" not in kinds(found)
        assert of(found, "vitamin_d_maintenance").due_date == SIGNED

    def test_an_unknown_value_is_missing(self):
        found = actions(on_zol())
        for kind in ("vitamin_d_maintenance", "vitamin_d_recheck"):
            assert [m.name for m in of(found, kind).missing] == ["vitamin_d"]
            assert of(found, kind).due_date is None


class TestCalciumCheck:
    @pytest.mark.parametrize(("offset", "status", "overdue"), BOUNDARIES)
    def test_a_month_after_the_last_value(self, offset, status, overdue):
        patient = on_zol(measurements=measured(calcium=("2.3", date(2026, 1, 31))))
        due = date(2026, 2, 28)  # 31 January + 1 month: the month's last day
        action = of(actions(patient, today=shifted(due, offset)), "calcium_check")
        assert (action.due_date, action.status, action.overdue) == (due, status, overdue)

    def test_without_a_value_the_check_before_starting_is_due_at_sign_off(self):
        assert of(actions(on_zol()), "calcium_check").due_date == SIGNED


class TestRadiotherapyWashout:
    RT = date(2026, 4, 1)

    def patient(self, *treatments):
        return PatientFacts(systemic_treatments=treatments)

    @pytest.mark.parametrize(("offset", "status", "overdue"), BOUNDARIES)
    def test_gemcitabine_four_weeks_before_and_after(self, offset, status, overdue):
        patient = self.patient(SystemicTreatment("gemcitabine", next_dose_date=date(2026, 3, 20)))
        stop_by = date(2026, 3, 4)  # 000 Tableau 2: 4 weeks before
        found = actions(patient, [ProposedTreatment("radiotherapy", self.RT)],
                        today=shifted(stop_by, offset))
        stop = of(found, "radiotherapy_washout_stop")
        assert (stop.due_date, stop.status, stop.overdue) == (stop_by, status, overdue)
        assert stop.subject == "gemcitabine"
        resume = of(found, "radiotherapy_washout_resume")
        assert (resume.due_date, resume.timing, resume.overdue) == (date(2026, 4, 29),
                                                                     NOT_BEFORE, False)

    def test_a_not_before_date_is_never_overdue(self):
        patient = self.patient(SystemicTreatment("doxorubicin"))
        found = actions(patient, [ProposedTreatment("radiotherapy", self.RT)],
                        today=date(2026, 5, 1))
        resume = of(found, "radiotherapy_washout_resume")
        assert (resume.due_date, resume.status, resume.overdue) == (date(2026, 4, 9), DUE,
                                                                     False)

    def test_a_last_dose_already_before_the_window_is_done(self):
        patient = self.patient(SystemicTreatment("gemcitabine",
                                                 last_dose_date=date(2026, 2, 20)))
        found = actions(patient, [ProposedTreatment("radiotherapy", self.RT)],
                        today=date(2026, 3, 10))
        assert of(found, "radiotherapy_washout_stop").status == DONE

    def test_compatible_drugs_give_no_action(self):
        patient = self.patient(SystemicTreatment("carboplatin"))
        found = actions(patient, [ProposedTreatment("radiotherapy", self.RT)])
        assert kinds(found) == ["reevaluation_after_radiotherapy"]

    def test_an_unknown_radiotherapy_date_or_window_is_missing(self):
        found = actions(self.patient(SystemicTreatment("gemcitabine")),
                        [ProposedTreatment("radiotherapy")])
        stop = of(found, "radiotherapy_washout_stop")
        assert stop.due_date is None and "radiotherapy_date" in [m.name for m in stop.missing]
        found = actions(self.patient(SystemicTreatment("capecitabine")),
                        [ProposedTreatment("radiotherapy", self.RT)])
        assert of(found, "radiotherapy_washout_stop").due_date is None

    def test_two_radiotherapies_on_one_day_or_both_undated_call_for_one_washout(self):
        patient = self.patient(SystemicTreatment("gemcitabine"))
        for planned_on in (self.RT, None):
            found = actions(patient, [ProposedTreatment("radiotherapy", planned_on, "1"),
                                      ProposedTreatment("radiotherapy", planned_on, "2")])
            assert kinds(found).count("radiotherapy_washout_stop") == 1
            assert kinds(found).count("reevaluation_after_radiotherapy") == 2  # per lesion
        found = actions(patient, [ProposedTreatment("radiotherapy", self.RT, "1"),
                                  ProposedTreatment("radiotherapy", date(2026, 5, 4), "2")])
        assert kinds(found).count("radiotherapy_washout_stop") == 2

    def test_an_emergency_waives_the_checkpoint_inhibitor_window(self):
        patient = self.patient(SystemicTreatment("pembrolizumab"))
        planned = [ProposedTreatment("radiotherapy", self.RT)]
        assert of(actions(patient, planned), "radiotherapy_washout_stop").due_date == \
            date(2026, 3, 25)
        waived = of(actions(patient, planned, emergency=True), "radiotherapy_washout_stop")
        assert waived.due_date > date(2026, 3, 25)


class TestReevaluation:
    @pytest.mark.parametrize(("kind", "done_on", "due"), [
        ("cementoplasty", date(2026, 3, 31), date(2026, 4, 30)),
        ("thermal_ablation", date(2026, 3, 10), date(2026, 4, 10)),
        ("radiotherapy", date(2026, 3, 10), date(2026, 6, 10)),
    ])
    @pytest.mark.parametrize(("offset", "status", "overdue"), BOUNDARIES)
    def test_after_the_procedure(self, kind, done_on, due, offset, status, overdue):
        found = actions(treatments=[ProposedTreatment(kind, done_on, "l4")],
                        today=shifted(due, offset))
        action = of(found, f"reevaluation_after_{kind}")
        assert (action.due_date, action.status, action.overdue, action.subject) == (
            due, status, overdue, "l4")

    def test_an_unknown_procedure_date_is_missing(self):
        action = of(actions(treatments=[ProposedTreatment("cementoplasty")]),
                    "reevaluation_after_cementoplasty")
        assert (action.due_date, action.status) == (None, UNDATED)
        assert [m.name for m in action.missing] == ["cementoplasty_date"]


def test_every_reason_cites_its_seed_row():
    patient = PatientFacts(
        measurements=measured(vitamin_d=(15, date(2026, 2, 20))),
        antiresorptives=(Antiresorptive("denosumab", date(2025, 6, 1), date(2026, 2, 2)),),
        systemic_treatments=(SystemicTreatment("gemcitabine"),))
    found = actions(patient, [ProposedTreatment(kind, date(2026, 3, 10)) for kind in (
        "cementoplasty", "thermal_ablation", "radiotherapy")])
    assert set(kinds(found)) == set(SEED_ROWS) - {"zoledronic_acid_after_denosumab"}
    for action in found:
        first = action.reasons[0]
        assert first.rule_id == f"follow_up.{action.kind}"
        assert first.source == SEED_ROWS[action.kind]["source"]
        assert first.text_fr and first.text_en


def test_the_actions_come_in_the_table_order():
    found = actions(on_zol(), [ProposedTreatment("cementoplasty", date(2026, 3, 10))])
    order = list(SEED_ROWS)
    assert kinds(found) == sorted(kinds(found), key=order.index)


def test_stopping_denosumab_keeps_the_anti_resorptive_checks():
    patient = PatientFacts(antiresorptives=(
        Antiresorptive("denosumab", date(2025, 6, 1), date(2026, 2, 2)),))
    found = kinds(actions(patient, [ProposedTreatment("stop_denosumab")]))
    assert {"dental_check", "calcium_check", "zoledronic_acid_after_denosumab"} <= set(found)


def test_an_unknown_proposed_kind_is_refused():
    with pytest.raises(ValueError, match="lipid_check"):
        Proposal(SIGNED, (ProposedTreatment("lipid_check"),))


def test_the_actions_serialise_like_other_results():
    from scoring.serialize import to_data

    (data,) = to_data(actions(treatments=[ProposedTreatment("cementoplasty", date(2026, 3, 2),
                                                            "l4")], today=date(2026, 4, 3)))
    assert {key: data[key] for key in ("kind", "due_date", "status", "overdue", "subject")} == {
        "kind": "reevaluation_after_cementoplasty", "due_date": "2026-04-02",
        "status": "overdue", "overdue": True, "subject": "l4"}
    assert data["reasons"][0]["source"] == SEED_ROWS["reevaluation_after_cementoplasty"]["source"]


def test_a_borrowed_interval_absent_from_its_topic_is_reported_missing():
    from scoring.engine.referential import build_referential
    from scoring.referential_data import read_document

    document = read_document()
    rhythm = next(r for r in document["tables"]["antiresorptive"]["rhythms"]
                  if r["code"] == "multimetastatic")
    rhythm["agents"] = [a for a in rhythm["agents"] if a["drug_code"] != "denosumab"]
    patient = PatientFacts(antiresorptives=(
        Antiresorptive("denosumab", date(2025, 6, 1), date(2026, 2, 2)),))
    found = follow_up_actions(patient, Proposal(SIGNED), SIGNED, build_referential(document))
    action = of(found, "denosumab_injection")
    assert action.due_date is None
    assert [m.name for m in action.missing] == ["follow_up.denosumab_injection.interval"]
