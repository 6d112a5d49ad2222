import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import User
from patients.models import (
    AntiresorptiveInjection,
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    Lesion,
    LocalTreatment,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.selectors import latest_measurements
from patients.skeleton import SITES, SPINE
from recommendations.models import Attendance, Case, FollowUpAction, Meeting
from recommendations.quorum import quorum_status
from scoring.engine.renal import RenalFacts, creatinine_clearance
from scoring.referential_data import seed_referential
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEMO_MODELS = (User, Patient, MolecularMarker, Measurement, SystemicTreatment, Antithrombotic,
               AntiresorptiveTreatment, AntiresorptiveInjection, DentalAssessment,
               OrthopaedicImplant, SkeletalEvent, Lesion, LocalTreatment, Meeting, Case,
               Attendance)



def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


class TestLoadDemoUsers:
    @pytest.mark.parametrize(("username", "role"), [
        ("clinicien", "clinician"),
        ("coordinateur", "coordinator"),
        ("membre", "panel_member"),
        ("admin", "admin"),
    ])
    def test_it_creates_one_user_per_role(self, username, role):
        load_demo()
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]

    def test_it_gives_the_demo_users_the_demo_password(self, settings):
        settings.DEMO_PASSWORD = "another-demo-password"
        load_demo()
        assert all(user.check_password("another-demo-password")
                   for user in User.objects.all())

    def test_it_makes_only_the_admin_staff_and_superuser(self):
        load_demo()
        staff = User.objects.filter(is_staff=True, is_superuser=True)
        assert list(staff.values_list("username", flat=True)) == ["admin"]

    def test_it_adds_panel_members_of_the_specialties_a_quorum_needs(self):
        load_demo()
        specialties = set(
            User.objects.filter(groups__name="panel_member").values_list("specialty", flat=True)
        )
        assert {"radiotherapy", "interventional_radiology", "orthopaedic_surgery",
                "rheumatology"} <= specialties

    def test_it_leaves_an_existing_user_untouched(self):
        UserFactory(username="clinicien", first_name="Changed", password="my-own-password")
        load_demo()
        user = User.objects.get(username="clinicien")
        assert user.first_name == "Changed"
        assert user.check_password("my-own-password")


class TestLoadDemoPatients:
    def test_it_creates_twelve_patients_each_with_lesions_and_measurements(self):
        load_demo()
        patients = Patient.objects.filter(ipp__startswith="DEMO")
        assert sorted(patients.values_list("ipp", flat=True)) == [
            f"DEMO{n:04d}" for n in range(1, 13)
        ]
        for patient in patients:
            assert 1 <= patient.lesions.count() <= 4, patient.ipp
            assert patient.measurements.count() >= 8, patient.ipp

    def test_it_refers_every_patient_to_the_demo_clinician(self):
        load_demo()
        referrers = set(Patient.objects.values_list("referring_clinician__username", flat=True))
        assert referrers == {"clinicien"}

    @pytest.mark.parametrize("scenario", [
        {"site": "femur_trochanteric", "lesion_type": "lytic", "pain": "functional",
         "cortical_involvement": "gt_2_3"},
        {"site": "t6", "epidural_extension": "yes", "neurological_deficit": "incomplete"},
        {"site": "acetabulum"},
        {"site__startswith": "rib_"},
    ], ids=["mirels-high-femur", "cord-compression", "pelvis", "rib"])
    def test_it_includes_the_lesions_the_rules_must_show(self, scenario):
        load_demo()
        assert Lesion.objects.filter(**scenario).exists()

    def test_it_leaves_one_sins_item_unknown_on_some_spinal_lesions(self):
        load_demo()
        spine = Lesion.objects.filter(site__in=[s.code for s in SITES if s.region == SPINE])
        items = ("lesion_type", "pain_mechanical", "alignment", "collapse", "posterolateral")
        complete = spine
        for item in items:
            complete = complete.exclude(**{item: ""})
        assert complete.exists()
        assert spine.count() > complete.count()

    @pytest.mark.parametrize("drug", ["denosumab", "zoledronic_acid"])
    def test_it_records_injections_whose_latest_is_the_last_injection(self, drug):
        load_demo()
        treatments = AntiresorptiveTreatment.objects.filter(drug__code=drug,
                                                            injections__isnull=False).distinct()
        assert treatments.exists()
        for treatment in treatments:
            assert treatment.last_injection_date == treatment.injections.first().given_on

    @pytest.mark.parametrize("kind", ["radiotherapy", "cementoplasty"])
    def test_it_records_a_local_treatment_on_a_lesion(self, kind):
        load_demo()
        treatment = LocalTreatment.objects.get(kind=kind)
        assert treatment.lesion.patient == treatment.patient

    def test_it_records_a_recent_tooth_extraction(self):
        load_demo()
        recent = timezone.localdate() - dt.timedelta(days=60)
        assert DentalAssessment.objects.filter(extraction_date__gte=recent).exists()

    def test_it_spreads_clearances_over_every_zoledronic_acid_dose_band(self):
        # Bands of the zoledronic acid dose by Cockcroft-Gault clearance (mL/min):
        # 001_9a2b5970b4e5472a.txt, Tableau 2.
        bands = {"> 60": (60.01, 999), "50-60": (50, 60), "40-49": (40, 49.99),
                 "30-39": (30, 39.99), "< 30": (0, 29.99)}
        load_demo()
        clearances = [self.clearance(patient) for patient in Patient.objects.all()]
        for band, (low, high) in bands.items():
            assert any(low <= value <= high for value in clearances), band

    def test_it_spreads_vitamin_d_over_deficiency_insufficiency_and_sufficiency(self):
        load_demo()
        values = [float(m.value) for m in Measurement.objects.filter(kind="vitamin_d")]
        assert any(v < 20 for v in values)
        assert any(20 <= v <= 30 for v in values)
        assert any(v > 30 for v in values)

    @staticmethod
    def clearance(patient: Patient) -> float:
        latest = latest_measurements(patient)
        facts = RenalFacts(
            age_years=patient.age_on(timezone.localdate()), sex=patient.sex,
            weight_kg=latest["weight"].value, creatinine_umol_l=latest["creatinine"].value,
        )
        result = creatinine_clearance(facts, seed_referential()["cockcroft_gault"])
        return float(result.value.ml_per_min)


class TestLoadDemoMeeting:
    def test_it_schedules_next_thursday_at_two_pm(self):
        load_demo()
        meeting = Meeting.objects.get(date__gt=timezone.localdate())
        today = timezone.localdate()
        assert meeting.date.weekday() == 3
        assert today < meeting.date <= today + dt.timedelta(days=7)
        assert meeting.start_time == dt.time(14, 0)
        assert meeting.place == "Salle de staff, bâtiment B"

    def test_it_closes_registration_two_days_before_at_six_pm_local_time(self):
        load_demo()
        meeting = Meeting.objects.get(date__gt=timezone.localdate())
        deadline = timezone.localtime(meeting.registration_deadline)
        assert deadline.date() == meeting.date - dt.timedelta(days=2)
        assert deadline.time() == dt.time(18, 0)

    def test_it_names_the_chair_and_the_expected_specialties(self):
        load_demo()
        meeting = Meeting.objects.get(date__gt=timezone.localdate())
        assert meeting.chair.username == "membre"
        assert meeting.expected_specialties == [
            "oncology", "radiotherapy", "interventional_radiology",
        ]


class TestLoadDemoCommand:
    def test_it_creates_nothing_twice(self):
        load_demo()
        first = counts()
        load_demo()
        assert counts() == first

    def test_it_refuses_to_run_in_production(self, settings):
        settings.PRODUCTION = True
        with pytest.raises(CommandError, match="production"):
            load_demo()
        assert not Patient.objects.exists()
        assert not User.objects.exists()

    def test_it_lists_the_logins(self, settings):
        settings.DEMO_PASSWORD = "shown-password"
        output = load_demo()
        assert "shown-password" in output
        for username in ("clinicien", "coordinateur", "membre", "admin", "radiologue",
                         "chirurgien", "rhumatologue", "oncologue"):
            assert username in output


class TestLoadDemoCases:
    def test_it_puts_two_cases_on_the_agenda_and_one_waiting(self):
        load_demo()
        meeting = Meeting.objects.get(date__gt=timezone.localdate())
        statuses = sorted(Case.objects.filter(meeting=meeting).values_list("status", flat=True)
                          ) + list(Case.objects.filter(meeting=None).values_list("status",
                                                                                  flat=True))
        if timezone.now() <= meeting.registration_deadline:
            assert statuses == ["scheduled", "scheduled", "submitted"]
        else:  # run after the deadline: the demo leaves them waiting
            assert statuses == ["submitted"] * 3

    def test_the_members_present_can_make_the_quorum(self):
        load_demo()
        meeting = Meeting.objects.get(date__gt=timezone.localdate())
        specialties = list(meeting.attendances.values_list("specialty", flat=True))
        assert quorum_status(meeting.meeting_type, specialties).met



class TestLoadDemoSignedCase:
    def test_it_signs_a_case_at_an_earlier_meeting_through_the_workflow(self):
        load_demo()
        case = Case.objects.get(status="signed")
        assert case.meeting.date < timezone.localdate()
        proposal = case.proposals.get()
        assert proposal.status == "valid" and proposal.engine_result
        assert quorum_status(case.meeting.meeting_type, list(
            proposal.signatures.values_list("specialty", flat=True))).met

    def test_its_patient_has_follow_up_actions_and_a_second_run_adds_none(self):
        load_demo()
        case = Case.objects.get(status="signed")
        count = FollowUpAction.objects.filter(patient=case.patient).count()
        assert count > 0
        assert FollowUpAction.objects.filter(patient=case.patient, kind="dental_check",
                                             due_date__lt=timezone.localdate()).exists()
        load_demo()
        assert Case.objects.filter(status="signed").count() == 1
        assert FollowUpAction.objects.filter(patient=case.patient).count() == count
