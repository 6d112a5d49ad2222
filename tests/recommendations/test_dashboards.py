"""The home page's dashboards: each role's selectors return its own rows and no one else's,
and the page shows the sections of the roles the user holds."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from recommendations import dashboards
from recommendations.case_workflow import discuss_case
from recommendations.models import (
    Attendance,
    Case,
    CaseStatus,
    Document,
    Proposal,
    ProposalStatus,
    Signature,
    Urgency,
)
from scoring.models import Referential, ReferentialStatus
from tests.factories import MeetingFactory, PatientFactory, UserFactory
from tests.recommendations.workflow_helpers import QUORUM, members, submitted_case

pytestmark = pytest.mark.django_db

ROLE_SECTIONS = ("clinician", "coordinator", "panel_member", "admin")


def days_from_now(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def put_on(case: Case, meeting, position: int = 1) -> Case:
    """On the agenda without the workflow's deadline check (the meeting may be today)."""
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.SCHEDULED, meeting=meeting,
                                           agenda_position=position)
    case.refresh_from_db()
    return case


def draft_proposal(case: Case, user, **fields) -> Proposal:
    discuss_case(case, user)
    active = Referential.objects.get(status=ReferentialStatus.ACTIVE)
    return Proposal.objects.create(case=case, referential=active, **fields)


def valid_proposal(case: Case, **fields) -> Proposal:
    active = Referential.objects.get(status=ReferentialStatus.ACTIVE)
    return Proposal.objects.create(case=case, referential=active, status=ProposalStatus.VALID,
                                   validated_at=timezone.now(), **fields)


class TestClinicianSelectors:
    def test_it_lists_my_patients_most_recently_updated_first(self, clinician):
        older, newer = PatientFactory(referring_clinician=clinician), PatientFactory(
            referring_clinician=clinician)
        older.save()  # updated last
        PatientFactory()  # another clinician's
        assert dashboards.my_patients(clinician).items == [older, newer]

    def test_it_shows_a_few_patients_and_counts_them_all(self, clinician):
        PatientFactory.create_batch(dashboards.ROWS + 1, referring_clinician=clinician)
        rows = dashboards.my_patients(clinician)
        assert (len(rows.items), rows.total, rows.more) == (dashboards.ROWS, dashboards.ROWS + 1,
                                                           True)

    def test_it_counts_my_cases_by_state_in_workflow_order(self, clinician):
        submitted_case(clinician)
        submitted_case(clinician)
        Case.objects.create(patient=PatientFactory(referring_clinician=clinician),
                            referring_clinician=clinician, question="Draft?")
        submitted_case(UserFactory(roles=["clinician"]))
        cases = dashboards.my_cases_by_state(clinician)
        assert [(state.status, state.count) for state in cases.counts] == [
            ("draft", 1), ("submitted", 2)]
        assert cases.latest.total == 3
        assert {case.referring_clinician for case in cases.latest.items} == {clinician}

    def test_it_links_each_state_to_my_cases_in_that_state(self, clinician):
        submitted_case(clinician)
        (state,) = dashboards.my_cases_by_state(clinician).counts
        assert state.url == "/cases/?mine=1&state=submitted"

    def test_its_state_link_opens_the_case_list_on_those_cases(self, client, clinician):
        submitted = submitted_case(clinician)
        Case.objects.create(patient=submitted.patient, referring_clinician=clinician,
                            question="Draft?")
        submitted_case(UserFactory(roles=["clinician"]))
        counts = dashboards.my_cases_by_state(clinician).counts
        link = next(state.url for state in counts if state.status == CaseStatus.SUBMITTED)
        client.force_login(clinician)
        listed = client.get(link).context["page"].object_list
        assert list(listed) == [submitted]

    def test_it_offers_the_signed_proposals_of_my_cases_only(self, clinician, panel_member):
        mine = valid_proposal(submitted_case(clinician))
        draft_proposal(put_on(submitted_case(clinician), MeetingFactory()), panel_member)
        valid_proposal(submitted_case(UserFactory(roles=["clinician"])))
        assert dashboards.proposals_to_read(clinician).items == [mine]


class TestCoordinatorSelectors:
    def test_it_lists_the_upcoming_meetings_with_their_agenda_size(self, clinician):
        MeetingFactory(date=days_from_now(-1))
        later, sooner = MeetingFactory(date=days_from_now(9)), MeetingFactory(
            date=days_from_now(0))
        put_on(submitted_case(clinician), later)
        summaries = dashboards.next_meetings().items
        assert [(s.meeting, s.agenda_size) for s in summaries] == [(sooner, 0), (later, 1)]

    def test_it_gives_no_quorum_while_attendance_is_not_recorded(self):
        MeetingFactory()
        assert dashboards.next_meetings().items[0].quorum is None

    def test_it_gives_the_quorum_of_those_present(self):
        meeting = MeetingFactory()
        members(meeting, *QUORUM)
        assert dashboards.next_meetings().items[0].quorum.met

    def test_it_counts_only_those_present_for_the_quorum(self):
        meeting = MeetingFactory()
        members(meeting, *QUORUM)
        meeting.attendances.filter(specialty=QUORUM[0]).update(present=False)
        assert not dashboards.next_meetings().items[0].quorum.met

    def test_it_lists_the_cases_waiting_urgent_first(self, clinician, coordinator):
        routine = submitted_case(clinician)
        urgent = submitted_case(clinician, urgency=Urgency.URGENT)
        put_on(submitted_case(clinician), MeetingFactory())
        Case.objects.create(patient=routine.patient, referring_clinician=clinician,
                            question="Still a draft")
        rows = dashboards.cases_waiting_for_scheduling(coordinator)
        assert rows.items == [urgent, routine]
        assert rows.see_all_url == "/cases/?state=submitted"

    def test_it_lists_the_next_meetings_documents_that_are_not_ready(self, clinician,
                                                                      coordinator):
        meeting = MeetingFactory(date=days_from_now(0))
        later = MeetingFactory(date=days_from_now(7))
        ready_case = put_on(submitted_case(clinician), meeting, 1)
        failed_case = put_on(submitted_case(clinician), meeting, 2)
        Document.objects.create(kind="case_summary", case=ready_case, revision="a",
                                status="ready", sha256="0" * 64)
        Document.objects.create(kind="case_summary", case=failed_case, revision="b",
                                status="failed")
        Document.objects.create(kind="booklet", meeting=meeting, revision="c")
        Document.objects.create(kind="agenda", meeting=later, revision="d", status="ready",
                                sha256="1" * 64)
        documents = dashboards.documents_to_print(coordinator)
        assert documents.meeting == meeting
        assert [(item.kind, item.subject, item.status) for item in documents.to_print.items] == [
            ("agenda", meeting, "none"), ("booklet", meeting, "pending"),
            ("case_summary", failed_case, "failed")]

    def test_it_reads_the_newest_document_of_each_kind(self, coordinator):
        meeting = MeetingFactory()
        Document.objects.create(kind="agenda", meeting=meeting, revision="old", status="failed")
        Document.objects.create(kind="agenda", meeting=meeting, revision="new", status="ready",
                                sha256="2" * 64)
        kinds = [item.kind for item in dashboards.documents_to_print(coordinator).to_print.items]
        assert kinds == ["booklet"]

    def test_it_has_no_documents_to_print_without_a_coming_meeting(self, coordinator):
        MeetingFactory(date=days_from_now(-3))
        assert dashboards.documents_to_print(coordinator) is None


class TestPanelMemberSelectors:
    def test_it_picks_the_next_meeting_i_am_listed_for(self, panel_member):
        sooner = MeetingFactory(date=days_from_now(1))
        members(sooner, "oncology")
        mine = MeetingFactory(date=days_from_now(8))
        Attendance.objects.create(meeting=mine, user=panel_member, specialty="radiotherapy")
        next_meeting = dashboards.my_next_meeting(panel_member)
        assert (next_meeting.meeting, next_meeting.invited) == (mine, True)

    def test_it_falls_back_to_the_next_meeting_whose_attendance_is_not_recorded(
            self, panel_member):
        members(MeetingFactory(date=days_from_now(1)), "oncology")
        open_meeting = MeetingFactory(date=days_from_now(8))
        next_meeting = dashboards.my_next_meeting(panel_member)
        assert (next_meeting.meeting, next_meeting.invited) == (open_meeting, False)

    def test_it_lists_the_cases_of_that_meeting_only(self, clinician, panel_member):
        meeting, other = MeetingFactory(date=days_from_now(1)), MeetingFactory()
        first = put_on(submitted_case(clinician), meeting, 1)
        put_on(submitted_case(clinician), other)
        assert dashboards.my_next_meeting(panel_member).cases.items == [first]

    def test_it_has_no_meeting_when_none_is_coming(self, panel_member):
        assert dashboards.my_next_meeting(panel_member) is None


class TestProposalsAwaitingMySignature:
    @pytest.fixture
    def meeting(self):
        return MeetingFactory()

    @pytest.fixture
    def proposal(self, clinician, meeting, panel_member):
        return draft_proposal(put_on(submitted_case(clinician), meeting), panel_member)

    def test_it_offers_a_draft_of_a_meeting_where_i_was_present(self, proposal, meeting,
                                                                 panel_member):
        Attendance.objects.create(meeting=meeting, user=panel_member, specialty="radiotherapy")
        assert dashboards.proposals_awaiting_my_signature(panel_member).items == [proposal]

    def test_it_leaves_out_what_i_have_signed(self, proposal, meeting, panel_member):
        Attendance.objects.create(meeting=meeting, user=panel_member, specialty="radiotherapy")
        Signature.objects.create(proposal=proposal, user=panel_member, specialty="radiotherapy")
        assert dashboards.proposals_awaiting_my_signature(panel_member).items == []

    def test_it_leaves_out_a_meeting_where_i_was_absent(self, proposal, meeting, panel_member):
        Attendance.objects.create(meeting=meeting, user=panel_member, present=False)
        assert dashboards.proposals_awaiting_my_signature(panel_member).items == []

    def test_it_leaves_out_a_meeting_i_did_not_attend(self, proposal, panel_member):
        assert dashboards.proposals_awaiting_my_signature(panel_member).items == []

    def test_it_leaves_out_a_valid_proposal(self, clinician, meeting, panel_member):
        valid_proposal(put_on(submitted_case(clinician), meeting))
        Attendance.objects.create(meeting=meeting, user=panel_member)
        assert dashboards.proposals_awaiting_my_signature(panel_member).items == []

    def test_it_offers_a_new_version_to_a_member_with_a_specialty(self, clinician,
                                                                    panel_member):
        signed = valid_proposal(submitted_case(clinician))
        version_2 = Proposal.objects.create(case=signed.case, version=2, previous=signed,
                                            referential=signed.referential)
        assert dashboards.proposals_awaiting_my_signature(panel_member).items == [version_2]

    def test_it_offers_nothing_to_who_may_not_sign(self, proposal, meeting, coordinator):
        Attendance.objects.create(meeting=meeting, user=coordinator)
        assert dashboards.proposals_awaiting_my_signature(coordinator).items == []


class TestAdminSelectors:
    def test_it_shows_the_active_referential_and_the_drafts(self):
        active = Referential.objects.get(status=ReferentialStatus.ACTIVE)
        draft = Referential.objects.create(name="Draft", edition="next", version="draft-1")
        overview = dashboards.referential_overview()
        assert overview.active == active
        assert overview.drafts.items == [draft]
        assert overview.admin_url == "/admin/scoring/referential/"


@pytest.fixture
def demo_users(settings):
    call_command("load_demo", stdout=StringIO())
    return {code: User.objects.get(username=username) for code, username in (
        ("clinician", "clinicien"), ("coordinator", "coordinateur"),
        ("panel_member", "membre"), ("admin", "admin"))}


def sections_on(response) -> list[str]:
    html = response.content.decode()
    return [code for code in ROLE_SECTIONS if f'data-testid="dashboard-{code}"' in html]


class TestHomePage:
    @pytest.mark.parametrize("role", ROLE_SECTIONS)
    def test_it_shows_each_demo_role_its_section_only(self, client, demo_users, role):
        client.force_login(demo_users[role])
        response = client.get("/")
        assert response.status_code == 200
        assert sections_on(response) == [role]

    def test_it_shows_every_section_of_a_user_with_several_roles(self, client):
        client.force_login(UserFactory(roles=["panel_member", "clinician"]))
        assert sections_on(client.get("/")) == ["clinician", "panel_member"]

    def test_it_gives_a_user_without_a_role_a_plain_page(self, client):
        client.force_login(UserFactory(username="no-role"))
        response = client.get("/")
        assert response.status_code == 200
        assert sections_on(response) == []
        assert 'data-testid="dashboard-no-role"' in response.content.decode()

    def test_it_says_when_no_case_is_waiting(self, client, coordinator):
        client.force_login(coordinator)
        assert "No case waiting." in client.get("/").content.decode()

    def test_it_rejects_post(self, client, coordinator):
        client.force_login(coordinator)
        assert client.post("/").status_code == 405


class TestHomePageQueries:
    """The number of queries does not grow with the rows shown."""

    MAX_QUERIES = 16

    @pytest.fixture
    def busy_calendar(self, clinician, panel_member):
        for days in (0, 7, 14, 21):
            meeting = MeetingFactory(date=days_from_now(days))
            members(meeting, *QUORUM)
            Attendance.objects.create(meeting=meeting, user=panel_member, specialty="oncology")
            for position in (1, 2, 3):
                put_on(submitted_case(clinician), meeting, position)
        for _number in range(dashboards.ROWS + 2):
            submitted_case(clinician)

    def test_it_bounds_the_coordinators_page(self, client, coordinator, busy_calendar,
                                              django_assert_max_num_queries):
        client.force_login(coordinator)
        with django_assert_max_num_queries(self.MAX_QUERIES):
            assert client.get("/").status_code == 200

    def test_it_bounds_the_panel_members_page(self, client, panel_member, busy_calendar,
                                               django_assert_max_num_queries):
        client.force_login(panel_member)
        with django_assert_max_num_queries(self.MAX_QUERIES):
            assert client.get("/").status_code == 200
