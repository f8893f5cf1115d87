"""Writes to the organisation units."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.concurrency import SeenVersion, ensure_unchanged_since

from .models import Battalion, PartyCell


@transaction.atomic
def cell_save(*, cell: PartyCell, user, seen_version: SeenVersion = None) -> PartyCell:
    """Create or update a cell, refusing a battalion outside the user's scope. An update needs
    the version its form showed (core.concurrency)."""
    if cell.pk is not None:
        PartyCell.objects.select_for_update().filter(pk=cell.pk).first()
        ensure_unchanged_since(cell, seen_version)
    if not Battalion.objects.visible_to(user).filter(pk=cell.battalion_id).exists():
        raise ValidationError({"battalion": _("Tiểu đoàn này nằm ngoài phạm vi của bạn.")})
    cell.full_clean()
    cell.save()
    return cell
