"""Sortable list pages: the orderings a list accepts and the column headers that choose them.

A list declares its orderings once (`Sorting`); `?sort=key` or `?sort=-key` picks one, and
anything else falls back to the default, so the query string never reaches `order_by`.
`{% sort_header column %}` draws a header as a link that keeps the other parameters (filters)
and returns to the first page. Pagination keeps them too, with Django's `{% querystring %}`.
"""

from dataclasses import dataclass

from django import template
from django.db.models import F, QuerySet
from django.template.defaulttags import querystring
from django.utils.html import format_html
from django.utils.translation import gettext as _

from patients.models.choices import choice_label

register = template.Library()


@dataclass(frozen=True)
class ActiveSort:
    key: str
    descending: bool
    chosen: bool  # named in the query string, rather than the list's default

    @property
    def param(self) -> str:
        """The `sort` value that gives this order again."""
        return f"-{self.key}" if self.descending else self.key


@dataclass(frozen=True)
class SortColumn:
    label: str
    link: str  # the `sort` value the header's link sets
    aria_sort: str  # "ascending", "descending", or "" when the list is not sorted by it


class Sorting:
    """A whitelist of orderings: key -> (column label, model fields in ascending order)."""

    def __init__(self, default: str, **options: tuple[str, tuple[str, ...]]):
        assert default.removeprefix("-") in options
        self.default = default
        self.options = options

    def parse(self, value: str | None, default: str | None = None) -> ActiveSort:
        """The order `value` names, or the default (this list's, or the one given)."""
        value = value or ""
        key = value.removeprefix("-")
        if key in self.options:
            return ActiveSort(key, value.startswith("-"), chosen=True)
        fallback = default or self.default
        return ActiveSort(fallback.removeprefix("-"), fallback.startswith("-"), chosen=False)

    def apply(self, queryset: QuerySet, active: ActiveSort) -> QuerySet:
        """Ordered by the option's fields. A missing value (a draft's submission date...)
        counts as the latest: last going up, first going down."""
        fields = self.options[active.key][1]
        if active.descending:
            return queryset.order_by(*(F(name).desc(nulls_first=True) for name in fields))
        return queryset.order_by(*(F(name).asc(nulls_last=True) for name in fields))

    def columns(self, active: ActiveSort) -> dict[str, SortColumn]:
        """Each sortable column's header; the sorted one's link reverses its order."""
        columns = {}
        for key, (label, _fields) in self.options.items():
            current = key == active.key
            columns[key] = SortColumn(
                label=label,
                link=f"-{key}" if current and not active.descending else key,
                aria_sort=("descending" if active.descending else "ascending") if current
                else "")
        return columns


# Relative, so the visually hidden words stay inside a scrolling .table-responsive instead of
# widening the page.
HEADER = '<th scope="col" class="position-relative"{}><a href="{}">{}{}</a></th>'


@register.simple_tag(takes_context=True)
def sort_header(context, column: SortColumn) -> str:
    """A `<th>` whose link sorts the list by the column, keeping the filters; the sorted
    column says so with aria-sort, a visible arrow and words for screen readers."""
    href = querystring(context, sort=column.link, page=None)
    if not column.aria_sort:
        return format_html(HEADER, "", href, column.label, "")
    ascending = column.aria_sort == "ascending"
    indicator = format_html(
        ' <span aria-hidden="true">{}</span><span class="visually-hidden">({})</span>',
        "▲" if ascending else "▼",
        _("sorted ascending") if ascending else _("sorted descending"))
    return format_html(HEADER, format_html(' aria-sort="{}"', column.aria_sort), href,
                       column.label, indicator)


@register.filter(name="choice_label")
def choice_label_filter(record, field_name: str) -> str:
    """`{{ patient|choice_label:"sex" }}`: get_sex_display() without rebuilding the choices."""
    return choice_label(record, field_name)


@register.simple_tag
def ignored_filters_notice(form) -> str:
    """A notice naming the filters whose value was not understood, hence not applied."""
    ignored = form.ignored()
    if not ignored:
        return ""
    return format_html(
        '<div class="alert alert-warning" role="status" data-testid="ignored-filters">{}</div>',
        _("Not applied, as the value was not understood: %(filters)s.")
        % {"filters": ", ".join(ignored)})
