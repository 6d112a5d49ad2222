"""Who may do what with a proposal. Seeing it follows the case (recommendations.permissions);
acting on it follows the role: the meeting's coordinator opens the discussion and closes it
without quorum, panel members edit and sign: a first version only the members present at its
meeting (a later version is signed outside the meeting, see proposals._signing_specialty).

The predicates taking an optional proposal answer for the role without it (to offer a
button, fill a dashboard) and for that proposal with it (`proposal_for` passes it)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from recommendations.models import Attendance, Proposal
from recommendations.permissions import can_view_case, case_for_reading


def can_open_discussion(user) -> bool:
    return user.has_perm("recommendations.schedule_case") or user.has_perm(
        "recommendations.sign_proposal")


def can_edit_proposal(user, proposal: Proposal | None = None) -> bool:
    return user.has_perm("recommendations.change_proposal")


def can_sign(user, proposal: Proposal | None = None) -> bool:
    if not user.has_perm("recommendations.sign_proposal"):
        return False
    if proposal is None or proposal.previous_id is not None:
        return True
    return Attendance.objects.filter(meeting_id=proposal.case.meeting_id, user=user,
                                     present=True).exists()


def can_close_without_quorum(user, proposal: Proposal | None = None) -> bool:
    return user.has_perm("recommendations.schedule_case")


def case_for_discussion(user, case_pk: int):
    case = case_for_reading(user, case_pk)
    if not can_open_discussion(user):
        raise PermissionDenied
    return case


def proposal_for_reading(user, pk: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("case__patient", "case__meeting", "referential",
                                        "previous"), pk=pk)
    if not can_view_case(user, proposal.case):
        raise PermissionDenied
    return proposal


def proposal_for(user, pk: int, allowed) -> Proposal:
    proposal = proposal_for_reading(user, pk)
    if not allowed(user, proposal):
        raise PermissionDenied
    return proposal
