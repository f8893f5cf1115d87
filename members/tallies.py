"""Keep the dashboard's tallies equal to the records they count.

`StepTally` counts steps per cell, kind and quarter; `RatingTally` yearly ratings per cell, year
and grade; `CohortTally` people per cell, cohort and status. Every write of those records ends
here: the services re-count the groups they touched; bulk writers (synthetic data, import)
rebuild the tallies of the cells they wrote. Re-counting instead of adding and subtracting means
a tally cannot drift from its records, whatever path wrote them: a refresh can always be run
again.

Beside each cell tally, its battalion's (BattalionStepTally, ...) sums the cells' tallies of
the battalion, written again in the same refresh from the cells' fresh counts: a whole
academy's figures are read from 200 battalions' rows instead of 1,200 cells' (issue 17).

Two transactions re-counting the same cell would each miss the other's uncommitted record and
the later would write a stale count; so a refresh first locks the rows of the cells it counts,
and the second waits, then counts after the first has committed. A battalion's sum reads every
cell of the battalion: the refresh locks the cells' battalions first, so that two writers of
cells of one battalion sum one after the other.
"""

import datetime
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, models, router, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear

from units.models import Battalion, PartyCell

from .models import (
    AdmissionStep,
    BattalionCohortTally,
    BattalionRatingTally,
    BattalionStepTally,
    CohortTally,
    Person,
    RatingTally,
    StepTally,
    YearlyRating,
)


class Tally:
    """A tally model, the records it counts, the fields that key one count, and the leading
    keys (`group`) by which the writers re-count; `by_battalion`, the model of the same counts
    summed by battalion (its `battalion` in place of the cell, the other keys the same)."""

    def __init__(
        self,
        model: type[models.Model],
        counted: Callable[[], models.QuerySet],
        keys: tuple[str, ...],
        group: tuple[str, ...],
        by_battalion: type[models.Model],
    ):
        self.model = model
        # The counted records, annotated with any key that is not a column of theirs.
        self.counted = counted
        self.keys = keys
        self.group = group
        self.by_battalion = by_battalion

    # Atomic so that the cells stay locked until the counts are written, whoever calls; no
    # savepoint of its own inside a caller's transaction (two queries on every step recorded):
    # a refresh that fails fails the write that called it.
    @transaction.atomic(savepoint=False)
    def refresh(self, groups: Iterable[tuple]) -> None:
        """Re-count the tallies of `groups` (values of `self.group`, the cell id first)."""
        groups = set(groups)
        if not groups:
            return
        deferred = _deferred_cells.get()
        if deferred is not None:
            deferred.update(group[0] for group in groups)
            return
        battalion_of = lock_cells({group[0] for group in groups})
        for group in groups:
            where = dict(zip(self.group, group, strict=True))
            self.model.objects.filter(**where).delete()
            _insert(self.model, self._counts(self.counted().filter(**where)))
        for battalion_id, *rest in {(battalion_of[group[0]], *group[1:]) for group in groups}:
            self._sum_battalions([battalion_id], dict(zip(self.group[1:], rest, strict=True)))

    @transaction.atomic
    def rebuild(self, cell_ids: Collection[int] | None = None) -> int:
        """Count again every tally of `cell_ids` (all cells when None), and sum again their
        battalions'; how many cell tallies there are."""
        battalion_of = lock_cells(cell_ids)
        records, tallies = self.counted(), self.model.objects.all()
        if cell_ids is not None:
            records = records.filter(cell_id__in=cell_ids)
            tallies = tallies.filter(cell_id__in=cell_ids)
        tallies.delete()
        written = _insert(self.model, self._counts(records))
        self._sum_battalions(None if cell_ids is None else set(battalion_of.values()), {})
        return written

    def mismatches(self) -> int:
        """How many tallies, of cells or of battalions, differ from a fresh count of the
        records (missing ones included)."""
        by_cell = self._counts(self.counted())
        by_battalion = (
            self.counted()
            .order_by()
            .values(*self.keys[1:], battalion_ref=F("cell__battalion_id"))
            .annotate(count=Count("*"))
        )
        stored_by_battalion = self.by_battalion.objects.values(
            *self.keys[1:], "count", battalion_ref=F("battalion_id")
        )
        return _differences(
            by_cell, self.keys, self.model.objects.values(*self.keys, "count")
        ) + _differences(by_battalion, (*self.keys[1:], "battalion_ref"), stored_by_battalion)

    def _counts(self, records: models.QuerySet) -> models.QuerySet:
        return records.order_by().values(*self.keys).annotate(count=Count("*"))

    def _sum_battalions(self, battalion_ids: Collection[int] | None, where: dict) -> None:
        """Write again the battalion tallies of `battalion_ids` (all when None) keyed by
        `where` (the keys after the cell), as the sums of their cells' tallies."""
        cells = self.model.objects.filter(**where)
        battalions = self.by_battalion.objects.filter(**where)
        if battalion_ids is not None:
            cells = cells.filter(cell__battalion_id__in=sorted(battalion_ids))
            battalions = battalions.filter(battalion_id__in=sorted(battalion_ids))
        battalions.delete()
        sums = (
            cells.order_by()
            .values(*self.keys[1:], battalion_ref=F("cell__battalion_id"))
            .annotate(summed=Sum("count"))
        )
        _insert(self.by_battalion, sums, battalion_ref="battalion", summed="count")


def _differences(fresh: models.QuerySet, keys: tuple[str, ...], stored: models.QuerySet) -> int:
    """How many keys' counts differ between two queries of rows with `keys` and a count."""

    def read(rows: models.QuerySet) -> dict[tuple, int]:
        return {
            tuple(row[key] for key in keys): row["count"] for row in rows.iterator(chunk_size=5000)
        }

    fresh_counts, stored_counts = read(fresh), read(stored)
    return sum(
        fresh_counts.get(key) != stored_counts.get(key)
        for key in fresh_counts.keys() | stored_counts.keys()
    )


def _insert(model: type[models.Model], counts: models.QuerySet, **renamed: str) -> int:
    """The counts written by the database itself (INSERT ... SELECT ... GROUP BY): a million
    cadets make over a million tallies, which cost a minute as model instances. Each selected
    name is the field of `model` it fills, or is renamed to one by `renamed`."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, params = counts.query.get_compiler(alias).as_sql()
    quote = connection.ops.quote_name
    # The SELECT's columns in their order: the keys, then the count.
    columns = [
        model._meta.get_field(renamed.get(name, name)).column for name in counts.query.selected
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) {sql}",
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


def lock_cells(cell_ids: Collection[int] | None) -> dict[int, int]:
    """Lock the rows of the battalions of the cells about to be counted, then of the cells
    (every one when None), until the transaction ends; each cell's battalion. Always in the
    order of their ids, battalions first, so that two writers cannot each hold a row the other
    waits for; a writer that counts several sets of cells locks their union first."""
    cells = PartyCell.objects.order_by("pk")
    if cell_ids is not None:
        cells = cells.filter(pk__in=sorted(cell_ids))
    battalion_of = dict(cells.values_list("pk", "battalion_id"))
    # No key update: rows written meanwhile that refer to the battalion need not wait.
    battalions = Battalion.objects.select_for_update(no_key=True).order_by("pk")
    if cell_ids is not None:
        battalions = battalions.filter(pk__in=sorted(set(battalion_of.values())))
    list(battalions.values_list("pk", flat=True))
    list(cells.select_for_update().values_list("pk", flat=True))
    return battalion_of


def _steps_with_quarter() -> models.QuerySet:
    return AdmissionStep.objects.made_here().annotate(
        year=ExtractYear("date"), quarter=ExtractQuarter("date")
    )


step_tallies = Tally(
    StepTally,
    _steps_with_quarter,
    keys=("cell_id", "kind", "year", "quarter"),
    group=("cell_id", "kind", "year", "quarter"),
    by_battalion=BattalionStepTally,
)
rating_tallies = Tally(
    RatingTally,
    YearlyRating.objects.all,
    keys=("cell_id", "year", "rating"),
    group=("cell_id", "year", "rating"),
    by_battalion=BattalionRatingTally,
)
cohort_tallies = Tally(
    CohortTally,
    Person.objects.all,
    keys=(
        "cell_id", "cohort", "programme", "kind", "study_status", "party_status",
        "expected_graduation_date",
    ),
    group=("cell_id", "cohort"),
    by_battalion=BattalionCohortTally,
)  # fmt: skip


def step_key(cell_id: int, kind: str, day: datetime.date) -> tuple:
    """The StepTally a step of `kind` on `day` in the cell counts in."""
    return (cell_id, str(kind), day.year, (day.month - 1) // 3 + 1)


def cohort_key(person: Person) -> tuple:
    """The group of CohortTally that counts `person` as the instance stands now."""
    return (person.cell_id, person.cohort)


ALL_TALLIES = {"steps": step_tallies, "ratings": rating_tallies, "cohorts": cohort_tallies}


@transaction.atomic
def resum_battalions(battalion_ids: Collection[int]) -> None:
    """Sum again every battalion tally of `battalion_ids` from their cells' tallies."""
    ids = sorted(set(battalion_ids))
    list(Battalion.objects.select_for_update(no_key=True).filter(pk__in=ids).values_list("pk"))
    for tally in ALL_TALLIES.values():
        tally._sum_battalions(ids, {})


def on_cell_moved(sender, *, cell: PartyCell, from_battalion_id: int, **kwargs) -> None:
    """A cell moved to another battalion (units.signals.cell_moved): its counts leave the one
    battalion's sums for the other's; the cell's own tallies stay as they are."""
    resum_battalions([from_battalion_id, cell.battalion_id])


@transaction.atomic
def rebuild_all(cell_ids: Collection[int] | None = None) -> None:
    """Every tally of `cell_ids` (all cells when None): after writing records in bulk."""
    lock_cells(cell_ids)
    for tally in ALL_TALLIES.values():
        tally.rebuild(cell_ids)
