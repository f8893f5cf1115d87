"""Scope: which rows a user may see. One translation from the user's scope to a query filter.

A user's scope (accounts.models) is the whole academy, one battalion or one cell; every model
whose rows belong to a cell reaches it through a field path, and `scope_filter` turns the scope
into the matching condition on that path. Rows that belong to a battalion, not to one cell
(battalions, resolutions), name the path to their battalion instead: a cell's scope sees the
rows of its battalion.
"""

from typing import Self

from django.db import models


def _own_id(path: str) -> str:
    """The lookup of the id a path leads to: the row's own key when the path is empty."""
    return f"{path}_id" if path else "pk"


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
    battalion = f"{cell_field}__battalion_id" if cell_field else "battalion_id"
    return models.Q(**{battalion: scope.battalion_id})


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
