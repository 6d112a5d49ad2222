"""The `antiresorptive` referential table is read as the seed states it (001 2.2-2.4, 000
Questions 7-9, README conflict decisions) and refused, with a message naming the topic, when a
rule is uncited, a number is negative or a reference is dangling."""

import copy
import json
from decimal import Decimal

import pytest

from scoring.engine.antiresorptive import parse_antiresorptive
from scoring.engine.antiresorptive_table import Interval
from scoring.engine.referential import ReferentialError
from scoring.referential_data import SEED_DIR, seed_referential

RAW = json.loads((SEED_DIR / "antiresorptive.json").read_text(encoding="utf-8"))
TABLE = seed_referential()["antiresorptive"]


class TestSeed:
    def test_it_reads_the_start_rule(self):
        # 001 2.2 (ESMO 2020): life expectancy > 3 months
        assert TABLE.start.life_expectancy_months == 3
        assert TABLE.start.below == {"lt3m"}
        assert TABLE.start.above == {"3to6m", "6to12m", "gt12m"}

    def test_it_reads_the_agents(self):
        zol, dmab = TABLE.agents
        assert (zol.drug_code, zol.dose_by_clearance, zol.route) == ("zoledronic_acid", True,
                                                                      "iv")
        # 001 2.4: denosumab 120 mg SC monthly, caution below 30 mL/min
        assert (dmab.dose_mg, dmab.route, dmab.caution_clearance_below) == (
            Decimal("120"), "sc", Decimal("30"))

    def test_it_reads_the_rhythms(self):
        # 001 2.4: oligometastatic ZOL every 3 months for 2 years; multi ZOL/DMAB monthly
        oligo, multi = TABLE.rhythms["oligometastatic"], TABLE.rhythms["multimetastatic"]
        assert oligo.intervals == (("zoledronic_acid", Interval(3, "months"), None),)
        assert oligo.duration_months == 24
        assert multi.intervals == (
            ("zoledronic_acid", Interval(4, "weeks"), Interval(3, "months")),
            ("denosumab", Interval(4, "weeks"), None))

    def test_it_reads_the_delays(self):
        assert TABLE.reassessment.months == 24  # 001 2.4, 000 Question 9
        assert TABLE.dental_follow_up.months == 6  # 001 2.3; README: not 004's yearly
        assert TABLE.prerequisites.extraction_min_wait_days == 21  # 001 2.3: >= 3 weeks
        assert TABLE.stopping.first_relay_after_months == 3  # 000 Question 9

    def test_it_cites_every_rule(self):
        sources = [TABLE.start.source, TABLE.start.event_source, TABLE.reassessment.source,
                   TABLE.dental_follow_up.source, TABLE.stopping.source,
                   *TABLE.prerequisites.sources.values(),
                   *(agent.source for agent in TABLE.agents),
                   *(rhythm.source for rhythm in TABLE.rhythms.values())]
        assert all(".txt" in source for source in sources)


def altered(change) -> dict:
    data = copy.deepcopy(RAW)
    change(data)
    return data


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["start"].pop("source"), "start: every rule must cite its source"),
    (lambda d: d["skeletal_events"].pop("source"), "skeletal_events: every rule must cite"),
    (lambda d: d["prerequisites"].pop("extraction_source"), "(extraction)"),
    (lambda d: d["reassessment"].pop("source"), "reassessment: every rule must cite"),
    (lambda d: d["agents"][1].pop("source"), "agents, row 2"),
    (lambda d: d["rhythms"][0].pop("source"), "rhythms, 'oligometastatic'"),
    (lambda d: d["stopping_denosumab"].pop("source"), "stopping_denosumab"),
    (lambda d: d["start"]["life_expectancy_below"].append("3to6m"), "above and below"),
    (lambda d: d["start"].update(life_expectancy_months=-3), "life_expectancy_months"),
    (lambda d: d["skeletal_events"]["kinds"][0].pop("label_en"), "kinds must be"),
    (lambda d: d["skeletal_events"].pop("from_lesions"), "'from_lesions' section is missing"),
    (lambda d: d["skeletal_events"]["from_lesions"].pop("source"),
     "from_lesions: every rule must cite"),
    (lambda d: d["skeletal_events"]["from_lesions"].update(fracture_kind="fall"),
     "fracture_kind must be one of the kinds"),
    (lambda d: d["agents"][1].update(dose_mg="-120"), "dose_mg must be a positive number"),
    (lambda d: d["agents"][1].update(dose_by_clearance=True), "either dose_mg or"),
    (lambda d: d["agents"][1].update(caution_clearance_below="x"), "caution_clearance_below"),
    (lambda d: d.update(agents=[]), "no agent"),
    (lambda d: d["rhythms"][1]["agents"][1].update(drug_code="pamidronate"), "not an agent"),
    (lambda d: d["rhythms"][1]["agents"][0].update(unit="days"), "unit must be one of"),
    (lambda d: d["rhythms"][1]["agents"][0].update(spaced_every=0), "spaced_every"),
    (lambda d: d["rhythms"][0].update(duration_months=0), "duration_months"),
    (lambda d: d["rhythms"].pop(1), "'multimetastatic' rhythm is missing"),
    (lambda d: d["reassessment"].update(after_months=0), "after_months"),
    (lambda d: d["dental_follow_up"].update(every_months=-6), "every_months"),
    (lambda d: d["prerequisites"].update(extraction_min_wait_days=-21), "extraction_min_wait"),
    (lambda d: d["prerequisites"].update(vitamin_d_min_ng_ml="-30"), "vitamin_d_min_ng_ml"),
    (lambda d: d["prerequisites"].update(dental_ready_results=[]), "dental_ready_results"),
    (lambda d: d["stopping_denosumab"].update(first_zol_after_months=-3), "first_zol_after"),
    (lambda d: d["stopping_denosumab"].pop("relay_drug_code"), "relay_drug_code"),
    (lambda d: d.pop("dental_follow_up"), "'dental_follow_up' section is missing"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_it_refuses_an_invalid_table(change, message):
    with pytest.raises(ReferentialError, match="^antiresorptive") as caught:
        parse_antiresorptive(altered(change))
    assert message in str(caught.value)
