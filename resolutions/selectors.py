"""Targets against results: results come from the pipeline data, counted in the database.

For a quarter and a cell: new candidates are LISTED steps dated in the quarter, admissions are
DECISION steps, conversions are CONVERSION_DECISION steps, each counted in the cell the step
happened in; a focus area's result is the share of the cell's evaluations dated in the quarter
graded at the target's grade or better. Nothing here is typed in by anyone.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.history import Change, ChangeReader
from members.choices import StepKind
from members.models import AdmissionStep, BattalionStepTally, Evaluation, StepTally
from units.models import PartyCell

from .models import (
    AreaTarget,
    CellRollout,
    CellTarget,
    FocusArea,
    MinGrade,
    Resolution,
    summed_admission_targets,
)
from .quarters import quarter_bounds, quarter_of, report_deadline

# Each cell target and the step whose count in the quarter is its result.
GOAL_STEPS = {
    "candidates": StepKind.LISTED,
    "admissions": StepKind.DECISION,
    "conversions": StepKind.CONVERSION_DECISION,
}
AREA_ORDER = [area.value for area in FocusArea]
# A quarter's resolutions summed over battalions are listed by number up to this many; more
# are counted (admissions_by_quarter).
LISTED_RESOLUTIONS = 5
GOAL_LABELS = {
    "candidates": gettext_lazy("Phát triển quần chúng ưu tú"),
    "admissions": gettext_lazy("Kết nạp"),
    "conversions": gettext_lazy("Chuyển chính thức"),
}


class ReportStatus:
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"

    labels = {
        ON_TIME: gettext_lazy("Đúng hạn"),
        LATE: gettext_lazy("Báo cáo muộn"),
        OVERDUE: gettext_lazy("Quá hạn, chưa báo cáo"),
        PENDING: gettext_lazy("Chưa đến hạn báo cáo"),
    }


@dataclass(frozen=True)
class Figure:
    """A target (None: none was set) and the result computed from the pipeline."""

    target: int | None
    result: int

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.result >= self.target


@dataclass(frozen=True)
class AreaResult:
    area: str
    label: str
    target_percent: int
    evaluated: int
    reached: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.reached / self.evaluated, 1) if self.evaluated else None

    @property
    def met(self) -> bool | None:
        """None when the cell recorded no evaluation in the quarter: nothing to judge."""
        return None if self.percent is None else self.percent >= self.target_percent


@dataclass(frozen=True)
class CellScore:
    cell_id: int | None
    cell_name: str
    candidates: Figure
    admissions: Figure
    conversions: Figure
    areas: tuple[AreaResult, ...]
    rollout_id: int | None = None
    received_on: datetime.date | None = None
    discussed_on: datetime.date | None = None
    reported_on: datetime.date | None = None
    report_status: str | None = None
    # The quarter is still running: a target not reached yet is not missed yet.
    running: bool = False

    @property
    def missed(self) -> list[str]:
        """Labels of the targets not reached."""
        missed = [str(GOAL_LABELS[name]) for name in GOAL_STEPS if getattr(self, name).met is False]
        return missed + [area.label for area in self.areas if area.met is False]

    @property
    def unevaluated(self) -> list[str]:
        """Focus areas with a target but no evaluation recorded in the quarter."""
        return [area.label for area in self.areas if area.met is None]

    @property
    def is_late(self) -> bool:
        return self.report_status in (ReportStatus.LATE, ReportStatus.OVERDUE)

    @property
    def report_status_label(self) -> str:
        return str(ReportStatus.labels[self.report_status]) if self.report_status else ""

    @property
    def stands_out(self) -> bool:
        # A cell without evaluations is noted but not flagged: it may have had no candidates;
        # nor is one whose running quarter has not reached its targets yet.
        return bool((self.missed and not self.running) or self.is_late)


@dataclass(frozen=True)
class AreaTargetInfo:
    area: str
    label: str
    criterion: str
    min_grade_label: str
    target_percent: int


@dataclass(frozen=True)
class Scorecard:
    resolution_id: int
    number: str
    committee: str
    year: int
    quarter: int
    start: datetime.date
    end: datetime.date
    report_deadline: datetime.date
    area_targets: tuple[AreaTargetInfo, ...]
    cells: tuple[CellScore, ...]
    total: CellScore

    @property
    def cells_standing_out(self) -> int:
        return sum(cell.stands_out for cell in self.cells)


@dataclass(frozen=True)
class CellResults:
    """What one cell achieved in a quarter, counted from its steps and evaluations."""

    candidates: int
    admissions: int
    conversions: int
    evaluated: int
    reached: dict[str, int]


def quarter_results(
    cell_ids: Collection[int], year: int, quarter: int, min_grades: Mapping[str, str]
) -> dict[int, CellResults]:
    """Results of each cell in the quarter, from the pipeline data, in two queries.

    `min_grades` maps a focus area to the grade counted as reached ({"study": "tot"});
    `reached[area]` is the number of the cell's evaluations at that grade or better.
    """
    cell_ids = list(cell_ids)
    start, end = quarter_bounds(year, quarter)
    steps = (
        AdmissionStep.objects.made_here()
        .filter(cell_id__in=cell_ids, kind__in=GOAL_STEPS.values(), date__range=(start, end))
        .values("cell_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(row["cell_id"], row["kind"]): row["n"] for row in steps}
    evaluations = {}
    if min_grades:
        reached = {
            area: Count("id", filter=Q(**{f"{area}__in": MinGrade(grade).grades}))
            for area, grade in min_grades.items()
        }
        rows = (
            Evaluation.objects.filter(cell_id__in=cell_ids, date__range=(start, end))
            .values("cell_id")
            .annotate(evaluated=Count("id"), **reached)
            .order_by()
        )
        evaluations = {row.pop("cell_id"): row for row in rows}
    results = {}
    for cell_id in cell_ids:
        graded = evaluations.get(cell_id, {})
        results[cell_id] = CellResults(
            **{goal: counts.get((cell_id, kind), 0) for goal, kind in GOAL_STEPS.items()},
            evaluated=graded.get("evaluated", 0),
            reached={area: graded.get(area, 0) for area in min_grades},
        )
    return results


def quarter_scorecard(
    resolution: Resolution,
    *,
    cell_ids: Collection[int] | None = None,
    today: datetime.date | None = None,
) -> Scorecard:
    """Targets of `resolution` against the quarter's results, per cell of its battalion.

    `cell_ids` limits the rows (a secretary sees their own cell). The total row sums the rows
    shown. Six queries, whatever the number of cells, steps or evaluations.
    """
    today = today or timezone.localdate()
    start, end = quarter_bounds(resolution.year, resolution.quarter)
    running = today <= end
    deadline = report_deadline(resolution.year, resolution.quarter)
    battalion_cells = PartyCell.objects.filter(battalion_id=resolution.battalion_id)
    if cell_ids is not None:
        battalion_cells = battalion_cells.filter(pk__in=cell_ids)
    cells = list(battalion_cells.order_by("code").values_list("pk", "name"))
    area_targets = sorted(
        AreaTarget.objects.filter(resolution=resolution), key=lambda t: AREA_ORDER.index(t.area)
    )
    targets = {t.cell_id: t for t in CellTarget.objects.filter(resolution=resolution)}
    rollouts = {r.cell_id: r for r in CellRollout.objects.filter(resolution=resolution)}
    results = quarter_results(
        [pk for pk, _name in cells],
        resolution.year,
        resolution.quarter,
        {t.area: t.min_grade for t in area_targets},
    )

    rows = []
    for cell_id, name in cells:
        target = targets.get(cell_id)
        rollout = rollouts.get(cell_id)
        result = results[cell_id]
        rows.append(
            CellScore(
                cell_id=cell_id,
                cell_name=name,
                **{
                    goal: Figure(
                        target=getattr(target, goal) if target else None,
                        result=getattr(result, goal),
                    )
                    for goal in GOAL_STEPS
                },
                areas=tuple(
                    AreaResult(
                        area=t.area,
                        label=t.get_area_display(),
                        target_percent=t.target_percent,
                        evaluated=result.evaluated,
                        reached=result.reached[t.area],
                    )
                    for t in area_targets
                ),
                rollout_id=rollout.pk if rollout else None,
                received_on=rollout.received_on if rollout else None,
                discussed_on=rollout.discussed_on if rollout else None,
                reported_on=rollout.reported_on if rollout else None,
                report_status=_report_status(rollout, deadline, today) if rollout else None,
                running=running,
            )
        )
    return Scorecard(
        resolution_id=resolution.pk,
        number=resolution.number,
        committee=resolution.battalion.committee_name,
        year=resolution.year,
        quarter=resolution.quarter,
        start=start,
        end=end,
        report_deadline=deadline,
        area_targets=tuple(
            AreaTargetInfo(
                area=t.area,
                label=t.get_area_display(),
                criterion=t.criterion,
                min_grade_label=t.get_min_grade_display(),
                target_percent=t.target_percent,
            )
            for t in area_targets
        ),
        cells=tuple(rows),
        total=_total(rows, area_targets, running),
    )


def _report_status(rollout: CellRollout, deadline: datetime.date, today: datetime.date) -> str:
    if rollout.reported_on:
        return ReportStatus.ON_TIME if rollout.reported_on <= deadline else ReportStatus.LATE
    return ReportStatus.OVERDUE if today > deadline else ReportStatus.PENDING


def _total(rows: list[CellScore], area_targets: list[AreaTarget], running: bool) -> CellScore:
    def summed(goal: str) -> Figure:
        figures = [getattr(row, goal) for row in rows]
        targets = [f.target for f in figures if f.target is not None]
        return Figure(
            target=sum(targets) if targets else None, result=sum(f.result for f in figures)
        )

    return CellScore(
        cell_id=None,
        cell_name=_("Cộng"),
        candidates=summed("candidates"),
        admissions=summed("admissions"),
        conversions=summed("conversions"),
        areas=tuple(
            AreaResult(
                area=t.area,
                label=t.get_area_display(),
                target_percent=t.target_percent,
                evaluated=sum(row.areas[i].evaluated for row in rows),
                reached=sum(row.areas[i].reached for row in rows),
            )
            for i, t in enumerate(area_targets)
        ),
        running=running,
    )


@dataclass(frozen=True)
class QuarterTargets:
    """One battalion's quarter: the summed cell targets of its resolutions against the results.

    Targets are None when the battalion issued no resolution for the quarter; a supplement's
    targets add to those of the main resolution.
    """

    battalion_id: int
    year: int
    quarter: int
    resolutions: tuple[str, ...]
    candidates: Figure
    admissions: Figure
    conversions: Figure


def targets_by_quarter(
    battalion_ids: Iterable[int],
    years: Iterable[int],
    *,
    cell_ids: Collection[int] | QuerySet | None = None,
) -> list[QuarterTargets]:
    """Every quarter of `years` for each battalion: targets against results, in three queries.

    The caller passes battalions already limited to the user's scope; `cell_ids` (ids or a
    query of them) narrows the targets and results to those cells (a secretary's cell, a cell
    filter). Rows are ordered by battalion id, year and quarter, four per battalion and year.
    """
    battalion_ids, years = sorted(set(battalion_ids)), sorted(set(years))
    if not battalion_ids or not years:
        return []
    in_scope = {"battalion_id__in": battalion_ids, "year__in": years}
    numbers = defaultdict(list)
    for battalion_id, year, quarter, number in (
        Resolution.objects.filter(**in_scope)
        .order_by("is_supplement", "signed_on", "pk")
        .values_list("battalion_id", "year", "quarter", "number")
    ):
        numbers[(battalion_id, year, quarter)].append(number)
    cell_targets = CellTarget.objects.filter(
        **{f"resolution__{name}": value for name, value in in_scope.items()}
    )
    # Results are read from the steps' quarterly tallies, not counted from the steps.
    tallies = StepTally.objects.filter(
        cell__battalion_id__in=battalion_ids, kind__in=GOAL_STEPS.values(), year__in=years
    )
    if cell_ids is not None:
        cell_targets = cell_targets.filter(cell_id__in=cell_ids)
        tallies = tallies.filter(cell_id__in=cell_ids)
    targets = {
        (row["resolution__battalion_id"], row["resolution__year"], row["resolution__quarter"]): row
        for row in cell_targets.values(
            "resolution__battalion_id", "resolution__year", "resolution__quarter"
        )
        .annotate(**{goal: Sum(goal) for goal in GOAL_STEPS})
        .order_by()
    }
    results = {
        (row["cell__battalion_id"], row["year"], row["quarter"], row["kind"]): row["n"]
        for row in tallies.values("cell__battalion_id", "year", "quarter", "kind")
        .annotate(n=Sum("count"))
        .order_by()
    }
    rows = []
    for battalion_id in battalion_ids:
        for year in years:
            for quarter in range(1, 5):
                key = (battalion_id, year, quarter)
                issued = key in numbers
                summed = targets.get(key, {})
                rows.append(
                    QuarterTargets(
                        battalion_id=battalion_id,
                        year=year,
                        quarter=quarter,
                        resolutions=tuple(numbers.get(key, ())),
                        **{
                            goal: Figure(
                                target=(summed.get(goal) or 0) if issued else None,
                                result=results.get((*key, kind), 0),
                            )
                            for goal, kind in GOAL_STEPS.items()
                        },
                    )
                )
    return rows


@dataclass(frozen=True)
class QuarterAdmissions:
    """The admissions of a quarter summed over battalions: their resolutions' numbers (in the
    order of `targets_by_quarter`), the summed cell targets (None when none of them issued a
    resolution for the quarter) and the admission decisions."""

    year: int
    quarter: int
    resolutions: tuple[str, ...]
    target: int | None
    admitted: int
    # How many resolutions the quarter has; their numbers are listed up to LISTED_RESOLUTIONS.
    resolution_count: int = 0

    @property
    def resolutions_text(self) -> str:
        """The numbers of the quarter's resolutions, or how many there are when too many to
        list (a whole academy's 200 battalions each issue theirs)."""
        if len(self.resolutions) == self.resolution_count:
            return ", ".join(self.resolutions)
        return ngettext("%(count)s nghị quyết", "%(count)s nghị quyết", self.resolution_count) % {
            "count": self.resolution_count
        }


def admissions_by_quarter(
    battalion_ids: Iterable[int],
    years: Iterable[int],
    *,
    cell_ids: Collection[int] | QuerySet | None = None,
    whole_battalions: bool = False,
) -> list[QuarterAdmissions]:
    """The admissions goal of `targets_by_quarter`, summed over the battalions a quarter at a
    time, in two or three queries: every quarter of `years`, in order. When
    `whole_battalions` says that `cell_ids` holds every cell of the battalions, the admissions
    are read from the battalions' tallies (members.tallies), 200 rows a quarter for a whole
    academy instead of 1,200.

    The dashboard's quarterly panel shows no battalion's own row; building one for each of a
    whole academy's 200 battalions before adding them up cost it 80 ms (issue 17).
    """
    battalion_ids, years = sorted(set(battalion_ids)), sorted(set(years))
    if not battalion_ids or not years:
        return []
    # The resolutions of each quarter with the sum of their cells' targets. Every cell of the
    # battalions in view reads the sum each resolution keeps (Resolution.admissions_target; a
    # resolution targets only its battalion's cells, resolutions.services). Some cells sum their
    # targets, each resolution's read by its index: a join made PostgreSQL read every year's
    # 120,000 cell targets, and a list of 2,400 resolution ids cost Django 10 ms to build.
    goal = {"kind": GOAL_STEPS["admissions"], "year__in": years}
    tallies = StepTally.objects.filter(cell__battalion_id__in=battalion_ids, **goal)
    quarter_target = Sum("admissions_target")
    if whole_battalions:
        tallies = BattalionStepTally.objects.filter(battalion_id__in=battalion_ids, **goal)
    elif cell_ids is not None:
        tallies = tallies.filter(cell_id__in=cell_ids)
        quarter_target = Sum(summed_admission_targets(cell_ids))
    in_scope = Resolution.objects.filter(battalion_id__in=battalion_ids, year__in=years)
    quarters = {
        (year, quarter): (count, target)
        for year, quarter, count, target in in_scope.order_by()
        .values("year", "quarter")
        .annotate(count=Count("pk"), target=quarter_target)
        .values_list("year", "quarter", "count", "target")
    }
    # The numbers only where they can be read: listing a whole academy's 2,400 resolutions
    # made a 24 KB table of "1-NQ/ĐU, 1-NQ/ĐU, …".
    listed = Q()
    for (year, quarter), (count, _target) in quarters.items():
        if count <= LISTED_RESOLUTIONS:
            listed |= Q(year=year, quarter=quarter)
    numbers = defaultdict(list)
    if listed:
        for year, quarter, number in (
            in_scope.filter(listed)
            .order_by("battalion_id", "is_supplement", "signed_on", "pk")
            .values_list("year", "quarter", "number")
        ):
            numbers[(year, quarter)].append(number)
    results = {
        (year, quarter): summed
        for year, quarter, summed in tallies.values_list("year", "quarter")
        .annotate(Sum("count"))
        .order_by()
    }
    return [
        QuarterAdmissions(
            year=year,
            quarter=quarter,
            resolutions=tuple(numbers.get((year, quarter), ())),
            target=quarters[(year, quarter)][1] if (year, quarter) in quarters else None,
            admitted=results.get((year, quarter), 0),
            resolution_count=quarters.get((year, quarter), (0, 0))[0],
        )
        for year in years
        for quarter in range(1, 5)
    ]


@dataclass(frozen=True)
class ResolutionRow:
    """A resolution on the list page with how far its roll-out has gone in the user's cells."""

    resolution: Resolution
    cells: int
    reported: int
    late: int
    own_status: str | None
    quarter: QuarterTargets
    # The quarter is today's; running: it has not ended (a target not reached is not missed).
    current: bool = False
    running: bool = False

    @property
    def own_status_label(self) -> str:
        return str(ReportStatus.labels[self.own_status]) if self.own_status else ""


def resolution_rows(
    user,
    *,
    year: int | None = None,
    today: datetime.date | None = None,
    limit: int | None = None,
) -> list[ResolutionRow]:
    """The resolutions the user may see, newest quarter first (the `limit` newest), in five
    queries.

    Each row carries the quarter's targets against results (`targets_by_quarter`); a secretary
    sees only their own cell's figures and roll-out.
    """
    today = today or timezone.localdate()
    shown = (
        Resolution.objects.visible_to(user)
        .select_related("battalion")
        .prefetch_related(
            Prefetch("rollouts", queryset=CellRollout.objects.visible_to(user), to_attr="shown")
        )
    )
    if year:
        shown = shown.filter(year=year)
    resolutions = list(shown if limit is None else shown[:limit])
    own_cell = user.scope.cell_id if user.scope else None
    quarters = {
        (row.battalion_id, row.year, row.quarter): row
        for row in targets_by_quarter(
            {r.battalion_id for r in resolutions},
            {r.year for r in resolutions},
            cell_ids=[own_cell] if own_cell else None,
        )
    }
    rows = []
    for resolution in resolutions:
        deadline = report_deadline(resolution.year, resolution.quarter)
        statuses = [_report_status(rollout, deadline, today) for rollout in resolution.shown]
        rows.append(
            ResolutionRow(
                resolution=resolution,
                cells=len(resolution.shown),
                reported=sum(rollout.reported_on is not None for rollout in resolution.shown),
                late=sum(s in (ReportStatus.LATE, ReportStatus.OVERDUE) for s in statuses),
                own_status=statuses[0] if own_cell and statuses else None,
                quarter=quarters[(resolution.battalion_id, resolution.year, resolution.quarter)],
                current=(resolution.year, resolution.quarter) == (today.year, quarter_of(today)),
                running=today <= quarter_bounds(resolution.year, resolution.quarter)[1],
            )
        )
    return rows


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    action: str
    subject: str
    changes: tuple[Change, ...]


HISTORY_ACTIONS = {
    "+": gettext_lazy("Tạo"),
    "~": gettext_lazy("Sửa"),
    "-": gettext_lazy("Xóa"),
}
# The subject of each entry names the resolution and the cell.
HISTORY_SKIPPED_FIELDS = {"resolution", "cell"}


def resolution_history(resolution: Resolution, user) -> list[HistoryEntry]:
    """Every change to the resolution, its targets and the roll-outs the user may see, newest
    first, with who made it and what changed (one query per kind of record)."""
    cell_names = dict(
        PartyCell.objects.filter(battalion_id=resolution.battalion_id).values_list("pk", "name")
    )
    visible_cells = PartyCell.objects.visible_to(user).values("pk")
    sources = [
        (Resolution.history.filter(id=resolution.pk), lambda record: _("Nghị quyết")),
        (
            AreaTarget.history.filter(resolution_id=resolution.pk),
            lambda record: _("Chỉ tiêu %(area)s") % {"area": record.get_area_display().lower()},
        ),
        (
            CellTarget.history.filter(resolution_id=resolution.pk, cell_id__in=visible_cells),
            lambda record: _("Chỉ tiêu %(cell)s") % {"cell": cell_names.get(record.cell_id, "")},
        ),
        (
            CellRollout.history.filter(resolution_id=resolution.pk, cell_id__in=visible_cells),
            lambda record: (
                _("Triển khai ở %(cell)s") % {"cell": cell_names.get(record.cell_id, "")}
            ),
        ),
    ]
    loaded = [
        (list(records.select_related("history_user").order_by("history_date")), subject)
        for records, subject in sources
    ]
    reader = ChangeReader(
        (record for records, _subject in loaded for record in records),
        skip=HISTORY_SKIPPED_FIELDS,
    )
    entries = []
    for records, subject in loaded:
        previous: dict[int, object] = {}
        for record in records:
            before = previous.get(record.id)
            changes: tuple[Change, ...] = ()
            if before is not None and record.history_type == "~":
                changes = tuple(reader.changes(record, before))
            previous[record.id] = record
            if record.history_type == "~" and before is not None and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user else _("Hệ thống"),
                    action=str(HISTORY_ACTIONS[record.history_type]),
                    subject=subject(record),
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
