"""Who may do what with a proposal. Seeing it follows the case (recommendations.permissions);
acting on it follows the role: the meeting's coordinator opens the discussion and closes it
without quorum, panel members edit and sign."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from recommendations.models import Proposal
from recommendations.permissions import can_view_case, case_for_reading


def can_open_discussion(user) -> bool:
    return user.has_perm("recommendations.schedule_case") or user.has_perm(
        "recommendations.sign_proposal")


def can_edit_proposal(user) -> bool:
    return user.has_perm("recommendations.change_proposal")


def can_sign(user) -> bool:
    return user.has_perm("recommendations.sign_proposal")


def can_close_without_quorum(user) -> bool:
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
    if not allowed(user):
        raise PermissionDenied
    return proposal
