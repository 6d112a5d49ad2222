"""Generated proposals of the past meetings' cases, inserted valid with their signatures.

The database refuses to change a valid proposal or a signature (immutable_records), so both
are inserted as they end up: valid, signed by the members present (who make the quorum),
validated half an hour into the meeting.

Running the engine for every case would dominate the run (it reads each patient's whole
record), so it runs for a sample, `plan.engine_sample` cases per past meeting: their
proposals are drafted as `discuss_and_draft` drafts them. The others carry a compact result
labelled as generated (`engine_result["generated"]`, no lesion results) and a template text:
pages and PDFs show them like any proposal whose engine found nothing to score.
"""

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType

from recommendations.models import Proposal, ProposalStatus, Signature, WorkflowEvent
from recommendations.proposal_drafting import Statement, section_texts
from recommendations.scale_data import engine_sample
from recommendations.scale_data.bulk import insert
from recommendations.scale_data.cases import PlannedCase
from recommendations.scale_data.plan import GENERATED_LABEL, ScalePlan
from scoring.models import Referential, ReferentialStatus

TEMPLATE_STATEMENTS = (
    Statement("systemic", "Poursuite du traitement anti-résorptif selon le référentiel.",
              "Continue the anti-resorptive treatment as the referential says."),
    Statement("local", "Radiothérapie antalgique de la lésion discutée.",
              "Pain-relief radiotherapy of the lesion discussed."),
    Statement("follow_up", "Réévaluation clinique et biologique à trois mois.",
              "Clinical and laboratory review in three months."),
)


def generate_proposals(rng: random.Random, plan: ScalePlan,
                       planned: list[PlannedCase]) -> dict[int, int]:
    """Insert the proposals; returns, by case pk, the member whose signature validated it."""
    referential = (Referential.objects.filter(status=ReferentialStatus.ACTIVE).first()
                   or Referential.objects.order_by("pk").first())
    signed = [item for item in planned if item.held and item.held.past]
    sampled = _sample(signed, plan.engine_sample)
    drafted = engine_sample.drafts([item for item in signed if item.case.pk in sampled],
                                   referential)
    proposals, signer_of = [], {}
    for item in signed:
        start = dt.datetime.combine(item.held.meeting.date, item.held.meeting.start_time,
                                    tzinfo=item.held.meeting.registration_deadline.tzinfo)
        document, statements = drafted.get(item.case.pk) or _template(referential, item)
        signer_of[item.case.pk] = item.held.present[-1].pk
        proposals.append(Proposal(
            case_id=item.case.pk, version=1, status=ProposalStatus.VALID,
            referential=referential, engine_result=document,
            statements=[s.as_dict() for s in statements], created_by=item.held.meeting.chair,
            created_at=start, validated_at=start + dt.timedelta(minutes=30),
            **section_texts(statements)))
    insert(Proposal, proposals)
    _signatures(signed, proposals)
    return signer_of


def _sample(signed: list[PlannedCase], per_meeting: int) -> set[int]:
    seen, chosen = {}, set()
    for item in signed:
        meeting_pk = item.held.meeting.pk
        if seen.get(meeting_pk, 0) < per_meeting:
            seen[meeting_pk] = seen.get(meeting_pk, 0) + 1
            chosen.add(item.case.pk)
    return chosen


def _template(referential, item: PlannedCase) -> tuple[dict, tuple[Statement, ...]]:
    return ({"generated": GENERATED_LABEL,
             "note": "Generated scale data: the engine was not run for this proposal.",
             "referential": {"version": referential.version, "label": referential.name},
             "reference_date": item.held.meeting.date.isoformat(),
             "result": {"lesions": []}}, TEMPLATE_STATEMENTS)


def _signatures(signed: list[PlannedCase], proposals: list[Proposal]) -> None:
    rows = []
    for item, proposal in zip(signed, proposals, strict=True):
        for minute, member in enumerate(item.held.present, start=1):
            rows.append(Signature(proposal_id=proposal.pk, user_id=member.pk,
                                  specialty=member.specialty,
                                  signed_at=proposal.created_at + dt.timedelta(minutes=minute)))
    insert(Signature, rows)
    content_type = ContentType.objects.get_for_model(Proposal)
    insert(WorkflowEvent, [WorkflowEvent(
        content_type=content_type, object_id=proposal.pk, transition="validate",
        from_state=ProposalStatus.DRAFT, to_state=ProposalStatus.VALID,
        by_id=item.held.present[-1].pk, at=proposal.validated_at)
        for item, proposal in zip(signed, proposals, strict=True)])
