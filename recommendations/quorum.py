"""Whether the signers of a proposal make a valid panel (settings.RCP_QUORUMS, per meeting
type): enough physicians of distinct specialties, and each required specialty (a group of
which any one will do) among them."""

from dataclasses import dataclass

from django.conf import settings

from accounts.models import Specialty


@dataclass(frozen=True)
class QuorumStatus:
    met: bool
    physicians: int  # distinct physician specialties among the signers
    min_physicians: int
    missing: tuple[tuple[str, ...], ...]  # required specialty groups nobody covers

    def missing_labels(self) -> list[str]:
        labels = dict(Specialty.choices)
        return [" / ".join(str(labels.get(code, code)) for code in group)
                for group in self.missing]


def quorum_rule(meeting_type: str) -> dict:
    return settings.RCP_QUORUMS[meeting_type]


def quorum_status(meeting_type: str, specialties: list[str]) -> QuorumStatus:
    rule = quorum_rule(meeting_type)
    physicians = {code for code in specialties if code and code != Specialty.OTHER}
    missing = tuple(tuple(group) for group in rule["required"]
                    if not physicians & set(group))
    return QuorumStatus(
        met=len(physicians) >= rule["min_physicians"] and not missing,
        physicians=len(physicians), min_physicians=rule["min_physicians"], missing=missing)
