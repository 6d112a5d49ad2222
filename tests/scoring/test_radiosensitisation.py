"""Radiotherapy planning around systemic drugs: 000_22e11bcb602ff4a2.txt, Question 15 and
Tableau 2 (radiosensitisation), with the seeds README conflict decision (checkpoint
inhibitors 7 days before and after, except in an emergency; other targeted drugs 5
half-lives). Half-lives of the precaution drugs are cited in the seed table itself."""

import copy
import json
from datetime import date, timedelta
from importlib import import_module

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.facts import PatientFacts, PlannedDates, SystemicTreatment
from scoring.engine.radiosensitisation import parse_radiosensitisation, radiotherapy_windows
from scoring.engine.referential import ReferentialError
from scoring.referential_data import SEED_DIR, seed_referential

TABLE = seed_referential()["radiosensitisation"]
RAW = json.loads((SEED_DIR / "radiosensitisation.json").read_text(encoding="utf-8"))
LAST = date(2026, 1, 1)


def plan(*treatments, radiotherapy=None, emergency=False, reference=None):
    patient = PatientFacts(systemic_treatments=tuple(treatments))
    planned = PlannedDates(radiotherapy_date=radiotherapy, emergency=emergency)
    return radiotherapy_windows(patient, planned, TABLE, reference_date=reference)


def one(drug, **dates):
    (window,) = plan(SystemicTreatment(drug, **{"last_dose_date": LAST, **dates})).drugs
    return window


class TestTableau2Rows:
    @pytest.mark.parametrize(("drug", "before", "after"), [
        # 000 Tableau 2, risque élevé: 4 weeks / 8 days / 4 weeks, before AND after
        ("gemcitabine", 28, 28), ("doxorubicin", 8, 8), ("bevacizumab", 28, 28),
        # 000 Tableau 2, compatible: no window, but never the same day (Question 15): 1 day
        ("carboplatin", 1, 1), ("cisplatin", 1, 1), ("vinorelbine", 1, 1),
        ("paclitaxel", 1, 1), ("etoposide", 1, 1), ("pemetrexed", 1, 1),
        # 000 Question 15 + README decision: checkpoint inhibitors 7 days before and after
        ("pembrolizumab", 7, 7), ("nivolumab", 7, 7), ("atezolizumab", 7, 7),
        ("durvalumab", 7, 7), ("ipilimumab", 7, 7), ("cemiplimab", 7, 7),
    ])
    def test_it_applies_the_fixed_windows(self, drug, before, after):
        window = one(drug)
        assert (window.window_before_days, window.window_after_days) == (before, after)
        assert window.earliest_radiotherapy_date == LAST + timedelta(days=before)
        assert window.missing == ()

    @pytest.mark.parametrize(("drug", "days"), [
        # 000 Tableau 2, principe de précaution: 5 half-lives, rounded up to whole days
        ("erlotinib", 8),  # 5 × 36.2 h = 181 h = 7.5 d
        ("gefitinib", 10),  # 5 × 48 h = 240 h
        ("docetaxel", 25),  # 5 × 116 h = 580 h = 24.2 d
        ("osimertinib", 10),  # 5 × 48 h
        ("afatinib", 8),  # 5 × 37 h = 185 h = 7.7 d
        ("alectinib", 7),  # 5 × 33 h = 165 h = 6.9 d
        ("brigatinib", 6),  # 5 × 25 h = 125 h = 5.2 d
        ("lorlatinib", 5),  # 5 × 24 h = 120 h exactly
        ("crizotinib", 9),  # 5 × 42 h = 210 h = 8.75 d
        ("cabozantinib", 21),  # 5 × 99 h = 495 h = 20.6 d
        ("palbociclib", 7),  # 5 × 29 h = 145 h = 6.04 d
        ("ribociclib", 7),  # 5 × 32 h = 160 h = 6.7 d
        ("abemaciclib", 4),  # 5 × 18.3 h = 91.5 h = 3.8 d
        ("olaparib", 4),  # 5 × 14.9 h = 74.5 h = 3.1 d
    ])
    def test_it_computes_five_half_lives_before_and_after(self, drug, days):
        window = one(drug)
        assert (window.window_before_days, window.window_after_days) == (days, days)
        assert window.earliest_radiotherapy_date == LAST + timedelta(days=days)
        assert not window.needs_discussion
        assert any(r.rule_id == "radiosensitisation.half_lives" for r in window.reasons)

    def test_it_asks_the_panel_when_five_half_lives_exceed_four_weeks(self):
        # trastuzumab: 5 × 720 h = 150 days > 28 (application rule on Tableau 2's exception)
        window = one("trastuzumab")
        assert window.needs_discussion
        assert (window.window_before_days, window.window_after_days) == (1, 1)
        assert any(r.rule_id == "radiosensitisation.long_half_life" for r in window.reasons)

    @pytest.mark.parametrize("drug", ["sotorasib", "sunitinib"])
    def test_it_reports_an_unknown_half_life_as_missing(self, drug):
        window = one(drug)
        assert window.window_before_days is None and window.earliest_radiotherapy_date is None
        assert [m.label("en") for m in window.missing] == [
            f"{drug}: half-life unknown: ask the pharmacist"]

    @pytest.mark.parametrize("drug", [
        "letrozole", "anastrozole", "tamoxifen", "fulvestrant", "enzalutamide", "abiraterone",
        "leuprorelin", "degarelix", "capecitabine", "cabazitaxel",
    ])
    def test_it_never_reads_an_unlisted_drug_as_compatible(self, drug):
        window = one(drug)
        assert window.drug_class == "not_classified"
        assert window.earliest_radiotherapy_date is None
        assert [m.label("en") for m in window.missing] == [f"{drug}: no referential rule: ask"]

    def test_it_reports_a_drug_code_the_table_does_not_know(self):
        result = plan(SystemicTreatment("new_drug_x", last_dose_date=LAST))
        assert result.drugs[0].drug_class is None
        assert [m.name for m in result.missing] == ["new_drug_x.class"]
        assert result.earliest_safe_date is None

    def test_it_covers_every_systemic_drug_of_the_vocabulary(self):
        # patients/migrations/0002_drug_vocabulary.py: every systemic drug has a row
        vocabulary = import_module("patients.migrations.0002_drug_vocabulary").DRUGS
        systemic = {code for category, codes in vocabulary.items()
                    if category not in ("antithrombotic", "antiresorptive") for code in codes}
        assert set(TABLE.drugs) == systemic


class TestDates:
    def test_it_dates_the_gemcitabine_window(self):
        # 000 Tableau 2: 4 weeks; last dose 2026-01-01 -> radiotherapy from 2026-01-29
        result = plan(SystemicTreatment("gemcitabine", last_dose_date=date(2026, 1, 1)))
        assert result.earliest_safe_date == date(2026, 1, 29)
        assert result.complete

    def test_it_takes_the_latest_date_any_drug_allows(self):
        result = plan(SystemicTreatment("doxorubicin", last_dose_date=date(2026, 1, 10)),
                      SystemicTreatment("pembrolizumab", last_dose_date=date(2026, 1, 15)))
        # doxorubicin 8 days -> 01-18; pembrolizumab 7 days -> 01-22
        assert result.earliest_safe_date == date(2026, 1, 22)

    def test_it_flags_a_planned_radiotherapy_inside_the_window(self):
        result = plan(SystemicTreatment("gemcitabine", last_dose_date=date(2026, 1, 1)),
                      radiotherapy=date(2026, 1, 28))
        assert result.drugs[0].too_early and result.conflict
        assert any(r.rule_id == "radiosensitisation.too_early" for r in result.reasons)

    def test_it_accepts_a_radiotherapy_on_the_first_allowed_day(self):
        result = plan(SystemicTreatment("gemcitabine", last_dose_date=date(2026, 1, 1)),
                      radiotherapy=date(2026, 1, 29))
        assert result.drugs[0].too_early is False and not result.conflict

    def test_it_gives_the_earliest_next_dose_after_radiotherapy(self):
        window = one("gemcitabine", next_dose_date=date(2026, 2, 15))
        assert window.next_dose_not_before is None  # no radiotherapy date: earliest only
        result = plan(SystemicTreatment("gemcitabine", last_dose_date=LAST,
                                        next_dose_date=date(2026, 2, 15)),
                      radiotherapy=date(2026, 2, 1))
        (window,) = result.drugs
        assert window.next_dose_not_before == date(2026, 3, 1)  # 2026-02-01 + 28 days
        assert window.next_dose_conflict and result.conflict

    def test_it_gives_the_latest_radiotherapy_before_the_next_dose(self):
        window = one("pembrolizumab", next_dose_date=date(2026, 1, 22))
        assert window.latest_radiotherapy_before_next_dose == date(2026, 1, 15)

    def test_it_uses_the_stop_date_when_the_last_dose_is_unknown(self):
        result = plan(SystemicTreatment("doxorubicin", end_date=date(2026, 2, 1)),
                      reference=date(2026, 2, 3))
        assert result.earliest_safe_date == date(2026, 2, 9)
        assert any(r.rule_id == "radiosensitisation.end_as_last_dose" for r in result.reasons)

    def test_it_does_not_take_a_planned_end_for_the_last_dose(self):
        result = plan(SystemicTreatment("doxorubicin", end_date=date(2026, 6, 1)),
                      reference=date(2026, 2, 3))
        assert [m.name for m in result.missing] == ["doxorubicin.last_dose"]

    def test_it_says_nothing_without_systemic_treatment(self):
        result = plan()
        assert (result.drugs, result.reasons, result.earliest_safe_date) == ((), (), None)

    def test_it_reports_an_unknown_last_dose_of_a_windowed_drug(self):
        result = plan(SystemicTreatment("gemcitabine"),
                      SystemicTreatment("doxorubicin", last_dose_date=LAST))
        assert [m.name for m in result.missing] == ["gemcitabine.last_dose"]
        assert result.earliest_safe_date is None  # never shown as safe when incomplete
        assert result.partial_earliest_date == LAST + timedelta(days=8)

    def test_it_does_not_need_the_last_dose_of_a_compatible_drug(self):
        result = plan(SystemicTreatment("carboplatin"))
        assert result.complete and result.earliest_safe_date is None

    def test_it_keeps_a_stopped_drug_whose_window_still_runs(self):
        stopped = SystemicTreatment("gemcitabine", last_dose_date=date(2026, 1, 1),
                                    end_date=date(2026, 1, 1))
        result = plan(stopped, reference=date(2026, 1, 10))
        assert result.earliest_safe_date == date(2026, 1, 29)

    def test_it_drops_a_drug_stopped_long_before(self):
        stopped = SystemicTreatment("gemcitabine", last_dose_date=date(2025, 6, 1),
                                    end_date=date(2025, 6, 1))
        assert plan(stopped, reference=date(2026, 1, 10)).drugs == ()


class TestSameDayAndEmergency:
    def test_it_forbids_a_compatible_drug_on_the_radiotherapy_day(self):
        # 000 Question 15: never on the same day
        day = date(2026, 3, 2)
        same = plan(SystemicTreatment("carboplatin", last_dose_date=LAST, next_dose_date=day),
                    radiotherapy=day)
        next_day = plan(SystemicTreatment("carboplatin", last_dose_date=LAST,
                                          next_dose_date=day + timedelta(days=1)),
                        radiotherapy=day)
        assert same.drugs[0].next_dose_conflict is True
        assert next_day.drugs[0].next_dose_conflict is False

    def test_it_refuses_radiotherapy_on_the_day_of_the_last_dose(self):
        result = plan(SystemicTreatment("paclitaxel", last_dose_date=LAST), radiotherapy=LAST)
        assert result.drugs[0].too_early
        assert result.reasons[0].rule_id == "radiosensitisation.same_day"

    def test_it_waives_the_checkpoint_window_in_an_emergency(self):
        treatment = SystemicTreatment("pembrolizumab", last_dose_date=date(2026, 1, 10))
        normal = plan(treatment)
        urgent = plan(treatment, emergency=True)
        assert normal.earliest_safe_date == date(2026, 1, 17)
        assert urgent.earliest_safe_date == date(2026, 1, 11)  # the same-day rule stays
        assert any(r.rule_id == "radiosensitisation.emergency" for r in urgent.reasons)

    def test_it_does_not_waive_a_chemotherapy_window_in_an_emergency(self):
        result = plan(SystemicTreatment("gemcitabine", last_dose_date=LAST), emergency=True)
        assert result.earliest_safe_date == date(2026, 1, 29)


class TestProperties:
    drugs = st.sampled_from(sorted(TABLE.drugs) + ["unknown_drug"])
    days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))

    @given(drugs, days, st.one_of(st.none(), days), st.booleans())
    def test_it_is_deterministic(self, drug, last, radiotherapy, emergency):
        treatment = SystemicTreatment(drug, last_dose_date=last)
        assert (plan(treatment, radiotherapy=radiotherapy, emergency=emergency)
                == plan(treatment, radiotherapy=radiotherapy, emergency=emergency))

    @given(drugs, days, st.booleans())
    def test_it_never_allows_the_day_of_the_last_dose(self, drug, last, emergency):
        result = plan(SystemicTreatment(drug, last_dose_date=last), emergency=emergency)
        assert result.partial_earliest_date is None or result.partial_earliest_date > last

    @given(drugs, days, st.integers(min_value=0, max_value=60))
    def test_it_never_gives_an_earlier_date_for_a_later_last_dose(self, drug, last, shift):
        early = plan(SystemicTreatment(drug, last_dose_date=last)).partial_earliest_date
        later = plan(SystemicTreatment(
            drug, last_dose_date=last + timedelta(days=shift))).partial_earliest_date
        assert early is None or later >= early


class TestInvalidTables:
    def data(self):
        return copy.deepcopy(RAW)

    def test_it_parses_the_seed(self):
        assert parse_radiosensitisation(self.data()) == TABLE

    def test_it_refuses_a_negative_window(self):
        data = self.data()
        data["drugs"][0]["window_before_days"] = -1
        with pytest.raises(ReferentialError, match="'gemcitabine': window_before_days"):
            parse_radiosensitisation(data)

    def test_it_refuses_a_drug_row_without_source(self):
        data = self.data()
        del data["drugs"][3]["source"]
        with pytest.raises(ReferentialError, match="'carboplatin'.*source"):
            parse_radiosensitisation(data)

    def test_it_refuses_a_class_without_source(self):
        data = self.data()
        del data["classes"]["precaution"]["source"]
        with pytest.raises(ReferentialError, match="class 'precaution'.*source"):
            parse_radiosensitisation(data)

    @pytest.mark.parametrize("value", ["0", "-4", "abc"])
    def test_it_refuses_a_half_life_that_is_not_positive(self, value):
        data = self.data()
        data["drugs"][9]["half_life_hours"] = value
        with pytest.raises(ReferentialError, match="'erlotinib': half-life"):
            parse_radiosensitisation(data)

    def test_it_refuses_a_half_life_without_its_own_citation(self):
        data = self.data()
        del data["drugs"][9]["half_life_source"]
        with pytest.raises(ReferentialError, match="must cite its own source"):
            parse_radiosensitisation(data)

    def test_it_refuses_an_unknown_class(self):
        data = self.data()
        data["drugs"][0]["class"] = "mild"
        with pytest.raises(ReferentialError, match="unknown class 'mild'"):
            parse_radiosensitisation(data)

    def test_it_refuses_a_fixed_window_left_out(self):
        data = self.data()
        del data["drugs"][0]["window_after_days"]
        with pytest.raises(ReferentialError, match="window_after_days must be a whole number"):
            parse_radiosensitisation(data)

    def test_it_refuses_a_drug_listed_twice(self):
        data = self.data()
        data["drugs"].append(copy.deepcopy(data["drugs"][0]))
        with pytest.raises(ReferentialError, match="listed twice"):
            parse_radiosensitisation(data)

    @pytest.mark.parametrize("key", ["washout_half_lives", "same_day_min_gap_days"])
    def test_it_refuses_a_negative_rule_number(self, key):
        data = self.data()
        data[key] = -1
        with pytest.raises(ReferentialError, match=key):
            parse_radiosensitisation(data)
