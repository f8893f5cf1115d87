"""Blocks of the resolutions app that the home pages show."""

from django import template

from ..selectors import resolution_rows

register = template.Library()

LATEST_SHOWN = 2


@register.inclusion_tag("resolutions/includes/_latest.html")
def latest_resolutions(user):
    """The newest resolutions in the user's scope, of the latest year that has any, with how
    far their roll-out has gone: only those are read (a whole academy's year has 800)."""
    rows = resolution_rows(user, limit=LATEST_SHOWN)
    # Newest first, by year first.
    year = rows[0].resolution.year if rows else None
    return {"rows": [row for row in rows if row.resolution.year == year]}
