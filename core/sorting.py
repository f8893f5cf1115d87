"""Sortable columns of a list, chosen by the server from ?sap_xep= (issue 16, item 11).

A page names its columns and what each sorts by; the parameter is `key` or `-key` (descending),
and anything else, a hostile value included, means the page's default order. The same Sorting
orders the page and its downloads, so a download keeps the order on screen. The links in the
column headers keep every other parameter (filters, search) and go back to the first page.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

PARAM = "sap_xep"
# Longer than any key: a longer value is ignored without being looked at.
LONGEST = 30


@dataclass(frozen=True)
class Header:
    """What a column header shows: the value its link asks for, and its current order."""

    link: str
    # "ascending", "descending" or "" (aria-sort; the column the list is not sorted by).
    aria_sort: str

    @property
    def arrow(self) -> str:
        return {"ascending": "▲", "descending": "▼"}.get(self.aria_sort, "")


class Sorting:
    """The order asked for in `params` among `columns` (key -> what it sorts by: field names for
    a queryset, or a function of a row for a list). `default` is the column (ascending) that the
    page's own order is, or None when the page's default is not a column's."""

    def __init__(self, params: Mapping[str, str], columns: Mapping[str, Any], default=None):
        self.columns = columns
        self.default = default
        asked = str(params.get(PARAM) or "")[:LONGEST]
        key = asked.removeprefix("-")
        if key in columns:
            self.key: str | None = key
            self.descending = asked.startswith("-")
            self.asked = asked
        else:
            self.key, self.descending, self.asked = default, False, ""

    @property
    def headers(self) -> dict[str, Header]:
        """One header per column: a column sorted ascending links to descending, any other to
        ascending."""
        headers = {}
        for key in self.columns:
            if key == self.key:
                order = "descending" if self.descending else "ascending"
                link = key if self.descending else f"-{key}"
            else:
                order, link = "", key
            headers[key] = Header(link=link, aria_sort=order)
        return headers

    def order_by(self, model) -> list:
        """The order of `model`'s queryset for the chosen column; empty when the page keeps its
        default order. A column that may be empty sorts its empty values last either way; the
        others are plain ascending or descending, so that an index serves either direction."""
        if self.key is None:
            return []
        order = []
        for name in self.columns[self.key]:
            if _nullable(model, name):
                term = F(name)
                order.append(
                    term.desc(nulls_last=True) if self.descending else term.asc(nulls_last=True)
                )
            else:
                order.append(f"-{name}" if self.descending else name)
        return order

    def apply(self, queryset: QuerySet) -> QuerySet:
        order = self.order_by(queryset.model)
        return queryset.order_by(*order) if order else queryset

    def sort_rows(self, rows: Iterable) -> list:
        """Rows already in the page's default order, sorted by the chosen column's function
        (rows without a value last, the default order kept among equals)."""
        rows = list(rows)
        if self.key is None:
            return rows
        value: Callable = self.columns[self.key]
        present = [row for row in rows if value(row) is not None]
        missing = [row for row in rows if value(row) is None]
        return sorted(present, key=value, reverse=self.descending) + missing


def _nullable(model, name: str) -> bool:
    """Whether the field `name` (across relations: "cell__name") may be NULL."""
    *path, last = name.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model
    return model._meta.get_field(last).null
