"""Generated cases: each meeting's agenda, plus cases waiting to be scheduled and drafts.

A past meeting's cases were discussed and signed (most already sent); a coming meeting's
are scheduled; the waiting ones submitted. Each transition is recorded as the workflow
would have recorded it (`WorkflowEvent`, with who and when), inserted in bulk.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from recommendations.models import Case, CaseStatus, Urgency, WorkflowEvent
from recommendations.scale_data.bulk import insert
from recommendations.scale_data.meetings import HeldMeeting
from recommendations.scale_data.patients import PatientSketch
from recommendations.scale_data.plan import ScalePlan
from recommendations.scale_data.users import Staff

QUESTIONS = (
    "Indication d'une radiothérapie antalgique ?",
    "Risque fracturaire : fixation prophylactique avant radiothérapie ?",
    "Instabilité rachidienne : avis chirurgical et radiothérapie ?",
    "Cimentoplastie envisageable ?",
    "Traitement anti-résorptif : acide zolédronique ou dénosumab ?",
    "Stratégie locale pour une oligométastase osseuse (SBRT) ?",
    "Compression médullaire débutante : décompression ou radiothérapie ?",
)
# transition -> (from, to); the path a signed, then sent, case followed
PATH = (("submit", "draft", "submitted"), ("schedule", "submitted", "scheduled"),
        ("discuss", "scheduled", "discussed"), ("sign", "discussed", "signed"),
        ("send", "signed", "sent"))


@dataclass(frozen=True)
class PlannedCase:
    case: Case
    held: HeldMeeting | None
    lesion_ids: tuple[int, ...]


def generate_cases(rng: random.Random, plan: ScalePlan, held: list[HeldMeeting],
                   sketches: list[PatientSketch], staff: Staff) -> list[PlannedCase]:
    planned = []
    for meeting in held:
        count = min(plan.cases_per_meeting, len(sketches))
        for position, sketch in enumerate(rng.sample(sketches, count), start=1):
            status = (rng.choices((CaseStatus.SENT, CaseStatus.SIGNED), weights=(9, 1))[0]
                      if meeting.past else CaseStatus.SCHEDULED)
            planned.append(_case(rng, sketch, status, meeting, position))
    waiting = plan.cases_per_meeting // 2 if plan.future_meetings else 0
    for sketch in rng.sample(sketches, min(waiting, len(sketches))):
        planned.append(_case(rng, sketch, rng.choice((CaseStatus.SUBMITTED, CaseStatus.DRAFT)),
                             None, None, plan.today))
    insert(Case, [p.case for p in planned])
    insert(Case.lesions.through, [Case.lesions.through(case_id=p.case.pk, lesion_id=lesion_id)
                                  for p in planned for lesion_id in p.lesion_ids])
    return planned


def _case(rng: random.Random, sketch: PatientSketch, status: str, held: HeldMeeting | None,
          position: int | None, today: dt.date | None = None) -> PlannedCase:
    day = held.meeting.date if held else today
    created = _at(day - dt.timedelta(days=rng.randint(5, 25)), dt.time(10))
    count = min(len(sketch.lesion_ids), rng.randint(1, 3))
    case = Case(
        patient_id=sketch.pk, referring_clinician_id=sketch.referrer_id,
        question=rng.choice(QUESTIONS),
        clinical_summary=f"Cancer primitif : {sketch.primary}. Dossier fictif généré "
                         "(données de volumétrie).",
        urgency=rng.choices((Urgency.ROUTINE, Urgency.URGENT), weights=(9, 1))[0],
        patient_informed=True, status=status, meeting=held.meeting if held else None,
        agenda_position=position, created_at=created, updated_at=created)
    return PlannedCase(case, held, tuple(rng.sample(sketch.lesion_ids, count)))


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def case_events(planned: list[PlannedCase], staff: Staff, signer_of: dict) -> list:
    """The workflow events of every case, up to its status. `signer_of[case pk]` is the
    member whose signature made its proposal valid."""
    content_type = ContentType.objects.get_for_model(Case)
    coordinator = staff.coordinators[0]
    events = []
    for item in planned:
        case = item.case
        steps = [step for step in PATH if _reached(case.status, step[2])]
        meeting_start = _at(item.held.meeting.date, item.held.meeting.start_time) \
            if item.held else None
        for name, source, target in steps:
            by, at = {
                "submit": (case.referring_clinician_id, case.created_at + dt.timedelta(hours=2)),
                "schedule": (coordinator.pk, case.created_at + dt.timedelta(days=1)),
                "discuss": (getattr(item.held.meeting if item.held else None, "chair_id", None),
                            meeting_start),
                "sign": (signer_of.get(case.pk), meeting_start and meeting_start
                         + dt.timedelta(minutes=30)),
                "send": (coordinator.pk, meeting_start and meeting_start + dt.timedelta(days=1)),
            }[name]
            events.append(WorkflowEvent(content_type=content_type, object_id=case.pk,
                                        transition=name, from_state=source, to_state=target,
                                        by_id=by, at=at))
    return events


def _reached(status: str, target: str) -> bool:
    order = [CaseStatus.DRAFT] + [step[2] for step in PATH]
    return status != CaseStatus.DRAFT and order.index(target) <= order.index(status)
