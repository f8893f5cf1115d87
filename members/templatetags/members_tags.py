"""Blocks of the members app that other pages (the home pages) show."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from ..selectors import awaiting_evaluation, cell_board, cell_summaries

register = template.Library()


@register.inclusion_tag("members/includes/_board.html")
def own_cell_board(user):
    """The board of the secretary's own cell, read through the user's scope."""
    scope = user.scope
    # A secretary's scope is their own cell, read with the user's scope (no second query).
    cell = user.cell if scope is not None and scope.cell_id == user.cell_id else None
    today = timezone.localdate()
    rows = cell_board(cell, today=today) if cell else []
    return {"cell": cell, "rows": rows, "awaiting": awaiting_evaluation(rows, today=today)}


@register.inclusion_tag("members/includes/_cell_summary.html")
def cell_summary(user):
    """Each cell in the user's scope with its open cases and overdue count, linking to boards."""
    return {"cells": cell_summaries(user, today=timezone.localdate())}


# A cell id no real cell has, replaced in the one reversed address (see board_links).
_PK_PLACEHOLDER = 987654321


@register.simple_tag
def board_links(cells) -> str:
    """The links to the boards of `cells`, separated by ' · ': the address reversed once for
    all of them (a whole academy of a million cadets has 1,200 cells)."""
    address = reverse("members:board", args=[_PK_PLACEHOLDER])
    placeholder = str(_PK_PLACEHOLDER)
    return format_html_join(
        " · ",
        '<a href="{}">{}</a>',
        ((address.replace(placeholder, str(cell.pk)), cell.name) for cell in cells),
    )
