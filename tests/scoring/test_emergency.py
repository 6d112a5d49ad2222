"""Spinal cord compression, the medico-surgical emergency (004; 000 question 13): detected from
the neurology of a spinal lesion (and its Bilsky grade: Bilsky MH et al., J Neurosurg Spine
2010); actions: high-dose corticosteroids, urgent surgical decompression opinion,
radiotherapy or cementoplasty."""

import copy
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.emergency import parse_emergency, spinal_cord_compression
from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.referential_data import read_document, seed_referential

TABLE = seed_referential()["emergency"]
S004 = "004_5515319a20666c1b.txt"
PATIENT = PatientFacts()
T11 = LesionFacts(id="L1", site="t11", region="spine", spine_level=19,
                  neurological_deficit="none", bilsky_grade="1a")
L2 = LesionFacts(id="L2", site="l2", region="spine", spine_level=21,
                 neurological_deficit="none", bilsky_grade="0")
FEMUR = LesionFacts(id="L3", site="femur_diaphysis", region="long_bone",
                    neurological_deficit="none")


def assess(*lesions):
    return spinal_cord_compression(PATIENT, lesions, TABLE)


def codes(reasons) -> list[str]:
    return [r.rule_id.removeprefix("emergency.spinal_cord_compression.") for r in reasons]


class TestDetection:
    @pytest.mark.parametrize(("deficit", "grade", "present"), [
        # 004: neurological signs from a spinal lesion make the emergency
        ("incomplete", "1a", True), ("complete", "0", True), ("incomplete", None, True),
        # Bilsky 2-3 (cord compressed) with radicular, sciatica-like pain (004's signs)
        ("radiculopathy", "2", True), ("radiculopathy", "3", True),
        ("radiculopathy", "1c", False), ("radiculopathy", None, None),
        # no deficit: not the emergency, even with a compressed cord on imaging
        ("none", "3", False), ("none", None, False),
        (None, "2", None), (None, None, None),
    ])
    def test_it_detects_the_compression_from_a_spinal_lesion(self, deficit, grade, present):
        result = assess(replace(T11, neurological_deficit=deficit, bilsky_grade=grade))
        assert result.present is present
        assert result.lesion_ids == (("L1",) if present else ())

    def test_it_ignores_a_deficit_outside_the_spine(self):
        result = assess(replace(FEMUR, neurological_deficit="complete"))
        assert result.present is False
        assert result.reasons == result.missing == ()

    def test_it_names_every_lesion_concerned(self):
        result = assess(replace(T11, neurological_deficit="incomplete"), FEMUR,
                        replace(L2, neurological_deficit="complete"))
        assert result.lesion_ids == ("L1", "L2")
        assert result.reasons[0].text("fr").startswith("T11, L2 — Compression médullaire")

    def test_it_is_absent_without_a_spinal_lesion(self):
        assert assess(FEMUR).present is False
        assert assess().present is False

    def test_it_lets_a_present_compression_win_over_an_unknown_one(self):
        result = assess(replace(T11, neurological_deficit="incomplete"),
                        replace(L2, neurological_deficit=None))
        assert result.present is True
        assert [m.name for m in result.missing] == ["neurological_deficit:L2"]


class TestMissing:
    def test_it_asks_for_the_neurology_of_a_spinal_lesion(self):
        result = assess(replace(T11, neurological_deficit=None, epidural_extension=True))
        assert result.present is None
        assert [(m.name, m.label("en")) for m in result.missing] == [
            ("neurological_deficit:L1", "neurology (T11)")]
        assert result.actions == ()

    def test_it_asks_for_the_bilsky_grade_of_a_radiculopathy(self):
        result = assess(replace(T11, neurological_deficit="radiculopathy", bilsky_grade=None))
        assert [m.label("fr") for m in result.missing] == ["grade de Bilsky (T11)"]


class TestActions:
    def test_it_gives_the_four_actions_in_order_with_their_sources(self):
        result = assess(replace(T11, neurological_deficit="incomplete"))
        assert codes(result.actions) == [
            "action.high_dose_corticosteroids", "action.surgical_decompression_opinion",
            "action.radiotherapy", "action.cementoplasty"]
        assert all(S004 in action.source for action in result.actions)
        assert "000_22e11bcb602ff4a2.txt, question 13, indication 3" in result.actions[2].source

    def test_it_says_it_is_an_emergency_first(self):
        result = assess(replace(T11, neurological_deficit="complete"))
        urgency, detection = result.reasons
        assert urgency.text("en") == ("T11 — Spinal cord compression: medico-surgical "
                                      "emergency, to be managed without delay.")
        assert "urgence médico-chirurgicale" in urgency.source
        assert detection.text("en").startswith("T11: complete neurological deficit, Bilsky 1a.")

    def test_it_gives_no_action_without_the_emergency(self):
        result = assess(replace(T11, bilsky_grade="2"))
        assert result.actions == ()
        assert codes(result.reasons) == ["compression_without_deficit"]
        assert "Bilsky MH" in result.reasons[0].source


DEFICITS = st.sampled_from(["none", "radiculopathy", "incomplete", "complete", None])
GRADES = st.sampled_from(["0", "1a", "1b", "1c", "2", "3", None])
SPINAL = st.builds(lambda d, g, i: replace(T11, id=str(i), neurological_deficit=d,
                                           bilsky_grade=g), DEFICITS, GRADES, st.integers())


class TestProperties:
    @given(st.lists(SPINAL, max_size=4))
    def test_it_is_deterministic_and_consistent(self, lesions):
        result = assess(*lesions)
        assert result == assess(*lesions)
        assert (result.present is True) == bool(result.lesion_ids) == bool(result.actions)
        if result.present is None:
            assert result.missing

    @given(st.lists(SPINAL, max_size=4))
    def test_it_is_present_once_any_spinal_lesion_shows_a_deficit(self, lesions):
        assert assess(*lesions, replace(L2, neurological_deficit="complete")).present is True
        assert assess(*lesions, FEMUR).present == assess(*lesions).present


def seed_table() -> dict:
    return copy.deepcopy(read_document()["tables"]["emergency"])


class TestInvalidTables:
    @pytest.mark.parametrize(("change", "message"), [
        (lambda d: d["actions"][0].pop("source"), "action 1: every row must cite its source"),
        (lambda d: d["urgency"].update(source=""), "urgency: every row must cite its source"),
        (lambda d: d["detection"][1].pop("source"), "detection row 2: every row must cite"),
        (lambda d: d["detection"][0].update(neurological_deficits=["paraplegia"]),
         "neurological_deficits must be among"),
        (lambda d: d["detection"][1].update(bilsky_grades=["4"]), "bilsky_grades must be among"),
        (lambda d: d["detection"][0].update(kind="urgent"), "kind must be one of"),
        (lambda d: d.update(actions=[]), "'actions' must list the actions"),
        (lambda d: d.update(regions=[]), "'regions' must list the regions"),
        (lambda d: d.pop("detection"), "'detection' must list the detection rows"),
    ])
    def test_it_refuses_an_invalid_table(self, change, message):
        data = seed_table()
        change(data)
        with pytest.raises(ReferentialError) as error:
            parse_emergency(data)
        assert message in str(error.value)

    def test_it_accepts_the_seed_table(self):
        assert parse_emergency(seed_table()) == TABLE
