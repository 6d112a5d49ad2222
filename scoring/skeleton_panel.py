"""The patient's lesions on the skeleton map, each marker coloured by its fracture-risk band:
a panel of the patient's page (settings.PATIENT_PAGE_PANELS) and the map of the printed
case summary and proposal.

The band comes from the engine, as on the lesion page: Mirels for a long bone, SINS for the
spine. Its colour comes from its severity, which is the band's rank in the referential's
table (bands run from the lowest total to the highest, and in both scores a higher total is
a higher risk), unless the band names its own `severity`: no clinical threshold is restated
here. An incomplete score is "missing data", never guessed.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from patients.models import Lesion, Patient
from patients.panels import Panel
from patients.skeleton_map import (
    HIGH,
    LOW,
    MISSING,
    MODERATE,
    NOT_SCORED,
    SEVERITIES,
    Placement,
    SeverityColours,
    display_map,
)
from scoring.adapters import lesion_facts
from scoring.engine import mirels, sins
from scoring.referentials import request_referential

TOPIC_OF_SCORE = {mirels.NAME: mirels.TOPIC, sins.NAME: sins.TOPIC}


@dataclass(frozen=True)
class Risk:
    severity: str
    label: str  # in words, e.g. "Mirels: prophylactic surgery"


@dataclass(frozen=True)
class MappedLesion:
    number: int
    name: str
    site: str
    side: str
    risk: Risk
    url: str = ""


@dataclass(frozen=True)
class LegendEntry(SeverityColours):
    severity: str
    label: str
    lesions: tuple[MappedLesion, ...]


@dataclass(frozen=True)
class ScoreData:
    """The little of a score the map reads, from the engine's Score or its JSON (a proposal's
    recorded results)."""

    name: str
    band: str | None
    complete: bool
    band_label_fr: str = ""
    band_label_en: str = ""

    @classmethod
    def of(cls, score) -> "ScoreData | None":
        if score is None:
            return None
        if isinstance(score, dict):
            return cls(score.get("name", ""), score.get("band"), bool(score.get("complete")),
                       score.get("band_label_fr", ""), score.get("band_label_en", ""))
        return cls(score.name, score.band, score.complete, score.band_label_fr,
                   score.band_label_en)

    @property
    def band_label(self) -> str:
        english = (translation.get_language() or "").startswith("en")
        return (self.band_label_en if english else self.band_label_fr) or self.band or ""


def band_severity(bands, code: str) -> str:
    """LOW for the lowest band, HIGH for the highest, MODERATE between; MISSING for a band the
    table does not have (never a guess)."""
    ordered = sorted(bands, key=lambda band: (band.lower is not None, band.lower or Decimal(0)))
    codes = [band.code for band in ordered]
    if code not in codes:
        return MISSING
    named = ordered[codes.index(code)].data.get("severity")
    if named in (LOW, MODERATE, HIGH):
        return named
    rank = codes.index(code)
    if rank == 0:
        return LOW
    return HIGH if rank == len(codes) - 1 else MODERATE


def lesion_risk(mirels_score, sins_score, referential) -> Risk:
    score = ScoreData.of(mirels_score) or ScoreData.of(sins_score)
    if score is None or score.name not in TOPIC_OF_SCORE:
        return Risk(NOT_SCORED, _("No fracture-risk score at this site"))
    if not score.complete or not score.band:
        return Risk(MISSING, _("%(score)s: missing data") % {"score": score.name})
    severity = band_severity(referential[TOPIC_OF_SCORE[score.name]].bands, score.band)
    return Risk(severity, _("%(score)s: %(band)s") % {"score": score.name,
                                                       "band": score.band_label})


def mapped_lesions(lesions, scores: dict[str, tuple], referential,
                   links: bool = True) -> list[MappedLesion]:
    """The lesions in the order they were recorded, numbered from 1; `scores` gives each
    lesion's (Mirels, SINS) by lesion id, a lesion without them is not scored."""
    ordered = sorted(lesions, key=lambda lesion: lesion.pk)
    return [
        MappedLesion(number, str(lesion), lesion.site, lesion.side,
                     lesion_risk(*scores.get(str(lesion.pk), (None, None)), referential),
                     lesion.get_absolute_url() if links else "")
        for number, lesion in enumerate(ordered, start=1)
    ]


def legend(mapped: list[MappedLesion]) -> list[LegendEntry]:
    """One entry per band shown, the most severe first, each with its lesions."""
    groups: dict[tuple[str, str], list[MappedLesion]] = {}
    for lesion in mapped:
        groups.setdefault((lesion.risk.severity, lesion.risk.label), []).append(lesion)
    keys = sorted(groups, key=lambda key: (SEVERITIES.index(key[0]), key[1]))
    return [LegendEntry(severity, label, tuple(groups[(severity, label)]))
            for severity, label in keys]


def map_context(mapped: list[MappedLesion], printed: bool = False) -> dict:
    placements = [Placement(lesion.number, lesion.site, lesion.side, lesion.risk.severity,
                            f"{lesion.number}. {lesion.name} — {lesion.risk.label}", lesion.url)
                  for lesion in mapped]
    return {"skeleton_map": display_map(placements, printed=printed),
            "skeleton_legend": legend(mapped)}


def engine_scores(lesion_results) -> dict[str, tuple]:
    """(Mirels, SINS) by lesion id, from the engine's LesionResults."""
    return {result.lesion_id: (result.mirels, result.sins) for result in lesion_results}


def recorded_scores(document: dict) -> dict[str, tuple]:
    """(Mirels, SINS) by lesion id, from recorded results (scoring.serialize.case_document)."""
    lesions = ((document or {}).get("result") or {}).get("lesions") or []
    return {str(item.get("lesion_id")): (item.get("mirels"), item.get("sins"))
            for item in lesions if isinstance(item, dict)}


def skeleton_panel(patient: Patient, request) -> Panel | None:
    lesions: list[Lesion] = list(patient.lesions.all())
    if not lesions:
        return None
    referential = request_referential(request)
    scores = {}
    for lesion in lesions:
        facts = lesion_facts(lesion)
        scores[str(lesion.pk)] = (mirels.score_mirels(facts, referential["mirels"]),
                                  sins.score_sins(facts, referential["sins"]))
    return Panel("scoring/skeleton_panel.html",
                 map_context(mapped_lesions(lesions, scores, referential)))
