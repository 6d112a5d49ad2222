"""Hypothesis strategies for what a hostile or careless user types: read from a form's own
fields, each value mixing the plausible, the empty, the huge, the wrongly typed and the
malicious (template, HTML and SQL injection, control and bidirectional characters)."""

import datetime as dt
import json

from django import forms
from hypothesis import strategies as st

# Strings an attacker tries first, and those that break naive parsers.
HOSTILE_STRINGS = (
    "", " ", "{{7*7}}", "{% debug %}", "{{ request.user.password }}", "${7*7}", "%s%s%n",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "' OR 1=1 --", "'; DROP TABLE patients_patient; --", "\\", "%00", "\x00", "a\x00b",
    "\u202egnp.exe", "\u200b", "\ufeff", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "🦴" * 40, "x" * 5000, "\r\nSet-Cookie: stolen=1", "../../etc/passwd", "NaN",
    "Infinity", "-1", "-0", "1e309", "9" * 60, "0x10", "1_000", "١٢٣", "12,5", "12.5.3",
    "0000-00-00", "9999-12-31", "2026-02-30", "31/12/9999", "24:61", "null", "true", "[]",
    "{}", "None",
)

# Text from all of Unicode but the lone surrogates, which cannot be sent as UTF-8.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
hostile_text = st.one_of(st.sampled_from(HOSTILE_STRINGS), any_text)
numbers_as_text = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
)
dates_as_text = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.datetimes().map(lambda moment: moment.isoformat(sep=" ")),
)
scalar = st.one_of(hostile_text, numbers_as_text, dates_as_text)
# A list where one value is expected: Django keeps the last, a careless view may not.
hostile_value = st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3))


def _choice_values(choices) -> list[str]:
    values = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            values += [str(inner) for inner, _label in label]
        else:
            values.append(str(value))
    return values


def _plausible_number(field: forms.Field) -> st.SearchStrategy[str]:
    low = getattr(field, "min_value", None)
    high = getattr(field, "max_value", None)
    low = -10**6 if low is None else low
    high = 10**6 if high is None else high
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
        return st.integers(int(low), int(high)).map(str)
    return st.decimals(low, high, places=2, allow_nan=False).map(str)


def plausible(field: forms.Field, initial=None) -> st.SearchStrategy:
    """What a user of the form would send for this field (may still be refused)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        return st.lists(st.sampled_from(pks), max_size=3) if pks else st.just([])
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        return st.sampled_from(pks or [""])
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(st.sampled_from(_choice_values(field.choices) or [""]), max_size=3)
    if isinstance(field, forms.ChoiceField):
        return st.sampled_from(_choice_values(field.choices) or [""])
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return st.sampled_from(["on", "true", "1", "", "false", "unknown"])
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return _plausible_number(field)
    if isinstance(field, forms.DateTimeField):
        return st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)).map(
            lambda moment: moment.strftime("%Y-%m-%d %H:%M"))
    if isinstance(field, forms.DateField):
        return st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat)
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda time: time.strftime("%H:%M"))
    if isinstance(field, forms.URLField):
        return st.sampled_from(["https://visio.example.org/rcp", "ftp://x", "http://"])
    if isinstance(field, forms.EmailField):
        return st.sampled_from(["a@hopital.example", "a@", "@b"])
    size = getattr(field, "max_length", None) or 200
    return st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=size)


def field_value(field: forms.Field, initial=None) -> st.SearchStrategy:
    """Mostly plausible values (so that the form's deeper checks are reached), often
    hostile ones, sometimes the value the form was loaded with."""
    choices = [plausible(field), plausible(field), hostile_value]
    if initial not in (None, "", []):
        choices.append(st.just(initial if isinstance(initial, list) else str(initial)))
    return st.one_of(*choices)


def _names(bound: forms.BoundField) -> list[str]:
    """The POST keys a field reads: one, or one per sub-widget of a multi-widget."""
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):
        return [f"{bound.html_name}{suffix}" for suffix in widget.widgets_names]
    return [bound.html_name]


def form_data(form: forms.BaseForm) -> st.SearchStrategy[dict]:
    """POST data for `form` (an unbound instance, built as the view builds it): any subset
    of its fields, each with a value from `field_value`. File fields are left to the upload
    tests."""
    optional = {}
    for bound in form:
        if isinstance(bound.field, forms.FileField):
            continue
        initial = form.get_initial_for_field(bound.field, bound.name)
        if isinstance(initial, dt.date | dt.time):
            initial = initial.isoformat()
        for name in _names(bound):
            optional[name] = field_value(bound.field, initial)
    return st.fixed_dictionaries({}, optional=optional)


def _json_leaf() -> st.SearchStrategy:
    return st.one_of(
        st.none(), st.booleans(), st.integers(), st.integers(min_value=10**30),
        st.floats(allow_nan=False, allow_infinity=False), hostile_text,
        st.sampled_from(["2026-02-30", "0000-00-00", "9999-12-31", "femur_diaphysis",
                         "denosumab", "lytic", "M", "F"]),
    )


json_values = st.recursive(
    _json_leaf(),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(hostile_text, children, max_size=4)),
    max_leaves=25,
)


def mutated(document: dict) -> st.SearchStrategy[dict]:
    """A valid case document with one value somewhere replaced by a hostile one, so that
    the checks after the schema are reached too."""
    paths = list(_leaf_paths(document))

    def replace(path_and_value):
        path, value = path_and_value
        copy = json.loads(json.dumps(document))
        target = copy
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return copy

    return st.tuples(st.sampled_from(paths), json_values).map(replace)


def _leaf_paths(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield path + (key,)
            yield from _leaf_paths(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield path + (index,)
            yield from _leaf_paths(inner, path + (index,))
