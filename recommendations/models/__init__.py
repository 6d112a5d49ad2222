"""Meetings, cases, proposals and the record of their workflows."""

from recommendations.models.case import (
    AttachmentKind,
    Case,
    CaseAttachment,
    CaseStatus,
    Urgency,
)
from recommendations.models.document import (
    Document,
    DocumentKind,
    DocumentStatus,
    ReadyDocumentError,
)
from recommendations.models.follow_up import (
    FollowUpAction,
    FollowUpDigest,
    FollowUpStatus,
    Timing,
)
from recommendations.models.meeting import Attendance, Meeting, MeetingType
from recommendations.models.proposal import (
    FrozenProposalError,
    Proposal,
    ProposalStatus,
    Section,
    Signature,
)
from recommendations.models.workflow import WorkflowEvent

__all__ = [
    "AttachmentKind", "Attendance", "Case", "CaseAttachment", "CaseStatus", "FrozenProposalError",
    "Document", "DocumentKind", "DocumentStatus", "FollowUpAction", "FollowUpDigest",
    "FollowUpStatus", "ReadyDocumentError",
    "Meeting", "MeetingType", "Proposal", "ProposalStatus", "Section", "Signature", "Timing",
    "Urgency",
    "WorkflowEvent",
]
