"""The patient's cases on the patient timeline (settings.PATIENT_TIMELINE_SOURCES): the meeting
each was put on, its state, and what the panel decided once the proposal is signed.

Only the cases the user may see (recommendations.permissions.visible_cases), in two queries.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from patients.models import Patient
from patients.timeline import TimelineCategory, TimelineEvent
from recommendations.models import Case, Proposal, ProposalStatus, Section
from recommendations.permissions import visible_cases

SHORT_TEXT = 120  # characters of a question or a decision shown on the timeline

# What the panel decided, in the order a reader looks for it.
DECISION_SECTIONS = (Section.LOCAL, Section.SYSTEMIC)


def meeting_events(patient: Patient, user) -> list[TimelineEvent]:
    signed = Prefetch("proposals", to_attr="signed_proposals",
                      queryset=Proposal.objects.filter(status=ProposalStatus.VALID)
                      .order_by("-version"))
    cases = (visible_cases(user).filter(patient=patient).select_related("meeting")
             .prefetch_related(signed))
    return [_case_event(case) for case in cases]


def _case_event(case: Case) -> TimelineEvent:
    """On the meeting's day when it has one, else on the day the case was opened."""
    proposal = case.signed_proposals[0] if case.signed_proposals else None
    if case.meeting is not None:
        day = case.meeting.date
        label = _("Panel meeting: case %(id)s") % {"id": case.pk}
    else:
        day = timezone.localdate(case.created_at)
        label = _("Case %(id)s opened, not on a meeting") % {"id": case.pk}
    return TimelineEvent(
        date=day, category=TimelineCategory.MEETING, label=label,
        detail=_case_detail(case, proposal),
        url=(reverse("recommendations:proposal_detail", args=[proposal.pk]) if proposal
             else case.get_absolute_url()),
    )


def _case_detail(case: Case, proposal: Proposal | None) -> str:
    parts = [_("Status: %(status)s") % {"status": case.get_status_display()},
             _("Question: %(question)s") % {"question": _short(case.question)}]
    if proposal is not None:
        parts.append(_("Signed proposal, version %(version)s") % {"version": proposal.version})
        parts.extend(f"{section.label}: {_short(getattr(proposal, section.value))}"
                     for section in DECISION_SECTIONS if getattr(proposal, section.value).strip())
    return " · ".join(parts)


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(SHORT_TEXT)
