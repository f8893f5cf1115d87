"""Writes to the organisation units."""

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from core.concurrency import SeenVersion, ensure_unchanged_since

from .models import Battalion, PartyCell, PlanEpoch
from .signals import cell_moved


@transaction.atomic
def cell_save(*, cell: PartyCell, user, seen_version: SeenVersion = None) -> PartyCell:
    """Create or update a cell, refusing a battalion outside the user's scope. An update needs
    the version its form showed (core.concurrency)."""
    moved_from = None
    if cell.pk is not None:
        stored = PartyCell.objects.select_for_update().filter(pk=cell.pk).first()
        ensure_unchanged_since(cell, seen_version)
        if stored is not None and stored.battalion_id != cell.battalion_id:
            moved_from = stored.battalion_id
    if not Battalion.objects.visible_to(user).filter(pk=cell.battalion_id).exists():
        raise ValidationError({"battalion": _("Tiểu đoàn này nằm ngoài phạm vi của bạn.")})
    cell.full_clean()
    cell.save()
    if moved_from is not None:
        # Its people are planned in the other battalion now, with its pace and members, and
        # counted in its figures (members.tallies listens).
        plan_epochs_raise([moved_from, cell.battalion_id])
        cell_moved.send(PartyCell, cell=cell, from_battalion_id=moved_from)
    return cell


def plan_epochs_raise(battalion_ids) -> None:
    """Raise the PlanEpoch of each battalion (one statement; a battalion without one gets 1)."""
    ids = sorted(set(battalion_ids))
    if not ids:
        return
    table = PlanEpoch._meta.db_table
    values = ", ".join(["(%s, 1)"] * len(ids))
    with connections[router.db_for_write(PlanEpoch)].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (battalion_id, number) VALUES {values} "
            f"ON CONFLICT (battalion_id) DO UPDATE SET number = {table}.number + 1",
            ids,
        )
