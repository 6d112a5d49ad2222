"""Template filters that show the engine's results in the page's language.

Results carry French and English texts side by side (`text_fr`, `text_en`, `label_fr`...);
`{{ reason|in_language:"text" }}` picks the one of the active language.
"""

from django import template
from django.utils.translation import get_language

from scoring import labels

register = template.Library()


def _suffix() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


@register.filter
def in_language(obj, attribute: str) -> str:
    """obj.<attribute>_en or obj.<attribute>_fr, as the interface speaks."""
    return getattr(obj, f"{attribute}_{_suffix()}", "")


@register.filter
def decision_label(code: str) -> str:
    return labels.DECISIONS.get(code, code)


@register.filter
def decision_style(code: str) -> str:
    return labels.DECISION_STYLES.get(code, "secondary")


@register.filter
def label_of(code, table: str) -> str:
    """The words for a code from one of scoring.labels' tables: {{ code|label_of:"RHYTHMS" }}."""
    return getattr(labels, table).get(code, code)


@register.filter
def yes_no_unknown(value) -> str:
    return labels.yes_no_unknown(value)


@register.filter
def interval_text(interval) -> str:
    """An administration interval ("every 4 weeks") in the page's language."""
    return interval.text(get_language() or "fr") if interval else ""


@register.filter
def drug_name(code: str, names: dict) -> str:
    """The drug's name from the panel's code -> name map; the code when unknown."""
    return names.get(code, code)
