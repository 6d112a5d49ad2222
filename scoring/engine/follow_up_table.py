"""The `follow_up` referential table: one row per kind of follow-up action, with its interval
and its source. Parsed and validated here, so the actions (`scoring.engine.follow_up`) only
meet checked numbers.

A row gives its own interval (`every` + `unit`) where the texts (or an application rule) set
one only for the follow-up; where the number already lives in another topic (the dental
follow-up, the denosumab rhythm, the reassessment, the relay after denosumab, vitamin D
maintenance, the radiotherapy windows), the row names it in `interval_from` instead of
repeating it, so the plans and the reminders cannot disagree.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from scoring.engine.antiresorptive_table import add_months
from scoring.engine.referential import ReferentialError

TOPIC = "follow_up"
UNITS = {  # unit -> (French, English) templates
    "days": ("{n} jour(s)", "{n} day(s)"),
    "weeks": ("{n} semaine(s)", "{n} week(s)"),
    "months": ("{n} mois", "{n} month(s)"),
}
WASHOUT_REFERENCE = "radiosensitisation.drugs"  # a window per drug, no single interval
REFERENCES = (
    "antiresorptive.dental_follow_up",
    "antiresorptive.reassessment",
    "antiresorptive.stopping_denosumab",
    "antiresorptive.rhythms.multimetastatic.denosumab",
    "vitamin_d.maintenance",
    WASHOUT_REFERENCE,
)
DENTAL_CHECK = "dental_check"
DENOSUMAB_INJECTION = "denosumab_injection"
REASSESSMENT = "antiresorptive_reassessment"
ZOL_AFTER_DENOSUMAB = "zoledronic_acid_after_denosumab"
VITAMIN_D_MAINTENANCE = "vitamin_d_maintenance"
VITAMIN_D_RECHECK = "vitamin_d_recheck"
CALCIUM_CHECK = "calcium_check"
WASHOUT_STOP = "radiotherapy_washout_stop"
WASHOUT_RESUME = "radiotherapy_washout_resume"
REEVALUATION = "reevaluation_after_"  # + the procedure's code
PROCEDURES = ("cementoplasty", "thermal_ablation", "radiotherapy")
KINDS = (DENTAL_CHECK, DENOSUMAB_INJECTION, REASSESSMENT, ZOL_AFTER_DENOSUMAB,
         VITAMIN_D_MAINTENANCE, VITAMIN_D_RECHECK, CALCIUM_CHECK, WASHOUT_STOP,
         WASHOUT_RESUME) + tuple(REEVALUATION + procedure for procedure in PROCEDURES)


@dataclass(frozen=True)
class Interval:
    every: int
    unit: str  # "days", "weeks", "months"

    def after(self, day: date) -> date:
        if self.unit == "months":
            return add_months(day, self.every)
        return day + timedelta(days=self.every * (7 if self.unit == "weeks" else 1))

    def text(self, language: str) -> str:
        french, english = UNITS[self.unit]
        return (english if language.startswith("en") else french).format(n=self.every)


@dataclass(frozen=True)
class FollowUpRule:
    code: str  # one of KINDS
    label_fr: str
    label_en: str
    source: str
    interval: Interval | None  # None: read from `interval_from`
    interval_from: str  # "" or one of REFERENCES


@dataclass(frozen=True)
class FollowUpTable:
    rules: dict[str, FollowUpRule]

    def __getitem__(self, code: str) -> FollowUpRule:
        return self.rules[code]


def parse_follow_up(data: dict) -> FollowUpTable:
    rows = data.get("rules")
    if not isinstance(rows, list) or not rows:
        raise ReferentialError(f"{TOPIC}: 'rules' must be a non-empty list.")
    rules: dict[str, FollowUpRule] = {}
    for index, row in enumerate(rows):
        rule = _rule(row, f"{TOPIC}, row {index + 1}")
        if rule.code in rules:
            raise ReferentialError(f"{TOPIC}: {rule.code!r} is listed twice.")
        rules[rule.code] = rule
    absent = [code for code in KINDS if code not in rules]
    if absent:
        raise ReferentialError(f"{TOPIC}: no row for {', '.join(absent)}.")
    return FollowUpTable(rules=rules)


def _rule(row, where: str) -> FollowUpRule:
    if not isinstance(row, dict):
        raise ReferentialError(f"{where}: a row must be an object.")
    code = row.get("code")
    if code not in KINDS:
        raise ReferentialError(f"{where}: code {code!r} is not one of {', '.join(KINDS)}.")
    where = f"{TOPIC}, {code!r}"
    for key in ("label_fr", "label_en", "source"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise ReferentialError(f"{where}: {key} is required (every row cites its source).")
    reference = row.get("interval_from") or ""
    own = row.get("every") is not None or row.get("unit") is not None
    if bool(reference) == own:
        raise ReferentialError(f"{where}: give either an interval (every, unit) or "
                               f"interval_from, not both.")
    if reference and reference not in REFERENCES:
        raise ReferentialError(f"{where}: interval_from must be one of "
                               f"{', '.join(REFERENCES)}.")
    washout = code in (WASHOUT_STOP, WASHOUT_RESUME)
    if washout != (reference == WASHOUT_REFERENCE):
        raise ReferentialError(f"{where}: the radiotherapy wash-out rows, and only they, read "
                               f"their windows from {WASHOUT_REFERENCE}.")
    return FollowUpRule(code=code, label_fr=row["label_fr"], label_en=row["label_en"],
                        source=row["source"], interval_from=reference,
                        interval=_interval(row, where) if own else None)


def _interval(row: dict, where: str) -> Interval:
    every = row.get("every")
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise ReferentialError(f"{where}: every must be a whole number ≥ 1.")
    if row.get("unit") not in UNITS:
        raise ReferentialError(f"{where}: unit must be one of {', '.join(UNITS)}.")
    return Interval(every, row["unit"])
