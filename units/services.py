"""Writes to the organisation units."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Battalion, PartyCell


@transaction.atomic
def cell_save(*, cell: PartyCell, user) -> PartyCell:
    """Create or update a cell, refusing a battalion outside the user's scope."""
    if not Battalion.objects.visible_to(user).filter(pk=cell.battalion_id).exists():
        raise ValidationError({"battalion": _("Tiểu đoàn này nằm ngoài phạm vi của bạn.")})
    cell.full_clean()
    cell.save()
    return cell
