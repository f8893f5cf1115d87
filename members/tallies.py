"""Keep the dashboard's tallies equal to the records they count.

`StepTally` counts steps per cell, kind and quarter; `RatingTally` yearly ratings per cell, year
and grade. Every write of those records ends here: the services re-count the few keys they
touched; bulk writers (synthetic data, import, restore) rebuild the tallies of the cells they
wrote. Re-counting instead of adding and subtracting means a tally cannot drift from its
records, whatever path wrote them: running a refresh again is always safe.
"""

import datetime
from collections.abc import Callable, Collection, Iterable

from django.db import models
from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear

from .models import AdmissionStep, RatingTally, StepTally, YearlyRating


class Tally:
    """A tally model, the records it counts and the fields that key one count."""

    def __init__(
        self,
        model: type[models.Model],
        counted: Callable[[], models.QuerySet],
        keys: tuple[str, ...],
    ):
        self.model = model
        # The counted records, annotated with any key that is not a column of theirs.
        self.counted = counted
        self.keys = keys

    def refresh(self, keys: Iterable[tuple]) -> None:
        """Re-count the tallies of `keys` (values in the order of `self.keys`)."""
        for key in set(keys):
            where = dict(zip(self.keys, key, strict=True))
            count = self.counted().filter(**where).count()
            if count:
                self.model.objects.update_or_create(**where, defaults={"count": count})
            else:
                self.model.objects.filter(**where).delete()

    def rebuild(self, cell_ids: Collection[int] | None = None) -> int:
        """Count again every tally of `cell_ids` (all cells when None); how many there are."""
        records, tallies = self.counted().order_by(), self.model.objects.all()
        if cell_ids is not None:
            records = records.filter(cell_id__in=cell_ids)
            tallies = tallies.filter(cell_id__in=cell_ids)
        counts = records.values(*self.keys).annotate(count=Count("*"))
        tallies.delete()
        created = self.model.objects.bulk_create(
            (self.model(**row) for row in counts.iterator(chunk_size=5000)), batch_size=2000
        )
        return len(created)


step_tallies = Tally(
    StepTally,
    lambda: AdmissionStep.objects.annotate(
        year=ExtractYear("date"), quarter=ExtractQuarter("date")
    ),
    ("cell_id", "kind", "year", "quarter"),
)
rating_tallies = Tally(
    RatingTally, lambda: YearlyRating.objects.all(), ("cell_id", "year", "rating")
)


def step_key(cell_id: int, kind: str, day: datetime.date) -> tuple:
    """The StepTally a step of `kind` on `day` in the cell counts in."""
    return (cell_id, str(kind), day.year, (day.month - 1) // 3 + 1)
