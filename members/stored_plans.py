"""The plannable cadets' admission plans stored for the day, so that a page plans only what
changed (issue 17: a battalion's worklist planned its ~650 cadets on every visit, 0.4-0.8 ms
each).

`stored_plans` serves what `members.plans.plans_for` computes: the stored plans of today that
are still valid, the others computed now by plans_for and stored. A stored plan is valid while

- its day is today (the plans count from today: time passing is the day key);
- the rules, settings and planning code it was computed under are the same (`plan_basis`: a
  deployment that changes members/planning.py or members/plans.py plans again);
- no write changed the person's own inputs since (their details, steps, stays): each such
  write calls `forget_plans`, which raises the row's generation;
- no write changed the inputs of the whole battalion since (its pace override, the members who
  may introduce: a member arriving, leaving, admitted, made official, corrected): each calls
  `forget_battalion_plans`, which raises the battalion's PlanEpoch.

The one staleness accepted: the battalion's median stage durations (the pace when no override
is set) move with every step recorded in it; a plan stored in the morning keeps the medians of
the morning until the next day or the next write of the person or the battalion.

Concurrency: a page reads the generations and epochs before it reads the inputs it plans from,
and stores a plan only if the row's generation is still the one it read (an upsert with a
condition); a write raises them in its own transaction. So a plan computed from inputs older
than a write that committed meanwhile is either not stored or stored under the older
generation or epoch, never taken for valid.
"""

import datetime
import functools
import hashlib
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Case, Exists, F, OuterRef, Subquery, When
from django.db.models.functions import Coalesce

from units.models import Battalion, PartyCell, PlanEpoch
from units.services import plan_epochs_raise

from .choices import StepKind
from .models import Person, StoredPlan
from .planning import Constraint, Plan, PlannedStep, PlanStatus, Reason
from .plans import in_pool, plannable, plannable_q, plans_for
from .rules import get_rules

# Raised when the stored layout changes, so that the plans stored before are computed again,
# not misread. (A change of the planning code needs no raise: its source is in the basis.)
PLAN_LAYOUT = 1
# The modules whose code decides a plan.
PLANNING_CODE = ("planning.py", "plans.py")


@functools.cache
def _planning_code() -> str:
    folder = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for name in PLANNING_CODE:
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


# Rows written by one statement.
BATCH = 1000


def plan_basis() -> str:
    """What a stored plan was computed under besides its inputs: the layout, the planning code,
    the rules and the at-risk setting."""
    text = repr(
        (PLAN_LAYOUT, _planning_code(), get_rules(), settings.PLANNING_AT_RISK_WORKING_DAYS)
    )
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def plan_to_json(plan: Plan) -> dict:
    """The whole plan as JSON (plan_from_json reads it back equal)."""
    return {
        "status": plan.status.value,
        "graduation": _day(plan.graduation),
        "steps": [[step.kind.value, _day(step.latest), _day(step.earliest)] for step in plan.steps],
        "reasons": [
            [reason.constraint.value, reason.step.value, _day(reason.day), reason.retake_fits]
            for reason in plan.reasons
        ],
        "retake_course": plan.retake_course,
    }


def plan_from_json(data: dict) -> Plan:
    return Plan(
        PlanStatus(data["status"]),
        _date(data["graduation"]),
        tuple(
            PlannedStep(StepKind(kind), _date(latest), _date(earliest))
            for kind, latest, earliest in data["steps"]
        ),
        tuple(
            Reason(Constraint(constraint), StepKind(step), _date(day), retake_fits)
            for constraint, step, day, retake_fits in data["reasons"]
        ),
        data["retake_course"],
    )


def _epoch_of(battalion_path: str):
    return Coalesce(
        Subquery(
            PlanEpoch.objects.filter(battalion_id=OuterRef(battalion_path)).values("number")[:1]
        ),
        0,
    )


_People = TypeVar("_People", bound=models.QuerySet)
# What a reader reads of a stored row, in this order (see _columns).
_COLUMNS = ("generation", "day", "basis", "battalion_epoch", "epoch", "status", "wanted")


def _columns(path: str, statuses: Collection[PlanStatus] | None) -> dict:
    """The expressions of _COLUMNS from a stored row at `path` ("": the row itself)."""
    return {
        **{name: F(f"{path}{name}") for name in _COLUMNS[:4]},
        # The epoch of the battalion it was planned in (a person who moved was forgotten).
        "epoch": _epoch_of(f"{path}battalion_id"),
        "status": F(f"{path}status"),
        # Only the plans asked for are read whole (a battalion's worklist: its few urgent).
        "wanted": F(f"{path}plan")
        if statuses is None
        else Case(
            When(
                **{f"{path}status__in": [status.value for status in statuses]},
                then=F(f"{path}plan"),
            ),
            output_field=models.JSONField(),
        ),
    }


def with_stored_plans(
    people: _People, *, statuses: Collection[PlanStatus] | None = None
) -> _People:
    """`people` each carrying their stored plan's row, which stored_plans (given the same
    `statuses`) then reads without a query of its own."""
    return people.annotate(
        **{f"stored_{name}": value for name, value in _columns("stored_plan__", statuses).items()}
    )


def plan_settled(today: datetime.date, *, statuses: Collection[PlanStatus]) -> Exists:
    """Whether a person's stored plan is valid today (as stored_plans judges it) with none of
    `statuses`: a reader asking only for those may leave such people out (a battalion's
    worklist: of ~650 cadets to plan, the few at risk and those not stored)."""
    return Exists(
        StoredPlan.objects.filter(
            person=OuterRef("pk"),
            day=today,
            basis=plan_basis(),
            battalion_epoch=_epoch_of("battalion_id"),
        )
        .exclude(status="")
        .exclude(status__in=[status.value for status in statuses])
    )


def stored_plans(
    people: Iterable[Person],
    *,
    today: datetime.date,
    statuses: Collection[PlanStatus] | None = None,
) -> dict[int, Plan]:
    """{person id: Plan} for the plannable among `people` (those whose plan has one of
    `statuses`, when given), equal to plans_for's: today's stored plans still valid (one
    query, none when `people` come from with_stored_plans), the others planned now and stored
    (two queries and plans_for's)."""
    people = [person for person in people if plannable(person, today)]
    if not people:
        return {}
    basis = plan_basis()
    plans: dict[int, Plan] = {}
    # The generation read of each person whose plan is missing or outdated (0: no row).
    generations = {person.pk: 0 for person in people}
    if all(hasattr(person, "stored_day") for person in people):
        rows = [
            (person.pk, *(getattr(person, f"stored_{name}") for name in _COLUMNS))
            for person in people
        ]
    else:
        rows = list(
            StoredPlan.objects.filter(person_id__in=list(generations))
            .annotate(**{f"stored_{name}": value for name, value in _columns("", statuses).items()})
            .values_list("person_id", *(f"stored_{name}" for name in _COLUMNS))
        )
    for person_id, generation, day, row_basis, stored_epoch, epoch, status, plan in rows:
        if (day, row_basis, stored_epoch) == (today, basis, epoch) and status:
            if plan is not None:
                plans[person_id] = plan_from_json(plan)
            del generations[person_id]
        else:
            generations[person_id] = generation or 0
    if generations:
        planned = _plan_and_store(generations, today=today, basis=basis)
        plans |= {
            pk: plan for pk, plan in planned.items() if statuses is None or plan.status in statuses
        }
    return plans


def stored_plan_for(person: Person, *, today: datetime.date) -> Plan | None:
    """The plan of one person (the person's page): today's stored plan, planned and stored
    when missing or outdated. Most visits then read one row instead of planning, which reads
    the battalion's members who may introduce (the page's costliest part)."""
    return stored_plans([person], today=today).get(person.pk)


def _plan_and_store(generations: dict[int, int], *, today: datetime.date, basis: str) -> dict:
    """Plan the people of `generations` from their records read now (after the generations
    were read), and store each plan unless a write raised the person's generation since."""
    people = list(
        Person.objects.filter(pk__in=list(generations)).annotate(
            battalion_id=F("cell__battalion_id"), epoch=_epoch_of("cell__battalion_id")
        )
    )
    planned = plans_for(people, today=today)
    rows = [
        (
            person.pk,
            generations[person.pk],
            today,
            basis,
            person.battalion_id,
            person.epoch,
            planned[person.pk].status.value,
            plan_to_json(planned[person.pk]),
        )
        for person in people
        if person.pk in planned
    ]
    _store(rows)
    return planned


def _store(rows: list[tuple]) -> None:
    """Upsert `rows`, each unless the row's generation moved since it was read."""
    # In the order of the key, as any other page storing the same people: neither waits on
    # the other's rows in turn.
    rows = sorted(rows)
    table = StoredPlan._meta.db_table
    connection = connections[router.db_for_write(StoredPlan)]
    plan_field = StoredPlan._meta.get_field("plan")
    columns = "person_id, generation, day, basis, battalion_id, battalion_epoch, status, plan"
    updated = ", ".join(
        f"{name} = excluded.{name}"
        for name in ("day", "basis", "battalion_id", "battalion_epoch", "status", "plan")
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            params = []
            for *fields, plan in batch:
                params += [*fields, plan_field.get_db_prep_save(plan, connection)]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT (person_id) DO UPDATE SET {updated} "
                f"WHERE {table}.generation = excluded.generation",
                params,
            )


def forget_plans(person_ids: Iterable[int]) -> None:
    """The people's own plan inputs changed (details, steps, stays): their stored plans are
    computed again when next read."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    table = StoredPlan._meta.db_table
    connection = connections[router.db_for_write(StoredPlan)]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            values = ", ".join(["(%s, 1, NULL, '', 0, '')"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} "
                "(person_id, generation, day, basis, battalion_epoch, status) "
                f"VALUES {values} ON CONFLICT (person_id) DO UPDATE SET "
                f"generation = {table}.generation + 1, day = NULL",
                batch,
            )


def forget_battalion_plans(battalion_ids: Iterable[int]) -> None:
    """The plans of every cadet of the battalions changed (the pace override, who may
    introduce): computed again when next read."""
    plan_epochs_raise(battalion_ids)


def forget_cells_plans(cell_ids: Iterable[int]) -> None:
    """forget_battalion_plans for the battalions of the cells."""
    forget_battalion_plans(
        PartyCell.objects.filter(pk__in=set(cell_ids)).values_list("battalion_id", flat=True)
    )


def person_plans_changed(
    person: Person, *, was_in_pool: bool = False, cells: Iterable[int] = ()
) -> None:
    """A write changed `person`'s plan inputs (details, steps, stays): their stored plan is
    forgotten and, if they may introduce others (members.plans.in_pool) after the write or
    `was_in_pool` before it, so are the plans of their battalion and of the battalions of
    `cells` (the cells they left)."""
    forget_plans([person.pk])
    if was_in_pool or in_pool(person):
        forget_cells_plans({person.cell_id, *cells})


def plans_refresh(*, today: datetime.date) -> int:
    """Plan and store today's plans of every plannable cadet not yet stored, a battalion at a
    time (the nightly job, so that the day's first pages read them); how many are stored."""
    count = 0
    for battalion_id in Battalion.objects.order_by("pk").values_list("pk", flat=True):
        people = Person.objects.filter(plannable_q(today), cell__battalion_id=battalion_id)
        fields = ("kind", "study_status", "party_status", "expected_graduation_date")
        count += len(stored_plans(people.only(*fields), today=today))
    return count
