"""`manage.py generate_scale_data` on a small plan: 30 patients, two meetings (one past)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from patients import skeleton
from patients.measurement_ranges import PLAUSIBLE_RANGES
from patients.models import Lesion, Measurement, Patient
from patients.models.lesion import LONG_BONE_FIELDS, SPINE_FIELDS
from recommendations.models import Case, CaseStatus, Proposal, ProposalStatus, WorkflowEvent
from recommendations.quorum import quorum_status

pytestmark = pytest.mark.django_db

SMALL = ["--patients", "30", "--meetings", "2", "--future-meetings", "1",
         "--cases-per-meeting", "10"]


def generate(*extra: str) -> str:
    out = StringIO()
    call_command("generate_scale_data", *SMALL, *extra, stdout=out)
    return out.getvalue()


class TestGenerateScaleData:
    def test_it_creates_the_planned_patients_meetings_and_cases(self):
        generate()
        assert Patient.objects.filter(ipp__startswith="SCALE").count() == 30
        assert Case.objects.filter(meeting__isnull=False).count() == 20
        assert Case.objects.filter(status=CaseStatus.SCHEDULED).count() == 10
        assert Lesion.objects.count() >= 30

    def test_it_links_each_case_to_lesions_of_its_own_patient(self):
        generate()
        for case in Case.objects.prefetch_related("lesions"):
            assert case.lesions.exists()
            assert {lesion.patient_id for lesion in case.lesions.all()} == {case.patient_id}

    def test_it_signs_every_past_case_with_a_quorum(self):
        generate()
        signed = Case.objects.filter(status__in=[CaseStatus.SIGNED, CaseStatus.SENT])
        assert signed.count() == 10
        for case in signed:
            proposal = case.proposals.get()
            assert proposal.status == ProposalStatus.VALID
            specialties = list(proposal.signatures.values_list("specialty", flat=True))
            assert quorum_status(case.meeting.meeting_type, specialties).met
            present = set(case.meeting.attendances.values_list("user_id", flat=True))
            assert set(proposal.signatures.values_list("user_id", flat=True)) <= present

    def test_it_records_the_transitions_of_every_signed_case(self):
        generate()
        case = Case.objects.filter(status=CaseStatus.SENT).first()
        transitions = list(WorkflowEvent.objects.filter(object_id=case.pk,
                                                        content_type__model="case")
                           .values_list("transition", flat=True))
        assert transitions == ["submit", "schedule", "discuss", "sign", "send"]

    def test_it_fills_only_the_findings_a_site_asks(self):
        generate()
        for lesion in Lesion.objects.all():
            region = skeleton.get_site(lesion.site).region
            spine = [getattr(lesion, name) for name in SPINE_FIELDS]
            cortex = [getattr(lesion, name) for name in LONG_BONE_FIELDS]
            assert all(spine) if region == skeleton.SPINE else not any(spine)
            if region != skeleton.LONG_BONE:
                assert not any(cortex)

    def test_it_keeps_measurements_within_the_plausible_ranges(self):
        generate()
        for measurement in Measurement.objects.all():
            low, high, _unit = PLAUSIBLE_RANGES[measurement.kind]
            assert low <= measurement.value <= high

    def test_it_labels_the_proposals_the_engine_did_not_draft(self):
        generate("--engine-sample", "1")
        generated = [p for p in Proposal.objects.all()
                     if p.engine_result.get("generated") == "scale_data"]
        assert len(generated) == 9  # one of the past meeting's ten was drafted by the engine

    def test_it_gives_the_same_data_for_the_same_seed(self):
        generate("--seed", "7")
        first = list(Patient.objects.order_by("ipp").values_list("family_name", "birth_date"))
        generate("--seed", "7", "--reset")
        again = list(Patient.objects.order_by("ipp").values_list("family_name", "birth_date"))
        assert again == first


class TestGenerateScaleDataRefusals:
    def test_it_refuses_a_database_that_already_holds_scale_data(self):
        generate()
        with pytest.raises(CommandError, match="--append"):
            generate()
        assert Patient.objects.count() == 30

    def test_it_adds_to_the_scale_data_with_append(self):
        generate()
        generate("--append")
        assert Patient.objects.filter(ipp__startswith="SCALE").count() == 60

    def test_it_replaces_the_scale_data_with_reset(self):
        generate()
        generate("--reset")
        assert Patient.objects.filter(ipp__startswith="SCALE").count() == 30
        assert Proposal.objects.count() == 10

    def test_it_refuses_to_run_in_production(self, settings):
        settings.PRODUCTION = True
        with pytest.raises(CommandError, match="production"):
            generate()
        assert not Patient.objects.exists()


def test_it_tops_up_the_staff_of_an_earlier_smaller_run():
    import datetime as dt
    import random

    from accounts.models import User
    from recommendations.scale_data.plan import ScalePlan
    from recommendations.scale_data.users import get_or_create_staff, staff_size

    for patients in (30, 8000):
        plan = ScalePlan(patients=patients, seed=1, today=dt.date(2026, 1, 1))
        staff = get_or_create_staff(random.Random(1), plan)
    assert len(staff.clinicians) == staff_size(8000)[0] == 20
    assert User.objects.filter(username__startswith="scale-").count() == sum(staff_size(8000))
