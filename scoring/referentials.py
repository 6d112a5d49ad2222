"""Which referential is in force: the one place every door to the engine asks.

The active edition in the database (exactly one, see scoring.referential_actions). A database
without one (a test database emptied between tests, a broken restore) falls back to the seed
edition shipped with the code, and says so in the log.
"""

import logging

from scoring.engine.referential import Referential
from scoring.referential_data import seed_referential
from scoring.referential_store import snapshot

logger = logging.getLogger(__name__)


def current_referential() -> Referential:
    from scoring.models import Referential as StoredReferential
    from scoring.models import ReferentialStatus

    active = StoredReferential.objects.filter(status=ReferentialStatus.ACTIVE).first()
    if active is None:
        logger.warning("No active referential in the database: using the seed edition.")
        return seed_referential()
    return snapshot(active)


def request_referential(request) -> Referential:
    """The current referential, read once per request: the panels of one page share it, so
    they cost one query and cannot straddle an activation."""
    if not hasattr(request, "_current_referential"):
        request._current_referential = current_referential()
    return request._current_referential


def referential_by_version(version: str) -> Referential:
    """The rules of a given edition, whatever is active now (a signed proposal's own)."""
    from scoring.models import Referential as StoredReferential

    return snapshot(StoredReferential.objects.get(version=version))
