"""The case's state machine: allowed moves only, each recorded with who and when."""

import datetime as dt

import pytest
from django.utils import timezone

from recommendations.case_workflow import (
    discuss_case,
    reorder_agenda,
    schedule_case,
    send_case,
    submit_case,
    unschedule_case,
    withdraw_case,
)
from recommendations.models import Case, CaseStatus, Urgency
from recommendations.workflow import TransitionRefused, events_of
from tests.factories import MeetingFactory, PatientFactory
from tests.recommendations.workflow_helpers import submitted_case

pytestmark = pytest.mark.django_db


def draft(clinician, **fields) -> Case:
    defaults = {"question": "RT or cementoplasty?", "patient_informed": True}
    return Case.objects.create(patient=PatientFactory(referring_clinician=clinician),
                               referring_clinician=clinician, **{**defaults, **fields})


class TestSubmission:
    def test_it_submits_and_records_who_and_when(self, clinician):
        case = draft(clinician)
        submit_case(case, clinician)
        assert case.status == CaseStatus.SUBMITTED
        (event,) = events_of(case)
        assert (event.transition, event.from_state, event.to_state, event.by) == (
            "submit", "draft", "submitted", clinician)

    @pytest.mark.parametrize(("fields", "message"), [
        ({"patient_informed": False}, "informed"),
        ({"question": "  "}, "question"),
    ])
    def test_it_refuses_an_incomplete_case(self, clinician, fields, message):
        case = draft(clinician, **fields)
        with pytest.raises(TransitionRefused, match=message):
            submit_case(case, clinician)
        case.refresh_from_db()
        assert case.status == CaseStatus.DRAFT and not events_of(case).exists()

    def test_a_cord_compression_makes_it_urgent(self, clinician):
        case = draft(clinician)
        submit_case(case, clinician, compression=True)
        assert case.urgency == Urgency.URGENT
        assert "compression" in events_of(case).get().note

    def test_it_cannot_be_submitted_twice(self, clinician):
        case = draft(clinician)
        submit_case(case, clinician)
        with pytest.raises(TransitionRefused, match="Cannot submit the case: the case is "
                                                   "submitted"):
            submit_case(case, clinician)


class TestScheduling:
    def test_it_goes_last_on_the_agenda(self, clinician, coordinator):
        meeting = MeetingFactory()
        first, second = submitted_case(clinician), submitted_case(clinician)
        schedule_case(first, meeting, coordinator)
        schedule_case(second, meeting, coordinator)
        assert (first.agenda_position, second.agenda_position) == (1, 2)
        assert second.status == CaseStatus.SCHEDULED and second.meeting == meeting

    def test_past_the_deadline_only_an_urgent_case_goes_on(self, clinician, coordinator):
        meeting = MeetingFactory(registration_deadline=timezone.now() - dt.timedelta(hours=1))
        routine = submitted_case(clinician)
        with pytest.raises(TransitionRefused, match="deadline"):
            schedule_case(routine, meeting, coordinator)
        urgent = submitted_case(clinician, urgency=Urgency.URGENT)
        schedule_case(urgent, meeting, coordinator)
        assert urgent.status == CaseStatus.SCHEDULED

    def test_a_past_meeting_is_refused(self, clinician, coordinator):
        meeting = MeetingFactory(date=timezone.localdate() - dt.timedelta(days=1))
        with pytest.raises(TransitionRefused, match="over"):
            schedule_case(submitted_case(clinician, urgency=Urgency.URGENT), meeting,
                          coordinator)

    def test_unscheduling_puts_it_back(self, clinician, coordinator):
        case = submitted_case(clinician)
        schedule_case(case, MeetingFactory(), coordinator)
        unschedule_case(case, coordinator, note="Imaging missing")
        assert (case.status, case.meeting, case.agenda_position) == (
            CaseStatus.SUBMITTED, None, None)

    def test_the_coordinator_orders_the_agenda(self, clinician, coordinator):
        meeting = MeetingFactory()
        cases = [submitted_case(clinician) for _ in range(3)]
        for case in cases:
            schedule_case(case, meeting, coordinator)
        reorder_agenda(meeting, [cases[2].pk, cases[0].pk, cases[1].pk])
        ordered = list(meeting.cases.order_by("agenda_position").values_list("pk", flat=True))
        assert ordered == [cases[2].pk, cases[0].pk, cases[1].pk]
        with pytest.raises(TransitionRefused, match="every case"):
            reorder_agenda(meeting, [cases[0].pk])


class TestRefusedMoves:
    @pytest.mark.parametrize("act", [discuss_case, send_case])
    def test_a_submitted_case_cannot_skip_steps(self, clinician, act):
        case = submitted_case(clinician)
        with pytest.raises(TransitionRefused, match="the case is submitted"):
            act(case, clinician)

    def test_withdrawing_needs_a_reason(self, clinician):
        case = submitted_case(clinician)
        with pytest.raises(TransitionRefused, match="why"):
            withdraw_case(case, clinician, reason=" ")
        withdraw_case(case, clinician, reason="Patient declined")
        assert case.status == CaseStatus.WITHDRAWN
        assert events_of(case).last().note == "Patient declined"

    def test_a_withdrawn_case_stays_withdrawn(self, clinician):
        case = submitted_case(clinician)
        withdraw_case(case, clinician, reason="Duplicate")
        with pytest.raises(TransitionRefused):
            submit_case(case, clinician)
