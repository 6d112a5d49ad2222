"""Paging a long list without counting it: Django's Paginator runs COUNT(*) over the whole
filtered table on every page, which at a regional network's size costs more than the page.
Reading one row beyond the page says whether a next page exists."""

from dataclasses import dataclass

from django.db.models import QuerySet

# Past this, a page number is a typing error (and its OFFSET could overflow the database's
# integers): it means the first page.
LAST_PAGE_NUMBER = 1_000_000


@dataclass(frozen=True)
class UncountedPage:
    """One page of rows: the same names as a Paginator page, without the total."""

    object_list: list
    number: int
    has_next: bool
    first_row: int  # 1-based position of the first row, for "rows 26 to 50"

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.object_list) - 1


def page_number(text: str | None) -> int:
    """The page asked for; anything that is not a positive whole number means the first."""
    try:
        number = int(text or "1")
    except ValueError:
        return 1
    return number if 1 <= number <= LAST_PAGE_NUMBER else 1


def uncounted_page(rows: QuerySet, number_text: str | None, per_page: int) -> UncountedPage:
    """The page asked for, or the first page when it is past the end of the rows."""
    number = page_number(number_text)
    page = _read_page(rows, number, per_page)
    if not page.object_list and number > 1:
        return _read_page(rows, 1, per_page)
    return page


def _read_page(rows: QuerySet, number: int, per_page: int) -> UncountedPage:
    start = (number - 1) * per_page
    fetched = list(rows[start:start + per_page + 1])
    return UncountedPage(object_list=fetched[:per_page], number=number,
                         has_next=len(fetched) > per_page, first_row=start + 1)
