"""Which referential is in force: the one place every door to the engine asks.

For now the seed edition shipped with the code; the versioned referentials (issue to come)
replace this body with the edition the administrators published, and every caller follows.
"""

from scoring.engine.referential import Referential
from scoring.referential_data import seed_referential


def current_referential() -> Referential:
    return seed_referential()
