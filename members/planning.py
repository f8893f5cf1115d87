"""Each cadet's admission planned backwards from graduation (issue 18).

Pure: plain values in, plain values out, nothing read from or written to the database (the
loaders are in `members.plans`). For a cadet not yet admitted, from the steps recorded:

- the latest safe date of each remaining step, counted back from the expected graduation date
  (the admission decision dated on or before it): where the rules set the time between two
  steps (the decision within `decision_deadline_working_days` working days of the cell's vote)
  the legal figure, in working days; otherwise the pace, in days (the battalion's override, else
  its median stage duration, else DEFAULT_PACE_DAYS);
- the earliest date of each, forwards from the last recorded step (not before today) at the
  same pace, pushed back by the constraints no effort beats: age at the cell's vote, officials
  with enough months together to introduce, the awareness-course certificate still valid;
- a status (admitted, on track, at risk, cannot be admitted before graduation) and the reasons.

The rules are the step checker's own functions (`members.pipeline`), with the figures of
`members.rules`: a figure changed there changes the plan. The remaining steps are the kinds of
PROCEDURE after the current stage up to the decision, so a step added to the procedure is
planned without a change here (at DEFAULT_PACE_DAYS until the battalion's median exists).
"""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workdays import add_months, add_working_days, last_working_day, subtract_working_days

from .choices import PROCEDURE, StepKind
from .derived import current_stage
from .pipeline import (
    admission_age_from,
    certificate_valid_until,
    introducers_needed,
    is_youth_union_member,
    may_introduce,
)
from .rules import PartyRules

# The steps planned: from the first of the procedure to the admission decision.
PLANNED_UNTIL = StepKind.DECISION

# Days from the step before to each step, when the battalion has neither an override nor a
# median of its own (a first deployment): the durations found in the demo battalion's records,
# rounded. A kind not listed (one added to the procedure later) waits FALLBACK_PACE_DAYS.
DEFAULT_PACE_DAYS: dict[str, int] = {
    StepKind.AWARENESS_COURSE.value: 60,
    StepKind.APPLICATION.value: 30,
    StepKind.BACKGROUND_CHECK.value: 60,
    StepKind.INTRODUCTION.value: 21,
    StepKind.OPINION_SUMMARY.value: 21,
    StepKind.CELL_VOTE.value: 21,
    # The grassroots committee's resolution and the decision after it take together what the
    # decision alone took before the committee's step was recorded.
    StepKind.COMMITTEE_VOTE.value: 14,
    StepKind.DECISION.value: 31,
}
FALLBACK_PACE_DAYS = 30
# A pace override is between one day and ten years.
PACE_RANGE = (1, 3650)
# How far past graduation the earliest dates are still worked out (beyond: "never").
HORIZON_YEARS = 6


def planned_kinds() -> list[StepKind]:
    """The steps whose pace is planned: every kind after the first up to the decision."""
    return PROCEDURE[1 : PROCEDURE.index(PLANNED_UNTIL) + 1]


class PlanStatus(models.TextChoices):
    # Most urgent first.
    CANNOT = "cannot", _("Không kịp kết nạp trước khi tốt nghiệp")
    AT_RISK = "at_risk", _("Có nguy cơ không kịp")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    ADMITTED = "admitted", _("Đã có quyết định kết nạp")

    @property
    def urgency(self) -> int:
        """Sort order on the boards: the cadets who cannot make it first."""
        return list(PlanStatus).index(self)


# The statuses the boards and the worklist put first.
URGENT = (PlanStatus.CANNOT, PlanStatus.AT_RISK)


class Constraint(models.TextChoices):
    AGE = "age", _("Đủ 18 tuổi chỉ sau khi tốt nghiệp")
    INTRODUCERS = (
        "introducers",
        _("Không đảng viên chính thức nào kịp đủ 12 tháng cùng công tác, học tập"),
    )
    CERTIFICATE = "certificate", _("Giấy chứng nhận lớp nhận thức về Đảng sẽ hết hạn")
    PACE = "pace", _("Theo nhịp độ của tiểu đoàn, quyết định kết nạp sau ngày tốt nghiệp")


@dataclass(frozen=True)
class Reason:
    constraint: Constraint
    # The step it holds back and the earliest day it allows that step (None: not in time).
    step: StepKind
    day: datetime.date | None
    # For an expiring certificate: whether taking the course again still fits.
    retake_fits: bool | None = None

    @property
    def label(self) -> str:
        return str(self.constraint.label)


@dataclass(frozen=True)
class PlannedStep:
    kind: StepKind
    latest: datetime.date
    earliest: datetime.date | None

    @property
    def label(self) -> str:
        return str(self.kind.label)


@dataclass(frozen=True)
class Plan:
    status: PlanStatus
    graduation: datetime.date
    steps: tuple[PlannedStep, ...] = ()
    reasons: tuple[Reason, ...] = ()
    # The cadet takes the awareness course again (the certificate expires before the vote).
    retake_course: bool = False

    @property
    def next(self) -> PlannedStep | None:
        return self.steps[0] if self.steps else None

    @property
    def earliest_decision(self) -> datetime.date | None:
        return self.steps[-1].earliest if self.steps else None

    @property
    def sort_key(self) -> tuple:
        """Urgency: the status, then the next step's latest safe date."""
        latest = self.next.latest if self.next else datetime.date.max
        return (self.status.urgency, latest)


@dataclass(frozen=True)
class Stay:
    """A stay in a cell as time_together reads it, open stays projected to `end_date`."""

    cell: Any
    cell_id: int
    start_date: datetime.date
    end_date: datetime.date | None


@dataclass(frozen=True)
class Introducer:
    """A member who could introduce: steps as is_official_on reads them (a probationary
    member's conversion projected), stays as time_together reads them."""

    person: Any
    steps: Mapping[StepKind, Any]
    stays: Sequence[Stay]


@dataclass(frozen=True)
class Projected:
    """A step not recorded yet, dated when it is expected (kind and date, like a step)."""

    kind: StepKind
    date: datetime.date
    deadline_extended: bool = False


def pace_days(
    medians: Mapping[str, float], overrides: Mapping[str, int] | None = None
) -> dict[StepKind, int]:
    """Days before each planned step: the battalion's override, else its median, else the
    default."""
    overrides = overrides or {}
    pace = {}
    for kind in planned_kinds():
        if overrides.get(kind.value):
            pace[kind] = int(overrides[kind.value])
        elif medians.get(kind.value) is not None:
            pace[kind] = max(round(medians[kind.value]), 0)
        else:
            pace[kind] = DEFAULT_PACE_DAYS.get(kind.value, FALLBACK_PACE_DAYS)
    return pace


def legal_gaps(rules: PartyRules) -> dict[tuple[StepKind, StepKind], int]:
    """Working days the rules allow from a step to a later one (the grassroots committee's
    resolution falls within the decision's, see _within_legal_time)."""
    return {(StepKind.CELL_VOTE, StepKind.DECISION): rules.decision_deadline_working_days}


def _legal_days(rules: PartyRules, start: StepKind, step: Any, end: StepKind) -> int | None:
    days = legal_gaps(rules).get((start, end))
    if days is not None and getattr(step, "deadline_extended", False):
        days += rules.decision_extension_working_days
    return days


def introducers_ready(
    person,
    stays: Sequence[Stay],
    pool: Sequence[Introducer],
    *,
    rules: PartyRules,
    start: datetime.date,
    until: datetime.date,
    cache: dict | None = None,
) -> datetime.date | None:
    """The first day from `start` to `until` on which enough members may introduce `person`
    by introducer_problems (official that day, the months together): one beside the Youth
    Union's resolution for a Youth Union member in youth age, else two. None: not by `until`.

    Time together and official status only grow (open stays run on), so the days are
    searched by halves, from the arrival: `cache` keeps the day found for the cadets with the
    same stays and route (from a later start, the later of the two)."""

    def enough(day: datetime.date) -> bool:
        needed = introducers_needed(is_youth_union_member(person, day, rules))
        for member in pool:
            if may_introduce(
                person,
                stays,
                member.person,
                member.steps,
                member.stays,
                day=day,
                rules=rules,
            ):
                needed -= 1
                if needed <= 0:
                    return True
        return False

    if until <= start:
        return start if enough(start) else None
    # Cadets who arrived together wait for the same day: searched once for all of them, from
    # the arrival on, so that the day found serves any later start.
    key = (
        tuple((stay.cell_id, stay.start_date, stay.end_date) for stay in stays),
        introducers_needed(is_youth_union_member(person, start, rules)),
        introducers_needed(is_youth_union_member(person, until, rules)),
        id(pool),
        until,
    )
    if cache is None or key not in cache:
        # Enough members on `start` (most cadets, whose cell has officials of long standing):
        # the day found from the arrival is no later, the answer is `start`. Asked first, it
        # stops at the first members of the pool; the search below tries days years back, on
        # which it reads the whole pool.
        if enough(start):
            return start
        arrival = min((stay.start_date for stay in stays), default=start)
        found = _first_enough_day(enough, min(arrival, start), until)
        if cache is None:
            return None if found is None else max(found, start)
        cache[key] = found
    found = cache[key]
    return None if found is None else max(found, start)


def _first_enough_day(enough, start: datetime.date, until: datetime.date) -> datetime.date | None:
    """The first day from `start` to `until` when `enough` holds (it holds ever after)."""
    if not enough(until):
        return None
    if enough(start):
        return start
    low, high = start.toordinal(), until.toordinal()
    while high - low > 1:
        middle = (low + high) // 2
        if enough(datetime.date.fromordinal(middle)):
            high = middle
        else:
            low = middle
    return datetime.date.fromordinal(high)


@dataclass
class _Forward:
    earliest: dict[StepKind, datetime.date | None] = field(default_factory=dict)
    # The constraints that held a step back: the step and the day they allow (None: never).
    delays: dict[Constraint, tuple[StepKind, datetime.date | None]] = field(default_factory=dict)
    retake_course: bool = False
    retake_on: datetime.date | None = None
    certificate_until: datetime.date | None = None


def plan_admission(
    person,
    steps: Mapping[StepKind, Any],
    *,
    rules: PartyRules,
    pace: Mapping[StepKind, int],
    today: datetime.date,
    at_risk_working_days: int,
    stays: Sequence[Stay] = (),
    introducers: Callable[[], Sequence[Introducer]] | Sequence[Introducer] = (),
    course_on: datetime.date | None = None,
    cache: dict | None = None,
) -> Plan | None:
    """The plan of `person` (date_of_birth, youth_union_date, expected_graduation_date) with
    `steps` recorded (kind -> step, see derived.steps_by_kind). None without a graduation date.

    `introducers`: the members who could introduce (or a function giving them, called only
    when the introduction is still to come); `cache` a dict shared by the plans of one page.
    `course_on`: the awareness course is held that
    day for those without a valid certificate (the what-if); else it follows at the pace.
    """
    graduation = person.expected_graduation_date
    if graduation is None:
        return None
    if PLANNED_UNTIL in steps:
        return Plan(PlanStatus.ADMITTED, graduation)
    stage = current_stage(steps)
    # Nothing of the procedure yet: none at all, or only a re-admission opening the cycle.
    first = PROCEDURE.index(stage) + 1 if stage in PROCEDURE else 0
    remaining = PROCEDURE[first : PROCEDURE.index(PLANNED_UNTIL) + 1]
    forward = _forwards(
        person,
        steps,
        stage,
        remaining,
        rules=rules,
        pace=pace,
        today=today,
        stays=stays,
        introducers=introducers,
        course_on=course_on,
        cache=cache,
    )
    latest = _backwards(
        remaining, graduation, rules=rules, pace=pace, vote_by=forward.certificate_until
    )
    planned = tuple(PlannedStep(kind, latest[kind], forward.earliest[kind]) for kind in remaining)
    decision = planned[-1].earliest
    in_time = decision is not None and decision <= latest[PLANNED_UNTIL]
    reasons = []
    if forward.retake_course:
        reasons.append(
            Reason(Constraint.CERTIFICATE, StepKind.CELL_VOTE, forward.retake_on, in_time)
        )
    if not in_time:
        # What held the steps back names why; with nothing but the pace, the pace.
        reasons += [Reason(name, kind, day) for name, (kind, day) in forward.delays.items()]
        if all(reason.retake_fits for reason in reasons):
            reasons.append(Reason(Constraint.PACE, PLANNED_UNTIL, decision))
        status = PlanStatus.CANNOT
    elif (
        reasons
        or planned[0].latest <= add_working_days(today, at_risk_working_days)
        # In time only if the committee decides faster than the rules allow it to take.
        or any(step.earliest is not None and step.earliest > step.latest for step in planned)
    ):
        status = PlanStatus.AT_RISK
    else:
        status = PlanStatus.ON_TRACK
    return Plan(status, graduation, planned, tuple(reasons), forward.retake_course)


def _forwards(
    person, steps, stage, remaining, *, rules, pace, today, stays, introducers, course_on, cache
) -> _Forward:
    """The earliest date of each remaining step at the pace, and the constraints met."""
    result = _Forward()
    before_kind, before = stage, steps.get(stage) if stage is not None else None
    horizon = add_months(person.expected_graduation_date, 12 * HORIZON_YEARS)
    blocked = False
    for kind in remaining:
        if blocked:
            result.earliest[kind] = None
            continue
        day = today if before is None else _after(before, before_kind, kind, rules, pace)
        day = _within_legal_time(day, kind, steps, result.earliest, rules)
        day = max(day, today)
        if kind == StepKind.AWARENESS_COURSE and course_on is not None:
            day = max(course_on, before.date if before is not None else course_on)
        if kind == StepKind.INTRODUCTION:
            pool = introducers() if callable(introducers) else introducers
            ready = introducers_ready(
                person, stays, pool, rules=rules, start=day, until=horizon, cache=cache
            )
            if ready != day:
                result.delays[Constraint.INTRODUCERS] = (kind, ready)
            day = ready
        if kind == StepKind.CELL_VOTE and day is not None:
            age = admission_age_from(person.date_of_birth, rules)
            if age > day:
                result.delays[Constraint.AGE] = (kind, age)
            day = _certificate(
                steps, result, max(day, age), rules=rules, today=today, course_on=course_on
            )
        result.earliest[kind] = day
        if day is None:
            blocked = True
        else:
            before_kind, before = kind, Projected(kind, day)
    return result


def _after(before, before_kind, kind, rules, pace) -> datetime.date:
    """The day `kind` comes after the step before it: at the pace, and where the rules set a
    time no later than they allow."""
    day = before.date + datetime.timedelta(days=pace.get(kind, FALLBACK_PACE_DAYS))
    legal = _legal_days(rules, before_kind, before, kind)
    if legal is not None:
        day = min(day, add_working_days(before.date, legal))
    return day


def _within_legal_time(day, kind, steps, earliest, rules) -> datetime.date:
    """No later than the rules allow from an earlier step that is not the one just before (the
    decision within 60 working days of the cell's resolution, the committee's between)."""
    # The committee resolves within the decision's time (294-QĐ/TW counts it from the cell's).
    within = StepKind.DECISION if kind == StepKind.COMMITTEE_VOTE else kind
    for start, end in legal_gaps(rules):
        step = steps.get(start)
        start_day = step.date if step is not None else earliest.get(start)
        if end != within or start_day is None:
            continue
        days = _legal_days(rules, start, step, end)
        if days is not None:
            day = min(day, add_working_days(start_day, days))
    return day


def _certificate(steps, result: _Forward, vote: datetime.date, *, rules, today, course_on):
    """The certificate must still be valid at the vote; when it would expire, the course is
    taken again (on the what-if date, or now) and the vote waits for it."""
    course = steps.get(StepKind.AWARENESS_COURSE)
    course_day = (
        course.date if course is not None else result.earliest.get(StepKind.AWARENESS_COURSE)
    )
    if course_day is None:
        return vote
    valid_until = certificate_valid_until(course_day, rules)
    if valid_until >= vote:
        result.certificate_until = valid_until
        return vote
    retake = max(course_on or today, today)
    result.retake_course, result.retake_on = True, retake
    return max(vote, retake)


def _backwards(remaining, graduation, *, rules, pace, vote_by) -> dict[StepKind, datetime.date]:
    """The latest safe date of each remaining step, from the decision on graduation day back,
    each on a working day; the vote no later than the certificate allows."""
    latest: dict[StepKind, datetime.date] = {}
    after = None
    for kind in reversed(remaining):
        # Where the rules set the time to a later step, it holds whatever comes between (the
        # committee's resolution between the cell's and the decision); else the pace.
        legal = [
            subtract_working_days(latest[end], days)
            for (start, end), days in legal_gaps(rules).items()
            if start == kind and end in latest
        ]
        if after is None:
            day = graduation
        elif legal:
            day = min(legal)
        else:
            day = latest[after] - datetime.timedelta(days=pace.get(after, FALLBACK_PACE_DAYS))
        if kind == StepKind.CELL_VOTE and vote_by is not None:
            day = min(day, vote_by)
        latest[kind] = last_working_day(day)
        after = kind
    return latest
