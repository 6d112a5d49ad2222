"""NOMS summary (Laufer I, Rubin DG, Lis E, Cox BW, Stubblefield MD, Yamada Y, Bilsky MH. The
NOMS framework: approach to the treatment of spinal metastatic tumors. Oncologist
2013;18(6):744-51): low-grade ESCC + radiosensitive -> cEBRT; low-grade + radioresistant -> SRS;
high-grade + radiosensitive -> cEBRT; high-grade + radioresistant -> separation surgery then SRS
if surgery is tolerated, else cEBRT; mechanical instability adds stabilisation."""

import copy
import json

import pytest

from scoring.engine.bilsky import bilsky_grade
from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.noms import noms_summary
from scoring.engine.noms_table import TO_BE_CHECKED, parse_noms
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Score
from scoring.referential_data import SEED_DIR, seed_referential

REFERENTIAL = seed_referential()
NOMS, BILSKY = REFERENTIAL["noms"], REFERENTIAL["bilsky"]
SEED = json.loads((SEED_DIR / "noms.json").read_text(encoding="utf-8"))
PAPER = "Laufer I, Rubin DG, Lis E"

BREAST = PatientFacts(primary_site="breast", ecog=1)  # radiosensitive
KIDNEY = PatientFacts(primary_site="kidney", karnofsky=80)  # radioresistant
STABLE = Score("sins", 4, "stable", ())


def spine(grade="1a", **fields) -> LesionFacts:
    fields.setdefault("neurological_deficit", "none")
    return LesionFacts(id="1", site="t7", region="spine", bilsky_grade=grade, **fields)


def summary(patient=BREAST, lesion=None, sins=STABLE):
    lesion = lesion or spine()
    return noms_summary(patient, lesion, bilsky_grade(lesion, BILSKY), sins, NOMS)


class TestPaths:
    def test_it_suggests_cebrt_for_low_grade_radiosensitive(self):
        result = summary(BREAST, spine("1b"))
        assert (result.neurologic.status, result.oncologic.status, result.path) == (
            "low", "radiosensitive", "cebrt")
        assert result.suggestion.text_en == ("NOMS suggestion: conventional external beam "
                                             "radiation therapy (cEBRT).")
        assert PAPER in result.suggestion.source

    def test_it_suggests_srs_for_low_grade_radioresistant(self):
        result = summary(KIDNEY, spine("0", epidural_extension=False))
        assert (result.neurologic.status, result.oncologic.status, result.path) == (
            "low", "radioresistant", "srs")
        assert result.suggestion.text_fr == ("Proposition NOMS : radiochirurgie stéréotaxique "
                                             "(SRS).")

    def test_it_suggests_cebrt_for_high_grade_radiosensitive(self):
        result = summary(BREAST, spine("3"))
        assert (result.neurologic.status, result.path) == ("high", "cebrt")
        assert "even with high-grade compression" in result.suggestion.text_en

    def test_it_suggests_separation_surgery_for_high_grade_radioresistant(self):
        result = summary(KIDNEY, spine("2"))
        assert (result.neurologic.status, result.path) == ("high",
                                                           "separation_surgery_then_srs")
        assert "if the patient can tolerate surgery" in result.suggestion.text_en
        assert "otherwise conventional external beam" in result.suggestion.text_en
        assert result.systemic.status == TO_BE_CHECKED

    def test_it_treats_grade_1c_as_low_grade_and_flags_the_debate(self):
        result = summary(KIDNEY, spine("1c"))
        assert result.path == "srs"
        assert "bilsky.debated" in [r.rule_id for r in result.neurologic.reasons]

    def test_it_gives_no_path_without_the_escc_grade(self):
        result = summary(KIDNEY, spine(None, epidural_extension=True))
        assert (result.path, result.suggestion) == (None, None)
        assert [m.name for m in result.missing] == ["bilsky_grade"]

    def test_it_gives_no_path_without_the_radiosensitivity(self):
        result = summary(PatientFacts(primary_site="stomach", ecog=0), spine("2"))
        assert result.path is None
        assert [m.name for m in result.missing] == ["radiosensitivity"]

    def test_it_gives_nothing_outside_the_spine(self):
        lesion = LesionFacts(id="2", site="femur_diaphysis", region="long_bone")
        assert noms_summary(BREAST, lesion, None, None, NOMS) is None


class TestMechanical:
    @pytest.mark.parametrize(("band", "stabilisation"), [
        ("stable", None),
        ("potentially_unstable", "to be discussed with the surgeon"),
        ("unstable", "indicated whatever the compression grade"),
    ])
    def test_it_adds_stabilisation_by_sins_band(self, band, stabilisation):
        result = summary(sins=Score("sins", 10, band, ()))
        assert result.mechanical.status == band
        if stabilisation is None:
            assert result.stabilisation is None
        else:
            assert stabilisation in result.stabilisation.text_en
            assert "percutaneous cement augmentation" in result.stabilisation.text_en
            assert result.stabilisation in result.reasons

    def test_it_keeps_the_radiation_path_beside_the_stabilisation(self):
        result = summary(BREAST, spine("3"), Score("sins", 14, "unstable", ()))
        assert result.path == "cebrt"
        assert result.stabilisation is not None

    @pytest.mark.parametrize("sins", [None, Score("sins", None, None, ())])
    def test_it_asks_for_a_complete_sins(self, sins):
        result = summary(sins=sins)
        assert result.mechanical.status is None
        assert [m.name for m in result.missing] == ["sins"]
        assert result.path == "cebrt"  # the radiation path does not depend on SINS


class TestOncologic:
    @pytest.mark.parametrize(("site", "histology", "status"), [
        ("breast", None, "radiosensitive"),
        ("prostate", "adenocarcinoma", "radiosensitive"),
        ("other", "neuroendocrine", "radiosensitive"),
        ("lung", "neuroendocrine", "radiosensitive"),
        ("kidney", "clear_cell", "radioresistant"),
        ("thyroid", None, "radioresistant"),
        ("liver", None, "radioresistant"),
        ("colorectal", "adenocarcinoma", "radioresistant"),
        ("melanoma", None, "radioresistant"),
        ("lung", "adenocarcinoma", "radioresistant"),
        ("lung", "squamous", "radioresistant"),
        ("lung", "large_cell", "radioresistant"),
    ])
    def test_it_reads_the_radiosensitivity(self, site, histology, status):
        result = summary(PatientFacts(primary_site=site, histology=histology, ecog=1))
        assert result.oncologic.status == status
        assert PAPER in result.oncologic.reasons[0].source

    @pytest.mark.parametrize(("site", "histology", "phrase"), [
        ("lung", "small_cell", "small cell: not classified by NOMS"),
        ("lung", None, "histology needed"),
        ("stomach", None, "not classified by NOMS"),
        ("bladder", None, "not classified by NOMS"),
        ("uterus", None, "not classified by NOMS"),
        ("unknown_primary", None, "biopsy histology"),
        ("other", None, "lymphoma, myeloma and seminoma are radiosensitive"),
        ("martian", None, "the panel must state it"),
        (None, None, "primary cancer site"),
    ])
    def test_it_asks_the_panel_when_the_paper_does_not_classify(self, site, histology, phrase):
        result = summary(PatientFacts(primary_site=site, histology=histology, ecog=1))
        assert result.oncologic.status is None
        (missing,) = result.oncologic.missing
        assert phrase in missing.label_en

    def test_it_covers_every_primary_site_of_the_patients_app(self):
        from patients.models.patient import PrimarySite

        for choice in PrimarySite:
            result = summary(PatientFacts(primary_site=choice.value, histology="adenocarcinoma"))
            assert result.oncologic.status or choice.value in NOMS.needs_precision


class TestNeurologicAndSystemic:
    @pytest.mark.parametrize(("fields", "state"), [
        ({"frankel_grade": "C"}, "myelopathy"),
        ({"neurological_deficit": "complete"}, "myelopathy"),
        ({"neurological_deficit": "radiculopathy"}, "radiculopathy"),
        ({"frankel_grade": "E", "neurological_deficit": "radiculopathy"}, "radiculopathy"),
        ({"neurological_deficit": "none"}, "intact"),
    ])
    def test_it_reports_myelopathy_or_radiculopathy(self, fields, state):
        result = summary(lesion=spine("2", **fields))
        assert f"noms.neurologic.{state}" in [r.rule_id for r in result.neurologic.reasons]

    def test_it_lists_an_unknown_neurological_status(self):
        result = summary(lesion=spine("2", neurological_deficit=None))
        assert [m.name for m in result.missing] == ["neurological_deficit"]

    def test_it_leaves_the_tolerance_of_surgery_to_the_panel(self):
        result = summary(KIDNEY, spine("2"))
        (reason,) = result.systemic.reasons
        assert reason.text_en.startswith("Systemic assessment (Karnofsky 80 %): ability to "
                                         "tolerate surgery")
        assert result.systemic.missing == ()

    def test_it_asks_for_a_performance_status(self):
        result = summary(PatientFacts(primary_site="breast"))
        assert [m.name for m in result.systemic.missing] == ["performance_status"]
        assert result.systemic.status == TO_BE_CHECKED


def altered(change) -> dict:
    data = copy.deepcopy(SEED)
    change(data)
    return data


class TestInvalidTable:
    def test_the_seed_table_parses(self):
        assert parse_noms(copy.deepcopy(SEED)) == NOMS

    @pytest.mark.parametrize(("change", "message"), [
        (lambda d: d["paths"].pop(), "paths missing"),
        (lambda d: d["paths"].append(dict(d["paths"][0])), "given twice"),
        (lambda d: d["paths"][0].update(escc="medium"), "escc must be low/high"),
        (lambda d: d["paths"][1].pop("source"), "'source'"),
        (lambda d: d["radiosensitivity"][0].update(radiosensitivity="maybe"),
         "radiosensitivity must be one of"),
        (lambda d: d["radiosensitivity"][0].pop("histologies"), "primary_sites, histologies"),
        (lambda d: d["radiosensitivity"][1].update(primary_sites=[]), "non-empty list"),
        (lambda d: d["radiosensitivity"][2].pop("source"), "'source'"),
        (lambda d: d["mechanical"].pop("unstable"), "mechanical 'unstable'"),
        (lambda d: d["mechanical"]["unstable"].pop("stabilisation_en"), "go together"),
        (lambda d: d["classes"].pop("radioresistant"), "'label_fr'"),
        (lambda d: d["systemic"].pop("source"), "'source'"),
        (lambda d: d["needs_precision"]["lung"].pop("source"), "'source'"),
        (lambda d: d.pop("neurology"), "'neurology'"),
    ])
    def test_it_refuses_an_invalid_table(self, change, message):
        with pytest.raises(ReferentialError, match="noms") as error:
            parse_noms(altered(change))
        assert message in str(error.value)
