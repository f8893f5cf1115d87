"""Blocks of the resolutions app that the home pages show."""

from django import template

from ..models import Resolution
from ..selectors import resolution_rows

register = template.Library()

LATEST_SHOWN = 2


@register.inclusion_tag("resolutions/includes/_latest.html")
def latest_resolutions(user):
    """The newest resolutions in the user's scope with how far their roll-out has gone."""
    latest = Resolution.objects.visible_to(user).order_by("-year").values_list("year", flat=True)
    year = latest.first()
    rows = resolution_rows(user, year=year)[:LATEST_SHOWN] if year else []
    return {"rows": rows}
