"""The rule-table evaluator that procedure eligibility shares (cementoplasty.py, ablation.py).

A rule table is a referential topic whose rows are indications, non-indications,
contraindications and warnings, each with its labels, its source and the fact it reads, as
data: {"fact": "lesion.fracture_status", "equals": "unstable"}. This module parses and
evaluates such tables and names no clinical finding itself: each procedure module only names
its table (and any fact it derives). Rows whose fact the records do not hold ("diffuse
non-localised pain") are `to_check`: open questions listed for the panel, never missing inputs
that block the decision.

Condition vocabulary (`when`): {"fact": path, "equals": value} | {"fact": path, "in": [...]}
| {"fact": path, "is_true": true} | {"all": [...]} | {"any": [...]} | {"always": true}.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import UNDETERMINED, Eligibility, Missing, Reason, decide

KINDS = ("indication", "non_indication", "absolute", "relative", "warning")
KIND_LABELS = {  # how an open question names the kind of its row
    "indication": ("indication", "indication"),
    "non_indication": ("non-indication", "non-indication"),
    "absolute": ("contre-indication absolue", "absolute contraindication"),
    "relative": ("contre-indication relative", "relative contraindication"),
    "warning": ("précaution", "precaution"),
}
OPERATORS = ("equals", "in", "is_true")
BOOLEAN = (True, False)


@dataclass(frozen=True)
class Fact:
    """A fact a row may read: its label (for the missing list) and the codes it can take
    (the patients app's choice values; None: any non-empty text, such as a site code)."""

    label_fr: str
    label_en: str
    values: tuple | None = None


# The records' facts any rule table may read (fact_values reads them all); a procedure that
# derives more facts passes its own registry (ablation.py).
FACTS: dict[str, Fact] = {
    "patient.cement_allergy": Fact("allergie au ciment", "allergy to bone cement", BOOLEAN),
    "patient.active_infection": Fact("infection générale ou cutanée en cours",
                                     "active systemic or skin infection", BOOLEAN),
    "patient.coagulation_disorder": Fact("trouble sévère de la coagulation",
                                         "severe coagulation disorder", BOOLEAN),
    "patient.implanted_electronic_device": Fact("matériel électronique implantable",
                                                "implanted electronic device", BOOLEAN),
    "lesion.site": Fact("site de la lésion", "lesion site"),
    "lesion.region": Fact("région de la lésion", "lesion region", (
        "spine", "long_bone", "pelvis", "thorax", "shoulder_girdle", "skull")),
    "lesion.pain": Fact("douleur", "pain", ("none", "mild", "moderate", "functional")),
    "lesion.pain_controlled_by_analgesics": Fact(
        "douleur contrôlée par les antalgiques", "pain controlled by analgesics", BOOLEAN),
    "lesion.fracture_status": Fact("fracture", "fracture status",
                                   ("none", "impending", "stable", "unstable")),
    "lesion.collapse": Fact("effondrement du corps vertébral", "vertebral body collapse",
                            ("none", "none_gt50_body", "lt50", "gt50")),
    "lesion.epidural_extension": Fact("extension épidurale", "epidural extension", BOOLEAN),
    "lesion.neurological_deficit": Fact("neurologie", "neurology",
                                        ("none", "radiculopathy", "incomplete", "complete")),
    "lesion.soft_tissue_extension": Fact("extension aux parties molles",
                                         "soft-tissue extension", BOOLEAN),
}


@dataclass(frozen=True)
class Condition:
    """A parsed `when`: `all`/`any` of parts, `always`, or one fact compared to a value."""

    op: str  # "all", "any", "always", "equals", "in", "is_true"
    fact: str = ""
    value: object = None  # expected value; a tuple for "in"
    parts: tuple["Condition", ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    label_fr: str
    label_en: str
    source: str
    when: Condition | None  # None only for a to_check row: the records hold no such fact
    to_check: bool = False
    technique: str = ""  # an absolute contraindication to this technique only


@dataclass(frozen=True)
class RuleTable:
    topic: str
    rules: tuple[Rule, ...]
    techniques: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # (fr, en)


@dataclass(frozen=True)
class ProcedureEligibility(Eligibility):
    """Eligibility, plus what the shared result cannot say: why it is not indicated, which
    technique only is excluded, and the open questions the records cannot answer."""

    non_indications: tuple[Reason, ...] = ()
    excluded_techniques: tuple[Reason, ...] = ()
    to_check: tuple[Reason, ...] = ()

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return super().reasons + self.non_indications + self.excluded_techniques + self.to_check


def parse_rule_table(data: dict, topic: str, facts: Mapping[str, Fact] = FACTS) -> RuleTable:
    """Validate every row: kind, labels, source, and a `when` written in the vocabulary."""
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list) or not data["rows"]:
        raise ReferentialError(f"{topic}: the table needs a non-empty list of rows.")
    techniques = {}
    for code, labels in data.get("techniques", {}).items():
        if not isinstance(labels, dict) or not all(labels.get(k) for k in ("label_fr", "label_en")):
            raise ReferentialError(f"{topic}, technique {code!r}: label_fr and label_en needed.")
        techniques[code] = (labels["label_fr"], labels["label_en"])
    rules = tuple(_parse_rule(row, f"{topic}, row {index + 1}", facts, techniques)
                  for index, row in enumerate(data["rows"]))
    codes = [rule.code for rule in rules]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ReferentialError(f"{topic}: duplicate row codes {duplicates}.")
    return RuleTable(topic=topic, rules=rules, techniques=techniques)


_ROW_KEYS = {"code", "kind", "label_fr", "label_en", "source", "when", "to_check", "technique"}


def _parse_rule(row, where: str, facts, techniques) -> Rule:
    if not isinstance(row, dict) or not isinstance(row.get("code"), str) or not row["code"]:
        raise ReferentialError(f"{where}: every row needs a code.")
    where = f"{where} ({row['code']})"
    if not isinstance(row.get("source"), str) or not row["source"].strip():
        raise ReferentialError(f"{where}: every row must cite its source.")
    if not all(isinstance(row.get(k), str) and row[k] for k in ("label_fr", "label_en")):
        raise ReferentialError(f"{where}: label_fr and label_en are required.")
    if row.get("kind") not in KINDS:
        raise ReferentialError(f"{where}: kind {row.get('kind')!r} is not one of {KINDS}.")
    if set(row) - _ROW_KEYS:
        raise ReferentialError(f"{where}: unknown keys {sorted(set(row) - _ROW_KEYS)}.")
    to_check = row.get("to_check", False)
    if not isinstance(to_check, bool):
        raise ReferentialError(f"{where}: to_check must be true or false.")
    if "when" not in row and not to_check:
        raise ReferentialError(f"{where}: a row without `when` must be `to_check`.")
    technique = row.get("technique", "")
    if technique and (technique not in techniques or row["kind"] != "absolute"):
        raise ReferentialError(
            f"{where}: technique {technique!r} must be declared and on an absolute row.")
    when = _parse_condition(row["when"], where, facts) if "when" in row else None
    return Rule(code=row["code"], kind=row["kind"], label_fr=row["label_fr"],
                label_en=row["label_en"], source=row["source"], when=when,
                to_check=to_check, technique=technique)


def _parse_condition(data, where: str, facts) -> Condition:
    if not isinstance(data, dict):
        raise ReferentialError(f"{where}: a condition must be an object, not {data!r}.")
    if "always" in data:
        if data != {"always": True}:
            raise ReferentialError(f"{where}: write an unconditional row as {{'always': true}}.")
        return Condition("always")
    for combinator in ("all", "any"):
        if combinator in data:
            parts = data[combinator]
            if set(data) != {combinator} or not isinstance(parts, list) or not parts:
                raise ReferentialError(f"{where}: {combinator!r} needs a non-empty list alone.")
            return Condition(combinator, parts=tuple(_parse_condition(p, where, facts)
                                                     for p in parts))
    return _parse_comparison(data, where, facts)


def _parse_comparison(data: dict, where: str, facts) -> Condition:
    path = data.get("fact")
    if path not in facts:
        raise ReferentialError(f"{where}: unknown fact path {path!r}.")
    operators = [key for key in data if key != "fact"]
    if len(operators) != 1 or operators[0] not in OPERATORS:
        raise ReferentialError(f"{where}: unknown operator {operators} (one of {OPERATORS}).")
    op, value, fact = operators[0], data[operators[0]], facts[path]
    if op == "is_true" and (value is not True or fact.values != BOOLEAN):
        raise ReferentialError(f"{where}: is_true takes true, on a yes/no fact ({path}).")
    expected = value if op == "in" else [value]
    if op == "in" and (not isinstance(value, list) or not value):
        raise ReferentialError(f"{where}: 'in' needs a non-empty list.")
    for item in expected:
        if not _is_value_of(item, fact):
            raise ReferentialError(f"{where}: {item!r} is not a value of {path}.")
    return Condition(op, fact=path, value=tuple(value) if op == "in" else value)


def _is_value_of(value, fact: Fact) -> bool:
    if fact.values is None:
        return isinstance(value, str) and bool(value)
    # type too: 1 == True in Python, and a code "1" is not the number 1
    return any(value == allowed and type(value) is type(allowed) for allowed in fact.values)


def evaluate(condition: Condition, values: Mapping[str, object]) -> tuple[bool | None, tuple]:
    """Three-valued: True, False, or None when an unknown fact could decide, with the paths
    of those unknown facts. A known False in an `all` settles it whatever else is unknown."""
    if condition.op == "always":
        return True, ()
    if condition.op in ("all", "any"):
        results = [evaluate(part, values) for part in condition.parts]
        settling = condition.op == "any"  # any: one True settles; all: one False settles
        if any(result is settling for result, _ in results):
            return settling, ()
        unknown = tuple(path for result, paths in results if result is None for path in paths)
        return (None, unknown) if unknown else (not settling, ())
    value = values.get(condition.fact)
    if value is None:
        return None, (condition.fact,)
    if condition.op == "in":
        return value in condition.value, ()
    return value == condition.value, ()


def fact_values(patient: PatientFacts, lesion: LesionFacts) -> dict[str, object]:
    """The value of every registered fact; an empty code ("") counts as unknown."""
    scopes = {"patient": patient, "lesion": lesion}
    values = {}
    for path in FACTS:
        scope, name = path.split(".", 1)
        value = getattr(scopes[scope], name)
        values[path] = None if value == "" else value
    return values


def assess(table: RuleTable, values: Mapping[str, object], facts: Mapping[str, Fact] = FACTS,
           ) -> ProcedureEligibility:
    """Every row of the table against the facts: found rows by kind, open questions, and
    the facts whose absence leaves a row undetermined."""
    found = {kind: [] for kind in KINDS}
    excluded, to_check, missing, undetermined_kinds = [], [], [], set()
    for rule in table.rules:
        holds, unknown = evaluate(rule.when, values) if rule.when else (True, ())
        if rule.to_check:
            if holds:
                to_check.append(_reason(table, rule, open_question=True))
        elif holds is None:
            missing.extend(path for path in unknown if path not in missing)
            if not rule.technique:
                undetermined_kinds.add(rule.kind)
        elif holds:
            (excluded if rule.technique else found[rule.kind]).append(_reason(table, rule))
    return ProcedureEligibility(
        treatment=table.topic,
        decision=_decision(found, undetermined_kinds),
        indications=tuple(found["indication"]),
        absolute_contraindications=tuple(found["absolute"]),
        relative_contraindications=tuple(found["relative"]),
        warnings=tuple(found["warning"]),
        missing=tuple(Missing(path.split(".", 1)[1], facts[path].label_fr,
                              facts[path].label_en) for path in missing),
        non_indications=tuple(found["non_indication"]),
        excluded_techniques=tuple(excluded),
        to_check=tuple(to_check),
    )


def _decision(found: dict, undetermined_kinds: set) -> str:
    """`decide`, except that an indication does not make the procedure indicated while an
    absolute contraindication is still unknown (say, a cement allergy): UNDETERMINED means
    "missing inputs could change the decision", and that one could."""
    if found["indication"] and not found["absolute"] and "absolute" in undetermined_kinds:
        return UNDETERMINED
    indication_unknown = "indication" in undetermined_kinds
    return decide(found["indication"], found["absolute"], indication_unknown)


def _reason(table: RuleTable, rule: Rule, open_question: bool = False) -> Reason:
    text_fr, text_en = rule.label_fr, rule.label_en
    if rule.technique:
        technique_fr, technique_en = table.techniques[rule.technique]
        text_fr, text_en = f"{technique_fr} : {text_fr}", f"{technique_en}: {text_en}"
    if open_question:
        kind_fr, kind_en = KIND_LABELS[rule.kind]
        text_fr = f"À vérifier par la RCP ({kind_fr}) : {text_fr}"
        text_en = f"To be checked by the panel ({kind_en}): {text_en}"
    return Reason(f"{table.topic}.{rule.code}", text_fr, text_en, rule.source)
