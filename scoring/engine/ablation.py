"""Percutaneous thermal ablation eligibility (000 Tableau 1, questions 10-12; 002/003 section 7).

Tableau 1 lists ablation next to cementoplasty with the same shape, so its table is a rule
table read by the same evaluator (rule_table.py). Its absolute contraindications concern monopolar
radiofrequency only (the electrode can arc near metal; a pacemaker forbids it): they exclude
that technique (`excluded_techniques`), not ablation as a whole, since cryoablation remains.

Orthopaedic implant "near the ablation zone": the records give the implant's site, not a
distance, so an implant on the lesion's bone (same long bone whatever the segment, since a
nail or plate spans segments; same vertebra; same flat bone), on the same side or with a side
not given, counts as near. Any other implant on that side (a hip prosthesis next to an
acetabular lesion is in another region) is an open question for the panel, not an answer.
"""

from scoring.engine.facts import Implant, LesionFacts, PatientFacts
from scoring.engine.rule_table import (
    BOOLEAN,
    FACTS,
    Fact,
    ProcedureEligibility,
    RuleTable,
    assess,
    fact_values,
    parse_rule_table,
)

LONG_BONE = "long_bone"

ABLATION_FACTS = {
    **FACTS,
    "derived.implant_on_lesion_bone": Fact(
        "matériel orthopédique sur l'os de la lésion", "orthopaedic implant on the lesion's bone",
        BOOLEAN),
    "derived.implant_elsewhere_on_side": Fact(
        "matériel orthopédique ailleurs du même côté", "orthopaedic implant elsewhere on that side",
        BOOLEAN),
}


def parse_thermal_ablation(data: dict) -> RuleTable:
    return parse_rule_table(data, "thermal_ablation", ABLATION_FACTS)


def thermal_ablation_eligibility(patient: PatientFacts, lesion: LesionFacts,
                                 table: RuleTable) -> ProcedureEligibility:
    """Whether percutaneous thermal ablation fits this lesion, and whether monopolar
    radiofrequency is excluded."""
    values = fact_values(patient, lesion)
    values.update(implant_facts(patient.implants, lesion))
    return assess(table, values, ABLATION_FACTS)


def implant_facts(implants: tuple[Implant, ...], lesion: LesionFacts) -> dict[str, bool]:
    """The implants are a list of records: an empty list means none recorded, not unknown."""
    same_side = [implant for implant in implants if _same_side(implant.side, lesion.side)]
    on_bone = [implant for implant in same_side
               if _bone(implant.site, lesion.region) == _bone(lesion.site, lesion.region)]
    return {
        "derived.implant_on_lesion_bone": bool(on_bone),
        "derived.implant_elsewhere_on_side": len(on_bone) < len(same_side),
    }


def _bone(site: str, region: str) -> str:
    """Long-bone sites are "<bone>_<segment>" ("femur_trochanteric"): proximity is judged on
    the bone. Other sites are one bone each (a vertebra, "acetabulum", "rib_4")."""
    return site.split("_", 1)[0] if region == LONG_BONE else site


def _same_side(implant_side: str, lesion_side: str) -> bool:
    return not (implant_side and lesion_side and implant_side != lesion_side)
