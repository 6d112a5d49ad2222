"""Plausibility bounds for the values typed into a patient's record.

These bounds catch typing errors (a weight of 700 kg, a calcium of 23 mmol/L typed for 2.3):
a value outside them cannot belong to a living adult and is refused with the range named.
They are NOT clinical decision thresholds: what a value means for a procedure (renal
function, hypercalcaemia, bleeding risk) is decided by the scoring referential, never here.
"""

from decimal import Decimal

from patients.models.records import MeasurementKind

# kind -> (lowest plausible value, highest plausible value, unit)
PLAUSIBLE_RANGES: dict[str, tuple[Decimal, Decimal, str]] = {
    MeasurementKind.WEIGHT: (Decimal("20"), Decimal("300"), "kg"),
    MeasurementKind.HEIGHT: (Decimal("100"), Decimal("230"), "cm"),
    MeasurementKind.CREATININE: (Decimal("20"), Decimal("2000"), "µmol/L"),
    MeasurementKind.CALCIUM: (Decimal("1.0"), Decimal("5.0"), "mmol/L"),
    MeasurementKind.ALBUMIN: (Decimal("10"), Decimal("60"), "g/L"),
    MeasurementKind.VITAMIN_D: (Decimal("1"), Decimal("200"), "ng/mL"),
    MeasurementKind.PLATELETS: (Decimal("1000"), Decimal("2000000"), "/mm³"),
    MeasurementKind.PROTHROMBIN: (Decimal("5"), Decimal("150"), "%"),
}

# An antithrombotic's daily dose, in mg: above zero and at most this (typing errors only).
MAX_DAILY_DOSE_MG = Decimal("5000")
