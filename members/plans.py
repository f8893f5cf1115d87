"""The plans of a page's people read in a fixed number of queries, and the battalion's pace.

`members.planning` computes; this module feeds it plain values from the database: the steps
and stays of the people, the battalion's pace (override, median of the stage durations over
the last year, default) and the members who could introduce them. Whatever the number of
people, at most six queries.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Subquery

from core.concurrency import SeenVersion, lock_unchanged_since
from core.expressions import Median
from core.workdays import add_months, add_working_days
from units.models import Battalion, PartyCell

from .choices import PartyStatus, PersonKind, StepKind, StudyStatus
from .derived import steps_by_kind
from .models import AdmissionStep, CellMembership, Person
from .planning import (
    PACE_RANGE,
    Introducer,
    Plan,
    Projected,
    Stay,
    pace_days,
    plan_admission,
    planned_kinds,
)
from .rules import PartyRules, get_rules

# The stage durations the pace takes its medians from: the last twelve months, like the
# dashboard's durations panel.
PACE_WINDOW_MONTHS = 12


def plannable(person: Person, today: datetime.date) -> bool:
    """A cadet still studying, not yet a member, with a graduation date still ahead (one past
    is a record to correct, not a plan to make)."""
    return (
        person.kind == PersonKind.CADET
        and person.study_status == StudyStatus.STUDYING
        and person.party_status in (PartyStatus.NON_MEMBER, PartyStatus.CANDIDATE)
        and person.expected_graduation_date is not None
        and person.expected_graduation_date >= today
    )


def plannable_q(today: datetime.date) -> models.Q:
    """`plannable` as a filter."""
    return models.Q(
        kind=PersonKind.CADET,
        study_status=StudyStatus.STUDYING,
        party_status__in=[PartyStatus.NON_MEMBER, PartyStatus.CANDIDATE],
        expected_graduation_date__gte=today,
    )


# Who may introduce others (introducer_pools): the official and probationary members still
# studying with the battalion.
POOL_STATUSES = (PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY)


# The person fields a plan reads, of the cadet planned or of a member who may introduce (plannable,
# planning.plan_admission and the pipeline's rules it calls, introducer_pools): an edit of any
# other field (a hometown, a profile) changes no plan.
PLAN_PERSON_FIELDS = frozenset(
    {
        "kind",
        "study_status",
        "party_status",
        "expected_graduation_date",
        "date_of_birth",
        "youth_union_date",
        "education_level",
        "full_name",
        "cell",
    }
)


def in_pool(person: Person) -> bool:
    """Whether `person` is among their battalion's introducer pool (introducer_pools)."""
    return person.study_status == StudyStatus.STUDYING and person.party_status in POOL_STATUSES


def battalion_medians(battalion_ids: Iterable[int], *, today: datetime.date) -> dict:
    """{battalion id: {kind: median days}} over the stages closed in the last year (one
    query: the durations stored on each step, as the dashboard reads them). The medians are
    taken in the database (PostgreSQL's percentile_cont, SQLite's registered median): a
    battalion's year of steps stays there, a row per battalion and kind comes back."""
    start = add_months(today, -PACE_WINDOW_MONTHS)
    rows = (
        AdmissionStep.objects.filter(
            cell__battalion_id__in=list(battalion_ids),
            date__range=(start, today),
            kind__in=[kind.value for kind in planned_kinds()],
            stage_days__isnull=False,
        )
        .values("cell__battalion_id", "kind")
        .annotate(median=Median("stage_days"))
        .order_by()
        .values_list("cell__battalion_id", "kind", "median")
    )
    medians: dict = defaultdict(dict)
    for battalion_id, kind, median in rows:
        medians[battalion_id][kind] = median
    return dict(medians)


def battalion_pace(
    battalion_ids: Iterable[int], *, today: datetime.date, overrides: dict | None = None
) -> dict:
    """{battalion id: {kind: days}}: each battalion's override, else median, else default
    (`overrides` when the caller has read them: {battalion id: planning_pace_days})."""
    battalion_ids = set(battalion_ids)
    medians = battalion_medians(battalion_ids, today=today)
    if overrides is None:
        overrides = dict(
            Battalion.objects.filter(pk__in=battalion_ids).values_list("pk", "planning_pace_days")
        )
    return {
        battalion_id: pace_days(medians.get(battalion_id, {}), overrides.get(battalion_id))
        for battalion_id in battalion_ids
    }


@dataclass(frozen=True)
class PoolMember:
    """A member of an introducer pool as the introducer rules read one (key and name) and as
    the pool is built (party status, graduation, the conversion and ceremony dates): plain
    values, not a model instance each (a battalion has hundreds, read on every plan page)."""

    pk: int
    full_name: str
    party_status: str
    expected_graduation_date: datetime.date | None
    converted_on: datetime.date | None
    ceremony_on: datetime.date | None


def _official_from(member: PoolMember, rules: PartyRules) -> datetime.date | None:
    """When a member is (or, probationary, is expected to be) official: the conversion
    decision, or the end of probation plus the working days the rules give the cell's vote
    and the committee's decision."""
    if member.party_status == PartyStatus.OFFICIAL:
        return member.converted_on
    if member.ceremony_on is None:
        return None
    probation_end = add_months(member.ceremony_on, rules.probation_months)
    voted = add_working_days(probation_end, rules.conversion_vote_deadline_working_days)
    return add_working_days(voted, rules.conversion_decision_deadline_working_days)


def _step_date(kind: StepKind):
    return Subquery(
        AdmissionStep.objects.filter(
            person=OuterRef("pk"), cycle=OuterRef("admission_cycle"), kind=kind
        )
        .order_by("-date")
        .values("date")[:1]
    )


def introducer_pools(battalion_ids: Iterable[int], rules: PartyRules) -> dict:
    """{battalion id: [Introducer]}: the battalion's official and probationary members still
    with it, their open stays running to their own graduation; longest in the unit first, so
    that the search stops early (two queries)."""
    rows = list(
        Person.objects.filter(
            cell__battalion_id__in=list(battalion_ids),
            study_status=StudyStatus.STUDYING,
            party_status__in=POOL_STATUSES,
        )
        # Only what the introducer rules read (pk and name, the party status, the graduation
        # the open stays run to, the battalion), as plain values: a battalion has hundreds
        # of members, so neither they, their cells nor their stays are made model instances
        # (see PoolMember, _stays_of).
        .annotate(
            battalion_id=models.F("cell__battalion_id"),
            converted_on=_step_date(StepKind.CONVERSION_DECISION),
            ceremony_on=_step_date(StepKind.CEREMONY),
        )
        .values_list(
            "pk",
            "full_name",
            "party_status",
            "expected_graduation_date",
            "converted_on",
            "ceremony_on",
            "battalion_id",
        )
    )
    stays_of = _stays_of([row[0] for row in rows])
    pools: dict = defaultdict(list)
    for *fields, battalion_id in rows:
        member = PoolMember(*fields)
        official = _official_from(member, rules)
        if official is None:
            continue
        leaves = member.expected_graduation_date
        stays = [
            Stay(cell, cell.pk, start, end or leaves) for cell, start, end in stays_of[member.pk]
        ]
        steps = {StepKind.CONVERSION_DECISION: Projected(StepKind.CONVERSION_DECISION, official)}
        pools[battalion_id].append(Introducer(member, steps, stays))
    for pool in pools.values():
        pool.sort(key=_arrived)
    return pools


def _stays_of(person_ids: list[int]) -> dict:
    """{person id: [(cell, start, end)]} by start date, in one query of plain values; each cell
    is one object shared by every stay in it, holding what time_together reads of a cell (its
    key and battalion)."""
    cells: dict[int, PartyCell] = {}
    stays: dict = defaultdict(list)
    rows = (
        CellMembership.objects.filter(person_id__in=person_ids)
        .order_by("start_date")
        .values_list("person_id", "cell_id", "cell__battalion_id", "start_date", "end_date")
    )
    for person_id, cell_id, battalion_id, start, end in rows:
        cell = cells.get(cell_id)
        if cell is None:
            cell = cells[cell_id] = PartyCell(pk=cell_id, battalion_id=battalion_id)
        stays[person_id].append((cell, start, end))
    return stays


def _arrived(member: Introducer) -> datetime.date:
    return min((stay.start_date for stay in member.stays), default=datetime.date.max)


def plans_for(
    people: Iterable[Person], *, today: datetime.date, course_on: datetime.date | None = None
) -> dict[int, Plan]:
    """{person id: Plan} for the plannable among `people` (see `plannable`)."""
    people = [person for person in people if plannable(person, today)]
    if not people:
        return {}
    rules = get_rules()
    ids = [person.pk for person in people]
    steps: dict = defaultdict(list)
    for step in (
        AdmissionStep.objects.filter(person_id__in=ids)
        .only("person_id", "kind", "date", "deadline_extended", "cycle")
        .order_by("date", "id")
    ):
        steps[step.person_id].append(step)
    stays: dict = defaultdict(list)
    for stay in CellMembership.objects.filter(person_id__in=ids).select_related("cell"):
        stays[stay.person_id].append(Stay(stay.cell, stay.cell_id, stay.start_date, stay.end_date))
    cells = PartyCell.objects.filter(pk__in={person.cell_id for person in people})
    battalion_of, overrides = {}, {}
    for cell_id, battalion_id, pace in cells.values_list(
        "pk", "battalion_id", "battalion__planning_pace_days"
    ):
        battalion_of[cell_id] = battalion_id
        overrides[battalion_id] = pace
    paces = battalion_pace(set(battalion_of.values()), today=today, overrides=overrides)
    pools: dict | None = None

    def pool_of(battalion_id: int):
        def pool():
            nonlocal pools
            if pools is None:
                pools = introducer_pools(set(battalion_of.values()), rules)
            return pools.get(battalion_id, [])

        return pool

    plans: dict[int, Plan] = {}
    cache: dict = {}
    for person in people:
        battalion_id = battalion_of[person.cell_id]
        plan = plan_admission(
            person,
            steps_by_kind(steps[person.pk]),
            rules=rules,
            pace=paces[battalion_id],
            today=today,
            at_risk_working_days=settings.PLANNING_AT_RISK_WORKING_DAYS,
            stays=stays[person.pk],
            introducers=pool_of(battalion_id),
            course_on=course_on,
            cache=cache,
        )
        if plan is not None:
            plans[person.pk] = plan
    return plans


@transaction.atomic
def battalion_pace_save(
    *, battalion: Battalion, pace: dict[str, int | None], seen_version: SeenVersion
) -> Battalion:
    """Set the battalion's pace overrides (days before each planned step; none: the median),
    unless someone saved the battalion after `seen_version`."""
    lock_unchanged_since(battalion, seen_version)
    known = {kind.value for kind in planned_kinds()}
    low, high = PACE_RANGE
    cleaned = {}
    for kind, days in pace.items():
        if kind not in known:
            raise ValidationError(f"unknown step {kind!r}")
        if days is None:
            continue
        if not low <= days <= high:
            raise ValidationError({kind: f"{low}–{high}"})
        cleaned[kind] = int(days)
    battalion.planning_pace_days = cleaned
    battalion.full_clean()
    battalion.save()
    # Imported here: stored_plans plans through this module.
    from .stored_plans import forget_battalion_plans

    forget_battalion_plans([battalion.pk])
    return battalion
