"""The worklist: everything due in a user's scope, soonest first, with the working days left.

Every read starts from `visible_to(user)`, so a user is never told about a case outside their
scope. `today` is always passed in, so the same code serves the page, the e-mail digest and the
tests (which build cases around a deadline and name the day instead of patching the clock).
"""

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import Role
from core.scoping import scope_filter
from core.workdays import add_months, add_working_days, last_working_day, working_days_between
from members.choices import VOTE_OF_FAILED, PartyStatus, StepKind, StudyStatus
from members.models import AdmissionStep, Person
from members.pipeline import certificate_valid_until
from members.planning import URGENT
from members.plans import plannable, plannable_q
from members.rules import get_rules
from members.stored_plans import plan_settled, stored_plans, with_stored_plans
from resolutions.models import CellRollout, Resolution
from resolutions.quarters import quarter_of, report_deadline
from units.models import Battalion

from .dates import short_date

# The roles that act on deadlines (the administrator manages accounts, not cases).
WORKLIST_ROLES = frozenset({Role.CLERK, Role.SECRETARY, Role.COMMANDER})


def has_worklist(role: Role) -> bool:
    return role in WORKLIST_ROLES


class WorkKind(models.TextChoices):
    """What is to be done; the value also opens the item's key."""

    COMMITTEE = "committee", gettext_lazy("Chờ đảng ủy cơ sở xét, đề nghị kết nạp (8-KNĐ)")
    DECISION = "decision", gettext_lazy("Chờ cấp ủy có thẩm quyền quyết định kết nạp")
    CEREMONY = "ceremony", gettext_lazy("Tổ chức lễ kết nạp")
    NEW_MEMBER_COURSE = (
        "new_member_course",
        gettext_lazy("Học lớp bồi dưỡng đảng viên mới (trước khi chi bộ xét công nhận)"),
    )
    CONVERSION_VOTE = (
        "conversion_vote",
        gettext_lazy("Chi bộ xét, đề nghị công nhận đảng viên chính thức"),
    )
    CONVERSION_COMMITTEE = (
        "conversion_committee",
        gettext_lazy("Chờ đảng ủy cơ sở xét, đề nghị công nhận đảng viên chính thức (14-KNĐ)"),
    )
    CONVERSION_DECISION = (
        "conversion_decision",
        gettext_lazy("Chờ quyết định công nhận đảng viên chính thức"),
    )
    CERTIFICATE = (
        "certificate",
        gettext_lazy("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng sắp hết hạn"),
    )
    REVOTE = "revote", gettext_lazy("Chi bộ xét lại kết nạp (lần trước không đủ 2/3)")
    RESOLUTION_REPORT = (
        "resolution_report",
        gettext_lazy("Chi bộ chưa báo cáo thực hiện nghị quyết"),
    )
    PLAN = "plan", gettext_lazy("Kết nạp trước khi tốt nghiệp: có nguy cơ hoặc không kịp")


# Steps that have happened and wait on someone: listed whatever the due date.
_WAITING = {
    StepKind.COMMITTEE_VOTE: WorkKind.COMMITTEE,
    StepKind.DECISION: WorkKind.DECISION,
    StepKind.CEREMONY: WorkKind.CEREMONY,
    StepKind.CONVERSION_COMMITTEE: WorkKind.CONVERSION_COMMITTEE,
    StepKind.CONVERSION_DECISION: WorkKind.CONVERSION_DECISION,
}


# Steps of probation listed once due within the horizon.
_PROBATION = {StepKind.NEW_MEMBER_COURSE: WorkKind.NEW_MEMBER_COURSE}
# The stages of a probationary member before the cell's conversion vote.
_ON_PROBATION = (StepKind.CEREMONY, StepKind.NEW_MEMBER_COURSE)


@dataclass(frozen=True)
class WorkItem:
    kind: str
    due: datetime.date
    days_left: int  # working days from today to the due date; negative once overdue
    subject: str  # the person or the cell
    cell: str
    note: str
    url: str
    key: str  # stable across runs: the reminder digest records what it has sent by it
    document_url: str = ""
    cell_id: int | None = None
    # The form that clears the item (record the step, report on the resolution).
    action_url: str = ""

    @property
    def label(self) -> str:
        return str(WorkKind(self.kind).label)

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0

    @property
    def remaining(self) -> str:
        """'Quá hạn 2 ngày làm việc', 'Đến hạn hôm nay' or 'Còn 3 ngày làm việc'."""
        if self.days_left < 0:
            return _("Quá hạn %(days)s ngày làm việc") % {"days": -self.days_left}
        if self.days_left == 0:
            return _("Đến hạn hôm nay")
        return _("Còn %(days)s ngày làm việc") % {"days": self.days_left}


def horizon_end(today: datetime.date, working_days: int | None = None) -> datetime.date:
    """The last day the worklist looks ahead to."""
    if working_days is None:
        working_days = settings.WORKLIST_HORIZON_WORKING_DAYS
    return add_working_days(today, working_days)


def worklist(
    user,
    *,
    today: datetime.date,
    horizon_working_days: int | None = None,
    battalion_id: int | None = None,
) -> list[WorkItem]:
    """Everything due in the user's scope, by due date (so the overdue come first).

    Cases waiting on a decision or a ceremony are always listed; conversion votes, expiring
    awareness-course certificates and cell reports once they fall due within the horizon
    (WORKLIST_HORIZON_WORKING_DAYS unless given); cadets whose admission plan is at risk or
    cannot make graduation, due on the next step's latest safe date. `battalion_id` narrows
    the scope to one of its battalions. Three queries, the stored plans read with the people
    (members.stored_plans; those to plan again: two more and the plans' six).
    """
    if user.role_enum not in WORKLIST_ROLES or user.scope is None:
        return []
    until = horizon_end(today, horizon_working_days)
    people = _people(user, today, until, battalion_id)
    items = _pipeline_items([person for person in people if person.waits], today, until)
    items += _certificate_items(user, today, until, battalion_id)
    items += _report_items(user, today, until, battalion_id)
    items += _plan_items([person for person in people if plannable(person, today)], today)
    items.sort(key=lambda item: (item.due, item.subject, item.key))
    return items


def _person_url(person_pk: int) -> str:
    return reverse("members:person_detail", args=[person_pk])


def _step_url(person_pk: int, kind: StepKind | str | None = None) -> str:
    """The form recording `person_pk`'s next step, opened on `kind`."""
    url = reverse("members:step_create", args=[person_pk])
    return f"{url}?kind={StepKind(kind).value}" if kind else url


def _days_left(today: datetime.date, due: datetime.date) -> int:
    return working_days_between(today, due)


def _in_battalion(queryset, battalion_id: int | None, cell_path: str = "cell"):
    if battalion_id is None:
        return queryset
    return queryset.filter(**{f"{cell_path}__battalion_id": battalion_id})


def _steps_due_q(until: datetime.date) -> Q:
    """People whose next step waits on someone or falls due by `until` (a revote aside)."""
    return Q(next_step__in=list(_WAITING), next_due_date__isnull=False) | Q(
        next_step__in=[StepKind.NEW_MEMBER_COURSE, StepKind.CONVERSION_VOTE],
        next_due_date__lte=until,
    )


def _revote_q() -> Q:
    # A vote below two thirds: listed whatever the date, as a vote to hold again.
    return Q(Exists(_failed_admission_vote("pk", "admission_cycle")), next_step=StepKind.CELL_VOTE)


# What the worklist reads of a person (its items and members.plans.plannable): a battalion's
# people are read as these, not whole records with their cells.
_PERSON_FIELDS = (
    "full_name", "cell_id", "kind", "study_status", "party_status", "expected_graduation_date",
    "next_step", "next_due_date", "stage", "stage_date",
)  # fmt: skip


def _people(user, today: datetime.date, until: datetime.date, battalion_id: int | None) -> list:
    """In one query, the people whose case waits on someone (`waits`) and the cadets whose
    admission is planned (members.plans.plannable) but for those whose stored plan is known
    not to be urgent, with their stored plans. The steps a waiting case's note names are read
    for those waiting only."""
    waits = _steps_due_q(until) | _revote_q()
    people = Person.objects.visible_to(user).filter(study_status=StudyStatus.STUDYING)

    def if_waits(expression):
        return Case(When(waits, then=expression), default=None)

    people = with_stored_plans(people, statuses=URGENT)
    # The cadets whose stored plan is valid and not urgent give no item: left out.
    planned = plannable_q(today) & ~Q(plan_settled(today, statuses=URGENT))
    return list(
        _in_battalion(people, battalion_id)
        .filter(waits | planned)
        .only(*_PERSON_FIELDS)
        .annotate(
            waits=ExpressionWrapper(waits, output_field=models.BooleanField()),
            cell_name=F("cell__name"),
            course_on=if_waits(Subquery(_course_date())),
            ceremony_on=if_waits(Subquery(_step_date(StepKind.CEREMONY))),
            **{name: if_waits(value) for name, value in _last_failed_vote().items()},
        )
    )


def _pipeline_items(people: list, today: datetime.date, until: datetime.date) -> list[WorkItem]:
    rules = get_rules()
    items = []
    for person in people:
        if person.next_step == StepKind.CELL_VOTE:
            if person.course_on is not None:
                items.append(_revote_item(person, today))
            continue
        kind = _step_work(person.next_step)
        since = short_date(person.stage_date)
        document_url = ""
        if kind == WorkKind.COMMITTEE:
            note = _("Chi bộ đề nghị kết nạp ngày %(date)s") % {"date": since}
            document_url = reverse("paperwork:admission_resolution", args=[person.pk])
        elif kind == WorkKind.DECISION:
            note = _("Đảng ủy cơ sở đề nghị kết nạp ngày %(date)s") % {"date": since}
        elif kind == WorkKind.CONVERSION_COMMITTEE:
            note = _("Chi bộ đề nghị công nhận ngày %(date)s") % {"date": since}
            document_url = reverse("paperwork:conversion_resolution", args=[person.pk])
        elif kind == WorkKind.CEREMONY:
            note = _("Quyết định kết nạp ngày %(date)s") % {"date": since}
        elif kind == WorkKind.CONVERSION_DECISION and person.stage in _ON_PROBATION:
            # Reported upward after the cell's last failed vote (Quy định 29-QĐ/TW, 4.2).
            note = _(
                "Chi bộ biểu quyết %(count)s lần không đủ 2/3 (lần cuối ngày %(date)s): báo cáo "
                "cấp ủy cấp trên xem xét, quyết định"
            ) % {"count": person.failed_round, "date": short_date(person.failed_on)}
        elif kind == WorkKind.CONVERSION_DECISION:
            note = _("Đảng ủy cơ sở đề nghị công nhận ngày %(date)s") % {"date": since}
        else:
            # The new-member course may be recorded already: probation counts from the ceremony.
            end = add_months(person.ceremony_on or person.stage_date, rules.probation_months)
            note = _("Hết thời hạn dự bị ngày %(date)s") % {"date": short_date(end)}
            if person.failed_on:
                note += "; " + _("lần biểu quyết trước (ngày %(date)s) không đủ 2/3") % {
                    "date": short_date(person.failed_on)
                }
        items.append(
            WorkItem(
                kind=kind,
                due=person.next_due_date,
                days_left=_days_left(today, person.next_due_date),
                subject=person.full_name,
                cell=person.cell_name,
                note=note,
                url=_person_url(person.pk),
                key=f"{kind}:{person.pk}:{person.next_due_date.isoformat()}",
                document_url=document_url,
                cell_id=person.cell_id,
                action_url=_step_url(person.pk, person.next_step),
            )
        )
    return items


def _step_work(next_step: str) -> WorkKind:
    """The work a waiting or due next step stands for."""
    step = StepKind(next_step)
    return _WAITING.get(step, _PROBATION.get(step, WorkKind.CONVERSION_VOTE))


def _last_failed_vote() -> dict:
    """Annotations: the date and round of the person's last cell vote below two thirds."""
    failed = AdmissionStep.objects.filter(
        person=OuterRef("pk"), cycle=OuterRef("admission_cycle"), kind__in=list(VOTE_OF_FAILED)
    ).order_by("-date", "-id")
    return {
        "failed_on": Subquery(failed.values("date")[:1]),
        "failed_round": Subquery(failed.values("vote_round")[:1]),
    }


def _failed_admission_vote(person: str, cycle: str):
    """A failed admission vote of the person's current admission cycle (from a person row:
    "pk", "admission_cycle"; from a step row: "person", "cycle")."""
    return AdmissionStep.objects.filter(
        person=OuterRef(person), cycle=OuterRef(cycle), kind=StepKind.CELL_VOTE_FAILED
    )


def _course_date():
    return _step_date(StepKind.AWARENESS_COURSE)


def _step_date(kind: StepKind):
    """The date of the person's step of `kind` in their current admission cycle."""
    step = AdmissionStep.objects.filter(
        person=OuterRef("pk"), cycle=OuterRef("admission_cycle"), kind=kind
    )
    # Not the steps' default order, which joins their person again to sort by name.
    return step.order_by("date", "id").values("date")[:1]


def _revote_item(person: Any, today: datetime.date) -> WorkItem:
    """A candidate whose cell voted below two thirds and has not voted again: due when the
    awareness-course certificate (valid 60 months) ends, since the next vote must come first.
    `person` carries the annotations of _pipeline_items (course_on, failed_on, failed_round)."""
    due = _certificate_end(person.course_on)
    return WorkItem(
        kind=WorkKind.REVOTE,
        due=due,
        days_left=_days_left(today, due),
        subject=person.full_name,
        cell=person.cell_name,
        note=_(
            "Lần %(round)s ngày %(date)s không đủ 2/3; giấy chứng nhận lớp bồi dưỡng nhận thức hết "
            "hạn ngày %(expires)s"
        )
        % {
            "round": person.failed_round,
            "date": short_date(person.failed_on),
            "expires": short_date(due),
        },
        url=_person_url(person.pk),
        key=f"{WorkKind.REVOTE}:{person.pk}:{person.failed_on.isoformat()}",
        cell_id=person.cell_id,
        action_url=_step_url(person.pk, StepKind.CELL_VOTE),
    )


def _plan_items(people: list, today: datetime.date) -> list[WorkItem]:
    """Cadets at risk of graduating before their admission, or who cannot make it: due on the
    next step's latest safe date, whatever the horizon (the plan looks to graduation)."""
    plans = stored_plans(people, today=today, statuses=URGENT)
    items = []
    for person in people:
        plan = plans.get(person.pk)
        if plan is None or plan.status not in URGENT or plan.next is None:
            continue
        reasons = "; ".join(reason.label for reason in plan.reasons)
        note = _("%(status)s. %(step)s: làm trước ngày %(day)s") % {
            "status": plan.status.label,
            "step": plan.next.label,
            "day": short_date(plan.next.latest),
        }
        items.append(
            WorkItem(
                kind=WorkKind.PLAN,
                due=plan.next.latest,
                days_left=_days_left(today, plan.next.latest),
                subject=person.full_name,
                cell=person.cell_name,
                note=f"{note} ({reasons})" if reasons else note,
                url=_person_url(person.pk),
                key=f"{WorkKind.PLAN}:{person.pk}:{plan.status}:{plan.next.latest.isoformat()}",
                cell_id=person.cell_id,
                action_url=_step_url(person.pk, plan.next.kind),
            )
        )
    return items


def _certificate_end(course_on: datetime.date) -> datetime.date:
    """The day an awareness-course certificate (valid 60 months) ends."""
    return certificate_valid_until(course_on, get_rules())


def _expiring_courses(user, until: datetime.date, battalion_id: int | None):
    """The awareness courses of candidates not yet voted on by their cell whose certificate may
    end by `until` (a few days too many: the caller checks the day with _certificate_end)."""
    valid_months = get_rules().awareness_certificate_valid_months
    # The people's scope on the step's own join to its person: `person__in=visible_to(user)`
    # joined the people a second time (a third of the query at a million cadets).
    in_scope = scope_filter(user, "person__cell")
    if in_scope is None:
        return AdmissionStep.objects.none()
    voted = AdmissionStep.objects.filter(
        person=OuterRef("person"), cycle=OuterRef("cycle"), kind=StepKind.CELL_VOTE
    )
    # A few days' slack: add_months clamps 29 February and the 31st; the exact test is made by
    # the callers.
    latest = add_months(until, -valid_months) + datetime.timedelta(days=3)
    courses = (
        AdmissionStep.objects.filter(
            in_scope,
            kind=StepKind.AWARENESS_COURSE,
            cycle=F("person__admission_cycle"),
            person__party_status=PartyStatus.CANDIDATE,
            person__study_status=StudyStatus.STUDYING,
            date__lte=latest,
            # The same date kept on the person (members.derived): PostgreSQL starts from the
            # few candidates it finds in person_course_candidate instead of reading the steps
            # of every candidate (0.3 s for a whole academy at a million cadets).
            person__course_date__lte=latest,
        )
        .exclude(Exists(voted))
        # Those whose vote fell short are listed as a vote to hold again, with this due date.
        .exclude(Exists(_failed_admission_vote("person", "cycle")))
    )
    return _in_battalion(courses, battalion_id, "person__cell")


def _certificate_items(
    user, today: datetime.date, until: datetime.date, battalion_id: int | None = None
) -> list[WorkItem]:
    """Candidates not yet voted on by their cell whose certificate (valid 60 months) ends by the
    horizon: the vote must come first, or the course be taken again."""
    courses = _expiring_courses(user, until, battalion_id).select_related("person__cell")
    items = []
    for course in courses:
        expires = _certificate_end(course.date)
        if expires > until:
            continue
        person = course.person
        items.append(
            WorkItem(
                kind=WorkKind.CERTIFICATE,
                due=expires,
                days_left=_days_left(today, expires),
                subject=person.full_name,
                cell=person.cell.name,
                note=_("Học lớp bồi dưỡng nhận thức về Đảng ngày %(date)s")
                % {"date": short_date(course.date)},
                url=_person_url(person.pk),
                key=f"{WorkKind.CERTIFICATE}:{person.pk}:{expires.isoformat()}",
                cell_id=person.cell_id,
                action_url=_step_url(person.pk),
            )
        )
    return items


def _unreported(user, today: datetime.date, battalion_id: int | None):
    """The cells' roll-outs not reported on of a resolution of this quarter or the last one."""
    this_quarter = (today.year, quarter_of(today))
    previous = add_months(today.replace(day=1), -3)
    quarters = Q(year=this_quarter[0], quarter=this_quarter[1]) | Q(
        year=previous.year, quarter=quarter_of(previous)
    )
    rollouts = CellRollout.objects.visible_to(user).filter(
        reported_on__isnull=True, resolution__in=Resolution.objects.filter(quarters)
    )
    return _in_battalion(rollouts, battalion_id)


def _report_items(
    user, today: datetime.date, until: datetime.date, battalion_id: int | None = None
) -> list[WorkItem]:
    """Cells in scope that have not reported on a resolution of this quarter or the last one
    (the last quarter's report falls due early in this one). Older quarters are settled on the
    resolution's own page, so a long-missed report does not crowd the list for ever."""
    rollouts = _unreported(user, today, battalion_id).select_related("resolution", "cell")
    items = []
    for rollout in rollouts:
        resolution = rollout.resolution
        due = report_deadline(resolution.year, resolution.quarter)
        if due > until:
            continue
        items.append(
            WorkItem(
                kind=WorkKind.RESOLUTION_REPORT,
                due=due,
                days_left=_days_left(today, due),
                subject=rollout.cell.name,
                cell=rollout.cell.name,
                note=_("Nghị quyết %(number)s, quý %(quarter)s/%(year)s")
                % {
                    "number": resolution.number,
                    "quarter": resolution.quarter,
                    "year": resolution.year,
                },
                url=reverse("resolutions:detail", args=[resolution.pk]),
                key=f"{WorkKind.RESOLUTION_REPORT}:{rollout.pk}:{due.isoformat()}",
                cell_id=rollout.cell_id,
                action_url=reverse("resolutions:report", args=[rollout.pk]),
            )
        )
    return items


def by_battalion(user) -> bool:
    """Whether the user's worklist is read a battalion at a time: a scope of several battalions,
    whose cadets are too many to plan on each visit (worklist_by_battalion)."""
    scope = user.scope
    return scope is not None and scope.whole_academy and user.role_enum in WORKLIST_ROLES


@lru_cache
def _kind_labels(language: str | None) -> tuple[tuple[WorkKind, str], ...]:
    """The kinds of work and their labels in `language` (the active one): a whole academy's
    200 rows would translate each label again."""
    return tuple((kind, str(kind.label)) for kind in WorkKind)


@dataclass
class BattalionWork:
    """A battalion's row of the academy's worklist: its items counted by kind."""

    battalion_id: int
    name: str
    code: str
    counts: Counter = field(default_factory=Counter)  # items by kind
    late: Counter = field(default_factory=Counter)  # overdue items by kind

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def overdue(self) -> int:
        return sum(self.late.values())

    @property
    def kinds(self) -> list[tuple[str, int, int]]:
        """(label, count, overdue) of each kind of work it has, in the kinds' order."""
        return [
            (label, self.counts[kind], self.late[kind])
            for kind, label in _kind_labels(get_language())
            if self.counts[kind]
        ]

    def only(self, kind: str) -> "BattalionWork":
        """The row counting the items of one kind."""
        return BattalionWork(
            self.battalion_id,
            self.name,
            self.code,
            Counter({kind: self.counts[kind]}),
            Counter({kind: self.late[kind]}),
        )


def worklist_by_battalion(
    user, *, today: datetime.date, horizon_working_days: int | None = None
) -> list[BattalionWork]:
    """The worklist of a whole academy as a row per battalion: its items counted by kind and
    the overdue among them (issue 17: planning an academy's 140,000 cadets on each visit took
    a minute). The same items as worklist(), counted in the database, but the cadets at risk
    of graduating before their admission: those are planned in each battalion's own worklist
    (worklist(..., battalion_id=...)), which the row leads to. Five queries."""
    if not by_battalion(user):
        return []
    rows = {
        battalion.pk: BattalionWork(battalion.pk, battalion.name, battalion.code)
        for battalion in Battalion.objects.visible_to(user).order_by("code")
    }
    for battalion_id, kind, count, overdue in _counts_by_battalion(
        user, today, horizon_end(today, horizon_working_days)
    ):
        if battalion_id in rows:
            rows[battalion_id].counts[kind] += count
            rows[battalion_id].late[kind] += overdue
    return list(rows.values())


def worklist_totals(
    user, *, today: datetime.date, horizon_working_days: int | None = None
) -> tuple[int, int]:
    """A whole academy's count of items and of the overdue among them: the sums of
    worklist_by_battalion's rows (a home page's summary), without reading the battalions.
    Four queries."""
    if not by_battalion(user):
        return 0, 0
    total = overdue = 0
    for _battalion_id, _kind, count, late in _counts_by_battalion(
        user, today, horizon_end(today, horizon_working_days)
    ):
        total += count
        overdue += late
    return total, overdue


def _counts_by_battalion(
    user, today: datetime.date, until: datetime.date
) -> Iterator[tuple[int, str, int, int]]:
    """(battalion id, kind, items, overdue items) of the user's worklist but the plans at risk,
    counted in the database, a battalion and kind at a time or an item at a time."""
    # Overdue (days_left < 0): due before the last working day up to today.
    late = last_working_day(today)
    studying = Person.objects.visible_to(user).filter(study_status=StudyStatus.STUDYING)
    # Read from person_due_step_cell alone.
    steps = (
        studying.filter(_steps_due_q(until))
        .values("cell__battalion_id", "next_step")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=Q(next_due_date__lt=late)))
        .order_by()
    )
    for row in steps:
        kind = _step_work(row["next_step"])
        yield row["cell__battalion_id"], kind, row["count"], row["overdue"]
    revotes = (
        studying.filter(_revote_q())
        .annotate(course_on=Subquery(_course_date()))
        .filter(course_on__isnull=False)
        .values_list("cell__battalion_id", "course_on")
    )
    for battalion_id, course_on in revotes:
        yield battalion_id, WorkKind.REVOTE, 1, int(_certificate_end(course_on) < late)
    courses = (
        _expiring_courses(user, until, None)
        .order_by()
        .values_list("person__cell__battalion_id", "date")
    )
    for battalion_id, course_on in courses:
        expires = _certificate_end(course_on)
        if expires <= until:
            yield battalion_id, WorkKind.CERTIFICATE, 1, int(expires < late)
    rollouts = _unreported(user, today, None).values_list(
        "cell__battalion_id", "resolution__year", "resolution__quarter"
    )
    for battalion_id, year, quarter in rollouts:
        due = report_deadline(year, quarter)
        if due <= until:
            yield battalion_id, WorkKind.RESOLUTION_REPORT, 1, int(due < late)
