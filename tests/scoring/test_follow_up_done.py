"""Recurring follow-up actions marked done (scoring.engine.follow_up.Done): the next one counts
from the day it was done when that is later than the records, never earlier; and an
anti-resorptive to start whose agent is not chosen yet ("antiresorptive") calls for the
checks common to both agents but no denosumab injection."""

from datetime import date

from scoring.engine.facts import Antiresorptive, DentalAssessment, PatientFacts
from scoring.engine.follow_up import (
    UNDATED,
    Done,
    Proposal,
    ProposedTreatment,
    follow_up_actions,
)
from scoring.referential_data import seed_referential
from tests.scoring.test_follow_up import SIGNED, kinds, measured, of, on_zol

REFERENTIAL = seed_referential()


def actions(patient, done=(), treatments=(), today=SIGNED):
    return follow_up_actions(patient, Proposal(SIGNED, tuple(treatments)), today, REFERENTIAL,
                             done=tuple(done))


class TestDentalCheckDone:
    PATIENT = on_zol(dental_assessments=(DentalAssessment(date(2025, 9, 15), "fit"),))

    def test_a_later_check_done_dates_the_next_one_six_months_on(self):
        action = of(actions(self.PATIENT, [Done("dental_check", date(2026, 3, 20))]),
                    "dental_check")
        assert action.due_date == date(2026, 9, 20)
        assert "2026-03-20" in action.reasons[0].text_en

    def test_a_check_done_before_the_last_assessment_changes_nothing(self):
        action = of(actions(self.PATIENT, [Done("dental_check", date(2025, 8, 1))]),
                    "dental_check")
        assert action.due_date == date(2026, 3, 15)

    def test_the_latest_of_several_checks_done_counts(self):
        done = [Done("dental_check", date(2026, 3, 20)), Done("dental_check", date(2026, 9, 25))]
        assert of(actions(self.PATIENT, done), "dental_check").due_date == date(2027, 3, 25)

    def test_a_check_done_without_any_assessment_on_record(self):
        action = of(actions(on_zol(), [Done("dental_check", date(2026, 3, 5))]), "dental_check")
        assert action.due_date == date(2026, 9, 5)


class TestCalciumCheckDone:
    def test_a_check_done_after_the_last_value_dates_the_next_one_a_month_on(self):
        patient = on_zol(measurements=measured(calcium=(2.3, date(2026, 1, 10))))
        action = of(actions(patient, [Done("calcium_check", date(2026, 2, 20))]),
                    "calcium_check")
        assert action.due_date == date(2026, 3, 20)

    def test_a_newer_value_on_record_wins_over_an_older_check(self):
        patient = on_zol(measurements=measured(calcium=(2.3, date(2026, 2, 25))))
        action = of(actions(patient, [Done("calcium_check", date(2026, 2, 20))]),
                    "calcium_check")
        assert action.due_date == date(2026, 3, 25)


class TestDenosumabInjectionDone:
    def test_an_injection_given_after_the_record_dates_the_next_one(self):
        patient = PatientFacts(antiresorptives=(
            Antiresorptive("denosumab", date(2025, 6, 1), date(2026, 2, 2)),))
        action = of(actions(patient, [Done("denosumab_injection", date(2026, 3, 3))]),
                    "denosumab_injection")
        assert action.due_date == date(2026, 3, 31)  # 28 days

    def test_the_first_injection_of_a_proposed_start_given(self):
        action = of(actions(PatientFacts(), [Done("denosumab_injection", date(2026, 3, 9))],
                            [ProposedTreatment("denosumab")]), "denosumab_injection")
        assert (action.due_date, action.missing) == (date(2026, 4, 6), ())

    def test_an_injection_done_means_nothing_without_denosumab(self):
        found = actions(on_zol(), [Done("denosumab_injection", date(2026, 3, 3))])
        assert "denosumab_injection" not in kinds(found)


class TestAgentNotChosen:
    def test_the_checks_common_to_both_agents_without_an_injection(self):
        found = actions(PatientFacts(), treatments=[ProposedTreatment("antiresorptive")])
        assert {"dental_check", "antiresorptive_reassessment", "calcium_check"} <= set(
            kinds(found))
        assert "denosumab_injection" not in kinds(found)

    def test_the_reassessment_waits_for_the_start_date(self):
        found = actions(PatientFacts(), treatments=[ProposedTreatment("antiresorptive")])
        reassessment = of(found, "antiresorptive_reassessment")
        assert reassessment.status == UNDATED
        assert [m.name for m in reassessment.missing] == ["antiresorptive_proposed_start"]
