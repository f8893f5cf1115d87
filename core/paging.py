"""Pages of a long list without counting all of it (issue 17, item 1).

Django's paginator counts the whole list before showing a page: over a million cadets the
COUNT costs more than the page itself, and grows with N. A `ListPage` reads one row more
than the page holds (so it knows whether a next page exists) and counts only up to `CAP`
rows: below that the list shows its exact size and every page number, above it "more than
1,000". The pager does not depend on the order: any order the list is sorted by (core.sorting)
pages the same way.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

CAP = 1000


@dataclass
class ListPage:
    """One page of a list: its rows, its number, whether pages come before and after, and the
    list's size when it is at most CAP (None above)."""

    object_list: list
    number: int
    size: int
    has_more: bool
    count: int | None

    def __iter__(self) -> Iterator:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def more_than(self) -> int:
        return CAP

    @property
    def num_pages(self) -> int | None:
        return None if self.count is None else max(1, math.ceil(self.count / self.size))

    @property
    def page_range(self) -> range:
        """Every page's number when the list's size is known (at most CAP / size of them)."""
        return range(1, (self.num_pages or 0) + 1)

    @property
    def is_paged(self) -> bool:
        return self.number > 1 or self.has_more

    def has_next(self) -> bool:
        return self.has_more

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _page_number(number) -> int:
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1


def rows_page(rows: list, number, size: int) -> ListPage:
    """The page `number` of `rows` already read (a stored report's), as list_page pages a
    queryset: past the end, the last page."""
    page = min(_page_number(number), max(1, math.ceil(len(rows) / size)))
    shown = rows[(page - 1) * size : page * size]
    count = len(rows) if len(rows) <= CAP else None
    return ListPage(shown, page, size, has_more=len(rows) > page * size, count=count)


def list_page(queryset: QuerySet, number, size: int) -> ListPage:
    """The page `number` (as the URL gives it: anything not a positive number is the first
    page) of the ordered `queryset`, `size` rows a page; past the end, the last page."""
    page = _page_number(number)
    # The capped count: a subquery that stops at CAP + 1 rows.
    counted = queryset.order_by()[: CAP + 1].count()
    count = counted if counted <= CAP else None
    if count is not None:
        page = min(page, max(1, math.ceil(count / size)))
    rows = list(queryset[(page - 1) * size : page * size + 1])
    return ListPage(rows[:size], page, size, has_more=len(rows) > size, count=count)
