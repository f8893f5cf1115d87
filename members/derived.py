"""What a person's recorded steps mean: party status, stage, next step and its due date, and the
days each stage took. Plain values in, plain values out, cheap enough for the bulk paths.

These figures are stored (Person's derived fields, AdmissionStep.stage_days) so that lists and
the dashboard can filter and aggregate in the database. Every writer (the services, the import,
the synthetic data) takes them from here, so a rule changed here reaches every path. A step is
anything with `kind`, `date` and `deadline_extended`: a saved AdmissionStep or a planned one.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from core.workdays import add_months, add_working_days

from .choices import ADDED_STEPS, DEADLINE_FROM, EXITS, PROCEDURE, PartyStatus, StepKind
from .rules import PartyRules, get_rules

# The steps awaited at the end of probation: the new-member course, then the cell's vote.
PROBATION_STEPS = (StepKind.NEW_MEMBER_COURSE, StepKind.CONVERSION_VOTE)
# The Person fields derived from the steps, in the order person_fields returns them.
PERSON_FIELDS = (
    "party_status", "stage", "stage_date", "next_step", "next_due_date", "admission_cycle",
    "course_date",
)  # fmt: skip


class RecordedStep(Protocol):
    """What the rules read from a step: a saved AdmissionStep, an imported or synthetic row, or
    a planned step all have these."""

    @property
    def kind(self) -> str: ...

    @property
    def date(self) -> datetime.date: ...

    @property
    def deadline_extended(self) -> bool: ...


@dataclass(frozen=True)
class NextStep:
    kind: StepKind | None
    due: datetime.date | None


def cycle_of(step) -> int:
    """The admission cycle of a step: 1, or 2 after a re-admission (planned steps: 1)."""
    return getattr(step, "cycle", None) or 1


def steps_by_kind(steps: Iterable) -> dict[StepKind, RecordedStep]:
    """The person's steps of their current admission cycle by kind, the latest of each kind
    when `steps` come in date order. Everything derived reads the current cycle only: after a
    re-admission the first cycle's steps stay on record, and on the timeline."""
    steps = list(steps)
    current = max((cycle_of(step) for step in steps), default=1)
    return {StepKind(step.kind): step for step in steps if cycle_of(step) == current}


def steps_by_cycle(steps: Iterable) -> dict[int, dict[StepKind, RecordedStep]]:
    """Every admission cycle's steps by kind, as steps_by_kind reads the current one."""
    cycles: dict[int, dict[StepKind, RecordedStep]] = {}
    for step in steps:
        cycles.setdefault(cycle_of(step), {})[StepKind(step.kind)] = step
    return cycles


def stage_days(steps: Mapping[StepKind, RecordedStep], kind: StepKind) -> int | None:
    """Days from the step before `kind` in the procedure to `kind` (None if either is missing).

    Stored on each step (AdmissionStep.stage_days) for the dashboard's stage durations.
    """
    if kind not in steps or kind not in PROCEDURE or kind == PROCEDURE[0]:
        return None
    previous = PROCEDURE[PROCEDURE.index(kind) - 1]
    if previous in ADDED_STEPS and previous not in steps:
        # A record from before the step existed: the time since the step before it.
        previous = PROCEDURE[PROCEDURE.index(previous) - 1]
    before = steps.get(previous)
    return None if before is None else (steps[kind].date - before.date).days


def exit_of(steps: Mapping[StepKind, Any]) -> Any:
    """The striking off or expulsion among `steps`, or None."""
    return next((steps[kind] for kind in EXITS if kind in steps), None)


def party_status(steps: Mapping[StepKind, RecordedStep]) -> PartyStatus:
    if StepKind.EXPELLED in steps:
        return PartyStatus.EXPELLED
    if StepKind.STRUCK_OFF in steps:
        return PartyStatus.STRUCK_OFF
    if StepKind.CONVERSION_DECISION in steps:
        return PartyStatus.OFFICIAL
    if StepKind.CEREMONY in steps:
        return PartyStatus.PROBATIONARY
    if steps:
        return PartyStatus.CANDIDATE
    return PartyStatus.NON_MEMBER


def current_stage(steps: Mapping[StepKind, RecordedStep]) -> StepKind | None:
    for kind in EXITS:
        if kind in steps:
            return kind
    recorded = [kind for kind in PROCEDURE if kind in steps]
    if recorded:
        return recorded[-1]
    return StepKind.READMISSION if StepKind.READMISSION in steps else None


def official_since(
    steps: Mapping[StepKind, RecordedStep], rules: PartyRules
) -> datetime.date | None:
    """Official status dates from the exact end of probation, even when the vote is late."""
    if StepKind.CONVERSION_DECISION not in steps or StepKind.CEREMONY not in steps:
        return None
    return add_months(steps[StepKind.CEREMONY].date, rules.probation_months)


def referred_upward(steps: Mapping[StepKind, Any], rules: PartyRules) -> bool:
    """The cell voted on the conversion as many times as the rules allow, each below two thirds:
    the superior committees consider and decide (Quy định 29-QĐ/TW, point 4.2, continued by
    24-QĐ/TW and 294-QĐ/TW). `steps` holds the latest failed vote of each kind."""
    failed = steps.get(StepKind.CONVERSION_VOTE_FAILED)
    return (
        StepKind.CONVERSION_VOTE not in steps
        and failed is not None
        and (failed.vote_round or 0) >= rules.conversion_votes_before_referral
    )


def next_step(steps: Mapping[StepKind, RecordedStep], rules: PartyRules | None = None) -> NextStep:
    """The step that comes next and, where the rules set one, its due date."""
    rules = rules or get_rules()
    stage = current_stage(steps)
    if stage is None or stage in (*EXITS, StepKind.CONVERSION_DECISION):
        return NextStep(None, None)
    if stage == StepKind.READMISSION:
        # The procedure starts again (Quy định 294-QĐ/TW, point 3.5.1.c), with no due date.
        return NextStep(PROCEDURE[0], None)
    following = PROCEDURE[PROCEDURE.index(stage) + 1]
    last = steps[stage]
    due = None
    if following in PROBATION_STEPS and referred_upward(steps, rules):
        # Reported upward after the last failed vote: the committee's decision is awaited,
        # within the time it has after a cell's resolution.
        failed = steps[StepKind.CONVERSION_VOTE_FAILED]
        days = rules.conversion_decision_deadline_working_days
        return NextStep(StepKind.CONVERSION_DECISION, add_working_days(failed.date, days))
    deadline_from = DEADLINE_FROM.get(following) if following else None
    resolution = steps.get(deadline_from) if deadline_from else None
    if following in (StepKind.COMMITTEE_VOTE, StepKind.DECISION) and resolution is not None:
        # Quy định 294-QĐ/TW: the decision within 60 working days of the cell's resolution
        # (+30 once); the grassroots committee resolves within the same time.
        days = rules.decision_deadline_working_days
        if resolution.deadline_extended:
            days += rules.decision_extension_working_days
        due = add_working_days(resolution.date, days)
    elif following == StepKind.CEREMONY:
        due = add_working_days(last.date, rules.ceremony_deadline_working_days)
    elif following in PROBATION_STEPS and StepKind.CEREMONY in steps:
        # The course has no time of its own in the texts: it is due with the vote it precedes.
        probation_end = add_months(steps[StepKind.CEREMONY].date, rules.probation_months)
        due = add_working_days(probation_end, rules.conversion_vote_deadline_working_days)
    elif following in DEADLINE_FROM and resolution is not None:
        days = rules.conversion_decision_deadline_working_days
        if resolution.deadline_extended:
            days += rules.conversion_decision_extension_working_days
        due = add_working_days(resolution.date, days)
    return NextStep(following, due)


def is_official_on(steps: Mapping[StepKind, RecordedStep], day: datetime.date) -> bool:
    """Official member on `day`: conversion decided by then and not struck off or expelled."""
    decision = steps.get(StepKind.CONVERSION_DECISION)
    left: Any = exit_of(steps)
    return decision is not None and decision.date <= day and (left is None or left.date > day)


def was_official_on(steps: Iterable, day: datetime.date) -> bool:
    """Official member on `day` in any admission cycle (`steps`: all of the person's)."""
    return any(is_official_on(cycle, day) for cycle in steps_by_cycle(steps).values())


def person_fields(
    steps: Mapping[StepKind, RecordedStep], rules: PartyRules | None = None
) -> dict[str, object]:
    """The values of PERSON_FIELDS for a person with `steps` (kind -> step)."""
    stage = current_stage(steps)
    upcoming = next_step(steps, rules)
    course = steps.get(StepKind.AWARENESS_COURSE)
    return {
        "party_status": party_status(steps),
        "stage": stage or "",
        "stage_date": steps[stage].date if stage else None,
        "next_step": upcoming.kind or "",
        "next_due_date": upcoming.due,
        "admission_cycle": max((cycle_of(step) for step in steps.values()), default=1),
        # The date the awareness-course certificate counts from (pipeline.certificate_valid_until).
        "course_date": course.date if course else None,
    }
