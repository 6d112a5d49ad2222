"""The lesion form: one test per validation rule, and findings kept only where they apply."""

import datetime as dt

import pytest
from crispy_forms.utils import render_crispy_form
from django.utils import timezone

from patients import skeleton
from patients.forms.lesion import LesionForm
from patients.models.lesion import LONG_BONE_FIELDS, SPINE_FIELDS
from tests.factories import LesionFactory, PatientFactory

BEFORE_BIRTH = "1950-01-01"  # the factory's patients are born on 1958-04-12
SINS_ITEMS = {"alignment": "subluxation", "collapse": "lt50", "posterolateral": "bilateral",
              "epidural_extension": "yes", "bilsky_grade": "1b", "frankel_grade": "E"}


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def form_for(patient=None, instance=None, **data) -> LesionForm:
    """A bound form: a left femoral shaft lesion unless `data` says otherwise."""
    data = {"site": "femur_diaphysis", "side": "left", **data}
    patient = patient or PatientFactory.build(referring_clinician=None)
    return LesionForm(data=data, instance=instance, patient=patient)


class TestSite:
    @pytest.mark.parametrize("site", skeleton.SITES, ids=lambda s: s.code)
    def test_it_accepts_every_site_of_the_vocabulary(self, site):
        form = form_for(site=site.code, side="right" if site.lateral else "")
        assert form.is_valid(), form.errors

    def test_it_refuses_a_site_outside_the_vocabulary(self):
        assert form_for(site="tail", side="").has_error("site", code="invalid_choice")

    def test_it_requires_a_site(self):
        assert form_for(site="", side="").has_error("site", code="required")


class TestSide:
    @pytest.mark.parametrize("site", ["femur_trochanteric", "humerus_proximal", "rib_7",
                                      "acetabulum", "scapula"])
    def test_it_requires_a_side_for_a_lateral_site(self, site):
        assert form_for(site=site, side="").has_error("side", code="side_required")

    @pytest.mark.parametrize("site", ["c2", "t12", "l3", "s1", "sternum", "skull"])
    def test_it_refuses_a_side_for_a_midline_site(self, site):
        assert form_for(site=site, side="left").has_error("side", code="side_refused")

    def test_it_names_the_site_in_the_side_message(self):
        form = form_for(site="t12", side="left")
        assert "T12 is a midline site" in form.errors["side"][0]


class TestPain:
    def test_it_refuses_mechanical_pain_when_there_is_no_pain(self):
        form = form_for(pain="none", pain_mechanical="yes")
        assert form.has_error("pain_mechanical", code="mechanical_without_pain")

    @pytest.mark.parametrize("mechanical", ["no", ""])
    def test_it_accepts_no_or_unknown_mechanical_pain_without_pain(self, mechanical):
        assert form_for(pain="none", pain_mechanical=mechanical).is_valid()

    def test_it_accepts_mechanical_pain_when_there_is_pain(self):
        assert form_for(pain="moderate", pain_mechanical="yes").is_valid()


class TestPriorRadiotherapy:
    def test_it_refuses_a_date_in_the_future(self):
        form = form_for(prior_radiotherapy_date=tomorrow())
        assert form.has_error("prior_radiotherapy_date", code="future_date")

    def test_it_refuses_a_date_before_birth(self):
        form = form_for(prior_radiotherapy_date=BEFORE_BIRTH)
        assert form.has_error("prior_radiotherapy_date", code="before_birth")

    def test_it_requires_the_date_with_a_dose(self):
        form = form_for(prior_radiotherapy_dose_gy="30")
        assert form.has_error("prior_radiotherapy_dose_gy", code="dose_without_date")

    def test_it_requires_the_dose_with_fractions(self):
        form = form_for(prior_radiotherapy_date="2025-03-01", prior_radiotherapy_fractions="10")
        assert form.has_error("prior_radiotherapy_fractions", code="fractions_without_dose")

    def test_it_refuses_an_implausible_dose_per_fraction(self):
        form = form_for(prior_radiotherapy_date="2025-03-01", prior_radiotherapy_dose_gy="30",
                        prior_radiotherapy_fractions="1")
        assert form.has_error("prior_radiotherapy_fractions",
                              code="implausible_dose_per_fraction")

    @pytest.mark.parametrize("dose, fractions", [("8", "1"), ("30", "10"), ("25", "1"),
                                                 ("20", "")])
    def test_it_accepts_usual_schedules(self, dose, fractions):
        form = form_for(prior_radiotherapy_date="2025-03-01", prior_radiotherapy_dose_gy=dose,
                        prior_radiotherapy_fractions=fractions)
        assert form.is_valid(), form.errors

    def test_it_accepts_a_date_alone_when_the_dose_is_unknown(self):
        assert form_for(prior_radiotherapy_date="2025-03-01").is_valid()


class TestImagingAndBiopsy:
    @pytest.mark.parametrize("field", ["imaging_date", "biopsy_date"])
    def test_it_refuses_a_date_in_the_future(self, field):
        form = form_for(biopsy="confirmed", **{field: tomorrow()})
        assert form.has_error(field, code="future_date")

    @pytest.mark.parametrize("field", ["imaging_date", "biopsy_date"])
    def test_it_refuses_a_date_before_birth(self, field):
        form = form_for(biopsy="confirmed", **{field: BEFORE_BIRTH})
        assert form.has_error(field, code="before_birth")

    @pytest.mark.parametrize("biopsy", ["not_done", ""])
    def test_it_refuses_a_biopsy_date_when_no_biopsy_was_done(self, biopsy):
        form = form_for(biopsy=biopsy, biopsy_date="2025-03-01")
        assert form.has_error("biopsy_date", code="biopsy_date_without_biopsy")

    @pytest.mark.parametrize("biopsy", ["confirmed", "non_contributive"])
    def test_it_accepts_a_biopsy_date_for_a_biopsy_done(self, biopsy):
        assert form_for(biopsy=biopsy, biopsy_date="2025-03-01").is_valid()


@pytest.mark.django_db
class TestSiteSpecificFindings:
    def test_it_keeps_the_sins_items_of_a_spine_lesion(self):
        form = form_for(patient=PatientFactory(), site="t12", side="", **SINS_ITEMS)
        lesion = form.save()
        lesion.refresh_from_db()
        assert {name: getattr(lesion, name) for name in SPINE_FIELDS} == SINS_ITEMS
        assert form.cleared_fields == []

    def test_it_clears_the_sins_items_when_a_vertebra_becomes_a_femur(self):
        lesion = LesionFactory(site="t12", side="", **SINS_ITEMS)
        form = form_for(patient=lesion.patient, instance=lesion, site="femur_diaphysis",
                        side="left", cortical_involvement="gt_2_3", **SINS_ITEMS)
        form.save()
        lesion.refresh_from_db()
        assert all(getattr(lesion, name) == "" for name in SPINE_FIELDS)
        assert lesion.cortical_involvement == "gt_2_3"
        assert sorted(form.cleared_fields) == sorted(SPINE_FIELDS)

    def test_it_clears_cortical_involvement_when_a_femur_becomes_a_vertebra(self):
        lesion = LesionFactory(site="femur_diaphysis", cortical_involvement="gt_2_3")
        form = form_for(patient=lesion.patient, instance=lesion, site="l2", side="",
                        cortical_involvement="gt_2_3", alignment="normal")
        form.save()
        lesion.refresh_from_db()
        assert lesion.cortical_involvement == ""
        assert lesion.alignment == "normal"
        assert form.cleared_fields == list(LONG_BONE_FIELDS)

    def test_it_clears_every_site_specific_finding_on_a_rib(self):
        form = form_for(site="rib_4", cortical_involvement="lt_1_3", **SINS_ITEMS)
        assert form.is_valid()
        assert set(form.cleared_fields) == set(SPINE_FIELDS + LONG_BONE_FIELDS)

    def test_it_names_the_cleared_findings_by_their_labels(self):
        form = form_for(alignment="normal")
        assert form.is_valid()
        assert form.cleared_labels == ["spinal alignment"]


class TestPresentation:
    def test_it_attaches_the_lesion_to_the_given_patient(self):
        patient = PatientFactory.build(referring_clinician=None)
        assert form_for(patient=patient).instance.patient is patient

    @pytest.mark.parametrize("region", [skeleton.SPINE, skeleton.LONG_BONE])
    def test_it_marks_each_site_specific_fieldset_with_its_region(self, region):
        html = render_crispy_form(form_for())
        assert f'data-applies-to="{region}"' in html
        assert f'aria-describedby="applies-to-{region}"' in html

    def test_it_hints_which_sites_a_fieldset_applies_to(self):
        assert "Applies to vertebrae only" in render_crispy_form(form_for())

    def test_it_gives_the_script_the_region_of_every_site(self):
        regions = form_for().site_regions
        assert regions == {site.code: site.region for site in skeleton.SITES}
        assert regions["t12"] == skeleton.SPINE


@pytest.mark.django_db
class TestBilskyAndEpiduralAgree:
    @pytest.mark.parametrize(("grade", "epidural"), [("0", "yes"), ("1a", "no"), ("3", "no")])
    def test_it_refuses_a_grade_that_contradicts_the_epidural_extension(self, grade, epidural):
        form = form_for(site="l2", side="", bilsky_grade=grade, epidural_extension=epidural)
        assert form.has_error("bilsky_grade", "bilsky_epidural_mismatch")

    @pytest.mark.parametrize(("grade", "epidural"),
                             [("0", "no"), ("1c", "yes"), ("2", ""), ("", "yes")])
    def test_it_accepts_a_coherent_or_partly_unknown_pair(self, grade, epidural):
        form = form_for(site="l2", side="", bilsky_grade=grade, epidural_extension=epidural)
        assert not form.has_error("bilsky_grade")
