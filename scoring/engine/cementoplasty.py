"""Cementoplasty eligibility (000 Tableau 1; 002/003 sections 1-7, Tableau 8).

Each indication or contraindication is a row of the referential's cementoplasty table, with
its kind, labels, source and the fact it reads; rule_table.py parses and evaluates it, so
this module only names the table and reads the records' facts into it.
"""

from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.rule_table import (
    ProcedureEligibility,
    RuleTable,
    assess,
    fact_values,
    parse_rule_table,
)


def parse_cementoplasty(data: dict) -> RuleTable:
    return parse_rule_table(data, "cementoplasty")


def cementoplasty_eligibility(patient: PatientFacts, lesion: LesionFacts,
                              table: RuleTable) -> ProcedureEligibility:
    """Whether cementoplasty fits this lesion, read from the cementoplasty rule table."""
    return assess(table, fact_values(patient, lesion))
