"""Scope: which rows a user may see. One translation from the user's scope to a query filter.

A user's scope (accounts.models) is the whole academy, one battalion or one cell; every model
whose rows belong to a cell reaches it through a field path, and `scope_filter` turns the scope
into the matching condition on that path. Rows that belong to a battalion, not to one cell
(battalions, resolutions), name the path to their battalion instead: a cell's scope sees the
rows of its battalion.
"""

from typing import Self

from django.apps import apps
from django.db import models


def _own_id(path: str) -> str:
    """The lookup of the id a path leads to: the row's own key when the path is empty."""
    return f"{path}_id" if path else "pk"


BATTALION_CELL_IDS = "battalion_cell_ids"


def battalion_cell_ids(scope) -> list[int]:
    """The ids of the cells of a battalion's scope, read once for the scope's life (the
    request's user keeps its scope). A row of a battalion is filtered on these ids, not through
    a join to its cell: PostgreSQL otherwise runs the rest of the condition once per cell — a
    clerk's search of the cadet list took the academy-wide name search six times (issue 17)."""
    ids = scope.__dict__.get(BATTALION_CELL_IDS)
    if ids is None:
        cells = apps.get_model("units", "PartyCell").objects.filter(battalion_id=scope.battalion_id)
        ids = list(cells.values_list("pk", flat=True))
        remember_battalion_cell_ids(scope, ids)
    return ids


def remember_battalion_cell_ids(scope, ids: list[int]) -> None:
    """Keep the battalion's cell ids on its scope, for a caller that has read the cells anyway
    (the dashboard's filter form): the scope is frozen, its cache is its own dictionary."""
    scope.__dict__[BATTALION_CELL_IDS] = ids


def scope_filter(
    user, cell_field: str = "cell", *, battalion_field: str | None = None
) -> models.Q | None:
    """Q object limiting rows to the user's scope; None means no rows.

    `cell_field` is the path from the row to its cell ("" for a cell itself); `battalion_field`,
    when given, the path to its battalion instead ("" for a battalion itself).
    """
    scope = user.scope if user.is_authenticated else None
    if scope is None:
        return None
    if scope.whole_academy:
        return models.Q()
    if battalion_field is not None:
        return models.Q(**{_own_id(battalion_field): scope.battalion_id})
    if scope.cell_id:
        return models.Q(**{_own_id(cell_field): scope.cell_id})
    if not cell_field:
        return models.Q(battalion_id=scope.battalion_id)
    return models.Q(**{f"{cell_field}_id__in": battalion_cell_ids(scope)})


class ScopedQuerySet(models.QuerySet):
    """Rows belong to the scope of the cell named by `scope_cell_field`, or of the battalion
    named by `scope_battalion_field` when a row belongs to a battalion, not to one cell."""

    scope_cell_field = "cell"
    scope_battalion_field: str | None = None

    def visible_to(self, user) -> Self:
        condition = scope_filter(
            user, self.scope_cell_field, battalion_field=self.scope_battalion_field
        )
        return self.none() if condition is None else self.filter(condition)
