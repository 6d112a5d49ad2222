"""The engine's results as the statements of a proposal, section by section.

Every statement keeps the rule's identifier and source, so the signed proposal shows where
each automatic sentence came from; the panel edits the sections' text, not the statements.
Plain functions of an engine `CaseResult`: no database.
"""

from dataclasses import dataclass

from django.utils import translation

from patients import skeleton
from scoring.engine.results import Reason

SECTIONS = ("systemic", "local", "preparation", "follow_up")


@dataclass(frozen=True)
class Statement:
    section: str
    text_fr: str
    text_en: str
    source: str = ""
    rule_id: str = ""
    lesion_id: str = ""

    def as_dict(self) -> dict:
        return {"section": self.section, "text_fr": self.text_fr, "text_en": self.text_en,
                "source": self.source, "rule_id": self.rule_id, "lesion_id": self.lesion_id}


def _from(section: str, reason: Reason, lesion_id: str = "") -> Statement:
    return Statement(section, reason.text_fr, reason.text_en, reason.source, reason.rule_id,
                     lesion_id)


def _plain(section: str, text_fr: str, text_en: str, lesion_id: str = "") -> Statement:
    return Statement(section, text_fr, text_en, lesion_id=lesion_id)


def _missing(section: str, missing, lesion_id: str = "") -> list[Statement]:
    if not missing:
        return []
    return [_plain(section, "Données manquantes : " + ", ".join(m.label_fr for m in missing)
                   + ".", "Missing inputs: " + ", ".join(m.label_en for m in missing) + ".",
                   lesion_id)]


def draft_statements(result, drug_names: dict[str, str] | None = None) -> list[Statement]:
    """Every statement of the proposal, in reading order, each once (a reason can belong to
    two results, e.g. a drug's window and the planning that gathers them)."""
    seen, unique = set(), []
    for statement in (_systemic(result, drug_names or {}) + _local(result) + _preparation(result)
                      + _follow_up(result)):
        key = (statement.section, statement.lesion_id, statement.text_fr)
        if key not in seen:
            seen.add(key)
            unique.append(statement)
    return unique


def _systemic(result, names: dict[str, str]) -> list[Statement]:
    plan = result.antiresorptive
    out = [_from("systemic", reason) for reason in plan.start_reasons]
    out += [_from("systemic", reason) for reason in plan.zol_dose.reasons]
    if plan.should_start:
        for agent in plan.agents:
            name = names.get(agent.drug_code, agent.drug_code)
            if agent.contraindicated:
                out.append(_plain("systemic", f"{name} : contre-indiqué.",
                                  f"{name}: contraindicated."))
                continue
            dose = f" {str(agent.dose_mg).replace('.', ',')} mg" if agent.dose_mg else ""
            dose_en = f" {agent.dose_mg} mg" if agent.dose_mg else ""
            rhythm_fr = f", {agent.interval.text('fr')}" if agent.interval else ""
            rhythm_en = f", {agent.interval.text('en')}" if agent.interval else ""
            out.append(_plain("systemic", f"{name}{dose} ({agent.route.upper()}){rhythm_fr}.",
                              f"{name}{dose_en} ({agent.route.upper()}){rhythm_en}."))
            out += [_from("systemic", reason) for reason in agent.cautions]
        if plan.denosumab_caution:
            out.append(_from("systemic", plan.denosumab_caution))
        out += [_from("systemic", reason) for reason in plan.prerequisites_missing]
    out += _missing("systemic", plan.missing)
    return out


def _local(result) -> list[Statement]:
    out = []
    compression = result.spinal_cord_compression
    if compression.present:
        out += [_from("local", reason) for reason in compression.reasons + compression.actions]
    for lesion in result.lesions:
        out += _lesion(lesion)
    return out


def _lesion(lesion) -> list[Statement]:
    name_fr, name_en = _site_names(lesion.site)
    lid = lesion.lesion_id
    out = [_plain("local", f"Lésion {name_fr} :", f"Lesion {name_en}:", lid)]
    for score in (lesion.mirels, lesion.sins):
        if score is None:
            continue
        if score.complete:
            out.append(_plain("local", f"{score.name} {score.total} ({score.band_label_fr}).",
                              f"{score.name} {score.total} ({score.band_label_en}).", lid))
        else:
            out += _missing("local", score.missing, lid)
    opinion = lesion.surgical_opinion
    out += [_from("local", reason, lid) for reason in opinion.reasons + opinion.to_discuss
            if opinion.recommended or reason in opinion.to_discuss]
    radiotherapy = lesion.radiotherapy
    out += [_from("local", reason, lid) for reason in radiotherapy.indications]
    out += [Statement("local", f"Schéma possible : {s.label_fr}. {s.trade_off_fr}",
                      f"Possible scheme: {s.label_en}. {s.trade_off_en}", s.source,
                      f"radiotherapy.scheme.{s.code}", lid) for s in radiotherapy.schemes]
    if radiotherapy.field:
        field = radiotherapy.field
        out.append(Statement("local", field.text_fr, field.text_en, field.source,
                             "radiotherapy.field", lid))
    for eligibility in (lesion.cementoplasty, lesion.thermal_ablation):
        if eligibility.decision == "indicated":
            out += [_from("local", r, lid) for r in eligibility.indications
                    + eligibility.relative_contraindications + eligibility.warnings]
        elif eligibility.decision == "contraindicated":
            out += [_from("local", r, lid) for r in eligibility.absolute_contraindications]
    return out


def _site_names(code: str) -> tuple[str, str]:
    site = skeleton.get_site(code)
    if site is None:
        return code, code
    with translation.override("fr"):
        french = str(site.label)
    with translation.override("en"):
        return french, str(site.label)


def _preparation(result) -> list[Statement]:
    prep, planning = result.procedure_preparation, result.radiotherapy_planning
    out = [_from("preparation", reason) for reason in prep.reasons]
    out += [_from("preparation", reason) for reason in planning.reasons]
    for drug in planning.drugs:
        out += [_from("preparation", reason) for reason in drug.reasons]
    return out


def _follow_up(result) -> list[Statement]:
    vitamin_d, plan = result.vitamin_d, result.antiresorptive
    out = [_from("follow_up", reason) for reason in vitamin_d.reasons]
    out += [_from("follow_up", reason) for reason in plan.reasons
            if reason not in plan.start_reasons]
    if plan.stopping_denosumab:
        out += [_from("follow_up", reason) for reason in plan.stopping_denosumab.reasons]
    return out


def section_texts(statements: list[Statement], language: str = "fr") -> dict[str, str]:
    """The editable text of each section, one line per statement, to start from."""
    texts = {section: [] for section in SECTIONS}
    for statement in statements:
        text = statement.text_en if language.startswith("en") else statement.text_fr
        texts[statement.section].append(f"- {text}")
    return {section: "\n".join(lines) for section, lines in texts.items()}
