"""The rows of the table of changes between two referentials, shown by compare and activate."""

import json

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KIND_LABELS = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}


def change_rows(changes) -> list[dict]:
    """One dict a change of `scoring.referential_diff.diff_documents`, ready for the template."""
    return [{
        "topic": gettext("Referential") if change.topic == "_meta" else change.topic,
        "path": change.path,
        "kind": change.kind,
        "kind_label": KIND_LABELS.get(change.kind, change.kind),
        "before": _shown(change.before),
        "after": _shown(change.after),
    } for change in changes]


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
