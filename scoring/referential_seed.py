"""The rule tables the engine reads, as one data module, until versioned referentials land.

Every number here is cited; nothing clinical is written in the engine's code.
"""

from decimal import Decimal

from scoring.engine.renal import CockcroftGaultTable

COCKCROFT_GAULT = CockcroftGaultTable(
    age_offset=140,
    coefficient_male=Decimal("1.23"),
    coefficient_female=Decimal("1.04"),
    source=(
        "Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. "
        "Nephron 1976;16:31-41 (form for creatinine in µmol/L); "
        "001_9a2b5970b4e5472a.txt, Tableau 2 (dose by Cockcroft-Gault clearance)"
    ),
)
