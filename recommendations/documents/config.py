"""Where the documents' settings come from, with the defaults that depend on the mode.

The settings live in rcp_oos/settings_documents.py; this module resolves what an empty value
means (the demo certificate outside production) so that no caller repeats the rule.
"""

from pathlib import Path

from django.conf import settings

from rcp_oos import settings_documents

DEMO_PASSPHRASE = "demo-rcp-oos-certificate"  # noqa: S105 (published: demo only)
PRIVATE_DIR = "private"  # under MEDIA_ROOT; no URL ever serves it


def _setting(name: str) -> str:
    return getattr(settings, name, getattr(settings_documents, name))


def private_root() -> Path:
    return Path(settings.MEDIA_ROOT) / PRIVATE_DIR


def demo_certificate_path() -> Path:
    return private_root() / "signing" / "demo-institution.p12"


def certificate_path() -> Path | None:
    """The institution's PKCS#12, or None in production when none is configured."""
    configured = _setting("DOCUMENT_SIGNING_CERTIFICATE")
    if configured:
        return Path(configured)
    return None if settings.PRODUCTION else demo_certificate_path()


def passphrase() -> bytes | None:
    configured = _setting("DOCUMENT_SIGNING_PASSPHRASE")
    if configured:
        return configured.encode()
    return None if settings.PRODUCTION else DEMO_PASSPHRASE.encode()


def institution() -> str:
    return _setting("DOCUMENT_INSTITUTION")
