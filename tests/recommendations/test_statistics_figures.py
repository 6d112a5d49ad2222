"""The activity statistics' figures on a small hand-built data set whose answers are known
exactly (recommendations/statistics/figures.py)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from recommendations.models import (
    Attendance,
    Case,
    CaseStatus,
    Proposal,
    ProposalStatus,
    WorkflowEvent,
)
from recommendations.statistics import figures
from recommendations.statistics.figures import percentile
from recommendations.statistics.period import Period
from scoring.models import Referential, ReferentialStatus
from tests.factories import MeetingFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
TODAY = dt.date(2026, 12, 7)

RADIOTHERAPY_AND_ANTIRESORPTIVE = {"result": {
    "antiresorptive": {"should_start": True},
    "lesions": [{"radiotherapy": {"indications": [{"rule_id": "radiotherapy.pain"}]},
                 "cementoplasty": {"decision": "not_indicated"},
                 "surgical_opinion": {"recommended": False}}]}}
SURGERY_AND_CEMENTOPLASTY = {"result": {
    "antiresorptive": {"should_start": False},
    "lesions": [{"radiotherapy": {"indications": []},
                 "cementoplasty": {"decision": "indicated"},
                 "surgical_opinion": {"recommended": True}}]}}
THERMAL_ABLATION = {"result": {
    "antiresorptive": {"should_start": None},
    "lesions": [{"cementoplasty": {"decision": "contraindicated"}},
                {"thermal_ablation": {"decision": "indicated"}}]}}
GENERATED = {"generated": "scale_data"}


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def submitted_on(day: dt.date, *, clinician=None) -> Case:
    """A case whose `submit` transition is recorded on `day` at noon."""
    clinician = clinician or UserFactory(roles=["clinician"])
    case = Case.objects.create(patient=PatientFactory(referring_clinician=clinician),
                               referring_clinician=clinician, question="?",
                               patient_informed=True, status=CaseStatus.SUBMITTED)
    event = WorkflowEvent.objects.create(
        content_type=ContentType.objects.get_for_model(Case), object_id=case.pk,
        transition="submit", from_state=CaseStatus.DRAFT, to_state=CaseStatus.SUBMITTED)
    WorkflowEvent.objects.filter(pk=event.pk).update(at=at(day))
    return case


def signed_on(case: Case, day: dt.date, *, version: int = 1, engine_result=None,
              reason: str = "", status=ProposalStatus.VALID) -> Proposal:
    return Proposal.objects.create(
        case=case, version=version, status=status, validated_at=at(day),
        referential=Referential.objects.get(status=ReferentialStatus.ACTIVE),
        engine_result=engine_result or {}, off_referential=bool(reason),
        off_referential_reason=reason)


def present(meeting, specialty: str, *, user_specialty: str = "oncology", here=True):
    Attendance.objects.create(meeting=meeting, present=here, specialty=specialty,
                              user=UserFactory(roles=["panel_member"],
                                               specialty=user_specialty))


def build_activity() -> None:
    """Cases A-F, proposals and two meetings in the period, one out of it."""
    a = submitted_on(dt.date(2026, 1, 10))
    signed_on(a, dt.date(2026, 1, 20), engine_result=RADIOTHERAPY_AND_ANTIRESORPTIVE,
              status=ProposalStatus.SUPERSEDED)
    signed_on(a, dt.date(2026, 2, 1), version=2, engine_result=RADIOTHERAPY_AND_ANTIRESORPTIVE)
    b = submitted_on(dt.date(2026, 1, 15))
    signed_on(b, dt.date(2026, 1, 17), engine_result=SURGERY_AND_CEMENTOPLASTY,
              reason="Patient preference")
    c = submitted_on(dt.date(2026, 3, 5))
    signed_on(c, dt.date(2026, 3, 9), engine_result=THERMAL_ABLATION, reason="=SUM(A1)")
    submitted_on(dt.date(2026, 3, 20))  # D: not signed
    e = submitted_on(dt.date(2025, 12, 20))  # E: submitted before, signed in the period
    signed_on(e, dt.date(2026, 1, 5), engine_result=GENERATED)
    f = submitted_on(dt.date(2026, 7, 2))  # F: after
    signed_on(f, dt.date(2026, 7, 3), engine_result=THERMAL_ABLATION, reason="Later")

    first = MeetingFactory(date=dt.date(2026, 2, 10))
    for specialty in ("oncology", "radiotherapy", "interventional_radiology"):
        present(first, specialty)
    present(first, "orthopaedic_surgery", here=False)
    second = MeetingFactory(date=dt.date(2026, 4, 14))
    for specialty in ("oncology", "radiotherapy", "oncology"):
        present(second, specialty)
    present(second, "", user_specialty="")
    outside = MeetingFactory(date=dt.date(2026, 8, 1))
    present(outside, "neurosurgery")


@pytest.fixture
def activity():
    build_activity()
    return figures.activity(PERIOD, today=TODAY)


class TestCasesPerMonth:
    def test_it_counts_the_cases_submitted_in_each_month_of_the_period(self, activity):
        assert [(m.month, m.count) for m in activity.cases_per_month] == [
            (dt.date(2026, 1, 1), 2), (dt.date(2026, 2, 1), 0), (dt.date(2026, 3, 1), 2),
            (dt.date(2026, 4, 1), 0), (dt.date(2026, 5, 1), 0), (dt.date(2026, 6, 1), 0)]
        assert activity.cases_submitted == 4

    def test_it_counts_a_month_in_the_site_time_zone(self):
        """23:30 in Paris on 31 January is 22:30 UTC: still January."""
        case = submitted_on(dt.date(2026, 1, 31))
        WorkflowEvent.objects.filter(object_id=case.pk).update(at=at(dt.date(2026, 1, 31), 23)
                                                               + dt.timedelta(minutes=30))
        counts = figures.cases_per_month(Period(dt.date(2026, 1, 1), dt.date(2026, 2, 28)))
        assert [m.count for m in counts] == [1, 0]


class TestDelays:
    def test_it_gives_the_median_and_90th_percentile_of_the_days_to_the_first_signature(
            self, activity):
        # A: 10 days (its first version), B: 2, C: 4; D unsigned, E submitted before.
        assert activity.delays == figures.Delays(3, 4.0, 8.8)

    def test_it_says_no_data_rather_than_a_percentile_of_nothing(self):
        assert figures.delays(PERIOD) == figures.Delays(0, None, None)

    def test_its_percentile_interpolates_between_ranks(self):
        assert percentile([1.0], 0.9) == 1.0
        assert percentile([4.0, 1.0, 2.0, 3.0], 0.5) == 2.5
        assert percentile([], 0.5) is None


class TestProposals:
    def test_it_counts_each_version_signed_in_the_period_by_treatment_type(self, activity):
        assert {kind.code: kind.count for kind in activity.treatment_types} == {
            "antiresorptive": 2, "radiotherapy": 2, "surgery": 1, "cementoplasty": 1,
            "thermal_ablation": 1}

    def test_it_counts_the_departures_with_their_reasons_as_written(self, activity):
        departures = activity.departures
        assert (departures.count, departures.total) == (2, 5)
        assert departures.share == pytest.approx(0.4)
        assert departures.reasons == ("Patient preference", "=SUM(A1)")

    def test_it_has_no_share_without_proposals(self):
        assert figures.activity(PERIOD, today=TODAY).departures.share is None


class TestMeetings:
    def test_it_counts_the_people_present_by_specialty_over_the_period(self, activity):
        assert [(row.code, row.people, row.meetings)
                for row in activity.attendance_by_specialty()] == [
            ("interventional_radiology", 1, 1), ("oncology", 3, 2), ("radiotherapy", 2, 2),
            ("", 1, 1)]
        assert activity.attendance_by_specialty()[-1].label == "No specialty"

    def test_it_gives_each_meeting_its_quorum_of_those_present(self, activity):
        assert [(m.date, m.quorum_met) for m in activity.meetings] == [
            (dt.date(2026, 2, 10), True), (dt.date(2026, 4, 14), False)]
        assert (activity.quorum_met, activity.quorum_missed) == (1, 1)

    def test_it_takes_the_profile_specialty_when_the_attendance_names_none(self):
        meeting = MeetingFactory(date=dt.date(2026, 2, 10))
        present(meeting, "", user_specialty="radiotherapy")
        [row] = figures.meeting_attendance(PERIOD, today=TODAY)
        assert row.by_specialty == {"radiotherapy": 1}

    def test_it_leaves_out_the_meetings_not_held_yet(self):
        MeetingFactory(date=dt.date(2026, 5, 1))
        assert figures.meeting_attendance(PERIOD, today=dt.date(2026, 4, 30)) == []
