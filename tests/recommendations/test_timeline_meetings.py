"""The patient's cases on the patient timeline: the meeting each went to, its state, and the
panel's decision once signed; only the cases the user may see."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patients.timeline import TimelineCategory, patient_timeline
from recommendations.models import Case
from recommendations.proposals import discuss_and_draft, sign_proposal, update_proposal
from recommendations.timeline import meeting_events
from tests.factories import UserFactory
from tests.recommendations.workflow_helpers import (
    QUORUM,
    members,
    scheduled_case,
    submitted_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(clinician, coordinator):
    return scheduled_case(clinician, coordinator)


def signed_proposal(case, panel_member):
    proposal = discuss_and_draft(case, panel_member)
    update_proposal(proposal, panel_member, local="Prophylactic fixation of the left femur.")
    for member in members(case.meeting, *QUORUM):
        sign_proposal(proposal, member)
    proposal.refresh_from_db()
    return proposal


def reader_of_patients_only():
    """May read every patient's record, but no case."""
    user = UserFactory(username="records-reader")
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="patients", codename__in=("view_patient", "view_lesion")))
    return user


class TestMeetingEvents:
    def test_a_scheduled_case_is_on_its_meeting_day_with_its_state(self, case, clinician):
        (event,) = meeting_events(case.patient, clinician)
        assert (event.date, event.category) == (case.meeting.date, TimelineCategory.MEETING)
        assert event.label == f"Panel meeting: case {case.pk}"
        assert "Status: Scheduled" in event.detail
        assert "Question: Prophylactic fixation?" in event.detail
        assert event.url == case.get_absolute_url()

    def test_a_case_not_on_a_meeting_is_on_the_day_it_was_opened(self, clinician):
        case = submitted_case(clinician)
        (event,) = meeting_events(case.patient, clinician)
        assert event.date == timezone.localdate(case.created_at)
        assert "not on a meeting" in event.label and "Status: Submitted" in event.detail

    def test_a_signed_proposal_gives_the_decision_and_links_to_it(self, case, clinician,
                                                                   panel_member):
        proposal = signed_proposal(case, panel_member)
        (event,) = meeting_events(case.patient, clinician)
        assert "Signed proposal, version 1" in event.detail
        assert "Local treatment: Prophylactic fixation of the left femur." in event.detail
        assert event.url == reverse("recommendations:proposal_detail", args=[proposal.pk])

    def test_a_draft_proposal_is_no_decision(self, case, clinician, panel_member):
        discuss_and_draft(case, panel_member)
        (event,) = meeting_events(case.patient, clinician)
        assert "Signed proposal" not in event.detail
        assert "Status: Discussed" in event.detail

    def test_a_user_who_may_not_see_the_cases_gets_none(self, case):
        assert meeting_events(case.patient, reader_of_patients_only()) == []

    def test_its_queries_do_not_grow_with_the_cases(self, case, clinician, coordinator,
                                                    panel_member, django_assert_max_num_queries):
        signed_proposal(case, panel_member)
        clinician.refresh_from_db()  # a fresh permission cache, as on a request
        with CaptureQueriesContext(connection) as one_case:
            meeting_events(case.patient, clinician)
        for _ in range(3):
            Case.objects.create(patient=case.patient, referring_clinician=clinician,
                                question="And the spine?")
        clinician.refresh_from_db()
        with django_assert_max_num_queries(len(one_case)):
            assert len(meeting_events(case.patient, clinician)) == 4


class TestOnThePatientTimeline:
    def test_the_settings_bring_the_meetings_onto_the_patient_timeline(self, case, clinician):
        events = patient_timeline(case.patient, clinician)
        assert [e.category for e in events].count(TimelineCategory.MEETING) == 1

    def test_the_timeline_page_lists_the_meeting(self, client, case, clinician):
        client.force_login(clinician)
        content = client.get(reverse("patients:timeline", args=[case.patient.pk])).content
        assert f"Panel meeting: case {case.pk}".encode() in content
        assert b"Panel meetings and proposals" in content
