"""Generated meetings: weekly over the period, past and to come, and who attended the past
ones (enough panel members to meet the quorum of settings.RCP_QUORUMS)."""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from recommendations.models import Attendance, Meeting, MeetingType
from recommendations.quorum import quorum_rule, quorum_status
from recommendations.scale_data.bulk import insert
from recommendations.scale_data.plan import ScalePlan

MEETING_WEEKDAY = 3  # Thursday
START = dt.time(14, 0)


@dataclass(frozen=True)
class HeldMeeting:
    meeting: Meeting
    present: list[User]  # empty for a meeting to come

    @property
    def past(self) -> bool:
        return bool(self.present)


def generate_meetings(rng: random.Random, plan: ScalePlan, panel: list[User]) -> list[HeldMeeting]:
    last_past = plan.today - dt.timedelta(days=(plan.today.weekday() - MEETING_WEEKDAY - 1) % 7 + 1)
    dates = ([last_past - dt.timedelta(weeks=k) for k in range(plan.past_meetings)][::-1]
             + [last_past + dt.timedelta(weeks=k + 1) for k in range(plan.future_meetings)])
    rule = quorum_rule(MeetingType.BONE_METASTASIS)
    expected = sorted({code for group in rule["required"] for code in group})
    held = []
    for day in dates:
        present = _present(rng, panel, rule) if day < plan.today else []
        chair = present[0] if present else rng.choice(panel)
        deadline = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=2),
                                                           dt.time(12)))
        held.append(HeldMeeting(Meeting(
            meeting_type=MeetingType.BONE_METASTASIS, date=day, start_time=START,
            place=plan.place, chair=chair, registration_deadline=deadline,
            expected_specialties=expected), present))
    insert(Meeting, [h.meeting for h in held])
    insert(Attendance, [Attendance(meeting_id=h.meeting.pk, user=user, specialty=user.specialty)
                        for h in held for user in h.present])
    return held


def _present(rng: random.Random, panel: list[User], rule: dict) -> list[User]:
    """One member for each required group of the quorum, then a few more."""
    by_specialty = {}
    for member in panel:
        by_specialty.setdefault(member.specialty, []).append(member)
    present = {}
    for group in rule["required"]:
        member = rng.choice(by_specialty[rng.choice([code for code in group
                                                     if code in by_specialty])])
        present[member.pk] = member
    while len(present) < max(rule["min_physicians"], rng.randint(4, 8)):
        member = rng.choice(panel)
        present[member.pk] = member
    members = list(present.values())
    assert quorum_status(MeetingType.BONE_METASTASIS, [m.specialty for m in members]).met
    return members
