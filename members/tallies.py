"""Keep `StepTally` (steps per cell, kind and quarter) equal to the steps it counts.

Every write of steps ends here: the step services re-count the few quarters they touched;
bulk writers (import, synthetic data, restore) rebuild the tallies of the cells they wrote.
Re-counting instead of adding and subtracting means a tally can never drift from the steps,
whatever path wrote them: running a refresh again is always safe.
"""

import datetime
from collections.abc import Collection, Iterable

from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear

from .models import AdmissionStep, StepTally

# A tally is known by (cell id, step kind, year, quarter).
TallyKey = tuple[int, str, int, int]


def tally_key(cell_id: int, kind: str, day: datetime.date) -> TallyKey:
    return (cell_id, str(kind), day.year, (day.month - 1) // 3 + 1)


def tally_refresh(keys: Iterable[TallyKey]) -> None:
    """Re-count the quarters of `keys` (from `tally_key`) after steps were added or removed."""
    for cell_id, kind, year, quarter in set(keys):
        count = AdmissionStep.objects.filter(
            cell_id=cell_id, kind=kind, date__year=year, date__quarter=quarter
        ).count()
        where = {"cell_id": cell_id, "kind": kind, "year": year, "quarter": quarter}
        if count:
            StepTally.objects.update_or_create(**where, defaults={"count": count})
        else:
            StepTally.objects.filter(**where).delete()


def tally_rebuild(cell_ids: Collection[int] | None = None) -> int:
    """Count again every quarter of `cell_ids` (every cell when None); the number of tallies."""
    steps = AdmissionStep.objects.order_by()
    tallies = StepTally.objects.all()
    if cell_ids is not None:
        steps = steps.filter(cell_id__in=cell_ids)
        tallies = tallies.filter(cell_id__in=cell_ids)
    counted = (
        steps.annotate(year=ExtractYear("date"), quarter=ExtractQuarter("date"))
        .values("cell_id", "kind", "year", "quarter")
        .annotate(count=Count("*"))
    )
    tallies.delete()
    created = StepTally.objects.bulk_create(
        (StepTally(**row) for row in counted.iterator(chunk_size=5000)), batch_size=2000
    )
    return len(created)
