"""Meetings: the writes that move no case through its workflow (the calendar, the agenda's
order, who attended) and the reads the meeting pages share (agenda, cases waiting, quorum of
those present).

Putting a case on or off an agenda is a case transition: see recommendations.case_workflow.
"""

from django.db import transaction
from django.db.models import Case as Switch
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Specialty, User
from accounts.roles import PANEL_MEMBER, ROLES
from recommendations.case_workflow import reorder_agenda
from recommendations.models import Attendance, Case, CaseStatus, Meeting, Urgency
from recommendations.quorum import QuorumStatus, quorum_rule, quorum_status
from recommendations.workflow import TransitionRefused

# --- Writes ------------------------------------------------------------------------------


def create_meeting(*, by, **fields) -> Meeting:
    """A meeting on the calendar; `fields` are the model's (date, start_time, place...)."""
    meeting = Meeting(**fields)
    meeting._history_user = by
    with transaction.atomic():
        meeting.save()
    return meeting


def update_meeting(meeting: Meeting, *, by, **changes) -> Meeting:
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting._history_user = by
    with transaction.atomic():
        meeting.save()
    return meeting


def move_on_agenda(meeting: Meeting, case_pk: int, offset: int) -> None:
    """Swap the case with its neighbour (offset -1: up, +1: down); at either end of the agenda
    nothing moves."""
    with transaction.atomic():
        order = list(scheduled_on(meeting).select_for_update().values_list("pk", flat=True))
        if case_pk not in order:
            raise TransitionRefused(_("This case is not on the agenda of this meeting."))
        here = order.index(case_pk)
        there = here + offset
        if 0 <= there < len(order):
            order[here], order[there] = order[there], order[here]
            reorder_agenda(meeting, order)


def record_attendance(meeting: Meeting, user, *, by, present: bool = True,
                      specialty: str = "") -> Attendance:
    """Add the participant or update their line. The specialty they hold that day (the one the
    quorum counts) defaults to the one on their profile and is kept when left blank."""
    with transaction.atomic():
        attendance = (Attendance.objects.select_for_update()
                      .filter(meeting=meeting, user=user).first()
                      or Attendance(meeting=meeting, user=user, specialty=user.specialty))
        if specialty:
            attendance.specialty = specialty
        attendance.present = present
        attendance._history_user = by
        attendance.save()
    return attendance


def remove_attendance(attendance: Attendance, *, by) -> None:
    attendance._history_user = by
    attendance.delete()


# --- Reads -------------------------------------------------------------------------------


def is_over(meeting: Meeting, *, now=None) -> bool:
    return meeting.date < timezone.localdate(now)


def deadline_passed(meeting: Meeting, *, now=None) -> bool:
    return (now or timezone.now()) > meeting.registration_deadline


def scheduled_on(meeting: Meeting) -> QuerySet[Case]:
    """The cases still to discuss, in the coordinator's order."""
    return meeting.cases.filter(status=CaseStatus.SCHEDULED).order_by("agenda_position", "pk")


def agenda(meeting: Meeting) -> QuerySet[Case]:
    """Every case the meeting took, scheduled or already discussed, in agenda order."""
    return (meeting.cases.select_related("patient", "referring_clinician")
            .order_by("agenda_position", "pk"))


def cases_waiting() -> QuerySet[Case]:
    """Submitted cases no meeting has taken yet: urgent ones first, then the oldest."""
    urgent_first = Switch(When(urgency=Urgency.URGENT, then=Value(0)), default=Value(1),
                          output_field=IntegerField())
    return (Case.objects.filter(status=CaseStatus.SUBMITTED)
            .select_related("patient", "referring_clinician")
            .order_by(urgent_first, "created_at", "pk"))


def attendances(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("user").order_by("user__last_name",
                                                               "user__first_name")


def meeting_quorum(meeting: Meeting, attendances: list[Attendance]) -> QuorumStatus:
    """The quorum of the people marked present, by the specialty each held that day;
    `attendances` is the meeting's list (`attendances(meeting)`), already read by the page."""
    present = [attendance.specialty for attendance in attendances if attendance.present]
    return quorum_status(meeting.meeting_type, present)


def default_expected_specialties(meeting_type: str) -> list[str]:
    """Every specialty the meeting type's quorum names (a new meeting's starting choice)."""
    codes = [code for group in quorum_rule(meeting_type)["required"] for code in group]
    return list(dict.fromkeys(codes))


def specialty_label(code: str) -> str:
    return str(dict(Specialty.choices).get(code, code))


def specialty_labels(codes: list[str]) -> list[str]:
    return [specialty_label(code) for code in codes]


def possible_chairs(*, keep: int | None = None) -> QuerySet[User]:
    """A panel member, or any physician (a user with a specialty); `keep` is the current
    chair's id, kept even if they no longer qualify so that the meeting stays editable."""
    qualified = Q(groups__name=PANEL_MEMBER.code) | ~Q(specialty="")
    return (User.objects.filter((qualified & Q(is_active=True)) | Q(pk=keep))
            .distinct().order_by("last_name", "first_name", "username"))


def possible_participants(meeting: Meeting) -> QuerySet[User]:
    """Active users holding a role, not yet on the meeting's attendance list."""
    return (User.objects.filter(is_active=True, groups__name__in=[role.code for role in ROLES])
            .exclude(attendances__meeting=meeting).distinct()
            .order_by("last_name", "first_name", "username"))
