"""The referential documents shipped with the code: the seed edition, one JSON file per
topic, built from ../shared/seeds/ with the conflict decisions of its README."""

import json
from functools import lru_cache
from pathlib import Path

from scoring.engine.referential import Referential, build_referential

SEED_DIR = Path(__file__).resolve().parent / "seed"


def read_document(directory: Path = SEED_DIR) -> dict:
    """The referential document of a folder: `_meta.json` plus one `<topic>.json` each."""
    document = json.loads((directory / "_meta.json").read_text(encoding="utf-8"))
    document["tables"] = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
        if not path.name.startswith("_")
    }
    return document


@lru_cache(maxsize=1)
def seed_referential() -> Referential:
    return build_referential(read_document())
