"""What the home page shows each role: one selector per section, each returning plain data
(a few rows, how many there are in all, and the list page that shows them all).

Sections follow the user's roles (accounts.roles), not their permissions: an administrator is
often a superuser, who holds every permission but works as an administrator. The rows still
pass the permission rules (the cases a user may see, who may sign), so a section never shows
more than the pages it links to would.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADMIN, CLINICIAN, COORDINATOR, PANEL_MEMBER
from patients.models import Patient
from patients.permissions import can_list_patients
from recommendations import meetings as meeting_reads
from recommendations.follow_up import panel as follow_up_pages
from recommendations.models import (
    Attendance,
    Case,
    CaseStatus,
    Document,
    DocumentKind,
    DocumentStatus,
    Meeting,
    Proposal,
    ProposalStatus,
)
from recommendations.permissions import only_visible, visible_cases
from recommendations.proposal_permissions import can_sign
from recommendations.quorum import QuorumStatus, quorum_status
from scoring.models import Referential, ReferentialStatus

ROWS = 5  # a home page card shows this many rows, then links to the full list
NEXT_MEETINGS = 3


@dataclass(frozen=True)
class Rows:
    """The first rows of a list, how many there are in all, and the page that lists them."""

    items: list
    total: int
    see_all_url: str

    @property
    def more(self) -> bool:
        return self.total > len(self.items)


def _first_rows(queryset: QuerySet, see_all_url: str, limit: int = ROWS) -> Rows:
    items = list(queryset[:limit])
    total = len(items) if len(items) < limit else queryset.count()  # no count when all shown
    return Rows(items, total, see_all_url)


def case_list_url(**filters) -> str:
    """The case list, filtered by its query parameters (`state`, `mine`)."""
    url = reverse("recommendations:case_list")
    return f"{url}?{urlencode(filters)}" if filters else url


def _upcoming_meetings() -> QuerySet[Meeting]:
    return (Meeting.objects.filter(date__gte=timezone.localdate())
            .order_by("date", "start_time", "pk"))


# --- Referring clinician -------------------------------------------------------------------


def my_patients(user) -> Rows:
    """The patients the user refers, the most recently updated first."""
    patients = (Patient.objects.filter(referring_clinician=user) if can_list_patients(user)
                else Patient.objects.none())
    return _first_rows(patients.order_by("-updated_at", "-pk"), reverse("patients:list"))


@dataclass(frozen=True)
class StateCount:
    status: str
    label: str
    count: int
    url: str

    @property
    def get_status_display(self) -> str:
        """Named as on a case, so the case status badge partial shows it too."""
        return self.label


@dataclass(frozen=True)
class CasesByState:
    counts: list[StateCount]  # only the states that have cases, in workflow order
    latest: Rows


def my_cases_by_state(user) -> CasesByState:
    """How many of the user's referred cases are in each state, and the latest changed."""
    mine = Case.objects.filter(referring_clinician=user)
    counted = dict(mine.order_by().values("status").annotate(number=Count("pk"))
                   .values_list("status", "number"))
    counts = [StateCount(value, label, counted[value], case_list_url(mine=1, state=value))
              for value, label in CaseStatus.choices if counted.get(value)]
    latest = list(mine.select_related("patient", "meeting").order_by("-updated_at", "-pk")
                  [:ROWS])
    return CasesByState(counts, Rows(latest, sum(counted.values()), case_list_url(mine=1)))


def follow_up_to_do(user) -> Rows:
    """The user's follow-up actions overdue or due, overdue first (rows of
    recommendations.follow_up.panel.ShownAction)."""
    today = timezone.localdate()
    rows = _first_rows(follow_up_pages.to_do_now(user, today),
                       follow_up_pages.list_url(state=follow_up_pages.NOW))
    return Rows(follow_up_pages.shown(user, rows.items, today), rows.total, rows.see_all_url)


def proposals_to_read(user) -> Rows:
    """The signed (valid) proposals of the cases the user referred, the newest first: nothing
    records who opened a proposal, so the newest signed ones are what is new to read."""
    proposals = (Proposal.objects
                 .filter(case__referring_clinician=user, status=ProposalStatus.VALID)
                 .select_related("case__patient").order_by("-validated_at", "-pk"))
    return _first_rows(proposals, case_list_url(mine=1, state=CaseStatus.SIGNED))


# --- Coordinator ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSummary:
    meeting: Meeting
    agenda_size: int
    quorum: QuorumStatus | None  # of those marked present; None while nobody is recorded


def _quorum_of_present(meeting: Meeting) -> QuorumStatus | None:
    attendances = list(meeting.attendances.all())  # prefetched
    if not attendances:
        return None
    return quorum_status(meeting.meeting_type,
                         [attendance.specialty for attendance in attendances
                          if attendance.present])


def next_meetings(limit: int = NEXT_MEETINGS) -> Rows:
    """The next meetings, their agenda's size and the quorum of those marked present."""
    upcoming = (_upcoming_meetings().annotate(agenda_size=Count("cases"))
                .prefetch_related("attendances"))
    rows = _first_rows(upcoming, reverse("recommendations:meeting_list") + "?when=upcoming",
                       limit)
    summaries = [MeetingSummary(meeting, meeting.agenda_size, _quorum_of_present(meeting))
                 for meeting in rows.items]
    return Rows(summaries, rows.total, rows.see_all_url)


def cases_waiting_for_scheduling(user) -> Rows:
    """Submitted cases no meeting has taken yet, urgent ones first."""
    waiting = only_visible(user, meeting_reads.cases_waiting())
    return _first_rows(waiting, case_list_url(state=CaseStatus.SUBMITTED))


@dataclass(frozen=True)
class DocumentToPrint:
    kind: str
    label: str
    subject: Meeting | Case
    document: Document | None  # the latest of its kind for the subject; None: never asked

    @property
    def status(self) -> str:
        return self.document.status if self.document else "none"


@dataclass(frozen=True)
class MeetingDocuments:
    meeting: Meeting
    to_print: Rows  # of DocumentToPrint; the meeting's page lists them all


def documents_to_print(user) -> MeetingDocuments | None:
    """The next meeting's agenda, booklet and case summaries that are not ready: never asked
    for, being prepared, or failed. None when no meeting is coming."""
    meeting = _upcoming_meetings().first()
    if meeting is None:
        return None
    cases = list(only_visible(user, meeting_reads.scheduled_on(meeting).select_related("patient")))
    latest = _latest_documents(meeting, cases)
    wanted = [(DocumentKind.AGENDA, meeting), (DocumentKind.BOOKLET, meeting)]
    wanted += [(DocumentKind.CASE_SUMMARY, case) for case in cases]
    items = [DocumentToPrint(kind.value, kind.label, subject,
                             latest.get((kind.value, subject.pk)))
             for kind, subject in wanted]
    not_ready = [item for item in items if item.status != DocumentStatus.READY]
    return MeetingDocuments(meeting, Rows(not_ready[:ROWS], len(not_ready),
                                          meeting.get_absolute_url()))


def _latest_documents(meeting: Meeting, cases: list[Case]) -> dict:
    """(kind, subject pk) -> the newest document, in one query."""
    documents = Document.objects.filter(
        Q(kind__in=[DocumentKind.AGENDA, DocumentKind.BOOKLET], meeting=meeting)
        | Q(kind=DocumentKind.CASE_SUMMARY, case__in=cases)).order_by("created_at", "pk")
    return {(document.kind, document.meeting_id or document.case_id): document
            for document in documents}  # later ones overwrite earlier ones


# --- Panel member --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberMeeting:
    meeting: Meeting
    invited: bool  # on its attendance list; False: nobody is recorded for it yet
    cases: Rows  # its agenda, in order; the meeting's page lists it all


def my_next_meeting(user) -> MemberMeeting | None:
    """The next meeting the user is listed for or, failing that, the next one whose
    attendance is not recorded yet, with the cases on its agenda."""
    meeting = _upcoming_meetings().filter(attendances__user=user).first()
    invited = meeting is not None
    if meeting is None:
        meeting = _upcoming_meetings().filter(attendances__isnull=True).first()
    if meeting is None:
        return None
    cases = only_visible(user, meeting_reads.agenda(meeting))
    return MemberMeeting(meeting, invited, _first_rows(cases, meeting.get_absolute_url()))


def proposals_awaiting_my_signature(user) -> Rows:
    """Draft proposals the user may sign and has not: a first version when they were present
    at its meeting, a later version when their account has a specialty (as sign_proposal)."""
    see_all = case_list_url(state=CaseStatus.DISCUSSED)
    if not can_sign(user):
        return Rows([], 0, see_all)
    present_at = Attendance.objects.filter(user=user, present=True).values("meeting_id")
    signable = Q(previous__isnull=True, case__meeting_id__in=present_at)
    if user.specialty:
        signable |= Q(previous__isnull=False)
    proposals = (Proposal.objects.filter(signable, status=ProposalStatus.DRAFT,
                                         case__in=visible_cases(user).values("pk"))
                 .exclude(signatures__user=user)
                 .select_related("case__patient", "case__meeting")
                 .order_by("case__meeting__date", "case__agenda_position", "pk"))
    return _first_rows(proposals, see_all)


# --- Administrator -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferentialOverview:
    active: Referential | None
    drafts: Rows
    admin_url: str


def referential_overview() -> ReferentialOverview:
    """The edition in force and the drafts being prepared."""
    admin_url = reverse("admin:scoring_referential_changelist")
    active = Referential.objects.filter(status=ReferentialStatus.ACTIVE).first()
    drafts = (Referential.objects.filter(status=ReferentialStatus.DRAFT)
              .select_related("created_by").order_by("-created_at", "-pk"))
    drafts_url = f"{admin_url}?{urlencode({'status__exact': ReferentialStatus.DRAFT})}"
    return ReferentialOverview(active, _first_rows(drafts, drafts_url), admin_url)


# --- One builder per role, in the order the home page shows them ---------------------------


def clinician_dashboard(user) -> dict:
    return {"patients": my_patients(user), "cases": my_cases_by_state(user),
            "proposals": proposals_to_read(user), "follow_up": follow_up_to_do(user)}


def coordinator_dashboard(user) -> dict:
    return {"meetings": next_meetings(), "waiting": cases_waiting_for_scheduling(user),
            "documents": documents_to_print(user)}


def panel_member_dashboard(user) -> dict:
    return {"next_meeting": my_next_meeting(user),
            "to_sign": proposals_awaiting_my_signature(user)}


def admin_dashboard(user) -> dict:
    return {"referentials": referential_overview()}


DASHBOARDS = (
    (CLINICIAN, clinician_dashboard),
    (COORDINATOR, coordinator_dashboard),
    (PANEL_MEMBER, panel_member_dashboard),
    (ADMIN, admin_dashboard),
)
