"""The lesions on the skeleton map of the patient's page: one marker per lesion coloured by
its fracture-risk band's severity (the band's rank in the referential, never a threshold
restated here), grey for missing data, and a legend that says each band in words."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from patients import skeleton_map
from scoring import skeleton_panel
from scoring.engine.bands import Band
from scoring.engine.results import Missing, Score
from scoring.referentials import current_referential
from tests.factories import LesionFactory, PatientFactory


def band(code, lower, upper, **data) -> Band:
    lower = None if lower is None else Decimal(lower)
    upper = None if upper is None else Decimal(upper)
    return Band(lower, True, upper, False, code, "a test table", data)


# Arbitrary bounds, listed out of order: the rank comes from the bounds, not the listing.
BANDS = (band("top", 20, None), band("bottom", None, 10), band("middle", 10, 20))


class TestBandSeverity:
    @pytest.mark.parametrize(("code", "severity"), [("bottom", "low"), ("middle", "moderate"),
                                                    ("top", "high")])
    def test_it_reads_the_severity_from_the_bands_rank(self, code, severity):
        assert skeleton_panel.band_severity(BANDS, code) == severity

    def test_a_band_that_names_its_severity_keeps_it(self):
        bands = (band("bottom", None, 10), band("top", 10, None, severity="moderate"))
        assert skeleton_panel.band_severity(bands, "top") == "moderate"

    def test_an_unknown_band_is_missing_data_not_a_guess(self):
        assert skeleton_panel.band_severity(BANDS, "elsewhere") == "missing"


def mirels(band_code=None, missing=()) -> Score:
    return Score(name="Mirels", total=None if missing else 1, band=band_code, items=(),
                 missing=missing, band_label_en="words for the band", band_label_fr="mots")


@pytest.mark.django_db
class TestLesionRisk:
    @pytest.fixture
    def referential(self):
        return current_referential()

    def test_a_complete_score_takes_its_bands_severity_and_words(self, referential):
        last = max(referential["mirels"].bands, key=lambda b: b.lower or Decimal(-1))
        risk = skeleton_panel.lesion_risk(mirels(last.code), None, referential)
        assert risk == skeleton_panel.Risk("high", "Mirels: words for the band")

    def test_an_incomplete_score_is_missing_data(self, referential):
        risk = skeleton_panel.lesion_risk(mirels(missing=(Missing("pain", "douleur", "pain"),)),
                                          None, referential)
        assert risk == skeleton_panel.Risk("missing", "Mirels: missing data")

    def test_a_site_without_score_says_so(self, referential):
        assert skeleton_panel.lesion_risk(None, None, referential).severity == "not_scored"

    def test_recorded_results_give_the_same_risk(self, referential):
        recorded = {"name": "Mirels", "band": referential["mirels"].bands[0].code,
                    "complete": True, "band_label_en": "words for the band"}
        assert (skeleton_panel.lesion_risk(recorded, None, referential)
                == skeleton_panel.lesion_risk(mirels(recorded["band"]), None, referential))


def test_recorded_scores_are_read_by_lesion_id():
    document = {"result": {"lesions": [{"lesion_id": "7", "mirels": {"name": "Mirels"},
                                        "sins": None}]}}
    assert skeleton_panel.recorded_scores(document) == {"7": ({"name": "Mirels"}, None)}


def test_recorded_scores_of_an_empty_document_are_none():
    assert skeleton_panel.recorded_scores({}) == {}


@pytest.mark.django_db
class TestPatientPage:
    @pytest.fixture
    def patient(self, clinician):
        return PatientFactory(referring_clinician=clinician)

    def page(self, client, clinician, patient) -> str:
        client.force_login(clinician)
        return client.get(reverse("patients:detail", args=[patient.pk])).content.decode()

    def test_without_lesion_there_is_no_map(self, client, clinician, patient):
        assert 'data-testid="skeleton-panel"' not in self.page(client, clinician, patient)

    def test_each_lesion_is_a_numbered_marker_linking_to_it(self, client, clinician, patient):
        lesion = LesionFactory(patient=patient, site="femur_diaphysis", side="right")
        html = self.page(client, clinician, patient)
        link = re.search(r'<a href="([^"]+)" class="skm-marker-link"', html)
        assert link.group(1) == lesion.get_absolute_url()
        assert 'data-marker="1"' in html

    def test_an_unscored_lesion_is_grey_and_the_legend_says_why(self, client, clinician,
                                                                patient):
        LesionFactory(patient=patient, site="femur_diaphysis", side="right", pain="")
        html = self.page(client, clinician, patient)
        assert 'data-severity="missing"' in html
        assert "Mirels: missing data" in html

    def test_the_worst_findings_are_in_the_highest_band(self, client, clinician, patient):
        LesionFactory(patient=patient, site="femur_trochanteric", side="left", pain="functional",
                      lesion_type="lytic", cortical_involvement="gt_2_3")
        html = self.page(client, clinician, patient)
        assert re.search(r'data-marker="1" data-severity="high"', html)
        legend = html[html.index('data-testid="skeleton-legend"'):]
        assert 'data-severity="high"' in legend and "Mirels: prophylactic surgery" in legend

    def test_a_rib_has_no_fracture_risk_score(self, client, clinician, patient):
        LesionFactory(patient=patient, site="rib_4", side="left")
        html = self.page(client, clinician, patient)
        assert 'data-severity="not_scored"' in html


def test_every_severity_has_a_colour():
    assert set(skeleton_map.MARKER_COLOURS) == set(skeleton_map.SEVERITIES)
