"""Scope: which rows a user may see. One translation from the user's scope to a query filter.

A user's scope (accounts.models) is the whole academy, one battalion or one cell; every model
whose rows belong to a cell reaches it through a field path, and `scope_filter` turns the scope
into the matching condition on that path.
"""

from django.db import models


def scope_filter(user, cell_field: str) -> models.Q | None:
    """Q object limiting rows to the user's scope through `cell_field`; None means no rows."""
    scope = user.scope if user.is_authenticated else None
    if scope is None:
        return None
    if scope.whole_academy:
        return models.Q()
    if scope.cell_id:
        return models.Q(**{f"{cell_field}_id": scope.cell_id})
    return models.Q(**{f"{cell_field}__battalion_id": scope.battalion_id})


class ScopedQuerySet(models.QuerySet):
    """Rows belong to the scope of the cell named by `scope_cell_field`."""

    scope_cell_field = "cell"

    def visible_to(self, user):
        condition = scope_filter(user, self.scope_cell_field)
        return self.none() if condition is None else self.filter(condition)
