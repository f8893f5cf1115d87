"""Keep the dashboard's tallies equal to the records they count.

`StepTally` counts steps per cell, kind and quarter; `RatingTally` yearly ratings per cell, year
and grade; `CohortTally` people per cell, cohort and status. Every write of those records ends
here: the services re-count the groups they touched; bulk writers (synthetic data, import)
rebuild the tallies of the cells they wrote. Re-counting instead of adding and subtracting means
a tally cannot drift from its records, whatever path wrote them: a refresh can always be run
again.

Two transactions re-counting the same cell would each miss the other's uncommitted record and
the later would write a stale count; so a refresh first locks the rows of the cells it counts,
and the second waits, then counts after the first has committed.
"""

import datetime
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, models, router, transaction
from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear

from units.models import PartyCell

from .models import AdmissionStep, CohortTally, Person, RatingTally, StepTally, YearlyRating


class Tally:
    """A tally model, the records it counts, the fields that key one count, and the leading
    keys (`group`) by which the writers re-count."""

    def __init__(
        self,
        model: type[models.Model],
        counted: Callable[[], models.QuerySet],
        keys: tuple[str, ...],
        group: tuple[str, ...],
    ):
        self.model = model
        # The counted records, annotated with any key that is not a column of theirs.
        self.counted = counted
        self.keys = keys
        self.group = group

    # Atomic so that the cells stay locked until the counts are written, whoever calls.
    @transaction.atomic
    def refresh(self, groups: Iterable[tuple]) -> None:
        """Re-count the tallies of `groups` (values of `self.group`, the cell id first)."""
        groups = set(groups)
        if not groups:
            return
        deferred = _deferred_cells.get()
        if deferred is not None:
            deferred.update(group[0] for group in groups)
            return
        lock_cells({group[0] for group in groups})
        for group in groups:
            where = dict(zip(self.group, group, strict=True))
            self.model.objects.filter(**where).delete()
            self._insert(self.counted().filter(**where))

    @transaction.atomic
    def rebuild(self, cell_ids: Collection[int] | None = None) -> int:
        """Count again every tally of `cell_ids` (all cells when None); how many there are."""
        lock_cells(cell_ids)
        records, tallies = self.counted(), self.model.objects.all()
        if cell_ids is not None:
            records = records.filter(cell_id__in=cell_ids)
            tallies = tallies.filter(cell_id__in=cell_ids)
        tallies.delete()
        return self._insert(records)

    def mismatches(self) -> int:
        """How many tallies differ from a fresh count of the records (missing ones included)."""
        fresh = {
            tuple(row[key] for key in self.keys): row["count"]
            for row in self._counts(self.counted()).iterator(chunk_size=5000)
        }
        stored = {
            tuple(row[key] for key in self.keys): row["count"]
            for row in self.model.objects.values(*self.keys, "count").iterator(chunk_size=5000)
        }
        return sum(fresh.get(key) != stored.get(key) for key in fresh.keys() | stored.keys())

    def _counts(self, records: models.QuerySet) -> models.QuerySet:
        return records.order_by().values(*self.keys).annotate(count=Count("*"))

    def _insert(self, records: models.QuerySet) -> int:
        """The counts written by the database itself (INSERT ... SELECT ... GROUP BY): a million
        cadets make over a million tallies, which cost a minute as model instances."""
        counts = self._counts(records)
        alias = router.db_for_write(self.model)
        connection = connections[alias]
        sql, params = counts.query.get_compiler(alias).as_sql()
        quote = connection.ops.quote_name
        # The SELECT's columns in their order: the keys, then the count.
        columns = [self.model._meta.get_field(name).column for name in counts.query.selected]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(self.model._meta.db_table)} "
                f"({', '.join(map(quote, columns))}) {sql}",
                params,
            )
            return cursor.rowcount


# The cells whose re-counts wait for the end of `rebuilt_at_end` (None: count at once).
_deferred_cells: ContextVar[set[int] | None] = ContextVar("deferred_cells", default=None)


@contextmanager
def rebuilt_at_end() -> Iterator[None]:
    """Run many service writes (demo data) with one rebuild of the cells they touched at the
    end, instead of a re-count after each write."""
    cells: set[int] = set()
    token = _deferred_cells.set(cells)
    try:
        yield
    finally:
        _deferred_cells.reset(token)
    if cells:
        rebuild_all(cells)


def lock_cells(cell_ids: Collection[int] | None) -> None:
    """Lock the rows of the cells about to be counted (every cell when None) until the
    transaction ends. Always in the order of their ids, so that two writers cannot each hold a
    cell the other waits for; a writer that counts several sets of cells locks their union
    first."""
    cells = PartyCell.objects.select_for_update().order_by("pk")
    if cell_ids is not None:
        cells = cells.filter(pk__in=sorted(cell_ids))
    list(cells.values_list("pk", flat=True))


def _steps_with_quarter() -> models.QuerySet:
    return AdmissionStep.objects.made_here().annotate(
        year=ExtractYear("date"), quarter=ExtractQuarter("date")
    )


step_tallies = Tally(
    StepTally,
    _steps_with_quarter,
    keys=("cell_id", "kind", "year", "quarter"),
    group=("cell_id", "kind", "year", "quarter"),
)
rating_tallies = Tally(
    RatingTally,
    YearlyRating.objects.all,
    keys=("cell_id", "year", "rating"),
    group=("cell_id", "year", "rating"),
)
cohort_tallies = Tally(
    CohortTally,
    Person.objects.all,
    keys=(
        "cell_id", "cohort", "programme", "kind", "study_status", "party_status",
        "expected_graduation_date",
    ),
    group=("cell_id", "cohort"),
)  # fmt: skip


def step_key(cell_id: int, kind: str, day: datetime.date) -> tuple:
    """The StepTally a step of `kind` on `day` in the cell counts in."""
    return (cell_id, str(kind), day.year, (day.month - 1) // 3 + 1)


def cohort_key(person: Person) -> tuple:
    """The group of CohortTally that counts `person` as the instance stands now."""
    return (person.cell_id, person.cohort)


ALL_TALLIES = {"steps": step_tallies, "ratings": rating_tallies, "cohorts": cohort_tallies}


@transaction.atomic
def rebuild_all(cell_ids: Collection[int] | None = None) -> None:
    """Every tally of `cell_ids` (all cells when None): after writing records in bulk."""
    lock_cells(cell_ids)
    for tally in ALL_TALLIES.values():
        tally.rebuild(cell_ids)
