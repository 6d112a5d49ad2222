"""Words for the engine's codes on the pages (decisions, statuses, actions).

The engine returns codes and bilingual reasons; the few codes a page shows as a headline
(a badge, a column) are named here, once, in the interface's translation catalogue.
"""

from django.utils.translation import gettext_lazy as _

from scoring.engine import results

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
