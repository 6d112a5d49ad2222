"""The meeting pages: create and edit a meeting, plan its agenda, record who attended."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.case_workflow import schedule_case, submit_case
from recommendations.models import Attendance, Case, CaseStatus, Meeting, WorkflowEvent
from tests.factories import MeetingFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

READ_ONLY_ROLES = ["clinician", "panel_member"]


def url(name: str, *args) -> str:
    return reverse(f"recommendations:{name}", args=args)


def submitted_case(clinician, *, urgent: bool = False, question: str = "Cementoplasty of L2?"):
    case = Case.objects.create(patient=PatientFactory(referring_clinician=clinician),
                               referring_clinician=clinician, question=question,
                               patient_informed=True)
    submit_case(case, clinician, compression=urgent)
    return case


def meeting_data(**overrides) -> dict:
    day = timezone.localdate() + dt.timedelta(days=14)
    data = {
        "date": day.isoformat(), "start_time": "14:00",
        "registration_deadline": f"{day - dt.timedelta(days=2)}T18:00",
        "place": "Salle Curie", "video_link": "", "chair": "",
        "expected_specialties": ["oncology", "radiotherapy"],
    }
    data.update(overrides)
    return data


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def meeting():
    return MeetingFactory(place="Salle Pasteur")


@pytest.fixture
def case(clinician):
    return submitted_case(clinician)


@pytest.fixture
def attendance(meeting, panel_member):
    return Attendance.objects.create(meeting=meeting, user=panel_member,
                                     specialty=panel_member.specialty)


def change_requests(meeting, case, attendance) -> list[tuple[str, dict]]:
    """Every POST that changes something, with valid data."""
    return [
        (url("meeting_create"), meeting_data()),
        (url("meeting_edit", meeting.pk), meeting_data()),
        (url("meeting_schedule_case", meeting.pk, case.pk), {}),
        (url("meeting_unschedule_case", meeting.pk, case.pk), {}),
        (url("meeting_move_case", meeting.pk, case.pk), {"direction": "up"}),
        (url("attendance_add", meeting.pk), {"user": attendance.user.pk, "present": "on"}),
        (url("attendance_presence", meeting.pk, attendance.pk), {"present": "0"}),
        (url("attendance_remove", meeting.pk, attendance.pk), {}),
    ]


class TestAccess:
    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member", "admin"])
    def test_it_shows_the_meeting_to_every_role(self, client, role_users, role, meeting):
        client.force_login(role_users[role])
        response = client.get(url("meeting_detail", meeting.pk))
        assert response.status_code == 200
        assert "Salle Pasteur" in text(response)

    @pytest.mark.parametrize("role", ["coordinator", "admin"])
    def test_it_shows_the_forms_to_coordinators(self, client, role_users, role, meeting):
        client.force_login(role_users[role])
        assert client.get(url("meeting_create")).status_code == 200
        assert client.get(url("meeting_edit", meeting.pk)).status_code == 200

    @pytest.mark.parametrize("role", READ_ONLY_ROLES)
    def test_it_refuses_the_forms_to_roles_that_only_read(self, client, role_users, role,
                                                          meeting):
        client.force_login(role_users[role])
        assert client.get(url("meeting_create")).status_code == 403
        assert client.get(url("meeting_edit", meeting.pk)).status_code == 403

    @pytest.mark.parametrize("role", READ_ONLY_ROLES)
    def test_it_refuses_every_change_to_roles_that_only_read(self, client, role_users, role,
                                                             meeting, case, attendance):
        client.force_login(role_users[role])
        for target, data in change_requests(meeting, case, attendance):
            assert client.post(target, data).status_code == 403, target
        assert Meeting.objects.count() == 1
        case.refresh_from_db()
        attendance.refresh_from_db()
        assert (case.status, attendance.present) == (CaseStatus.SUBMITTED, True)

    def test_it_refuses_a_user_without_a_role(self, client, meeting):
        client.force_login(UserFactory(username="no-role"))
        assert client.get(url("meeting_detail", meeting.pk)).status_code == 403

    def test_it_sends_anonymous_visitors_to_the_login_page(self, client, meeting, case,
                                                           attendance):
        responses = [(url("meeting_detail", meeting.pk),
                      client.get(url("meeting_detail", meeting.pk)))] + [
            (target, client.post(target, data))
            for target, data in change_requests(meeting, case, attendance)]
        for target, response in responses:
            assert response.status_code == 302, target
            assert response.url.startswith(reverse("login")), target

    def test_it_answers_404_for_an_unknown_meeting(self, client, coordinator):
        client.force_login(coordinator)
        assert client.get(url("meeting_detail", 999999)).status_code == 404

    def test_it_rejects_get_on_actions(self, client, coordinator, meeting, case):
        client.force_login(coordinator)
        assert client.get(url("meeting_schedule_case", meeting.pk, case.pk)).status_code == 405


class TestMeetingForm:
    def test_it_creates_the_meeting_and_shows_it(self, client, coordinator, panel_member):
        client.force_login(coordinator)
        response = client.post(url("meeting_create"), meeting_data(chair=panel_member.pk),
                               follow=True)
        meeting = Meeting.objects.get()
        assert response.redirect_chain == [(url("meeting_detail", meeting.pk), 302)]
        assert (meeting.place, meeting.chair) == ("Salle Curie", panel_member)
        assert meeting.expected_specialties == ["oncology", "radiotherapy"]
        assert meeting.history.get().history_user == coordinator
        assert "created" in text(response)

    def test_it_shows_the_deadline_in_local_time(self, client, coordinator, meeting):
        client.force_login(coordinator)
        local = timezone.localtime(meeting.registration_deadline)
        response = client.get(url("meeting_edit", meeting.pk))
        assert f'value="{local:%Y-%m-%dT%H:%M}"' in text(response)

    def test_it_saves_changes(self, client, coordinator, meeting):
        client.force_login(coordinator)
        response = client.post(url("meeting_edit", meeting.pk),
                               meeting_data(place="", video_link="https://visio.example/rcp"))
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert (meeting.place, meeting.video_link) == ("", "https://visio.example/rcp")

    def test_it_refuses_a_deadline_after_the_start(self, client, coordinator):
        client.force_login(coordinator)
        day = timezone.localdate() + dt.timedelta(days=14)
        response = client.post(url("meeting_create"),
                               meeting_data(registration_deadline=f"{day}T15:00"))
        assert "The registration deadline must come before the meeting starts." in text(
            response)
        assert not Meeting.objects.exists()

    def test_it_needs_a_place_or_a_video_link(self, client, coordinator):
        client.force_login(coordinator)
        response = client.post(url("meeting_create"), meeting_data(place=""))
        assert "Give a place, a video link, or both." in text(response)
        assert not Meeting.objects.exists()

    def test_it_refuses_an_insecure_video_link(self, client, coordinator):
        client.force_login(coordinator)
        response = client.post(url("meeting_create"),
                               meeting_data(video_link="http://visio.example/rcp"))
        assert "The video link must be secure (https://)." in text(response)
        assert not Meeting.objects.exists()

    def test_it_reads_a_link_without_scheme_as_https(self, client, coordinator):
        client.force_login(coordinator)
        client.post(url("meeting_create"), meeting_data(video_link="visio.example/rcp"))
        assert Meeting.objects.get().video_link == "https://visio.example/rcp"

    def test_it_refuses_a_chair_who_is_neither_panel_member_nor_physician(self, client,
                                                                          coordinator):
        secretary = UserFactory(username="secretary", roles=["coordinator"], specialty="")
        client.force_login(coordinator)
        response = client.post(url("meeting_create"), meeting_data(chair=secretary.pk))
        assert "Select a valid choice." in text(response)
        assert not Meeting.objects.exists()

    def test_it_keeps_a_chair_who_no_longer_qualifies(self, client, coordinator,
                                                      panel_member):
        meeting = MeetingFactory(chair=panel_member)
        panel_member.is_active = False
        panel_member.save()
        client.force_login(coordinator)
        client.post(url("meeting_edit", meeting.pk), meeting_data(chair=panel_member.pk))
        meeting.refresh_from_db()
        assert (meeting.place, meeting.chair) == ("Salle Curie", panel_member)

    def test_it_refuses_an_unknown_specialty(self, client, coordinator):
        client.force_login(coordinator)
        response = client.post(url("meeting_create"),
                               meeting_data(expected_specialties=["astrology"]))
        assert "astrology is not one of the available choices" in text(response)
        assert not Meeting.objects.exists()

    def test_it_keeps_the_meeting_when_an_edit_is_refused(self, client, coordinator, meeting):
        client.force_login(coordinator)
        response = client.post(url("meeting_edit", meeting.pk),
                               meeting_data(place="", video_link="http://visio.example"))
        assert response.status_code == 200
        assert 'value="http://visio.example"' in text(response)
        meeting.refresh_from_db()
        assert (meeting.place, meeting.video_link) == ("Salle Pasteur", "")


class TestAgenda:
    def test_scheduling_puts_the_case_last(self, client, coordinator, clinician, meeting, case):
        first = submitted_case(clinician)
        schedule_case(first, meeting, coordinator)
        client.force_login(coordinator)
        client.post(url("meeting_schedule_case", meeting.pk, case.pk))
        case.refresh_from_db()
        assert (case.status, case.meeting, case.agenda_position) == (
            CaseStatus.SCHEDULED, meeting, 2)

    def test_past_the_deadline_it_refuses_a_routine_case(self, client, coordinator, case):
        meeting = MeetingFactory(date=timezone.localdate() + dt.timedelta(days=1),
                                 registration_deadline=timezone.now() - dt.timedelta(hours=1))
        client.force_login(coordinator)
        response = client.post(url("meeting_schedule_case", meeting.pk, case.pk), follow=True)
        assert "The registration deadline of this meeting has passed" in text(response)
        case.refresh_from_db()
        assert case.status == CaseStatus.SUBMITTED

    def test_past_the_deadline_it_accepts_an_urgent_case(self, client, coordinator, clinician):
        urgent = submitted_case(clinician, urgent=True)
        meeting = MeetingFactory(date=timezone.localdate() + dt.timedelta(days=1),
                                 registration_deadline=timezone.now() - dt.timedelta(hours=1))
        client.force_login(coordinator)
        client.post(url("meeting_schedule_case", meeting.pk, urgent.pk))
        urgent.refresh_from_db()
        assert (urgent.status, urgent.meeting) == (CaseStatus.SCHEDULED, meeting)

    def test_moving_a_case_up_changes_the_order(self, client, coordinator, clinician, meeting):
        cases = [submitted_case(clinician) for _ in range(3)]
        for each in cases:
            schedule_case(each, meeting, coordinator)
        client.force_login(coordinator)
        client.post(url("meeting_move_case", meeting.pk, cases[2].pk), {"direction": "up"})
        order = list(meeting.cases.order_by("agenda_position").values_list("pk", flat=True))
        assert order == [cases[0].pk, cases[2].pk, cases[1].pk]

    def test_moving_the_first_case_up_changes_nothing(self, client, coordinator, meeting,
                                                      case):
        schedule_case(case, meeting, coordinator)
        client.force_login(coordinator)
        client.post(url("meeting_move_case", meeting.pk, case.pk), {"direction": "up"})
        case.refresh_from_db()
        assert case.agenda_position == 1

    def test_it_rejects_an_unknown_direction(self, client, coordinator, meeting, case):
        client.force_login(coordinator)
        response = client.post(url("meeting_move_case", meeting.pk, case.pk),
                               {"direction": "sideways"})
        assert response.status_code == 400

    def test_unscheduling_puts_the_case_back_with_the_note(self, client, coordinator, meeting,
                                                           case):
        schedule_case(case, meeting, coordinator)
        client.force_login(coordinator)
        client.post(url("meeting_unschedule_case", meeting.pk, case.pk),
                    {"note": "Imaging not ready"})
        case.refresh_from_db()
        assert (case.status, case.meeting, case.agenda_position) == (
            CaseStatus.SUBMITTED, None, None)
        assert WorkflowEvent.objects.filter(transition="unschedule",
                                            note="Imaging not ready").exists()

    def test_it_shows_the_agenda_with_urgent_cases_badged(self, client, coordinator,
                                                          clinician, meeting):
        urgent = submitted_case(clinician, urgent=True, question="Cord compression at T8?")
        schedule_case(urgent, meeting, coordinator)
        client.force_login(clinician)
        content = text(client.get(url("meeting_detail", meeting.pk)))
        assert "Cord compression at T8?" in content and "Urgent" in content
        assert urgent.get_absolute_url() in content

    def test_coordinators_see_the_cases_waiting_with_a_button(self, client, coordinator,
                                                              meeting, case):
        client.force_login(coordinator)
        content = text(client.get(url("meeting_detail", meeting.pk)))
        assert "Cementoplasty of L2?" in content
        assert url("meeting_schedule_case", meeting.pk, case.pk) in content

    def test_panel_members_see_no_planning_buttons(self, client, panel_member, coordinator,
                                                   meeting, case):
        schedule_case(case, meeting, coordinator)
        client.force_login(panel_member)
        content = text(client.get(url("meeting_detail", meeting.pk)))
        assert "Cementoplasty of L2?" in content
        assert url("meeting_unschedule_case", meeting.pk, case.pk) not in content
        assert "Schedule on this meeting" not in content


class TestAttendance:
    def test_it_adds_a_participant_with_their_own_specialty(self, client, coordinator,
                                                            meeting):
        radiologist = UserFactory(roles=["panel_member"], specialty="interventional_radiology")
        client.force_login(coordinator)
        client.post(url("attendance_add", meeting.pk), {"user": radiologist.pk,
                                                        "present": "on"})
        attendance = meeting.attendances.get()
        assert (attendance.user, attendance.specialty, attendance.present) == (
            radiologist, "interventional_radiology", True)

    def test_it_records_the_specialty_held_that_day(self, client, coordinator, meeting,
                                                    panel_member):
        client.force_login(coordinator)
        client.post(url("attendance_add", meeting.pk), {"user": panel_member.pk,
                                                        "specialty": "neurosurgery"})
        assert meeting.attendances.get().specialty == "neurosurgery"

    def test_it_marks_a_participant_absent(self, client, coordinator, meeting, attendance):
        client.force_login(coordinator)
        client.post(url("attendance_presence", meeting.pk, attendance.pk), {"present": "0"})
        attendance.refresh_from_db()
        assert (attendance.present, attendance.specialty) == (False, "radiotherapy")

    def test_it_removes_a_participant(self, client, coordinator, meeting, attendance):
        client.force_login(coordinator)
        client.post(url("attendance_remove", meeting.pk, attendance.pk))
        assert not meeting.attendances.exists()

    def test_it_says_the_quorum_is_met(self, client, coordinator, meeting):
        for code in ("oncology", "radiotherapy", "interventional_radiology"):
            Attendance.objects.create(meeting=meeting, user=UserFactory(specialty=code),
                                      specialty=code)
        client.force_login(coordinator)
        assert "Quorum met" in text(client.get(url("meeting_detail", meeting.pk)))

    def test_it_names_the_missing_specialty_group(self, client, panel_member, meeting):
        for code in ("oncology", "radiotherapy", "rheumatology"):
            Attendance.objects.create(meeting=meeting, user=UserFactory(specialty=code),
                                      specialty=code)
        Attendance.objects.create(meeting=meeting, user=UserFactory(specialty="neurosurgery"),
                                  specialty="neurosurgery", present=False)
        client.force_login(panel_member)
        content = text(client.get(url("meeting_detail", meeting.pk)))
        assert "Quorum not met" in content
        assert "missing: Interventional radiology / Orthopaedic surgery / Neurosurgery" in content

    def test_a_clinician_does_not_see_the_attendance(self, client, clinician, meeting,
                                                     attendance):
        client.force_login(clinician)
        assert 'id="attendance"' not in text(client.get(url("meeting_detail", meeting.pk)))

    def test_a_panel_member_sees_it_without_buttons(self, client, panel_member, meeting,
                                                    attendance):
        client.force_login(panel_member)
        content = text(client.get(url("meeting_detail", meeting.pk)))
        assert str(panel_member) in content
        assert url("attendance_remove", meeting.pk, attendance.pk) not in content
