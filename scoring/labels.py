"""Words for the engine's codes on the pages (decisions, statuses, actions).

The engine returns codes and bilingual reasons; the few codes a page shows as a headline
(a badge, a column) are named here, once, in the interface's translation catalogue.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from patients import skeleton
from patients.models.lesion import FrankelGrade, Neurology
from patients.models.patient import PrimarySite, VisceralMetastases
from scoring.engine import mirels, results, sins

DECISIONS = {
    results.INDICATED: _("Indicated"),
    results.CONTRAINDICATED: _("Contraindicated"),
    results.NOT_INDICATED: _("Not indicated"),
    results.UNDETERMINED: _("Undetermined (missing inputs)"),
}

# Bootstrap colour of each decision's badge.
DECISION_STYLES = {
    results.INDICATED: "success",
    results.CONTRAINDICATED: "danger",
    results.NOT_INDICATED: "secondary",
    results.UNDETERMINED: "warning",
}

TREATMENTS = {
    "cementoplasty": _("Cementoplasty"),
    "thermal_ablation": _("Thermal ablation"),
    "radiotherapy": _("Radiotherapy"),
}

LAB_STATUSES = {
    "ok": _("sufficient"),
    "insufficient": _("below the threshold"),
    "missing": _("missing"),
    "outdated": _("too old: to be redone"),
}

ANTITHROMBOTIC_ACTIONS = {
    "continue": _("continue"),
    "stop": _("stop"),
    "relay": _("stop, with a relay"),
    "ask": _("ask the prescriber"),
    None: _("depends on the dose (unknown)"),
}

DRUG_CLASSES = {
    "high_risk": _("high radiosensitisation risk"),
    "compatible": _("compatible"),
    "precaution": _("precaution (5 half-lives)"),
    "checkpoint_inhibitor": _("checkpoint inhibitor"),
    "not_classified": _("not classified"),
    None: _("not in the referential"),
}

RHYTHMS = {
    "oligometastatic": _("oligometastatic rhythm"),
    "multimetastatic": _("multimetastatic rhythm"),
}

NOMS_COMPONENTS = {
    "neurologic": _("Neurologic"),
    "oncologic": _("Oncologic"),
    "mechanical": _("Mechanical"),
    "systemic": _("Systemic"),
}


def yes_no_unknown(value: bool | None) -> str:
    """A three-valued answer: None is "unknown", never "no"."""
    return {True: _("yes"), False: _("no"), None: _("unknown")}[value]


# A score table's row shows the finding in words, never the code the engine matched.
# Mirels and SINS label each known item "<item>: <finding's row>" (scoring.engine.mirels);
# Tokuhashi and Tomita keep the item's label and the patient's code, named here.
ROW_LABELLED_SCORES = {mirels.NAME, sins.NAME}
_ROW_SEPARATOR = {"en": ": ", "fr": " : "}
FINDING_CHOICES = {
    "primary_site": PrimarySite, "primary_growth": PrimarySite,
    "internal_organs": VisceralMetastases, "visceral_metastases": VisceralMetastases,
}


@dataclass(frozen=True)
class ScoreRow:
    item: str
    finding: str | None  # None: the finding is missing


def score_row(score: results.Score, item: results.ScoreItem, language: str) -> ScoreRow:
    """The item and its finding in words, in "en" or "fr" (a capital, as the choices have:
    "lytic" is both the SINS row's English label and its code)."""
    label = item.label_en if language == "en" else item.label_fr
    if item.finding is None:
        return ScoreRow(label, None)
    if score.name in ROW_LABELLED_SCORES:
        name, separator, finding = label.partition(_ROW_SEPARATOR[language])
        if separator:
            return ScoreRow(name, capfirst(finding))
    return ScoreRow(label, capfirst(str(finding_label(item.name, item.finding))))


def finding_label(item_name: str, finding: str) -> str:
    """The words for a points score's finding: a choice's label, a site's name; a finding
    the engine already wrote in words ("Karnofsky 70 %", "3") as it is."""
    choices = FINDING_CHOICES.get(item_name)
    if choices is not None and finding in choices.values:
        return choices(finding).label
    if item_name == "palsy":  # "t11: Frankel E", "t11: incomplete"
        site, separator, palsy = finding.partition(": ")
        if separator:
            return f"{site_label(site)}: {_palsy_label(palsy)}"
    return site_label(finding)


def site_label(code: str) -> str:
    site = skeleton.get_site(code)
    return str(site.label) if site else code


def _palsy_label(palsy: str) -> str:
    grade = palsy.removeprefix("Frankel ")
    if grade in FrankelGrade.values:
        return f"Frankel {FrankelGrade(grade).label}"
    return Neurology(palsy).label if palsy in Neurology.values else palsy
