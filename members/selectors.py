"""Reads of the members app for pages (and later exports): scoped, with a bounded query count.

Every function starts from `visible_to(user)` or from an object fetched through it, so nothing
outside the user's scope is ever read here.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connections, models, router
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import Change, ChangeReader
from core.workdays import add_months, full_months_between
from units.models import PartyCell

from .choices import (
    DEADLINE_FROM,
    EXITS,
    HELPER_ASSIGNMENT,
    REDONE_FILES,
    PartyStatus,
    StepKind,
    StudyStatus,
)
from .derived import cycle_of, official_since, steps_by_cycle, steps_by_kind
from .models import (
    AdmissionStep,
    Assignment,
    CellMembership,
    CohortTally,
    Evaluation,
    Person,
    YearlyRating,
)
from .pipeline import IntroducerProblem, introducer_problems
from .planning import URGENT, Plan
from .profile import SENSITIVE_FIELDS, mask
from .rules import PartyRules, get_rules
from .stored_plans import stored_plans, with_stored_plans


def people_visible(user, *, today: datetime.date) -> models.QuerySet:
    """The people the user may see, with their cell and an `is_overdue` flag, sorted by name."""
    return (
        Person.objects.visible_to(user)
        .select_related("cell")
        .annotate(
            is_overdue=models.ExpressionWrapper(
                Q(next_due_date__lt=today), output_field=models.BooleanField()
            )
        )
    )


# The cadet list's sortable columns (?sap_xep=, core.sorting) and what each sorts by, the
# Vietnamese name order (given name, then middle, then family name: Person.sort_name) breaking
# ties; the name column is the list's own order. Each is an index (migration 0025).
PEOPLE_SORTS = {
    "ma": ("code",),
    "ten": ("sort_name",),
    "chi_bo": ("cell__name", "sort_name"),
    "khoa": ("cohort", "sort_name"),
    "han": ("next_due_date", "sort_name"),
}


def battalion_cohorts(battalion_id: int) -> list[str]:
    """The cohorts (khóa) recorded among the battalion's people: the import takes a cohort from
    these, as the person form does, so that a typo does not open a new one."""
    return list(
        Person.objects.filter(cell__battalion_id=battalion_id)
        .exclude(cohort="")
        .order_by("cohort")
        .values_list("cohort", flat=True)
        .distinct()
    )


def cohorts_visible(user) -> list[str]:
    """The cohorts (khóa) that occur among the people the user may see.

    Read from the cohort tallies (members.tallies, a row per cell, cohort and status), not from
    every person: the list's filter asks for them on each page, and a million people made that
    DISTINCT the costliest query of the page. A whole academy's 169,000 tally rows hold some
    26 cohorts: they are read by skipping from one cohort to the next along the index
    cohort_tally_cohort (PostgreSQL has no skip scan of its own), 40 ms -> about 1 ms."""
    if user.is_authenticated and user.scope and user.scope.whole_academy:
        return _all_cohorts()
    return list(
        CohortTally.objects.visible_to(user)
        .exclude(cohort="")
        .filter(count__gt=0)
        .order_by("cohort")
        .values_list("cohort", flat=True)
        .distinct()
    )


def _all_cohorts() -> list[str]:
    table = CohortTally._meta.db_table
    present = f"{table}.count > 0 AND {table}.cohort <> ''"
    with connections[router.db_for_read(CohortTally)].cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE cohorts(cohort) AS (
                SELECT MIN(cohort) FROM {table} WHERE {present}
                UNION ALL
                SELECT (SELECT MIN(cohort) FROM {table} WHERE {present} AND cohort > cohorts.cohort)
                FROM cohorts WHERE cohorts.cohort IS NOT NULL
            )
            SELECT cohort FROM cohorts WHERE cohort IS NOT NULL
            """
        )
        return [row[0] for row in cursor.fetchall()]


def next_step_kinds(person: Person) -> list[StepKind]:
    """The steps that could be recorded next for `person` (the rules still check each one)."""
    if person.party_status in (PartyStatus.STRUCK_OFF, PartyStatus.EXPELLED):
        # Re-admission once (Quy định 294-QĐ/TW, point 3.5.3); the checker asks the rest.
        return [StepKind.READMISSION] if person.admission_cycle == 1 else []
    kinds = []
    if not person.stage:
        kinds.append(StepKind.LISTED)
    elif person.next_step:
        kinds.append(StepKind(person.next_step))
    if person.stage in REDONE_FILES:
        # Before the cell's vote an expired document of the file may be redone.
        kinds += [kind for kind in REDONE_FILES if kind.order <= StepKind(person.stage).order]
    if person.party_status == PartyStatus.PROBATIONARY:
        kinds.append(StepKind.STRUCK_OFF)
    elif person.party_status == PartyStatus.OFFICIAL:
        kinds += EXITS
    return kinds


def official_members_on(cell: PartyCell, on: datetime.date) -> models.QuerySet:
    """The official members of `cell` on the day `on`, by name: those whose stay in the cell
    covers the day, whose conversion was decided by then and who were not struck off or
    expelled. People who graduated, left, were struck off or expelled have their stay ended,
    so they no longer count."""
    # Driven by the cell's stays (its foreign-key index), not by a scan of every person.
    stays = CellMembership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=on), cell=cell, start_date__lte=on
    )
    # Recognised as official in an admission cycle that had not ended by then (a re-admitted
    # member counts before leaving and again after the second conversion, not in between).
    left = AdmissionStep.objects.filter(
        person=OuterRef("person"), cycle=OuterRef("cycle"), kind__in=EXITS, date__lte=on
    )
    converted = AdmissionStep.objects.filter(
        person=OuterRef("pk"), kind=StepKind.CONVERSION_DECISION, date__lte=on
    ).filter(~Exists(left))
    return Person.objects.filter(Exists(converted), pk__in=stays.values("person_id"))


def official_member_count(cell: PartyCell, on: datetime.date) -> int:
    """Official members of `cell` on the day `on`: the figure a cell vote is measured against
    (the vote forms, the 2/3 check, the printed 6-KNĐ and 13-KNĐ)."""
    return official_members_on(cell, on).count()


def official_members_near(person: Person, user) -> models.QuerySet:
    """Official members of the person's battalion that the user may see: the person's cell
    first, then the other cells by name, each by name.

    They are the people who may introduce or help the person.
    """
    return (
        Person.objects.visible_to(user)
        .filter(
            cell__battalion_id=person.cell.battalion_id,
            party_status=PartyStatus.OFFICIAL,
            study_status=StudyStatus.STUDYING,
        )
        .exclude(pk=person.pk)
        .select_related("cell")
        .order_by(*own_cell_first(person))
    )


def own_cell_first(person: Person) -> list:
    """The order of the person picker (members.widgets): the person's cell first, then the
    other cells by name, each by name."""
    first = models.Case(
        models.When(cell_id=person.cell_id, then=0), default=1, output_field=models.IntegerField()
    )
    return [first, "cell__name", "sort_name"]


@dataclass
class IntroducerChoice:
    """A member offered as introducer or helper of a candidate, with what stops them on the day."""

    member: Person
    problems: list[IntroducerProblem]

    def problems_as_helper(self) -> list[IntroducerProblem]:
        # A helper is an official member on the day; the months together are the introducer's.
        return [problem for problem in self.problems if problem.rule != "months_together"]

    @property
    def replacement_only(self) -> bool:
        """Short only of the months together: may introduce as a replacement (24-QĐ/TW, 3.2.2)."""
        return bool(self.problems) and not self.problems_as_helper()


def introducer_choices(
    person: Person, user, *, day: datetime.date, rules: PartyRules | None = None
) -> dict[int, IntroducerChoice]:
    """The members of `official_members_near`, by id, each with the problems the step checker
    would raise were they the introducer on `day` (the same `pipeline.introducer_problems`).
    Five queries, whatever the number of members."""
    rules = rules or get_rules()
    members = official_members_near(person, user).prefetch_related(
        "steps", Prefetch("memberships", queryset=CellMembership.objects.select_related("cell"))
    )
    person_stays = list(person.memberships.select_related("cell"))
    return {
        member.pk: IntroducerChoice(
            member=member,
            problems=introducer_problems(
                person,
                person_stays,
                member,
                steps_by_kind(member.steps.all()),
                list(member.memberships.all()),
                day=day,
                rules=rules,
            ),
        )
        for member in members
    }


def people_near(person: Person, user) -> models.QuerySet:
    """People of the person's battalion who are still with the unit, for assignments: the
    person's cell first, as the picker groups them."""
    return (
        Person.objects.visible_to(user)
        .filter(cell__battalion_id=person.cell.battalion_id, study_status=StudyStatus.STUDYING)
        .select_related("cell")
        .order_by(*own_cell_first(person))
    )


@dataclass
class PartyAge:
    since: datetime.date
    years: int
    months: int


@dataclass
class PersonRecord:
    """Everything the person's page shows, read in a fixed number of queries."""

    person: Person
    steps: list[AdmissionStep]
    mentored_by: list[Assignment]
    mentoring: list[Assignment]
    memberships: list[CellMembership]
    evaluations: list[Evaluation]
    ratings: list[YearlyRating]
    party_age: PartyAge | None
    official_since: datetime.date | None
    is_overdue: bool
    extendable_step: AdmissionStep | None
    next_kinds: list[StepKind] = field(default_factory=list)
    # Documents of the file that were redone: the newer step of the kind supersedes them.
    superseded: set[int] = field(default_factory=set)
    # Admission cycles on record: 2 after a re-admission (the timeline heads each one).
    cycles: int = 1


def person_record(person: Person, *, today: datetime.date) -> PersonRecord:
    """The person's details, steps (timeline), assignments, cell stays and evaluations."""
    steps = list(
        person.steps.select_related("cell", "recorded_by", "replacement_introducer")
        .prefetch_related(Prefetch("introducers", queryset=Person.objects.order_by("sort_name")))
        .order_by("date", "id")
    )
    by_kind = steps_by_kind(steps)
    cycles = steps_by_cycle(steps)
    decision = by_kind.get(StepKind.DECISION)
    party_age = None
    if decision is not None and person.party_status in (
        PartyStatus.PROBATIONARY,
        PartyStatus.OFFICIAL,
    ):
        months = max(full_months_between(decision.date, today), 0)
        party_age = PartyAge(decision.date, months // 12, months % 12)
    # Both sides of the person's assignments in one query (the person page is the most opened).
    assignments = list(
        Assignment.objects.select_related("mentor", "mentee")
        .filter(Q(mentee=person) | Q(mentor=person))
        .order_by("start_date", "id")
    )
    return PersonRecord(
        person=person,
        steps=steps,
        mentored_by=[each for each in assignments if each.mentee_id == person.pk],
        mentoring=[each for each in assignments if each.mentor_id == person.pk],
        memberships=list(person.memberships.select_related("cell").order_by("start_date")),
        evaluations=list(person.evaluations.select_related("cell", "evaluated_by")),
        ratings=list(person.ratings.select_related("cell")),
        party_age=party_age,
        official_since=official_since(by_kind, get_rules()),
        is_overdue=bool(person.next_due_date and person.next_due_date < today),
        extendable_step=_extendable_step(person, by_kind),
        next_kinds=next_step_kinds(person),
        superseded={
            step.pk for step in steps if cycles[cycle_of(step)].get(StepKind(step.kind)) is not step
        },
        cycles=len(cycles),
    )


def _extendable_step(person: Person, by_kind: Mapping[StepKind, Any]) -> AdmissionStep | None:
    """The vote whose superior decision is still awaited and whose deadline may be extended."""
    vote_kind = DEADLINE_FROM.get(StepKind(person.next_step)) if person.next_step else None
    vote = by_kind.get(vote_kind) if vote_kind else None
    if vote is None or vote.deadline_extended:
        return None
    return vote


@dataclass
class BoardRow:
    person: Person
    days_in_stage: int | None
    is_overdue: bool
    latest_evaluation: Evaluation | None
    # The admission plan of a cadet not yet admitted (members.planning).
    plan: Plan | None = None

    @property
    def urgency(self) -> tuple:
        """Those who cannot be admitted before graduation, then those at risk, by the next
        step's latest safe date; then everyone else."""
        if self.plan is None or self.plan.status not in URGENT:
            return (len(URGENT), datetime.date.max)
        return self.plan.sort_key


def cell_board(cell: PartyCell, *, today: datetime.date) -> list[BoardRow]:
    """The cell's candidates and probationary members still with the unit: those whose
    admission plan cannot make graduation, then those at risk (by the next step's latest safe
    date), then overdue first, then by due date (none last), then by name. Two queries, the
    stored plans read with the people (members.stored_plans; those to plan again: two more and
    members.plans' six), whatever the size of the cell."""
    people = (
        with_stored_plans(Person.objects.filter(cell=cell, study_status=StudyStatus.STUDYING))
        .in_pipeline()
        .annotate(
            overdue_rank=models.Case(
                models.When(next_due_date__lt=today, then=0),
                default=1,
                output_field=models.IntegerField(),
            ),
            listed_on=Subquery(
                AdmissionStep.objects.filter(
                    person=OuterRef("pk"),
                    cycle=OuterRef("admission_cycle"),
                    kind=StepKind.LISTED,
                )
                .order_by("date")
                .values("date")[:1]
            ),
        )
        .order_by("overdue_rank", models.F("next_due_date").asc(nulls_last=True), "sort_name")
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.order_by("-date", "-id"),
                to_attr="evaluations_newest_first",
            )
        )
    )
    people = list(people)
    plans = stored_plans(people, today=today)
    rows = [
        BoardRow(
            person=person,
            days_in_stage=(today - person.stage_date).days if person.stage_date else None,
            is_overdue=person.overdue_rank == 0,
            latest_evaluation=(person.evaluations_newest_first or [None])[0],
            plan=plans.get(person.pk),
        )
        for person in people
    ]
    # Stable: within the same urgency, overdue first, then by due date, as the query sorted.
    return sorted(rows, key=lambda row: row.urgency)


def cell_summaries(user, *, today: datetime.date) -> models.QuerySet:
    """The cells the user may see, each with its candidates, probationary members and overdue
    cases among the people still with the unit (one query)."""
    studying = Q(people__study_status=StudyStatus.STUDYING)
    return (
        PartyCell.objects.visible_to(user)
        .select_related("battalion")
        .annotate(
            candidates=Count(
                "people", filter=studying & Q(people__party_status=PartyStatus.CANDIDATE)
            ),
            probationary=Count(
                "people", filter=studying & Q(people__party_status=PartyStatus.PROBATIONARY)
            ),
            overdue=Count(
                "people",
                filter=studying
                & Q(people__party_status__in=[PartyStatus.CANDIDATE, PartyStatus.PROBATIONARY])
                & Q(people__next_due_date__lt=today),
            ),
        )
    )


# --- Change history ------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: object
    action: str
    subject: str
    changes: list[Change]


def person_history(person: Person, *, full: bool = False) -> list[HistoryEntry]:
    """Who changed what in the person's record, newest first: the person, their steps (with
    introducers), cell stays, assignments, evaluations and ratings, including deleted rows.

    The sensitive fields' values (members.profile) are masked unless `full`."""
    sources: list[tuple[type[models.Model], Any, Any]] = [
        (Person, Person.history.filter(id=person.pk), lambda r: _("Hồ sơ")),
        (
            AdmissionStep,
            AdmissionStep.history.filter(person_id=person.pk),
            lambda r: _("Bước: %(kind)s") % {"kind": StepKind(r.kind).label},
        ),
        (
            CellMembership,
            CellMembership.history.filter(person_id=person.pk),
            lambda r: _("Quá trình sinh hoạt ở chi bộ"),
        ),
        (
            Assignment,
            Assignment.history.filter(Q(mentee_id=person.pk) | Q(mentor_id=person.pk)),
            lambda r: _("Phân công giúp đỡ"),
        ),
        (Evaluation, Evaluation.history.filter(person_id=person.pk), lambda r: _("Đánh giá")),
        (
            YearlyRating,
            YearlyRating.history.filter(person_id=person.pk),
            lambda r: _("Xếp loại năm %(year)s") % {"year": r.year},
        ),
    ]
    loaded = []
    for model, records, subject in sources:
        records = list(records.select_related("history_user").order_by("history_date", "pk"))
        loaded.append((model, records, subject))
    introducers = _introducers_by_record(loaded[1][1])
    reader = ChangeReader(
        (record for _model, records, _subject in loaded for record in records),
        skip={"person"},
        labels=_LABELS,
        also={Person: {pk for ids in introducers.values() for pk in ids}},
        conceal={} if full else {name: partial(mask, name) for name in SENSITIVE_FIELDS},
    )
    entries = []
    for model, records, subject in loaded:
        previous_by_id: dict[int, Any] = {}
        entry_by_id: dict[int, HistoryEntry] = {}
        for record in records:
            previous = previous_by_id.get(record.id)
            changes = reader.changes(record, previous)
            if model is AdmissionStep:
                old_ids = introducers.get(previous.history_id, []) if previous else []
                new_ids = introducers.get(record.history_id, [])
                if record.history_type == "-":
                    old_ids, new_ids = new_ids, []
                if old_ids != new_ids:
                    changes.append(
                        Change(
                            reader.label(model._meta.get_field("introducers")),
                            reader.names(Person, old_ids),
                            reader.names(Person, new_ids),
                        )
                    )
            previous_by_id[record.id] = record
            if record.history_type == "~":
                if not changes:
                    continue
                earlier = entry_by_id.get(record.id)
                if earlier is not None and _same_save(earlier, record):
                    earlier.changes.extend(changes)
                    continue
            entry_by_id[record.id] = HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=str(_ACTIONS[record.history_type]),
                subject=subject(record),
                changes=changes,
            )
            entries.append(entry_by_id[record.id])
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _same_save(entry: HistoryEntry, record) -> bool:
    # A step's introducers are written just after the step itself: one change for the reader.
    return entry.who == record.history_user and (
        record.history_date - entry.when
    ) <= datetime.timedelta(seconds=5)


_ACTIONS = {"+": gettext_lazy("Tạo"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xóa")}


def _introducers_by_record(step_records: list) -> dict:
    """Introducer ids kept with each historical step record (one query)."""
    through = AdmissionStep.history.model.introducers.model
    result: dict = defaultdict(list)
    rows = (
        through.objects.filter(history__in=[record.history_id for record in step_records])
        .order_by("person_id")
        .values_list("history_id", "person_id")
    )
    for history_id, person_id in rows:
        result[history_id].append(person_id)
    return result


# Fields whose model gives no Vietnamese name.
_LABELS = {"cell": gettext_lazy("chi bộ"), "evaluated_by": gettext_lazy("người đánh giá")}


# --- Versions of what a form adds to ------------------------------------------------------
# A form that adds an assignment, an evaluation or a rating is stale once someone else changed
# the person's rows of that kind (core.concurrency): these are the history rows each one counts.


def assignment_rows(person: Person) -> models.QuerySet:
    return Assignment.history.filter(Q(mentor_id=person.pk) | Q(mentee_id=person.pk))


def evaluation_rows(person: Person) -> models.QuerySet:
    return Evaluation.history.filter(person_id=person.pk)


def rating_rows(person: Person) -> models.QuerySet:
    return YearlyRating.history.filter(person_id=person.pk)


# A cell evaluates its candidates and probationary members every quarter (the resolutions'
# focus areas are judged on the quarter's evaluations).
EVALUATION_INTERVAL_MONTHS = 3


def _listed_on(person: Person) -> datetime.date | None:
    """The day the person entered the list, annotated by the board's query."""
    return getattr(person, "listed_on", None)


# The cell board's sortable columns (a cell's rows are few: sorted in Python). Its own order,
# the most urgent first, is no column's.
BOARD_SORTS = {
    "ten": lambda row: row.person.sort_name,
    "so_ngay": lambda row: row.days_in_stage,
    "han": lambda row: row.person.next_due_date,
}


def awaiting_evaluation(rows: list[BoardRow], *, today: datetime.date) -> list[BoardRow]:
    """The board's people not evaluated for over a quarter: listed more than three months ago
    and no evaluation since then. Longest waiting first (never evaluated before all)."""
    cutoff = add_months(today, -EVALUATION_INTERVAL_MONTHS)
    waiting = [
        row
        for row in rows
        if (listed_on := _listed_on(row.person)) is not None
        and listed_on <= cutoff
        and (row.latest_evaluation is None or row.latest_evaluation.date <= cutoff)
    ]
    return sorted(
        waiting,
        key=lambda row: row.latest_evaluation.date if row.latest_evaluation else datetime.date.min,
    )


def cell_rating_rows(cell: PartyCell, year: int) -> models.QuerySet:
    """The history rows a cell's rating sheet for `year` is versioned by (core.concurrency)."""
    return YearlyRating.history.filter(cell_id=cell.pk, year=year)


@dataclass(frozen=True)
class RatingSheetRow:
    person: Person
    grade: str | None
    # Graduated or withdrawn people keep their rating but are no longer changed; neither are
    # people who are not (or no longer) party members, unless a rating is to be removed.
    editable: bool


def cell_rating_sheet(cell: PartyCell, year: int) -> list[RatingSheetRow]:
    """The rows of a cell's yearly rating: its probationary and official members now, and
    anyone the cell already rated for `year`, in Vietnamese name order."""
    rated = dict(
        YearlyRating.objects.filter(cell=cell, year=year).values_list("person_id", "rating")
    )
    people = Person.objects.filter(
        Q(cell=cell, party_status__in=[PartyStatus.PROBATIONARY, PartyStatus.OFFICIAL])
        | Q(pk__in=rated)
    ).order_by("sort_name", "pk")
    return [
        RatingSheetRow(person, rated.get(person.pk), not person.is_read_only) for person in people
    ]


def helper_assignment(step: AdmissionStep) -> Assignment | None:
    """The assignment a step made when it named a helper (same mentee, kind and first day)."""
    kind = HELPER_ASSIGNMENT.get(StepKind(step.kind))
    if kind is None:
        return None
    made = Assignment.objects.filter(mentee_id=step.person_id, kind=kind, start_date=step.date)
    return made.select_related("mentor").order_by("-pk").first()
