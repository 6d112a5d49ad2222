"""Reading settings from the environment, with the checks production mode needs.

Kept apart from settings.py so the parsing rules (what counts as true, what counts as a
real secret key) are stated once and tested directly.
"""

import os

from django.core.exceptions import ImproperlyConfigured

__all__ = ["ImproperlyConfigured", "get_bool", "get_int", "get_list", "get_str", "secret_key"]

# Used only outside production; production refuses it (and any key this short).
DEVELOPMENT_SECRET_KEY = "dev-insecure-rcp-oos-key-never-use-in-production"  # noqa: S105
MIN_PRODUCTION_KEY_LENGTH = 50

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def get_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}.")


def get_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key(*, production: bool) -> str:
    """The SECRET_KEY; production refuses a missing, default or short key."""
    key = os.environ.get("SECRET_KEY", "")
    if not production:
        return key or DEVELOPMENT_SECRET_KEY
    if not key or key == DEVELOPMENT_SECRET_KEY or len(key) < MIN_PRODUCTION_KEY_LENGTH:
        raise ImproperlyConfigured(
            "Production mode needs a real SECRET_KEY of at least "
            f"{MIN_PRODUCTION_KEY_LENGTH} random characters (RCP_ENV=production)."
        )
    return key
