"""Stable entry identities inside a bundle: the same proposal exports the same fullUrls, and
every reference points at an entry of the bundle (a FHIR document is self-contained)."""

import uuid

from django.conf import settings


def full_url(kind: str, key) -> str:
    """urn:uuid derived from what the entry stands for (not random: a re-export is equal)."""
    name = f"{settings.FHIR_BASE_URL}/{kind}/{key}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def ref(url: str, display: str = "") -> dict:
    found = {"reference": url}
    if display:
        found["display"] = str(display)
    return found
