"""Procedure preparation for the haemorrhagic risk: 002_a2e2bd38722b2110.txt and
003_d82f6c62e22db0fe.txt, section 4 (platelets > 50,000/mm³ and TP > 50 %; oral
anticoagulant relayed by LMWH stopped the day before; clopidogrel 5 days; DOACs 48 h;
aspirin < 160 mg/day may continue, otherwise 5 days). The 7-day lab age is an application
rule of the seed table, not a seed rule."""

import copy
import json
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.facts import Antithrombotic, Measurement, PatientFacts
from scoring.engine.haemorrhagic import parse_haemorrhagic_risk, procedure_preparation
from scoring.engine.referential import ReferentialError
from scoring.referential_data import SEED_DIR, seed_referential

TABLE = seed_referential()["haemorrhagic_risk"]
RAW = json.loads((SEED_DIR / "haemorrhagic_risk.json").read_text(encoding="utf-8"))
PROCEDURE = date(2026, 3, 10)


def patient(platelets="150000", prothrombin="80", measured_on=PROCEDURE - timedelta(days=2),
            drugs=()):
    measurements = {}
    if platelets is not None:
        measurements["platelets"] = Measurement(Decimal(platelets), measured_on)
    if prothrombin is not None:
        measurements["prothrombin"] = Measurement(Decimal(prothrombin), measured_on)
    return PatientFacts(measurements=measurements, antithrombotics=tuple(drugs))


def prepare(facts, procedure=PROCEDURE, reference=None):
    return procedure_preparation(facts, procedure, TABLE, reference_date=reference)


def action(code, dose=None, procedure=PROCEDURE):
    drug = Antithrombotic(code, Decimal(dose) if dose is not None else None)
    (result,) = prepare(patient(drugs=[drug]), procedure).antithrombotics
    return result


class TestLabThresholds:
    @pytest.mark.parametrize(("value", "status"), [
        ("49999", "insufficient"),
        ("50000", "insufficient"),  # '> 50 000': exactly 50,000 is not enough
        ("50001", "ok"),
        ("250000", "ok"),
    ])
    def test_it_checks_the_platelets_strictly(self, value, status):
        assert prepare(patient(platelets=value)).platelets.status == status

    @pytest.mark.parametrize(("value", "status"), [
        ("49", "insufficient"),
        ("50", "insufficient"),  # 'TP > 50': exactly 50 % is not enough
        ("50.5", "ok"),
        ("51", "ok"),
    ])
    def test_it_checks_the_prothrombin_time_strictly(self, value, status):
        assert prepare(patient(prothrombin=value)).prothrombin.status == status

    def test_it_shows_the_value_and_its_date(self):
        result = prepare(patient(platelets="48000.00"))
        assert (result.platelets.value, result.platelets.measured_on) == (
            Decimal("48000"), date(2026, 3, 8))
        assert result.reasons[0].text("en") == (
            "platelets 48000 /mm³ on 2026-03-08: insufficient (threshold > 50000 /mm³).")
        assert "002_a2e2bd38722b2110.txt, section 4" in result.reasons[0].source

    def test_it_reports_missing_platelets_and_tp(self):
        result = prepare(patient(platelets=None, prothrombin=None))
        assert (result.platelets.status, result.prothrombin.status) == ("missing", "missing")
        assert [m.name for m in result.missing] == ["platelets", "prothrombin"]

    @pytest.mark.parametrize(("age", "status"), [(0, "ok"), (7, "ok"), (8, "outdated")])
    def test_it_refuses_a_count_older_than_seven_days(self, age, status):
        result = prepare(patient(measured_on=PROCEDURE - timedelta(days=age)))
        assert result.platelets.status == status
        assert result.platelets.age_days == age
        assert ("platelets.recent" in [m.name for m in result.missing]) is (age > 7)

    def test_it_dates_the_count_against_the_reference_without_a_procedure_date(self):
        facts = patient(measured_on=date(2026, 1, 1))
        assert prepare(facts, None, reference=date(2026, 1, 20)).platelets.status == "outdated"
        unchecked = prepare(facts, None).platelets
        assert (unchecked.status, unchecked.age_days) == ("ok", None)


class TestAntithrombotics:
    @pytest.mark.parametrize(("code", "days", "stop_date"), [
        ("enoxaparin", 1, date(2026, 3, 9)),  # LMWH stopped the day before
        ("tinzaparin", 1, date(2026, 3, 9)),
        ("clopidogrel", 5, date(2026, 3, 5)),  # five days before
        ("dabigatran", 2, date(2026, 3, 8)),  # 48 h before
        ("rivaroxaban", 2, date(2026, 3, 8)),
        ("apixaban", 2, date(2026, 3, 8)),
        ("edoxaban", 2, date(2026, 3, 8)),  # class rule ('new oral anticoagulants')
    ])
    def test_it_stops_each_drug_its_delay_before(self, code, days, stop_date):
        result = action(code)
        assert (result.action, result.stop_delay_days, result.stop_date) == (
            "stop", days, stop_date)
        assert result.missing == ()

    @pytest.mark.parametrize(("today", "too_late"), [
        (date(2026, 3, 5), False),  # clopidogrel's stop day is today: still in time
        (date(2026, 3, 6), True),  # one day too late for five days
    ])
    def test_it_flags_a_stop_date_already_past(self, today, too_late):
        drug = Antithrombotic("clopidogrel", None)
        (result,) = prepare(patient(drugs=[drug]), reference=today).antithrombotics
        assert result.too_late is too_late
        assert ("haemorrhagic.too_late" in [r.rule_id for r in result.reasons]) is too_late

    def test_a_relay_stopped_too_late_is_flagged(self):
        drug = Antithrombotic("warfarin", None)
        (result,) = prepare(patient(drugs=[drug]), reference=PROCEDURE).antithrombotics
        assert result.too_late  # the LMWH stops the day before the procedure

    @pytest.mark.parametrize("code", ["warfarin", "fluindione", "acenocoumarol"])
    def test_it_relays_an_oral_anticoagulant_by_lmwh(self, code):
        result = action(code)
        assert result.action == "relay"
        assert result.relay_drugs == ("enoxaparin", "tinzaparin")
        assert result.relay_stop_date == date(2026, 3, 9)  # LMWH stopped the day before
        assert "with the prescriber" in result.reasons[0].text("en")

    @pytest.mark.parametrize("code", ["prasugrel", "ticagrelor", "heparin_sodium"])
    def test_it_asks_for_a_drug_the_texts_do_not_cover(self, code):
        result = action(code)
        assert result.action == "ask"
        assert [m.label("en") for m in result.missing] == [f"{code}: no referential rule: ask"]

    @pytest.mark.parametrize(("dose", "expected"), [
        ("75", ("continue", None)),
        ("159.99", ("continue", None)),
        ("160", ("stop", date(2026, 3, 5))),  # '< 160 mg' continues: 160 is stopped
        ("300", ("stop", date(2026, 3, 5))),
    ])
    def test_it_decides_aspirin_by_its_daily_dose(self, dose, expected):
        result = action("aspirin", dose)
        assert (result.action, result.stop_date) == expected

    def test_it_reports_an_unknown_aspirin_dose(self):
        result = action("aspirin")
        assert result.action is None
        assert [m.name for m in result.missing] == ["aspirin.daily_dose"]

    def test_it_gives_the_delay_alone_without_a_procedure_date(self):
        result = action("clopidogrel", procedure=None)
        assert (result.stop_delay_days, result.stop_date) == (5, None)
        assert result.reasons[0].text("fr") == "clopidogrel : arrêt 5 jours avant le geste."

    def test_it_says_edoxaban_follows_a_class_rule(self):
        assert [r.rule_id for r in action("edoxaban").reasons] == [
            "haemorrhagic.stop", "haemorrhagic.by_class"]

    def test_it_covers_every_antithrombotic_of_the_vocabulary(self):
        # patients/migrations/0002_drug_vocabulary.py: every antithrombotic has a row
        vocabulary = import_module("patients.migrations.0002_drug_vocabulary").DRUGS
        assert set(TABLE.antithrombotics) == set(vocabulary["antithrombotic"])

    def test_it_asks_for_agreement_with_the_anaesthetist(self):
        with_drug = prepare(patient(drugs=[Antithrombotic("clopidogrel")]))
        without = prepare(patient())
        assert "haemorrhagic.agreement" in [r.rule_id for r in with_drug.reasons]
        assert "haemorrhagic.agreement" not in [r.rule_id for r in without.reasons]


class TestProperties:
    values = st.integers(min_value=0, max_value=500_000)

    @given(values, st.integers(min_value=0, max_value=100_000))
    def test_it_never_worsens_the_check_with_more_platelets(self, value, more):
        low = prepare(patient(platelets=str(value))).platelets.status
        high = prepare(patient(platelets=str(value + more))).platelets.status
        assert not (low == "ok" and high == "insufficient")

    @given(st.sampled_from(sorted(TABLE.antithrombotics) + ["other"]),
           st.one_of(st.none(), st.integers(min_value=0, max_value=1000)),
           st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2100, 1, 1))))
    def test_it_is_deterministic(self, code, dose, procedure):
        facts = patient(drugs=[Antithrombotic(code, None if dose is None else Decimal(dose))])
        assert prepare(facts, procedure) == prepare(facts, procedure)


class TestInvalidTables:
    def data(self):
        return copy.deepcopy(RAW)

    def rule(self, data, code):
        return next(r for r in data["antithrombotics"] if r["drug_code"] == code)

    def test_it_parses_the_seed(self):
        assert parse_haemorrhagic_risk(self.data()) == TABLE

    def test_it_refuses_a_row_without_source(self):
        data = self.data()
        del self.rule(data, "clopidogrel")["source"]
        with pytest.raises(ReferentialError, match="'clopidogrel'.*source"):
            parse_haemorrhagic_risk(data)

    def test_it_refuses_a_negative_delay(self):
        data = self.data()
        self.rule(data, "apixaban")["stop_delay"]["value"] = -48
        with pytest.raises(ReferentialError, match="'apixaban': stop_delay"):
            parse_haemorrhagic_risk(data)

    def test_it_refuses_an_unknown_unit(self):
        data = self.data()
        self.rule(data, "apixaban")["stop_delay"]["unit"] = "weeks"
        with pytest.raises(ReferentialError, match="'days' or 'hours'"):
            parse_haemorrhagic_risk(data)

    def test_it_refuses_a_threshold_without_its_bound(self):
        data = self.data()
        del data["labs"]["platelets"]["minimum_inclusive"]
        with pytest.raises(ReferentialError, match="lab 'platelets': minimum_inclusive"):
            parse_haemorrhagic_risk(data)

    def test_it_refuses_a_lab_without_source(self):
        data = self.data()
        del data["labs"]["prothrombin"]["source"]
        with pytest.raises(ReferentialError, match="lab 'prothrombin'.*source"):
            parse_haemorrhagic_risk(data)

    def test_it_refuses_a_relay_without_relay_drugs(self):
        data = self.data()
        self.rule(data, "warfarin")["relay_drugs"] = []
        with pytest.raises(ReferentialError, match="relay names its relay drugs"):
            parse_haemorrhagic_risk(data)

    def test_it_refuses_a_non_positive_aspirin_dose(self):
        data = self.data()
        self.rule(data, "aspirin")["continue_below_mg"] = 0
        with pytest.raises(ReferentialError, match="positive dose"):
            parse_haemorrhagic_risk(data)

    def test_it_refuses_an_unknown_action(self):
        data = self.data()
        self.rule(data, "clopidogrel")["action"] = "pause"
        with pytest.raises(ReferentialError, match="action must be one of"):
            parse_haemorrhagic_risk(data)

    def test_it_refuses_a_negative_lab_age(self):
        data = self.data()
        data["lab_max_age_days"] = -1
        with pytest.raises(ReferentialError, match="lab_max_age_days"):
            parse_haemorrhagic_risk(data)
