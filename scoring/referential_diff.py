"""What a draft changes compared with another edition, in words an admin can check: one
line per value added, removed or changed, rows named by their code rather than their index."""

from dataclasses import dataclass

from scoring.serialize import to_data

ROW_KEYS = ("code", "finding", "drug_code", "id")


@dataclass(frozen=True)
class Change:
    topic: str
    path: str
    kind: str  # "added", "removed", "changed"
    before: object = None
    after: object = None


def diff_documents(before: dict, after: dict) -> list[Change]:
    changes = []
    for key in ("name", "edition", "version", "effective_date", "sources"):
        changes += _compare("_meta", key, before.get(key), after.get(key))
    topics = sorted(set(before.get("tables", {})) | set(after.get("tables", {})))
    for topic in topics:
        old = _flatten(to_data(before.get("tables", {}).get(topic)))
        new = _flatten(to_data(after.get("tables", {}).get(topic)))
        for path in sorted(set(old) | set(new)):
            changes += _compare(topic, path, old.get(path, _ABSENT), new.get(path, _ABSENT))
    return changes


_ABSENT = object()


def _compare(topic, path, old, new) -> list[Change]:
    if old is _ABSENT and new is _ABSENT or old == new:
        return []
    if old is _ABSENT:
        return [Change(topic, path, "added", after=new)]
    if new is _ABSENT:
        return [Change(topic, path, "removed", before=old)]
    return [Change(topic, path, "changed", old, new)]


def _flatten(node, prefix: str = "") -> dict:
    if isinstance(node, dict):
        flat = {}
        for key, child in node.items():
            flat.update(_flatten(child, f"{prefix} › {key}" if prefix else str(key)))
        return flat
    if isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
        flat = {}
        for index, item in enumerate(node):
            name = next((str(item[key]) for key in ROW_KEYS if item.get(key) is not None),
                        f"#{index + 1}")
            flat.update(_flatten(item, f"{prefix} › {name}"))
        return flat
    return {prefix: node}
