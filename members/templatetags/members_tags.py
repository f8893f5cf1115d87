"""Blocks of the members app that other pages (the home pages) show."""

from django import template
from django.utils import timezone

from units.models import PartyCell

from ..selectors import awaiting_evaluation, cell_board, cell_summaries

register = template.Library()


@register.inclusion_tag("members/includes/_board.html")
def own_cell_board(user):
    """The board of the secretary's own cell, read through the user's scope."""
    cell = PartyCell.objects.visible_to(user).filter(pk=user.cell_id).first()
    today = timezone.localdate()
    rows = cell_board(cell, today=today) if cell else []
    return {"cell": cell, "rows": rows, "awaiting": awaiting_evaluation(rows, today=today)}


@register.inclusion_tag("members/includes/_cell_summary.html")
def cell_summary(user):
    """Each cell in the user's scope with its open cases and overdue count, linking to boards."""
    return {"cells": cell_summaries(user, today=timezone.localdate())}
