"""Where each timeline event is drawn: pixel positions for the server-rendered SVG chart.

One lane per category; spans are bars (ongoing ones run to today and end in an arrow),
one-day events are diamonds. Marks that would overlap in a lane go on extra rows. The chart
has a fixed pixel width so that text keeps its size; the lane names stay put while the track
scrolls in its own box when the page is narrower.
"""

import datetime as dt
import textwrap
from dataclasses import dataclass, field

from django.utils.formats import date_format

from patients.timeline import TimelineCategory, TimelineEvent

LABEL_WIDTH = 180  # the lane names, left of the track
MIN_TRACK = 900  # with the lane names, fits the content width at 1280px
MAX_TRACK = 3600
PX_PER_MONTH = 26
MONTH_LABELS_FROM = 34  # px per month under which months are ticked but not named
HEADER = 30  # the year and month labels, above the lanes
ROW = 24
LANE_PADDING = 6
HALF_MARK = 7
MAX_ROWS = 4  # beyond, marks overlap rather than grow the lane without end
LABEL_CHARS = 24  # per line of a lane name (26 bold characters overflow the 180 px)
TODAY_LABEL_ROOM = 80


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool


@dataclass(frozen=True)
class Mark:
    event: TimelineEvent
    left: float
    right: float
    row: int
    centre_y: float = 0

    @property
    def diamond(self) -> str:
        x, y, h = self.left + HALF_MARK, self.centre_y, HALF_MARK
        return f"{x:.1f},{y - h:.1f} {x + h:.1f},{y:.1f} {x:.1f},{y + h:.1f} {x - h:.1f},{y:.1f}"

    @property
    def arrow(self) -> str:
        """The head drawn at the end of a span that goes on."""
        x, y, h = self.right, self.centre_y, HALF_MARK
        return f"{x:.1f},{y - h:.1f} {x + h:.1f},{y:.1f} {x:.1f},{y + h:.1f}"

    @property
    def bar_top(self) -> float:
        return self.centre_y - HALF_MARK + 2

    @property
    def bar_width(self) -> float:
        return self.right - self.left


@dataclass
class Lane:
    category: str
    label_lines: list[str]
    top: float = 0
    height: float = 0
    marks: list[Mark] = field(default_factory=list)

    @property
    def label_y(self) -> float:
        return self.top + LANE_PADDING + ROW / 2 + 4


@dataclass
class Axis:
    start: dt.date
    end: dt.date
    label_width: float  # the lane names, drawn apart so that they stay when the track scrolls
    width: float  # the track's
    height: float
    track_x: float
    track_width: float
    lanes: list[Lane]
    ticks: list[Tick]
    today_x: float | None

    @property
    def today_label_left(self) -> bool:
        """Whether "Today" is written left of its line (unless the line is near the start)."""
        return self.today_x is not None and self.today_x > self.track_x + TODAY_LABEL_ROOM


def build_axis(events: list[TimelineEvent], categories: list[str],
               today: dt.date) -> Axis | None:
    """The chart of these events, one lane per category given (even empty); None if no event."""
    if not events:
        return None
    start, end = _bounds(events, today)
    months = _months_between(start, end)
    track_width = min(MAX_TRACK, max(MIN_TRACK, len(months) * PX_PER_MONTH))
    track_x = HALF_MARK + 2  # room for a diamond on the first day
    scale = _Scale(start, end, track_x, track_width)
    lanes, top = [], HEADER
    for category in categories:
        lane = _lane(category, [e for e in events if e.category == category], scale, today, top)
        lanes.append(lane)
        top += lane.height
    return Axis(start=start, end=end, label_width=LABEL_WIDTH,
                width=track_x + track_width + 2 * HALF_MARK + 4, height=top + 2,
                track_x=track_x, track_width=track_width, lanes=lanes,
                ticks=_ticks(months, scale, track_width / len(months)),
                today_x=scale.x(today) if start <= today <= end else None)


class _Scale:
    def __init__(self, start: dt.date, end: dt.date, left: float, width: float):
        self.start, self.days, self.left, self.width = start, (end - start).days, left, width

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.start).days / self.days * self.width


def _bounds(events: list[TimelineEvent], today: dt.date) -> tuple[dt.date, dt.date]:
    """From the first of the first event's month to the first of the month after the last
    day drawn (today, when a span goes on)."""
    first = min(event.date for event in events)
    last = max(max(event.end or event.date for event in events),
               today if any(event.ongoing for event in events) else first)
    return first.replace(day=1), _next_month(last.replace(day=1))


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start
    while day < end:
        months.append(day)
        day = _next_month(day)
    return months


def _ticks(months: list[dt.date], scale: _Scale, px_per_month: float) -> list[Tick]:
    ticks = []
    for index, month in enumerate(months):
        major = month.month == 1 or index == 0
        if major:
            label = str(month.year)
        else:
            label = date_format(month, "M") if px_per_month >= MONTH_LABELS_FROM else ""
        ticks.append(Tick(x=scale.x(month), label=label, major=major))
    return ticks


def _lane(category: str, events: list[TimelineEvent], scale: _Scale, today: dt.date,
          top: float) -> Lane:
    label = str(TimelineCategory(category).label)
    lane = Lane(category=category, label_lines=textwrap.wrap(label, LABEL_CHARS)[:2], top=top)
    rows_right: list[float] = []
    extents = sorted((_extent(event, scale, today) for event in events), key=lambda e: e[:2])
    for left, right, event in extents:
        row = _free_row(rows_right, left)
        rows_right[row] = max(rows_right[row], right)
        lane.marks.append(Mark(event=event, left=left, right=right, row=row))
    rows = max(1, len(rows_right), len(lane.label_lines))
    lane.height = rows * ROW + 2 * LANE_PADDING
    lane.marks = [Mark(event=m.event, left=m.left, right=m.right, row=m.row,
                       centre_y=top + LANE_PADDING + m.row * ROW + ROW / 2) for m in lane.marks]
    return lane


def _extent(event: TimelineEvent, scale: _Scale, today: dt.date) -> tuple:
    left = scale.x(event.date)
    if not event.is_span:
        return left - HALF_MARK, left + HALF_MARK, event
    end = event.end or max(today, event.date)
    return left, max(scale.x(end), left + 4), event


def _free_row(rows_right: list[float], left: float) -> int:
    """The first row this mark fits on, a new one, or the least crowded when rows run out."""
    for row, right in enumerate(rows_right):
        if right + 2 < left:
            return row
    if len(rows_right) < MAX_ROWS:
        rows_right.append(float("-inf"))
        return len(rows_right) - 1
    return min(range(len(rows_right)), key=rows_right.__getitem__)
