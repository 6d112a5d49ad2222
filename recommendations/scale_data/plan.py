"""What one run generates, and how generated rows are recognised afterwards."""

from dataclasses import dataclass
from datetime import date

# Generated rows are marked by these, so a later run finds them (refusal, --append, --reset).
IPP_PREFIX = "SCALE"
USERNAME_PREFIX = "scale-"
PLACE_PREFIX = "Scale data"
GENERATED_LABEL = "scale_data"  # in a proposal's engine_result when not computed


@dataclass(frozen=True)
class ScalePlan:
    patients: int
    seed: int
    today: date
    meetings: int = 104  # weekly: two years
    future_meetings: int = 4  # of which still to come
    cases_per_meeting: int = 30
    first_number: int = 1  # the first patient number (above the existing ones on --append)
    engine_sample: int = 1  # proposals per past meeting drafted by the real engine

    @property
    def past_meetings(self) -> int:
        return max(self.meetings - self.future_meetings, 0)

    def ipp(self, number: int) -> str:
        return f"{IPP_PREFIX}{number:08d}"

    @property
    def place(self) -> str:
        """One place per run: meetings of an appended run do not collide with earlier ones."""
        return f"{PLACE_PREFIX} #{self.first_number}"
