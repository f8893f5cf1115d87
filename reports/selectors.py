"""Report aggregates, scoped to what the user may see and computed in the database.

Every function returns plain data (lists of dicts) so that one selector feeds the dashboard
table, its chart and the CSV/XLSX export. Admissions and stage durations are counted through
the cell a step happened in (steps remember it); people, cohorts and conversions through the
person's current cell; ratings through the cell that rated them.

What grows with years of history (admissions, quarterly results, ratings, cohorts) is read from
the tallies that `members.tallies` keeps beside the records, so that a whole academy over many
years stays a few thousand rows to sum: the battalions' tallies when the figures are of whole
battalions (`whole_battalions`), the cells' otherwise.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Func, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.expressions import DaysBetween, Median
from core.workdays import add_months, working_days_between
from members.choices import (
    PROBATION_STEPS,
    PROCEDURE,
    TARGET_PROGRAMME,
    VOTE_OF_FAILED,
    PartyStatus,
    PersonKind,
    Programme,
    QualityRating,
    StepKind,
    StudyStatus,
)
from members.models import (
    AdmissionStep,
    BattalionCohortTally,
    BattalionRatingTally,
    BattalionStepTally,
    CohortTally,
    Person,
    RatingTally,
    StepTally,
)
from members.planning import URGENT, PlanStatus
from members.plans import plans_for
from resolutions.quarters import quarter_bounds
from resolutions.selectors import admissions_by_quarter
from units.models import Battalion, PartyCell

DEFAULT_HORIZON_MONTHS = 6
# Without a year range, the cohorts that graduated in the last two years are shown beside those
# still studying: the article's "100% of graduates in the last two years".
RECENT_COHORT_YEARS = 2
RECENT_RATING_YEARS = 5
# The quarterly panel follows the work of the current resolutions, not the whole history.
MAX_QUARTER_YEARS = 3
# The conversion vote falls due 12 months after the ceremony plus 30 working days; listing those
# due within the next two months leaves the cell time to prepare the papers (10-KNĐ, 11-KNĐ).
CONVERSION_LOOKAHEAD_DAYS = 60
MEMBER_STATUSES = (PartyStatus.PROBATIONARY, PartyStatus.OFFICIAL)
# Every stage a person can be waiting at; after the conversion decision they are official.
FUNNEL_STAGES = PROCEDURE[:-1]
# The admission forecast covers the cohorts graduating within two years: time enough for the
# procedure, and a bounded number of plans to compute.
FORECAST_MONTHS = 24
# Statuses counted as admitted at graduation in the forecast.
ADMITTED_BY_GRADUATION = (PlanStatus.ADMITTED, PlanStatus.ON_TRACK, PlanStatus.AT_RISK)
# Stage durations are measured over a year of closed stages: recent enough to describe how the
# cells work now, and a bounded amount of data however long the history grows.
DURATION_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class ReportFilters:
    """What the dashboard is asked for: a year range and, within the user's scope, a unit."""

    year_from: int | None = None
    year_to: int | None = None
    battalion_id: int | None = None
    cell_id: int | None = None
    horizon_months: int = DEFAULT_HORIZON_MONTHS
    by_cell: bool = False
    today: datetime.date = field(default_factory=timezone.localdate)
    # The battalions of the user's scope when the caller has already read them through
    # visible_to (the filter form has); empty means read them here.
    scope_battalion_ids: tuple[int, ...] = ()
    # What-if for the admission forecast: the next awareness course is held on this day.
    course_on: datetime.date | None = None

    def unit_q(self, cell_field: str = "cell") -> Q:
        """Rows of the chosen battalion or cell, reached through `cell_field`."""
        condition = Q()
        if self.battalion_id:
            condition &= Q(**{f"{cell_field}__battalion_id": self.battalion_id})
        if self.cell_id:
            condition &= Q(**{f"{cell_field}_id": self.cell_id})
        return condition

    def years_q(self, date_field: str) -> Q:
        condition = Q()
        if self.year_from:
            condition &= Q(**{f"{date_field}__gte": datetime.date(self.year_from, 1, 1)})
        if self.year_to:
            condition &= Q(**{f"{date_field}__lte": datetime.date(self.year_to, 12, 31)})
        return condition


@dataclass(frozen=True)
class Listing:
    """A list cut to `limit` rows on the page, with the full count beside it."""

    rows: list[dict]
    total: int


def _steps(user, filters: ReportFilters):
    return AdmissionStep.objects.visible_to(user).filter(filters.unit_q()).order_by()


def _people(user, filters: ReportFilters):
    return Person.objects.visible_to(user).filter(filters.unit_q()).order_by()


def _year_span(years: list[int], filters: ReportFilters) -> list[int]:
    """Every year of the asked range (or of the data) so that empty years show as zero."""
    if not years and not (filters.year_from and filters.year_to):
        return []
    first = filters.year_from or min(years)
    last = filters.year_to or max([*years, first])
    return list(range(first, last + 1))


def whole_battalions(user, filters: ReportFilters) -> bool:
    """Whether the figures asked for are of whole battalions (no cell chosen, a scope wider
    than a cell): then they are read from the battalions' tallies, which sum their cells'."""
    scope = user.scope if user.is_authenticated else None
    return not filters.cell_id and scope is not None and not scope.cell_id


def _tallies(user, filters: ReportFilters, by_cell, by_battalion, *, cells: bool = False):
    """The tallies in scope and unit: the battalions' (`by_battalion`) when the figures are of
    whole battalions, unless `cells` asks for the cells' (`by_cell`)."""
    if cells or not whole_battalions(user, filters):
        return by_cell.objects.visible_to(user).filter(filters.unit_q()).order_by()
    tallies = by_battalion.objects.visible_to(user)
    if filters.battalion_id:
        tallies = tallies.filter(battalion_id=filters.battalion_id)
    return tallies.order_by()


def _admission_tallies(user, filters: ReportFilters, *, cells: bool = False):
    """The quarterly counts of admission decisions in scope, unit and years (a battalion's or,
    with `cells` or when a cell is in view, a cell's: see `_tallies`)."""
    tallies = _tallies(user, filters, StepTally, BattalionStepTally, cells=cells).filter(
        kind=StepKind.DECISION
    )
    if filters.year_from:
        tallies = tallies.filter(year__gte=filters.year_from)
    if filters.year_to:
        tallies = tallies.filter(year__lte=filters.year_to)
    return tallies


def admissions_by_year(
    user, filters: ReportFilters, *, by_cell: list[dict] | None = None
) -> list[dict]:
    """Admission decisions per year: [{"year": 2015, "admitted": 54}, ...], gaps as zero.

    Given the rows of `admissions_by_cell` for the same user and filters, the totals are
    summed from them rather than counted again.
    """
    counts: dict[int, int]
    if by_cell is not None:
        counts = Counter()
        for row in by_cell:
            counts[row["year"]] += row["admitted"]
    else:
        counts = dict(
            _admission_tallies(user, filters)
            .values("year")
            .annotate(admitted=Sum("count"))
            .values_list("year", "admitted")
        )
    return [
        {"year": year, "admitted": counts.get(year, 0)}
        for year in _year_span(sorted(counts), filters)
    ]


def admissions_by_cell(user, filters: ReportFilters) -> list[dict]:
    """Admission decisions per year and per cell the step happened in (non-zero rows only)."""
    rows = (
        _admission_tallies(user, filters, cells=True)
        .values(
            "year",
            "cell_id",
            "cell__code",
            "cell__name",
            "cell__battalion_id",
            "cell__battalion__code",
            "cell__battalion__name",
        )
        .annotate(admitted=Sum("count"))
    )
    # People read a battalion by its name ("Tiểu đoàn 1"); its code orders the rows.
    return sorted(
        (
            {
                "year": row["year"],
                "battalion_id": row["cell__battalion_id"],
                "battalion_code": row["cell__battalion__code"],
                "battalion": row["cell__battalion__name"],
                "cell_code": row["cell__code"],
                "cell": row["cell__name"],
                "admitted": row["admitted"],
            }
            for row in rows
        ),
        key=lambda row: (row["year"], row["battalion_code"], row["cell_code"]),
    )


def admissions_by_battalion(user, filters: ReportFilters) -> list[dict]:
    """The rows of `admissions_by_cell` summed by battalion, by the database: a whole academy's
    ten years are 2,000 rows instead of 12,000 (issue 17). Each row: year, battalion_id,
    battalion_code, battalion (its name), admitted; ordered by year and battalion code."""
    tallies = _admission_tallies(user, filters)
    battalion = "battalion_id" if tallies.model is BattalionStepTally else "cell__battalion_id"
    rows = (
        tallies.values("year", battalion)
        .annotate(admitted=Sum("count"))
        .values_list("year", battalion, "admitted")
    )
    counts = list(rows)
    # Plain tuples, not 200 deferred model instances, and the rows sorted before they are
    # dicts: a whole academy's ten years cost 8 ms of Python beside 2 ms of SQL.
    battalions = {
        pk: (code, name)
        for pk, code, name in Battalion.objects.filter(
            pk__in={battalion_id for _year, battalion_id, _admitted in counts}
        ).values_list("pk", "code", "name")
    }
    counts.sort(key=lambda count: (count[0], battalions[count[1]][0]))
    return [
        {
            "year": year,
            "battalion_id": battalion_id,
            "battalion_code": battalions[battalion_id][0],
            "battalion": battalions[battalion_id][1],
            "admitted": admitted,
        }
        for year, battalion_id, admitted in counts
    ]


def cohort_rates(user, filters: ReportFilters, *, target_programme: bool = True) -> list[dict]:
    """Each cohort's share of party members against the target that every graduate is one.

    The target is the seed programme's (members.choices.TARGET_PROGRAMME): its cohorts by
    default; with `target_programme=False`, the cohorts of every other programme, a row per
    cohort and programme, with no target.

    Counts the cadets (withdrawn ones left out) who graduate within the year range (without a
    start year, from two years before its end) and those still to graduate; members are
    probationary or official members now. Read from CohortTally, which counts people by cell,
    cohort, status and graduation date.
    """
    target, others = cohort_panels(user, filters)
    return target if target_programme else others


def cohort_panels(user, filters: ReportFilters) -> tuple[list[dict], list[dict]]:
    """The rows of `cohort_rates` for the target programme and for the others, in one query:
    the dashboard shows both, and each read of a whole academy's tallies cost 30 ms (issue 17).
    """
    first = filters.year_from or (filters.year_to or filters.today.year) - RECENT_COHORT_YEARS
    graduating = Q(expected_graduation_date__gte=datetime.date(first, 1, 1))
    if filters.year_to:
        graduating &= Q(expected_graduation_date__lte=datetime.date(filters.year_to, 12, 31)) | Q(
            expected_graduation_date__gte=filters.today
        )
    rows = (
        _tallies(user, filters, CohortTally, BattalionCohortTally)
        .filter(
            graduating,
            kind=PersonKind.CADET,
            study_status__in=[StudyStatus.STUDYING, StudyStatus.GRADUATED],
        )
        .exclude(cohort="")
        .values("cohort", "programme")
        .annotate(
            graduation=Max("expected_graduation_date"),
            cadets=Sum("count"),
            members=Coalesce(Sum("count", filter=Q(party_status__in=MEMBER_STATUSES)), 0),
        )
        .order_by("graduation", "cohort", "programme")
    )
    target: list[dict] = []
    others: list[dict] = []
    for row in rows:
        is_target = row["programme"] == TARGET_PROGRAMME
        (target if is_target else others).append(
            {
                "cohort": row["cohort"],
                "programme": _label(Programme, row["programme"]) or _("Chưa ghi hệ đào tạo"),
                "graduation": row["graduation"],
                "graduated": row["graduation"] < filters.today,
                "cadets": row["cadets"],
                "members": row["members"],
                "not_members": row["cadets"] - row["members"],
                "rate": round(100 * row["members"] / row["cadets"], 1),
                "target": 100 if is_target else None,
            }
        )
    return target, others


def other_cohort_rates(user, filters: ReportFilters) -> list[dict]:
    """The cohorts of programmes other than the target's (see cohort_rates)."""
    return cohort_rates(user, filters, target_programme=False)


def _label(choices, value: str) -> str:
    """A stored choice's label. Model.get_FOO_display() translates every label of the field
    to find one, which cost a dashboard list of 50 people 10 ms."""
    return str(choices(value).label) if value else ""


def _listing(queryset, limit: int | None, to_row) -> Listing:
    if limit is None:
        rows = [to_row(person) for person in queryset]
        return Listing(rows, len(rows))
    # The count rides along with the first rows as a subquery of its own: one query for both.
    # A window count made PostgreSQL read every matching row (6,000 at a million cadets) to
    # number them before keeping the first; the subquery counts from the index alone.
    counted = queryset.order_by().values(total=Func(F("pk"), function="COUNT"))
    people = list(queryset.annotate(total=Subquery(counted))[:limit])
    return Listing([to_row(person) for person in people], people[0].total if people else 0)


def due_to_graduate(user, filters: ReportFilters, *, limit: int | None = None) -> Listing:
    """Cadets still studying who graduate within the horizon (or are late) and are not members."""
    horizon_end = add_months(filters.today, filters.horizon_months)
    queryset = (
        _people(user, filters)
        .filter(
            kind=PersonKind.CADET,
            study_status=StudyStatus.STUDYING,
            expected_graduation_date__lte=horizon_end,
        )
        .exclude(party_status__in=MEMBER_STATUSES)
        .select_related("cell")
        .order_by("expected_graduation_date", "sort_name", "id")
    )

    def to_row(person: Person) -> dict:
        return {
            "id": person.pk,
            "code": person.code,
            "full_name": person.full_name,
            "cohort": person.cohort,
            "cell": person.cell.name,
            "graduation": person.expected_graduation_date,
            "party_status": _label(PartyStatus, person.party_status),
            "stage": _label(StepKind, person.stage),
        }

    return _listing(queryset, limit, to_row)


def conversions_due(user, filters: ReportFilters, *, limit: int | None = None) -> Listing:
    """Probationary members whose conversion vote or decision is overdue or due soon.

    Graduated and withdrawn cadets are left out: their records are closed here and their
    conversion, if any, is another unit's business.
    """
    queryset = (
        _people(user, filters)
        .filter(
            study_status=StudyStatus.STUDYING,
            # Only probationary members wait for these steps. Filtering on party_status too
            # made PostgreSQL multiply two selectivities that are one, expect a handful of
            # rows and join the cells by a nested loop (30 ms instead of 4 at N=100k). With
            # the study status, the partial index person_probation_due's own condition.
            next_step__in=PROBATION_STEPS,
            next_due_date__lte=filters.today + datetime.timedelta(days=CONVERSION_LOOKAHEAD_DAYS),
        )
        .select_related("cell")
        .order_by("next_due_date", "sort_name", "id")
    )

    def to_row(person: Person) -> dict:
        due = person.next_due_date
        assert due is not None  # the query keeps only people with a due date
        return {
            "id": person.pk,
            "code": person.code,
            "full_name": person.full_name,
            "cell": person.cell.name,
            "stage_date": person.stage_date,
            "next_step": _label(StepKind, person.next_step),
            "due": due,
            "days_overdue": max(working_days_between(due, filters.today), 0),
        }

    return _listing(queryset, limit, to_row)


def duration_window(filters: ReportFilters) -> tuple[datetime.date, datetime.date]:
    """The 12 months, ending today or with the period, whose closed stages are timed."""
    end = filters.today
    if filters.year_to:
        end = min(end, datetime.date(filters.year_to, 12, 31))
    return add_months(end, -DURATION_WINDOW_MONTHS) + datetime.timedelta(days=1), end


def funnel_label(stage: StepKind) -> str:
    """What the people at `stage` are: after the ceremony and until the cell's conversion vote
    they are probationary members (Điều lệ Đảng, Điều 5), whatever step they have reached."""
    on_probation = stage in PROCEDURE and (
        PROCEDURE.index(StepKind.CEREMONY)
        <= PROCEDURE.index(stage)
        < PROCEDURE.index(StepKind.CONVERSION_VOTE)
    )
    if on_probation:
        return _("Đảng viên dự bị (sau bước “%(step)s”)") % {"step": stage.label}
    return str(stage.label)


def pipeline_funnel(user, filters: ReportFilters) -> list[dict]:
    """Where people stand in the procedure now: for each stage, those at it (records still
    open), how many of them are past the due date of their next step, and the median days
    since the step that brought them there.
    """
    # At the stage a cell's vote closes: those whose cell has voted and fallen short of two
    # thirds (the failed votes are kept; the vote that passes moves the person on).
    voted_short = Q()
    for failed, vote in VOTE_OF_FAILED.items():
        held = AdmissionStep.objects.filter(
            person=OuterRef("pk"), cycle=OuterRef("admission_cycle"), kind=failed
        )
        voted_short |= Q(Exists(held), stage=PROCEDURE[PROCEDURE.index(vote) - 1])
    waiting = {
        row["stage"]: row
        for row in _people(user, filters)
        .in_pipeline()
        .filter(study_status=StudyStatus.STUDYING)
        .values("stage")
        .annotate(
            people=Count("*"),
            overdue=Count("next_due_date", filter=Q(next_due_date__lt=filters.today)),
            failed_votes=Count("pk", filter=voted_short),
            median_waiting=Median(DaysBetween(Value(filters.today), F("stage_date"))),
        )
    }
    rows = []
    # Those re-admitted (Quy định 294-QĐ/TW, 3.5) wait at the consent until listed again: a row
    # of its own, shown when anyone is there.
    readmitted = [StepKind.READMISSION] if StepKind.READMISSION in waiting else []
    for kind in (*readmitted, *FUNNEL_STAGES):
        now = waiting.get(kind, {})
        rows.append(
            {
                "stage": kind.value,
                "label": funnel_label(kind),
                "people": now.get("people", 0),
                "overdue": now.get("overdue", 0),
                "failed_votes": now.get("failed_votes", 0),
                "median_waiting": _rounded(now.get("median_waiting")),
            }
        )
    return rows


def stage_durations(user, filters: ReportFilters) -> list[dict]:
    """How long each stage takes: the median days from a step to the same person's next one,
    for stages closed within `duration_window` (a year, so the cost does not grow with the
    history), with how many closed stages the median is taken over.

    A stage counts in the unit of the cell that closed it; each closing step carries its
    `stage_days`, so this reads one year of one index.
    """
    start, end = duration_window(filters)
    stage_closed_by: dict[StepKind, StepKind] = dict(zip(PROCEDURE[1:], FUNNEL_STAGES, strict=True))
    closed = {
        stage_closed_by[StepKind(row["kind"])]: row
        for row in _steps(user, filters)
        .filter(date__range=(start, end), kind__in=stage_closed_by, stage_days__isnull=False)
        .values("kind")
        .annotate(median=Median("stage_days"), closed=Count("*"))
    }
    return [
        {
            "stage": kind.value,
            "label": kind.label,
            "closed": closed.get(kind, {}).get("closed", 0),
            "median_days": _rounded(closed.get(kind, {}).get("median")),
        }
        for kind in FUNNEL_STAGES
    ]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def rating_distribution(user, filters: ReportFilters) -> list[dict]:
    """Yearly quality ratings of members by grade: one row per year with a column per grade.

    Without a start year, the five years before the end of the range (or this year).
    """
    last = filters.year_to or filters.today.year
    years = Q(year__gte=filters.year_from or last - RECENT_RATING_YEARS)
    if filters.year_to:
        years &= Q(year__lte=filters.year_to)
    counts = (
        _tallies(user, filters, RatingTally, BattalionRatingTally)
        .filter(years)
        .values_list("year", "rating")
        .annotate(count=Sum("count"))
    )
    by_year: dict[int, dict] = {}
    for year, rating, count in counts:
        row = by_year.setdefault(year, {"year": year, **{g.value: 0 for g in QualityRating}})
        row[rating] = count
    for row in by_year.values():
        row["total"] = sum(row[grade.value] for grade in QualityRating)
    return [by_year[year] for year in sorted(by_year)]


def resolution_quarters(user, filters: ReportFilters) -> list[dict]:
    """Admissions against the targets of the quarterly resolutions, quarter by quarter.

    Targets are the summed cell targets of the resolutions of the battalions in view (only the
    user's cell for a secretary, the chosen cell with the cell filter); results are the
    admission decisions of those cells in the quarter. The years are the chosen range (at most
    its last three years), or the last two years; quarters not yet begun are left out.
    """
    # The user's scope (visible_to, as everywhere), narrowed to the chosen battalion or cell.
    battalion_ids = filters.scope_battalion_ids or tuple(
        Battalion.objects.visible_to(user).values_list("pk", flat=True)
    )
    if filters.battalion_id:
        battalion_ids = tuple(pk for pk in battalion_ids if pk == filters.battalion_id)
    cells = PartyCell.objects.visible_to(user)
    if filters.cell_id:
        cells = cells.filter(pk=filters.cell_id)
        if not cells.exists():
            return []
    last = filters.year_to or filters.today.year
    first = max(filters.year_from or last - 1, last - MAX_QUARTER_YEARS + 1)
    rows = []
    for total in admissions_by_quarter(
        battalion_ids,
        range(first, last + 1),
        cell_ids=cells.values("pk"),
        whole_battalions=whole_battalions(user, filters),
    ):
        start, end = quarter_bounds(total.year, total.quarter)
        if start > filters.today:
            continue
        target = total.target
        met = None if target is None else total.admitted >= target
        # A running quarter has no verdict until it ends, unless its target is already reached.
        running = filters.today <= end
        rows.append(
            {
                "year": total.year,
                "quarter": total.quarter,
                "label": f"{total.quarter}/{total.year}",
                "resolutions": total.resolutions_text,
                "target": target,
                "admitted": total.admitted,
                "met": None if running and not met else met,
                "running": running,
                "rate": round(100 * total.admitted / target, 1) if target else None,
            }
        )
    return sorted(rows, key=lambda row: (row["year"], row["quarter"]))


@dataclass(frozen=True)
class Forecast:
    """The admission forecast: a row per graduating cohort and cell, and the cadets who make
    the difference (those who cannot be admitted before graduation, then those at risk)."""

    cohorts: list[dict]
    people: list[dict]


def forecast_cadets(user, filters: ReportFilters):
    """The cadets the forecast counts: still studying, graduating within FORECAST_MONTHS."""
    return _people(user, filters).filter(
        kind=PersonKind.CADET,
        study_status=StudyStatus.STUDYING,
        expected_graduation_date__range=(
            filters.today,
            add_months(filters.today, FORECAST_MONTHS),
        ),
    )


def admission_forecast(user, filters: ReportFilters) -> Forecast:
    """Each cohort's projected share of members at graduation if every step is taken at the
    battalion's pace (members.planning), against the target of 100% for the target programme
    (members.choices.TARGET_PROGRAMME; other programmes without a target), for the cadets still
    studying who graduate within FORECAST_MONTHS. With `filters.course_on`, the cadets without
    a valid certificate take the awareness course on that day. Two queries (the cadets, their
    cells) and the plans'."""
    cadets = list(
        forecast_cadets(user, filters).order_by("expected_graduation_date", "sort_name", "id")
    )
    # Each cadet's cell and battalion are read once for all (a battalion's few cells), not
    # made anew for each of its hundreds of cadets as select_related does.
    cells = PartyCell.objects.select_related("battalion").in_bulk(
        {person.cell_id for person in cadets}
    )
    for person in cadets:
        person.cell = cells[person.cell_id]
    plans = plans_for(
        [person for person in cadets if person.party_status not in MEMBER_STATUSES],
        today=filters.today,
        course_on=filters.course_on,
    )
    groups: dict[tuple, dict] = {}
    people = []
    for person in cadets:
        key = (person.cohort, person.programme, person.cell.battalion.code, person.cell.code)
        row = groups.setdefault(
            key,
            {
                "cohort": person.cohort,
                "programme": _label(Programme, person.programme),
                "has_target": person.programme == TARGET_PROGRAMME,
                "graduation": person.expected_graduation_date,
                "battalion": person.cell.battalion.name,
                # For the academy's rows by battalion, each linking to its cells
                # (reports.forecast.cohorts_by_battalion).
                "battalion_id": person.cell.battalion_id,
                "battalion_code": person.cell.battalion.code,
                "cell": person.cell.name,
                "cadets": 0,
                "members": 0,
                "projected": 0,
                "at_risk": 0,
                "cannot": 0,
            },
        )
        row["graduation"] = max(row["graduation"], person.expected_graduation_date)
        row["cadets"] += 1
        plan = plans.get(person.pk)
        if person.party_status in MEMBER_STATUSES:
            row["members"] += 1
            row["projected"] += 1
            continue
        if plan is None:
            continue
        row["projected"] += plan.status in ADMITTED_BY_GRADUATION
        row["at_risk"] += plan.status == PlanStatus.AT_RISK
        row["cannot"] += plan.status == PlanStatus.CANNOT
        if plan.status in URGENT:
            people.append((plan.sort_key, person, plan))
    cohorts = [
        with_forecast_rates(row)
        for row in sorted(
            groups.values(),
            key=lambda row: (not row["has_target"], row["graduation"], row["cohort"]),
        )
    ]
    people.sort(key=lambda entry: entry[0])
    return Forecast(cohorts, [_forecast_row(person, plan) for _, person, plan in people])


def with_forecast_rates(row: dict) -> dict:
    """A row of the forecast with its rates and target, from its counts: a row summing others
    (a battalion's cells) has its rates computed again, not averaged."""
    return {
        **row,
        "rate": round(100 * row["members"] / row["cadets"], 1),
        "projected_rate": round(100 * row["projected"] / row["cadets"], 1),
        # The 100% target is the target programme's; other programmes are shown without.
        "target": 100 if row["has_target"] else None,
        "met": row["projected"] == row["cadets"] if row["has_target"] else None,
    }


def _forecast_row(person: Person, plan) -> dict:
    return {
        "id": person.pk,
        "code": person.code,
        "full_name": person.full_name,
        "cohort": person.cohort,
        "cell": person.cell.name,
        "graduation": person.expected_graduation_date,
        "status": str(plan.status.label),
        "next_step": plan.next.label if plan.next else "",
        "latest": plan.next.latest if plan.next else None,
        "earliest_decision": plan.earliest_decision,
        "reasons": "; ".join(reason.label for reason in plan.reasons),
    }


def served_durations(user, filters: ReportFilters) -> list[dict]:
    """The stage durations as the panel shows them (reports.durations: stored for large
    scopes), so that the exports equal the page."""
    from .durations import durations_for

    return durations_for(user, filters).rows


def forecast_cohorts(user, filters: ReportFilters) -> list[dict]:
    from .forecast import forecast_for

    return forecast_for(user, filters).forecast.cohorts


def forecast_people(user, filters: ReportFilters, *, limit: int | None = None) -> Listing:
    from .forecast import forecast_for

    rows = forecast_for(user, filters).forecast.people
    return Listing(rows if limit is None else rows[:limit], len(rows))
