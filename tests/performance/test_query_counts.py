"""Every list and detail page and the evaluate API run the same number of queries with 2 and
with 12 of the rows that grow, within a stated budget (issue 8, query discipline).

Already measured elsewhere, not repeated here: the patient page with N records
(tests/patients/test_patient_detail.py::TestPatientDetailQueries), the timeline page and
selector (tests/patients/test_timeline.py, tests/recommendations/test_timeline_meetings.py).
The list tests there (patient, case and meeting lists, coordinator and panel dashboards)
check a budget at one size; this module compares two sizes."""

import json

import pytest
from django.urls import reverse

from audit.models import AccessEvent
from recommendations import dashboards
from recommendations.models import Attendance
from recommendations.proposals import discuss_and_draft
from tests.factories import LesionFactory, MeetingFactory, PatientFactory, UserFactory
from tests.performance.query_counting import assert_flat, queries_of
from tests.recommendations.test_dashboards import put_on
from tests.recommendations.workflow_helpers import scheduled_case, submitted_case
from tests.scoring.cases import case_text

pytestmark = pytest.mark.django_db


def recs(name: str, *args) -> str:
    return reverse(f"recommendations:{name}", args=args)


def new_patients(clinician, *, family_name: str | None = None):
    def grow(count: int):
        for _ in range(count):
            fields = {"family_name": family_name} if family_name else {}
            PatientFactory(referring_clinician=UserFactory(roles=["clinician"]), **fields)
    return grow


def new_lesions(patient):
    def grow(count: int):
        LesionFactory.create_batch(count, patient=patient)
    return grow


class TestPatientPages:
    def test_the_list(self, client, coordinator):
        client.force_login(coordinator)
        url = reverse("patients:list")
        assert_flat(lambda: queries_of(client, url), new_patients(coordinator), budget=6)

    def test_the_search(self, client, coordinator):
        client.force_login(coordinator)
        url = reverse("patients:list")
        assert_flat(lambda: queries_of(client, url, data={"q": "mart"}),
                    new_patients(coordinator, family_name="Martin"), budget=6)

    def test_the_history(self, client, clinician):
        patient = PatientFactory(referring_clinician=clinician)
        client.force_login(clinician)

        def grow(count: int):
            for number in range(count):
                patient.ecog = number % 4
                patient.save()
                LesionFactory(patient=patient)
        assert_flat(lambda: queries_of(client, reverse("patients:history", args=[patient.pk])),
                    grow, budget=20)

    def test_a_lesion(self, client, clinician):
        patient = PatientFactory(referring_clinician=clinician)
        lesion = LesionFactory(patient=patient)
        client.force_login(clinician)
        url = reverse("patients:lesion_detail", args=[patient.pk, lesion.pk])
        assert_flat(lambda: queries_of(client, url), new_lesions(patient), budget=18)


class TestCasePages:
    def test_the_list(self, client, clinician, coordinator):
        client.force_login(coordinator)
        assert_flat(lambda: queries_of(client, recs("case_list")),
                    lambda count: [submitted_case(clinician) for _ in range(count)], budget=8)

    def test_a_case_with_many_lesions(self, client, clinician, coordinator):
        case = scheduled_case(clinician, coordinator)
        client.force_login(clinician)
        assert_flat(lambda: queries_of(client, recs("case_detail", case.pk)),
                    new_lesions(case.patient), budget=11)


class TestMeetingPages:
    def test_the_list(self, client, coordinator):
        client.force_login(coordinator)
        assert_flat(lambda: queries_of(client, recs("meeting_list")),
                    lambda count: MeetingFactory.create_batch(count), budget=6)

    def test_a_meeting_with_its_agenda_and_attendance(self, client, clinician, coordinator):
        meeting = MeetingFactory()
        client.force_login(coordinator)

        def grow(count: int):
            start = meeting.cases.count()
            for position in range(start + 1, start + count + 1):
                put_on(submitted_case(clinician), meeting, position)
                member = UserFactory(roles=["panel_member"])
                Attendance.objects.create(meeting=meeting, user=member, specialty="oncology")
        assert_flat(lambda: queries_of(client, recs("meeting_detail", meeting.pk)), grow,
                    budget=9)


class TestProposalPages:
    @pytest.fixture
    def proposal(self, clinician, coordinator):
        return discuss_and_draft(scheduled_case(clinician, coordinator), coordinator)

    @pytest.mark.parametrize("page", ["proposal_detail", "proposal_edit"])
    def test_a_proposal_for_many_lesions(self, client, panel_member, proposal, page):
        client.force_login(panel_member)
        assert_flat(lambda: queries_of(client, recs(page, proposal.pk)),
                    new_lesions(proposal.case.patient), budget=16)


class TestHomePages:
    """A card counts its rows only once they overflow it (recommendations/dashboards.py), so
    both sizes overflow every card."""

    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member", "admin"])
    def test_each_roles_dashboard(self, client, role_users, clinician, role):
        client.force_login(role_users[role])
        meeting = MeetingFactory()
        Attendance.objects.create(meeting=meeting, user=role_users["panel_member"],
                                  specialty="oncology")

        def grow(count: int):
            for _ in range(count):
                put_on(submitted_case(clinician), meeting)
                submitted_case(clinician)
        assert_flat(lambda: queries_of(client, "/"), grow, budget=13,
                    few=dashboards.ROWS + 1, many=dashboards.ROWS + 6)


def test_the_audit_page_of_a_patients_accesses(client, clinician):
    administrator = UserFactory(username="log-reader", roles=["admin"], is_staff=True)
    patient = PatientFactory(referring_clinician=clinician)
    client.force_login(administrator)

    def grow(count: int):
        AccessEvent.objects.bulk_create(
            AccessEvent(user=UserFactory(), patient_id=patient.pk, kind="patient", action="view",
                        subject_id=patient.pk, path=f"/patients/{patient.pk}/")
            for _ in range(count))
    assert_flat(lambda: queries_of(client, reverse("audit:patient_accesses",
                                                   args=[patient.pk])), grow, budget=10)


def test_the_evaluate_api_with_many_lesions(client, clinician):
    client.force_login(clinician)
    case = json.loads(case_text("spinal_case"))
    template = case["lesions"][0]

    def grow(count: int):
        for _ in range(count):
            case["lesions"].append({**template, "id": f"grown-{len(case['lesions'])}"})
    assert_flat(lambda: queries_of(client, "/api/v1/evaluate", method="post",
                                   data=json.dumps(case), content_type="application/json"),
                grow, budget=8)
