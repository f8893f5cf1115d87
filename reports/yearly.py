"""The yearly report upward (báo cáo kết quả công tác phát triển đảng viên), as plain data.

One selector, `yearly_report`, feeds the page, the .docx and the XLSX. Its figures are the
dashboard's where the dashboard shows the same thing (admissions by year and by cell from the
step tallies, the graduating cohorts from `cohort_rates`), for the same user, unit and year: a
test holds them equal. Steps count in the cell they happened in, as on the dashboard.

Figures are as the records stand on the report's date (today): the year's steps up to then,
and the members at the end of the year, or on that date for the year under way.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext as _

from core.workdays import full_months_between
from members.choices import (
    EXITS,
    TARGET_PROGRAMME,
    EducationLevel,
    Ethnicity,
    Gender,
    Programme,
    Religion,
    StepKind,
)
from members.models import AdmissionStep, CellMembership, Person, StepTally, Transfer
from units.models import Battalion, PartyCell

from .selectors import ReportFilters, admissions_by_cell, admissions_by_year, cohort_rates

# Age at the admission decision, in full years (DOMAIN.md: 18 to 60), in the groups party
# statistics use; the first is the Youth Union's age.
AGE_GROUPS = ((18, 30), (31, 40), (41, 50), (51, 60))
NOT_RECORDED = "—"


@dataclass(frozen=True)
class Line:
    """One line of a breakdown: its label and count."""

    label: str
    count: int


@dataclass(frozen=True)
class YearlyReport:
    year: int
    as_of: datetime.date
    # The last day the figures cover: the year's end, or the report's date within the year.
    until: datetime.date
    battalion: Battalion | None
    unit_name: str
    admitted: int
    admitted_by_cell: list[dict]
    by_gender: list[Line]
    by_ethnicity: list[Line]
    by_religion: list[Line]
    by_age: list[Line]
    by_education: list[Line]
    converted: int
    struck_off: int
    expelled: int
    transferred_in: int
    transferred_out: int
    members_probationary: int
    members_official: int
    cohorts: list[dict]

    @property
    def members_total(self) -> int:
        return self.members_probationary + self.members_official

    @property
    def cohorts_met(self) -> int:
        return sum(1 for cohort in self.cohorts if cohort["members"] == cohort["cadets"])


def report_filters(
    user, year: int, battalion: Battalion | None, *, today: datetime.date
) -> ReportFilters:
    """The dashboard's filters for the report's year and unit (the academy: no battalion)."""
    return ReportFilters(
        year_from=year,
        year_to=year,
        battalion_id=battalion.pk if battalion else None,
        by_cell=True,
        today=today,
    )


def yearly_report(
    user, *, year: int, battalion: Battalion | None, today: datetime.date
) -> YearlyReport:
    """The report of `year` for `battalion` (None: every battalion in the user's scope, the
    academy for an academy-wide user), as the records stand on `today`. The caller has checked
    that `battalion` is visible to `user`. Written in Vietnamese whatever the interface
    language, as a party document is."""
    with translation.override("vi"):
        return _yearly_report(user, year=year, battalion=battalion, today=today)


def _yearly_report(
    user, *, year: int, battalion: Battalion | None, today: datetime.date
) -> YearlyReport:
    filters = report_filters(user, year, battalion, today=today)
    until = min(today, datetime.date(year, 12, 31))
    by_cell = admissions_by_cell(user, filters)
    [totals] = admissions_by_year(user, filters, by_cell=by_cell) or [{"admitted": 0}]
    decisions = (
        AdmissionStep.objects.visible_to(user)
        .made_here()
        .filter(filters.unit_q(), kind=StepKind.DECISION, date__year=year, date__lte=until)
        .order_by()
    )
    people = list(
        decisions.values_list(
            "date",
            "person__date_of_birth",
            "person__gender",
            "person__ethnicity",
            "person__religion",
            "person__education_level",
        )
    )
    counted = _tally_counts(user, filters, year)
    moves = transfers_in_year(user, filters, year, until)
    members = members_on(user, filters, until)
    graduating = [row for row in cohort_rates(user, filters) if row["graduation"].year == year]
    return YearlyReport(
        year=year,
        as_of=today,
        until=until,
        battalion=battalion,
        unit_name=battalion.name if battalion else "",
        admitted=totals["admitted"],
        admitted_by_cell=by_cell,
        by_gender=_lines(Counter(row[2] for row in people), Gender),
        by_ethnicity=_ethnicity_lines(Counter(row[3] for row in people)),
        by_religion=_lines(Counter(row[4] for row in people), Religion, omit_empty=True),
        by_age=_age_lines(people),
        by_education=_lines(Counter(row[5] for row in people), EducationLevel),
        converted=counted.get(StepKind.CONVERSION_DECISION, 0),
        struck_off=counted.get(StepKind.STRUCK_OFF, 0),
        expelled=counted.get(StepKind.EXPELLED, 0),
        transferred_in=moves.arrived,
        transferred_out=moves.left,
        members_probationary=members["probationary"],
        members_official=members["official"],
        cohorts=graduating,
    )


def _tally_counts(user, filters: ReportFilters, year: int) -> Counter:
    """The year's conversions, strikings off and expulsions, from the step tallies."""
    totals: Counter = Counter()
    for kind, count in (
        StepTally.objects.visible_to(user)
        .filter(filters.unit_q(), kind__in=[StepKind.CONVERSION_DECISION, *EXITS], year=year)
        .values_list("kind", "count")
    ):
        totals[kind] += count
    return totals


@dataclass(frozen=True)
class Transfers:
    arrived: int
    left: int


def transfers_in_year(user, filters: ReportFilters, year: int, until: datetime.date) -> Transfers:
    """Members whose party activity was officially transferred into and out of the unit in the
    year up to `until` (members.models.TransferQuerySet: out dated by the introduction, in by
    the arrival; within the academy a move between battalions is neither)."""
    start = datetime.date(year, 1, 1)
    unit = {"battalion_id": filters.battalion_id, "cell_id": filters.cell_id}
    transfers = Transfer.objects.visible_to(user)
    return Transfers(
        arrived=transfers.transferred_in(start, until, **unit).count(),
        left=transfers.transferred_out(start, until, **unit).count(),
    )


def members_on(user, filters: ReportFilters, day: datetime.date) -> dict[str, int]:
    """Probationary and official members of the unit on `day`: those whose stay in one of its
    cells covers the day, admitted (ceremony) or recognised (conversion decision) by then in an
    admission cycle they had not left by then (as `members.selectors.official_members_on`)."""
    cells = PartyCell.objects.visible_to(user).filter(_cell_unit_q(filters))
    stays = CellMembership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=day), cell__in=cells, start_date__lte=day
    )

    def reached(kind: StepKind) -> Exists:
        left = AdmissionStep.objects.filter(
            person=OuterRef("person"), cycle=OuterRef("cycle"), kind__in=EXITS, date__lte=day
        )
        return Exists(
            AdmissionStep.objects.filter(person=OuterRef("pk"), kind=kind, date__lte=day).filter(
                ~Exists(left)
            )
        )

    people = Person.objects.filter(pk__in=stays.values("person_id")).order_by()
    official = reached(StepKind.CONVERSION_DECISION)
    return {
        "official": people.filter(official).count(),
        "probationary": people.filter(reached(StepKind.CEREMONY)).exclude(official).count(),
    }


def _cell_unit_q(filters: ReportFilters) -> Q:
    condition = Q()
    if filters.battalion_id:
        condition &= Q(battalion_id=filters.battalion_id)
    if filters.cell_id:
        condition &= Q(pk=filters.cell_id)
    return condition


def _lines(counts: Counter, choices, *, omit_empty: bool = False) -> list[Line]:
    """A line per choice (in the choices' order; those with no one left out if `omit_empty`),
    and one for the records where it is not recorded."""
    lines = [
        Line(str(label), counts.get(value, 0))
        for value, label in choices.choices
        if counts.get(value, 0) or not omit_empty
    ]
    missing = sum(count for value, count in counts.items() if value not in choices.values)
    if missing:
        lines.append(Line(_("Chưa ghi"), missing))
    return lines


def _ethnicity_lines(counts: Counter) -> list[Line]:
    """Kinh, then each other group present (ethnic minorities, as reports count them apart),
    then those not recorded."""
    minorities = [
        Line(str(label), counts[value])
        for value, label in Ethnicity.choices
        if value != Ethnicity.KINH and counts.get(value)
    ]
    lines = [Line(str(Ethnicity.KINH.label), counts.get(Ethnicity.KINH, 0))]
    lines.append(Line(_("Dân tộc thiểu số"), sum(line.count for line in minorities)))
    lines += [Line(f"– {line.label}", line.count) for line in minorities]
    missing = sum(count for value, count in counts.items() if value not in Ethnicity.values)
    if missing:
        lines.append(Line(_("Chưa ghi"), missing))
    return lines


def _age_lines(people: list[tuple]) -> list[Line]:
    """Full years at the admission decision, by AGE_GROUPS."""
    counts: Counter = Counter()
    for decided, born, *_rest in people:
        years = full_months_between(born, decided) // 12
        group = next(((low, high) for low, high in AGE_GROUPS if low <= years <= high), None)
        counts[group] += 1
    lines = [
        Line(_("Từ %(low)s đến %(high)s tuổi") % {"low": low, "high": high}, counts[(low, high)])
        for low, high in AGE_GROUPS
    ]
    if counts[None]:
        lines.append(Line(_("Ngoài các nhóm tuổi trên"), counts[None]))
    return lines


def target_programme_name() -> str:
    return str(Programme(TARGET_PROGRAMME).label)
