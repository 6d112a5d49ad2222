"""The `follow_up` topic of the referential: parsed and validated by the engine, stored as a
typed table (FollowUpRule) in every edition, editable in a draft and refused when a row is
bad (negative interval, no source, an interval both given and borrowed)."""

import copy
import importlib
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from scoring.engine.follow_up_table import KINDS, REFERENCES, Interval, parse_follow_up
from scoring.engine.referential import ReferentialError
from scoring.models import FollowUpRule, Referential, ReferentialStatus, TopicSettings
from scoring.referential_actions import (
    ReferentialActionError,
    activate_referential,
    clone_referential,
    referential_errors,
)
from scoring.referential_data import SEED_DIR, seed_referential
from scoring.referential_store import document_of
from tests.scoring.seed_edits import with_row_changed

RAW = json.loads((SEED_DIR / "follow_up.json").read_text(encoding="utf-8"))
APPLICATION_RULES = {"vitamin_d_recheck", "calcium_check", "reevaluation_after_cementoplasty",
                     "reevaluation_after_thermal_ablation", "reevaluation_after_radiotherapy"}


def changed(kind: str, **changes) -> dict:
    return with_row_changed(copy.deepcopy(RAW), "rules", kind, **changes)


class TestSeed:
    def test_every_kind_has_a_cited_row(self):
        table = seed_referential()["follow_up"]
        assert set(table.rules) == set(KINDS)
        for rule in table.rules.values():
            assert rule.source.strip()
            assert ".txt" in rule.source or "RCP-OOS" in rule.source

    def test_the_numbers_decided_here(self):
        table = seed_referential()["follow_up"]
        assert table["vitamin_d_recheck"].interval == Interval(3, "months")
        assert table["calcium_check"].interval == Interval(1, "months")
        assert table["reevaluation_after_cementoplasty"].interval == Interval(1, "months")
        assert table["reevaluation_after_thermal_ablation"].interval == Interval(1, "months")
        assert table["reevaluation_after_radiotherapy"].interval == Interval(3, "months")

    def test_the_rows_the_texts_leave_open_say_application_rule(self):
        for row in RAW["rules"]:
            if row["code"] in APPLICATION_RULES:
                assert "Application rule" in row["note"]
                assert "application rule" in row["source"]

    def test_numbers_of_other_topics_are_reused_not_repeated(self):
        """Dental follow-up, denosumab rhythm, reassessment, relay after denosumab, vitamin D
        maintenance and the radiotherapy windows live in their own topics."""
        borrowed = {row["code"]: row["interval_from"] for row in RAW["rules"]
                    if "interval_from" in row}
        assert borrowed == {
            "dental_check": "antiresorptive.dental_follow_up",
            "denosumab_injection": "antiresorptive.rhythms.multimetastatic.denosumab",
            "antiresorptive_reassessment": "antiresorptive.reassessment",
            "zoledronic_acid_after_denosumab": "antiresorptive.stopping_denosumab",
            "vitamin_d_maintenance": "vitamin_d.maintenance",
            "radiotherapy_washout_stop": "radiosensitisation.drugs",
            "radiotherapy_washout_resume": "radiosensitisation.drugs",
        }
        assert set(borrowed.values()) == set(REFERENCES)
        for row in RAW["rules"]:
            assert ("every" in row) != ("interval_from" in row)


class TestParserRefuses:
    @pytest.mark.parametrize(("changes", "message"), [
        ({"every": -1}, "every must be a whole number ≥ 1"),
        ({"every": 0}, "every must be a whole number ≥ 1"),
        ({"every": 1.5}, "every must be a whole number ≥ 1"),
        ({"every": True}, "every must be a whole number ≥ 1"),
        ({"unit": "years"}, "unit must be one of"),
        ({"source": ""}, "source is required"),
        ({"source": None}, "source is required"),
        ({"label_en": None}, "label_en is required"),
        ({"interval_from": "vitamin_d.maintenance"}, "not both"),
        ({"every": None, "unit": None}, "not both"),
    ])
    def test_a_bad_own_interval(self, changes, message):
        with pytest.raises(ReferentialError, match=message):
            parse_follow_up(changed("calcium_check", **changes))

    def test_a_bad_reference(self):
        with pytest.raises(ReferentialError, match="interval_from must be one of"):
            parse_follow_up(changed("dental_check", interval_from="antiresorptive.nowhere"))
        with pytest.raises(ReferentialError, match="wash-out rows, and only they"):
            parse_follow_up(changed("dental_check", interval_from="radiosensitisation.drugs"))
        with pytest.raises(ReferentialError, match="wash-out rows, and only they"):
            parse_follow_up(changed("radiotherapy_washout_stop", interval_from=None, every=7,
                                    unit="days"))

    def test_a_missing_duplicated_or_unknown_kind(self):
        data = copy.deepcopy(RAW)
        data["rules"] = [r for r in data["rules"] if r["code"] != "calcium_check"]
        with pytest.raises(ReferentialError, match="no row for calcium_check"):
            parse_follow_up(data)
        data = copy.deepcopy(RAW)
        data["rules"].append(copy.deepcopy(data["rules"][0]))
        with pytest.raises(ReferentialError, match="listed twice"):
            parse_follow_up(data)
        with pytest.raises(ReferentialError, match="is not one of"):
            parse_follow_up(changed("calcium_check", code="lipid_check"))
        with pytest.raises(ReferentialError, match="non-empty list"):
            parse_follow_up({"rules": []})


@pytest.mark.django_db
class TestStored:
    def active(self) -> Referential:
        return Referential.objects.get(status=ReferentialStatus.ACTIVE)

    def test_the_seed_edition_holds_the_rows_in_the_typed_table(self):
        active = self.active()
        codes = list(FollowUpRule.objects.filter(referential=active)
                     .order_by("position").values_list("code", flat=True))
        assert codes == [row["code"] for row in RAW["rules"]]
        settings = TopicSettings.objects.get(referential=active, topic="follow_up").data
        assert "rules" not in settings
        assert document_of(active)["tables"]["follow_up"] == RAW

    def row(self, referential, code="calcium_check") -> FollowUpRule:
        return FollowUpRule.objects.get(referential=referential, code=code)

    @pytest.mark.parametrize(("changes", "field"), [
        ({"every": -1}, "every"),
        ({"every": 0}, "every"),
        ({"source": ""}, "source"),
        ({"unit": "years"}, "unit"),
    ])
    def test_the_model_refuses_a_bad_row(self, changes, field):
        row = self.row(clone_referential(self.active(), version="fu-model"))
        for key, value in changes.items():
            setattr(row, key, value)
        with pytest.raises(ValidationError) as refused:
            row.full_clean()
        assert field in refused.value.message_dict

    def test_the_model_wants_an_interval_or_a_reference_not_both(self):
        draft = clone_referential(self.active(), version="fu-both")
        row = self.row(draft)
        row.interval_from = "vitamin_d.maintenance"
        with pytest.raises(ValidationError, match="not both"):
            row.full_clean()
        row = self.row(draft, "dental_check")
        row.interval_from = ""
        with pytest.raises(ValidationError, match="not both"):
            row.full_clean()

    def test_an_edited_draft_changes_the_engine_and_a_bad_one_is_refused(self):
        draft = clone_referential(self.active(), version="fu-edit")
        FollowUpRule.objects.filter(referential=draft, code="calcium_check").update(every=3)
        assert referential_errors(draft) == []
        from scoring.referential_store import snapshot
        assert snapshot(draft)["follow_up"]["calcium_check"].interval == Interval(3, "months")
        FollowUpRule.objects.filter(referential=draft, code="calcium_check").update(every=-2)
        errors = referential_errors(draft)
        assert any("follow_up" in error and "calcium_check" in error for error in errors), \
            errors
        with pytest.raises(ReferentialActionError):
            activate_referential(draft)


@pytest.mark.django_db
class TestMigration:
    """0004 moves the rows 0003 left in the settings into the table, and gives the seed topic
    to an edition made before the topic existed."""

    migration = importlib.import_module("scoring.migrations.0004_follow_up_rules")

    def test_rows_left_in_the_settings_are_moved(self):
        draft = clone_referential(Referential.objects.get(status=ReferentialStatus.ACTIVE),
                                  version="fu-mig")
        FollowUpRule.objects.filter(referential=draft).delete()
        TopicSettings.objects.filter(referential=draft, topic="follow_up").update(data=RAW)
        self.migration.store_follow_up_topic(draft, apps)
        assert FollowUpRule.objects.filter(referential=draft).count() == len(RAW["rules"])
        assert document_of(draft)["tables"]["follow_up"] == RAW

    def test_an_edition_without_the_topic_gets_the_seed_one(self):
        draft = clone_referential(Referential.objects.get(status=ReferentialStatus.ACTIVE),
                                  version="fu-old")
        FollowUpRule.objects.filter(referential=draft).delete()
        TopicSettings.objects.filter(referential=draft, topic="follow_up").delete()
        self.migration.store_follow_up_topic(draft, apps)
        assert document_of(draft)["tables"]["follow_up"] == RAW
        assert referential_errors(draft) == []
