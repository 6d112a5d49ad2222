"""The numbers of the statistics page, as plain dataclasses, from a fixed number of aggregate
queries whatever the number of cases (six: see `activity`).

Definitions (also on the page and in docs/meetings.md, "Activity statistics"):
- a case is submitted when its `submit` transition is recorded (WorkflowEvent);
- the delay runs from that submission to the first signature that made one of the case's
  proposals valid (`Proposal.validated_at`), for the cases submitted in the period;
- proposals, their treatment types and departures: every version signed in the period;
- meetings: those held in the period (not after today), with the people marked present.
"""

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recommendations.meetings import specialty_label
from recommendations.models import Attendance, Case, Meeting, Proposal, WorkflowEvent
from recommendations.quorum import quorum_status
from recommendations.statistics.period import Period
from recommendations.statistics.treatment_types import TREATMENT_TYPES

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class MonthCount:
    month: dt.date  # its first day
    count: int


@dataclass(frozen=True)
class Delays:
    count: int  # cases the figures are computed on
    median_days: float | None  # None: no data
    p90_days: float | None


@dataclass(frozen=True)
class TypeCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Departures:
    count: int
    total: int  # proposals signed in the period
    reasons: tuple[str, ...]

    @property
    def share(self) -> float | None:
        return self.count / self.total if self.total else None


@dataclass(frozen=True)
class MeetingAttendance:
    date: dt.date
    start_time: dt.time
    by_specialty: dict[str, int]  # specialty code ("" when none) -> people present
    quorum_met: bool


@dataclass(frozen=True)
class SpecialtyAttendance:
    code: str  # "" when neither the attendance nor the user names one
    label: str
    people: int  # present over the period
    meetings: int  # meetings where at least one was present


def _specialty_label(code: str) -> str:
    return specialty_label(code) if code else str(_("No specialty"))


@dataclass(frozen=True)
class Activity:
    period: Period
    cases_per_month: list[MonthCount]
    delays: Delays
    treatment_types: list[TypeCount]
    departures: Departures
    meetings: list[MeetingAttendance]

    @property
    def cases_submitted(self) -> int:
        return sum(month.count for month in self.cases_per_month)

    @property
    def specialties(self) -> list[str]:
        """Every specialty present at one meeting at least, in a stable order ("" last:
        nobody said which)."""
        codes = {code for meeting in self.meetings for code in meeting.by_specialty}
        return sorted(codes, key=lambda code: (code == "", code))

    def specialty_labels(self) -> list[str]:
        return [_specialty_label(code) for code in self.specialties]

    def attendance_by_specialty(self) -> list[SpecialtyAttendance]:
        people, meetings = Counter(), Counter()
        for meeting in self.meetings:
            for code, count in meeting.by_specialty.items():
                people[code] += count
                meetings[code] += 1
        return [SpecialtyAttendance(code, _specialty_label(code), people[code], meetings[code])
                for code in self.specialties]

    def meeting_rows(self) -> list[tuple[MeetingAttendance, list[int]]]:
        """Each meeting with its people present in the order of `specialties`."""
        codes = self.specialties
        return [(meeting, [meeting.by_specialty.get(code, 0) for code in codes])
                for meeting in self.meetings]

    @property
    def quorum_met(self) -> int:
        return sum(meeting.quorum_met for meeting in self.meetings)

    @property
    def quorum_missed(self) -> int:
        return len(self.meetings) - self.quorum_met


def activity(period: Period, *, today: dt.date | None = None) -> Activity:
    counts = _proposal_counts(period)
    return Activity(period, cases_per_month(period), delays(period), treatment_types(counts),
                    departures(period, counts), meeting_attendance(period, today=today))


def _submissions():
    return WorkflowEvent.objects.filter(content_type__app_label="recommendations",
                                        content_type__model="case", transition="submit")


def cases_per_month(period: Period) -> list[MonthCount]:
    """One query; months without a submission count zero."""
    start, after = period.bounds()
    counted = (_submissions().filter(at__gte=start, at__lt=after)
               .annotate(month=TruncMonth("at")).values("month")
               .annotate(cases=Count("object_id", distinct=True)).order_by())
    by_month = Counter()
    for row in counted:
        by_month[timezone.localtime(row["month"]).date().replace(day=1)] += row["cases"]
    return [MonthCount(month, by_month[month]) for month in period.months()]


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (PostgreSQL's percentile_cont);
    None for no values: no percentile of nothing."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def delays(period: Period) -> Delays:
    """One query: one duration per case submitted in the period and signed since (the
    percentiles need the values; a duration each, no patient data)."""
    start, after = period.bounds()
    submitted = _submissions().filter(object_id=OuterRef("pk")).order_by("at").values("at")[:1]
    durations = (
        Case.objects.filter(pk__in=_submissions().filter(at__gte=start, at__lt=after)
                            .values("object_id"))
        .annotate(submitted_at=Subquery(submitted), signed_at=Min("proposals__validated_at"))
        .filter(signed_at__isnull=False)
        .annotate(delay=ExpressionWrapper(F("signed_at") - F("submitted_at"),
                                          output_field=DurationField()))
        .values_list("delay", flat=True))
    days = [duration.total_seconds() / SECONDS_PER_DAY for duration in durations
            if duration is not None]
    return Delays(len(days), percentile(days, 0.5), percentile(days, 0.9))


def _signed_in(period: Period):
    start, after = period.bounds()
    return Proposal.objects.filter(validated_at__gte=start, validated_at__lt=after)


def _proposal_counts(period: Period) -> dict[str, int]:
    """One aggregate: the proposals signed, those departing, and each treatment type
    (treatment_types.py says what each means)."""
    return _signed_in(period).aggregate(
        total=Count("pk"), departing=Count("pk", filter=Q(off_referential=True)),
        **{f"type_{kind.code}": Count("pk", filter=kind.condition) for kind in TREATMENT_TYPES})


def treatment_types(counts: dict[str, int]) -> list[TypeCount]:
    return [TypeCount(kind.code, str(kind.label), counts[f"type_{kind.code}"])
            for kind in TREATMENT_TYPES]


def departures(period: Period, counts: dict[str, int]) -> Departures:
    """The counts, then the reasons in one query (free text, listed as written, oldest
    first; never classified)."""
    reasons = (_signed_in(period).filter(off_referential=True).order_by("validated_at", "pk")
               .values_list("off_referential_reason", flat=True))
    return Departures(counts["departing"], counts["total"],
                      tuple(reason.strip() for reason in reasons))


def meeting_attendance(period: Period, *, today: dt.date | None = None
                       ) -> list[MeetingAttendance]:
    """Two queries: the meetings held, then the people present by meeting and by the
    specialty they held that day (their profile's when the attendance names none)."""
    last = min(period.end, today or timezone.localdate())
    meetings = list(Meeting.objects.filter(date__gte=period.start, date__lte=last)
                    .order_by("date", "start_time", "pk")
                    .values("pk", "date", "start_time", "meeting_type"))
    present = defaultdict(dict)
    rows = (Attendance.objects.filter(present=True, meeting__date__gte=period.start,
                                      meeting__date__lte=last)
            .annotate(held=Coalesce(NullIf("specialty", Value("")), "user__specialty"))
            .values("meeting_id", "held").annotate(people=Count("pk")).order_by())
    for row in rows:
        present[row["meeting_id"]][row["held"] or ""] = row["people"]
    return [MeetingAttendance(meeting["date"], meeting["start_time"], present[meeting["pk"]],
                              quorum_status(meeting["meeting_type"],
                                            list(present[meeting["pk"]])).met)
            for meeting in meetings]
