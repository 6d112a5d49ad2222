"""What is still to do before an anti-resorptive: vitamin D status and correction (001 1 and
2.3; 30 ng/mL needs no correction, as in vitamin_d.json), calcium (004), renal function (001
2.3), dental assessment with panoramic X-ray and dental care first (001 2.3 and
Recommandations, 000 Question 8, 004), and after an extraction healing (at least 3 weeks, 001
2.3) plus the dentist's go-ahead."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from scoring.engine.antiresorptive import antiresorptive_plan
from scoring.engine.facts import DentalAssessment, Measurement, PatientFacts
from scoring.engine.renal import Clearance
from scoring.engine.results import Result
from scoring.referential_data import seed_referential

REFERENTIAL = seed_referential()
TODAY = date(2026, 11, 23)
FIT = DentalAssessment(date(2026, 10, 1), "fit", True)


def patient(vitamin_d="35", calcium="2.3", dental=(FIT,)) -> PatientFacts:
    measurements = {}
    if vitamin_d is not None:
        measurements["vitamin_d"] = Measurement(Decimal(vitamin_d), date(2026, 11, 1))
    if calcium is not None:
        measurements["calcium"] = Measurement(Decimal(calcium), date(2026, 11, 1))
    return PatientFacts(life_expectancy="gt12m", measurements=measurements,
                        dental_assessments=dental)


def todo(facts: PatientFacts, ml_min: Result | None = None):
    ml_min = ml_min or Result(value=Clearance(ml_per_min=Decimal("75"), formula="test"))
    result = antiresorptive_plan(facts, ml_min, False, TODAY, REFERENTIAL["antiresorptive"],
                                 REFERENTIAL["zoledronic_acid_dose"])
    return [r.rule_id.rsplit(".", 1)[1] for r in result.prerequisites_missing], result


class TestLaboratory:
    def test_it_finds_nothing_to_do_when_everything_is_ready(self):
        codes, result = todo(patient())
        assert codes == [] and result.earliest_start_date is None

    def test_it_asks_for_vitamin_d_when_unknown(self):
        codes, result = todo(patient(vitamin_d=None))
        assert codes == ["vitamin_d_unknown"]
        assert "hypocalcaemia" in result.prerequisites_missing[0].text("en")

    # 30 ng/mL is in 001 Tableau 1's recommended range (30 à 70): no correction first
    @pytest.mark.parametrize(("value", "codes"), [
        ("29.9", ["vitamin_d_low"]), ("12", ["vitamin_d_low"]), ("30", []), ("45", []),
    ])
    def test_it_asks_to_correct_a_low_vitamin_d(self, value, codes):
        assert todo(patient(vitamin_d=value))[0] == codes

    def test_it_quotes_the_low_value(self):
        _, result = todo(patient(vitamin_d="18"))
        assert result.prerequisites_missing[0].text("en").startswith(
            "25-OH vitamin D 18 ng/mL < 30: correct the deficiency")
        assert "001_9a2b5970b4e5472a.txt, 1" in result.prerequisites_missing[0].source

    def test_it_asks_for_calcium_when_unknown(self):
        codes, result = todo(patient(calcium=None))
        assert codes == ["calcium_unknown"]
        assert "004_5515319a20666c1b.txt" in result.prerequisites_missing[0].source

    def test_it_asks_for_the_renal_function_when_unknown(self):
        assert todo(patient(), Result())[0] == ["renal_unknown"]


class TestDental:
    def test_it_asks_for_a_dental_assessment(self):
        codes, result = todo(patient(dental=()))
        assert codes == ["dental_missing"]
        assert "panoramic X-ray" in result.prerequisites_missing[0].text("en")

    def test_it_asks_for_dental_care_first(self):
        codes, _ = todo(patient(dental=(DentalAssessment(date(2026, 10, 1), "care_needed",
                                                         True),)))
        assert codes == ["dental_care"]

    def test_it_accepts_completed_care(self):
        assert todo(patient(dental=(DentalAssessment(date(2026, 10, 1), "care_done",
                                                     True),)))[0] == []

    def test_it_reads_the_newest_assessment(self):
        dental = (DentalAssessment(date(2026, 6, 1), "care_needed", True),
                  DentalAssessment(date(2026, 10, 1), "care_done", False))
        assert todo(patient(dental=dental))[0] == []

    def test_it_asks_for_the_panoramic_x_ray(self):
        assert todo(patient(dental=(DentalAssessment(date(2026, 10, 1), "fit"),)))[0] == [
            "panoramic_missing"]


class TestExtraction:
    def assessment(self, extraction_days_ago, go_ahead_days_ago=None):
        extraction = TODAY - timedelta(days=extraction_days_ago)
        go_ahead = None if go_ahead_days_ago is None else TODAY - timedelta(
            days=go_ahead_days_ago)
        return DentalAssessment(extraction - timedelta(days=7), "care_done", True,
                                extraction_date=extraction, dentist_clearance_date=go_ahead)

    def test_it_delays_the_start_after_a_recent_extraction(self):
        # extraction 10 days ago: 001 2.3 asks for at least 3 weeks (21 days)
        codes, result = todo(patient(dental=(self.assessment(10),)))
        assert codes == ["dentist_go_ahead", "extraction_recent"]
        assert result.earliest_start_date == TODAY + timedelta(days=11)
        assert result.prerequisites_missing[-1].text("en").endswith(
            "not before 2026-12-04, except in an emergency.")

    @pytest.mark.parametrize(("days_ago", "delayed"), [(20, True), (21, False), (30, False)])
    def test_it_pins_the_minimum_wait(self, days_ago, delayed):
        _, result = todo(patient(dental=(self.assessment(days_ago, go_ahead_days_ago=1),)))
        assert (result.earliest_start_date is not None) is delayed

    def test_it_waits_for_a_go_ahead_later_than_healing(self):
        assessment = self.assessment(30, go_ahead_days_ago=-5)  # go-ahead planned in 5 days
        codes, result = todo(patient(dental=(assessment,)))
        assert codes == ["extraction_recent"]
        assert result.earliest_start_date == TODAY + timedelta(days=5)

    def test_it_asks_for_the_go_ahead_once_healed(self):
        assert todo(patient(dental=(self.assessment(40),)))[0] == ["dentist_go_ahead"]

    def test_it_takes_a_later_fit_assessment_as_the_go_ahead(self):
        later = DentalAssessment(TODAY - timedelta(days=5), "fit", True)
        assert todo(patient(dental=(later, self.assessment(40))))[0] == []
