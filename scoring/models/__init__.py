"""The scoring app's models: API tokens, and the versioned referentials with their tables."""

from scoring.models.api_token import ApiToken, hash_token
from scoring.models.referential import (
    FrozenReferentialError,
    Referential,
    ReferentialStatus,
    SourceDocument,
    TableRow,
    TopicSettings,
)
from scoring.models.tables import *  # noqa: F403 (the typed tables, listed in tables.__all__)

__all__ = [
    "ApiToken", "FrozenReferentialError", "Referential", "ReferentialStatus", "SourceDocument",
    "TableRow", "TopicSettings", "hash_token",
]
