import datetime as dt

import pytest
from django.utils import timezone

from patients.forms.patient import PatientForm, years_before
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_form(**overrides) -> PatientForm:
    data = {
        "ipp": "IPP-100",
        "family_name": "Garnier",
        "given_name": "Luc",
        "birth_date": "1960-05-05",
        "sex": "M",
    }
    data.update({key: "" if value is None else value for key, value in overrides.items()})
    return PatientForm(data=data)


def errors_on(form: PatientForm, field: str) -> list[str]:
    form.is_valid()
    return form.errors.get(field, [])


class TestIdentity:
    def test_it_accepts_the_minimal_identity(self):
        assert make_form().is_valid()

    def test_it_strips_and_upper_cases_the_ipp(self):
        form = make_form(ipp="  ab-12c ")
        assert form.is_valid()
        assert form.cleaned_data["ipp"] == "AB-12C"

    @pytest.mark.parametrize("ipp", ["AB 12", "AB_12", "AB/12", "ÉLODIE1"])
    def test_it_refuses_an_ipp_with_other_characters(self, ipp):
        assert errors_on(make_form(ipp=ipp), "ipp") == [
            "The IPP may contain only letters, digits and hyphens."
        ]

    def test_it_refuses_an_ipp_another_patient_has(self):
        PatientFactory(ipp="IPP-100")
        assert errors_on(make_form(ipp="ipp-100"), "ipp") == [
            "Another patient already has this IPP."
        ]

    def test_it_refuses_an_ipp_another_patient_has_in_another_case(self):
        PatientFactory(ipp="ipp-100")  # typed in the admin, before the form upper-cased it
        assert errors_on(make_form(ipp="IPP-100"), "ipp") == [
            "Another patient already has this IPP."
        ]

    @pytest.mark.parametrize("field", ["family_name", "given_name"])
    def test_it_refuses_a_blank_name(self, field):
        assert errors_on(make_form(**{field: "   "}), field)

    def test_it_strips_names_and_collapses_inner_spaces(self):
        form = make_form(family_name="  de   la Tour ", given_name=" Marie\tAnne ")
        assert form.is_valid()
        assert (form.cleaned_data["family_name"], form.cleaned_data["given_name"]) == (
            "de la Tour", "Marie Anne")


class TestBirthDate:
    def test_it_accepts_today(self):
        assert not errors_on(make_form(birth_date=TODAY.isoformat()), "birth_date")

    def test_it_refuses_tomorrow(self):
        tomorrow = TODAY + dt.timedelta(days=1)
        assert errors_on(make_form(birth_date=tomorrow.isoformat()), "birth_date") == [
            "This date is in the future."
        ]

    def test_it_accepts_exactly_120_years_ago(self):
        oldest = years_before(TODAY, 120)
        assert not errors_on(make_form(birth_date=oldest.isoformat()), "birth_date")

    def test_it_refuses_one_day_more_than_120_years_ago(self):
        too_old = years_before(TODAY, 120) - dt.timedelta(days=1)
        assert errors_on(make_form(birth_date=too_old.isoformat()), "birth_date") == [
            "This birth date is more than 120 years ago."
        ]

    def test_it_moves_29_february_to_the_28th_in_a_common_year(self):
        assert years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)


class TestDiagnosisDate:
    def test_it_refuses_a_diagnosis_in_the_future(self):
        tomorrow = TODAY + dt.timedelta(days=1)
        assert errors_on(make_form(diagnosis_date=tomorrow.isoformat()), "diagnosis_date") == [
            "This date is in the future."
        ]

    def test_it_refuses_a_diagnosis_before_birth(self):
        form = make_form(birth_date="1960-05-05", diagnosis_date="1960-05-04")
        assert errors_on(form, "diagnosis_date") == [
            "The diagnosis cannot precede the birth date."
        ]

    def test_it_accepts_a_diagnosis_on_the_birth_date(self):
        form = make_form(birth_date="1960-05-05", diagnosis_date="1960-05-05")
        assert not errors_on(form, "diagnosis_date")


class TestKarnofsky:
    @pytest.mark.parametrize("value", ["0", "10", "50", "100"])
    def test_it_accepts_multiples_of_ten_from_0_to_100(self, value):
        assert not errors_on(make_form(karnofsky=value), "karnofsky")

    @pytest.mark.parametrize("value", ["85", "5", "110"])
    def test_it_refuses_other_values(self, value):
        assert errors_on(make_form(karnofsky=value), "karnofsky") == [
            "The Karnofsky index is a multiple of 10 between 0 and 100."
        ]

    def test_it_refuses_a_negative_value(self):
        assert errors_on(make_form(karnofsky="-10"), "karnofsky") == [
            "Ensure this value is greater than or equal to 0."
        ]

    def test_it_accepts_an_unknown_index(self):
        assert not errors_on(make_form(karnofsky=""), "karnofsky")


# ECOG-Karnofsky correspondence (Oken MM et al., Am J Clin Oncol 1982;5:649-55): ECOG 0 is
# Karnofsky 90-100 and ECOG 4 is 10-20; the form tolerates one band either side.
class TestPerformanceScalesCoherence:
    @pytest.mark.parametrize(("ecog", "karnofsky"), [
        ("0", "80"), ("0", "100"), ("4", "40"), ("4", "10"), ("2", "100"), ("2", "0"),
    ])
    def test_it_accepts_coherent_pairs(self, ecog, karnofsky):
        assert not errors_on(make_form(ecog=ecog, karnofsky=karnofsky), "karnofsky")

    def test_it_refuses_ecog_0_with_karnofsky_under_80(self):
        errors = errors_on(make_form(ecog="0", karnofsky="70"), "karnofsky")
        assert errors and "at least 80" in errors[0]

    def test_it_refuses_ecog_4_with_karnofsky_over_40(self):
        errors = errors_on(make_form(ecog="4", karnofsky="50"), "karnofsky")
        assert errors and "at most 40" in errors[0]

    def test_it_checks_nothing_when_one_scale_is_unknown(self):
        assert make_form(ecog="4", karnofsky="").is_valid()


class TestBoneMetastasisCount:
    @pytest.mark.parametrize("value", ["0", "200"])
    def test_it_accepts_the_bounds(self, value):
        assert not errors_on(make_form(bone_metastasis_count=value), "bone_metastasis_count")

    @pytest.mark.parametrize("value", ["-1", "201"])
    def test_it_refuses_values_outside_0_to_200(self, value):
        assert errors_on(make_form(bone_metastasis_count=value), "bone_metastasis_count")

    def test_it_refuses_more_vertebral_than_bone_metastases(self):
        form = make_form(bone_metastasis_count="2", vertebral_metastasis_count="3")
        assert errors_on(form, "vertebral_metastasis_count")

    @pytest.mark.parametrize(("bone", "vertebral"), [("2", "2"), ("5", "0"), ("", "3")])
    def test_it_accepts_vertebral_metastases_within_the_bone_count(self, bone, vertebral):
        form = make_form(bone_metastasis_count=bone, vertebral_metastasis_count=vertebral)
        assert not errors_on(form, "vertebral_metastasis_count")


class TestPrimarySiteDetail:
    def test_it_requires_a_detail_when_the_primary_is_other(self):
        form = make_form(primary_site="other", primary_site_detail="  ")
        assert errors_on(form, "primary_site_detail") == [
            "Describe the primary cancer when it is “Other”."
        ]

    def test_it_accepts_other_with_a_detail(self):
        assert make_form(primary_site="other", primary_site_detail="Mesothelioma").is_valid()

    def test_it_does_not_require_a_detail_for_a_listed_primary(self):
        assert make_form(primary_site="lung").is_valid()
