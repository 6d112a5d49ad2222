"""Values derived from a patient's own measurements, as small pure functions.

No database access: the caller passes the numbers, so the arithmetic is tested on worked
examples alone.
"""

from decimal import ROUND_HALF_UP, Decimal

_CM_PER_M = Decimal(100)


def body_mass_index(weight_kg: Decimal | None, height_cm: Decimal | None) -> Decimal | None:
    """Weight (kg) divided by the square of height (m), to one decimal, or None when either
    input is unknown or not positive (a zero height must not raise, it is a typing error)."""
    if weight_kg is None or height_cm is None:
        return None
    weight, height = Decimal(weight_kg), Decimal(height_cm)
    if weight <= 0 or height <= 0:
        return None
    height_m = height / _CM_PER_M
    # Half up, as a hand calculation does: 24.45 is shown 24.5, not 24.4.
    return (weight / (height_m * height_m)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
