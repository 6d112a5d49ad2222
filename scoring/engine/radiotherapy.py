"""Radiotherapy for one bone lesion (000 Questions 13-14, 004): indications, schemes, field.

The five indications of Question 13 are checked one by one from the lesion and its Mirels or
SINS result; each found indication cites its source, each unknown fact that could add one is
listed as missing. Schemes, the field margins and the post-operative delay come from the
referential; the code only applies them.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.radiotherapy_field import FieldExtent, field_extent
from scoring.engine.radiotherapy_table import RadiotherapyTable, Scheme, parse_radiotherapy
from scoring.engine.results import Missing, Reason, Score, decide

__all__ = ["FieldExtent", "PostOperativeWindow", "RadiotherapyAssessment", "RadiotherapyTable",
           "SchemeOption", "parse_radiotherapy", "radiotherapy_assessment"]

RULE_ID = "radiotherapy"
PALLIATIVE, SBRT = "palliative", "sbrt"


@dataclass(frozen=True)
class SchemeOption:
    code: str
    kind: str
    fractions: int
    dose_per_fraction_gy_min: Decimal
    dose_per_fraction_gy_max: Decimal
    total_gy_min: Decimal
    total_gy_max: Decimal
    label_fr: str
    label_en: str
    trade_off_fr: str
    trade_off_en: str
    source: str
    caution_fr: str = ""  # the lesion is outside the scheme's preferred regions
    caution_en: str = ""


@dataclass(frozen=True)
class PostOperativeWindow:
    surgery_date: date
    start: date
    end: date
    passed: bool  # the reference date is after the end of the window


@dataclass(frozen=True)
class RadiotherapyAssessment:
    lesion_id: str
    decision: str  # results.INDICATED / NOT_INDICATED / UNDETERMINED
    indications: tuple[Reason, ...]
    warnings: tuple[Reason, ...]
    schemes: tuple[SchemeOption, ...]
    field: FieldExtent | None
    postoperative_window: PostOperativeWindow | None
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class _Found:
    indications: list[Reason] = field(default_factory=list)
    warnings: list[Reason] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # scheme kinds the indications call for

    def indicate(self, reason: Reason, kind: str = PALLIATIVE) -> None:
        self.indications.append(reason)
        self.kinds.add(kind)

    def lack(self, name: str, label_fr: str, label_en: str) -> None:
        self.missing.append(Missing(name, label_fr, label_en))


def radiotherapy_assessment(patient: PatientFacts, lesion: LesionFacts, mirels: Score | None,
                            sins: Score | None, oligometastatic: bool | None,
                            reference_date: date, table: RadiotherapyTable
                            ) -> RadiotherapyAssessment:
    found = _Found()
    _pain(lesion, table, found)
    _fracture_risk(lesion, {"mirels": mirels, "sins": sins}, table, found)
    _cord_compression(lesion, table, found)
    window = _postoperative(lesion, reference_date, table, found)
    _oligometastatic(oligometastatic, table, found)
    _prior_radiotherapy(lesion, table, found)
    extent = field_extent(patient, lesion, table, found.missing)
    schemes = _schemes(lesion, found.kinds, table)
    firsts: dict[str, Missing] = {}
    for lacking in found.missing:
        firsts.setdefault(lacking.name, lacking)
    missing = tuple(firsts.values())
    extra = (Reason(f"{RULE_ID}.field", extent.text_fr, extent.text_en, extent.source),) \
        if extent else ()
    return RadiotherapyAssessment(
        lesion_id=lesion.id,
        decision=decide(found.indications, (), missing),
        indications=tuple(found.indications),
        warnings=tuple(found.warnings),
        schemes=schemes,
        field=extent,
        postoperative_window=window,
        reasons=tuple(found.indications)
        + tuple(w for w in found.warnings if w not in found.indications) + extra,
        missing=missing,  # each input once, though several rules may need it
    )


def _pain(lesion: LesionFacts, table: RadiotherapyTable, found: _Found) -> None:
    """Indication 1: a painful lesion that analgesic drugs do not control."""
    if lesion.pain is None:
        found.lack("pain", "douleur", "pain")
    elif lesion.pain in table.painful_levels:
        if lesion.pain_controlled_by_analgesics is None:
            found.lack("pain_controlled_by_analgesics", "douleur contrôlée par les antalgiques",
                       "pain controlled by analgesics")
        elif not lesion.pain_controlled_by_analgesics:
            found.indicate(Reason(f"{RULE_ID}.pain",
                                  "Douleur osseuse résistante aux antalgiques.",
                                  "Bone pain resistant to analgesics.", table.pain_source))


def _fracture_risk(lesion: LesionFacts, scores: dict[str, Score | None],
                   table: RadiotherapyTable, found: _Found) -> None:
    """Indication 2, read from the band of the region's fracture score."""
    name = table.score_by_region.get(lesion.region)
    if name is None:
        return
    score = scores[name]
    if score is None or score.band is None:
        found.lack(name, f"score {name.upper()} incomplet", f"{name.upper()} score incomplete")
        return
    rule = table.band_rules.get((name, score.band))
    if rule is None:
        found.lack(f"{name}.{score.band}", f"{name.upper()} {score.band} : pas de règle : demander",
                   f"{name.upper()} {score.band}: no referential rule: ask")
        return
    reason = Reason(f"{RULE_ID}.fracture_risk.{name}", rule.text_fr, rule.text_en, rule.source)
    if rule.effect in ("indication", "indication_with_caution"):
        found.indicate(reason)
    if rule.effect in ("indication_with_caution", "surgery_first"):
        found.warnings.append(reason)


def _cord_compression(lesion: LesionFacts, table: RadiotherapyTable, found: _Found) -> None:
    """Indication 3: a neurological deficit with epidural extension or a high Bilsky grade."""
    if lesion.region not in table.cord_regions:
        return
    deficit = lesion.neurological_deficit
    if deficit is None:
        found.lack("neurological_deficit", "déficit neurologique", "neurological deficit")
        return
    if deficit not in table.cord_deficits:
        return
    if lesion.epidural_extension or lesion.bilsky_grade in table.cord_bilsky_grades:
        postoperative = lesion.surgery_date is not None
        found.indicate(Reason(
            f"{RULE_ID}.cord_compression",
            "Compression médullaire : radiothérapie " + (
                "adjuvante après la chirurgie." if postoperative else "exclusive, en urgence."),
            "Spinal cord compression: " + (
                "adjuvant radiotherapy after surgery." if postoperative
                else "exclusive radiotherapy, as an emergency."),
            table.cord_source))
        return
    if lesion.epidural_extension is None:
        found.lack("epidural_extension", "extension épidurale", "epidural extension")
    if lesion.bilsky_grade is None:
        found.lack("bilsky_grade", "grade de Bilsky", "Bilsky grade")


def _postoperative(lesion: LesionFacts, reference_date: date, table: RadiotherapyTable,
                   found: _Found) -> PostOperativeWindow | None:
    """Indication 4: adjuvant radiotherapy, started within its window on healed skin."""
    if lesion.surgery_date is None:
        return None
    low, high = table.postoperative_days_min, table.postoperative_days_max
    start = lesion.surgery_date + timedelta(days=low)
    end = lesion.surgery_date + timedelta(days=high)
    found.indicate(Reason(
        f"{RULE_ID}.postoperative",
        f"Radiothérapie adjuvante post-opératoire, {low} à {high} jours après la chirurgie "
        f"(du {start:%d/%m/%Y} au {end:%d/%m/%Y}), sur peau cicatrisée.",
        f"Post-operative adjuvant radiotherapy, {low} to {high} days after surgery "
        f"({start:%Y-%m-%d} to {end:%Y-%m-%d}), on healed skin.", table.postoperative_source))
    passed = reference_date > end
    if passed:
        found.warnings.append(Reason(
            f"{RULE_ID}.postoperative.passed",
            "Fenêtre post-opératoire dépassée : à programmer dès que la peau est cicatrisée.",
            "Post-operative window passed: to be scheduled as soon as the skin has healed.",
            table.postoperative_source))
    return PostOperativeWindow(lesion.surgery_date, start, end, passed)


def _oligometastatic(oligometastatic: bool | None, table: RadiotherapyTable,
                     found: _Found) -> None:
    """Indication 5: ablative stereotactic radiotherapy of oligometastases."""
    if oligometastatic is None:
        found.lack("oligometastatic", "statut oligométastatique", "oligometastatic status")
    elif oligometastatic:
        found.indicate(Reason(f"{RULE_ID}.oligometastatic",
                              "Maladie oligométastatique : radiothérapie stéréotaxique à visée "
                              "ablative.",
                              "Oligometastatic disease: ablative stereotactic radiotherapy.",
                              table.oligometastatic_source), SBRT)


def _prior_radiotherapy(lesion: LesionFacts, table: RadiotherapyTable, found: _Found) -> None:
    """A site already irradiated: re-irradiation, the previous dose must be known."""
    if lesion.prior_radiotherapy_date is None:
        return
    when = lesion.prior_radiotherapy_date
    dose, fractions = lesion.prior_radiotherapy_dose_gy, lesion.prior_radiotherapy_fractions
    scheme_fr = f"{dose} Gy" if dose is not None else "dose inconnue"
    scheme_en = f"{dose} Gy" if dose is not None else "dose unknown"
    if fractions:
        scheme_fr, scheme_en = f"{scheme_fr} / {fractions} fr.", f"{scheme_en} / {fractions} fr."
    found.warnings.append(Reason(
        f"{RULE_ID}.reirradiation",
        f"Ré-irradiation : radiothérapie antérieure le {when:%d/%m/%Y} ({scheme_fr}) ; dose "
        f"cumulée aux organes à risque à vérifier par le radiothérapeute.",
        f"Re-irradiation: previous radiotherapy on {when:%Y-%m-%d} ({scheme_en}); cumulative "
        f"dose to the organs at risk to be checked by the radiation oncologist.",
        table.reirradiation_source))
    if dose is None:
        found.lack("prior_radiotherapy_dose", "dose de la radiothérapie antérieure",
                   "dose of the previous radiotherapy")


def _schemes(lesion: LesionFacts, kinds: set[str], table: RadiotherapyTable
             ) -> tuple[SchemeOption, ...]:
    return tuple(_option(s, lesion) for s in table.schemes if s.kind in kinds)


def _option(scheme: Scheme, lesion: LesionFacts) -> SchemeOption:
    outside = bool(scheme.preferred_regions) and lesion.region not in scheme.preferred_regions
    return SchemeOption(
        code=scheme.code, kind=scheme.kind, fractions=scheme.fractions,
        dose_per_fraction_gy_min=scheme.dose_per_fraction_gy_min,
        dose_per_fraction_gy_max=scheme.dose_per_fraction_gy_max,
        total_gy_min=scheme.dose_per_fraction_gy_min * scheme.fractions,
        total_gy_max=scheme.dose_per_fraction_gy_max * scheme.fractions,
        label_fr=scheme.label_fr, label_en=scheme.label_en,
        trade_off_fr=scheme.trade_off_fr, trade_off_en=scheme.trade_off_en,
        source=scheme.source,
        caution_fr=scheme.caution_fr if outside else "",
        caution_en=scheme.caution_en if outside else "",
    )
