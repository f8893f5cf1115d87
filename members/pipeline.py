"""The admission procedure's checks: whether a new step fits a person's recorded steps.

Pure rules: nothing here writes to the database; `members.services` and the import call it
before saving anything. What the recorded steps mean (status, stage, due date) is
`members.derived`.
"""

import datetime
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import dmy
from core.workdays import add_months, first_day_of_full_months, full_months_between

from .choices import (
    ADDED_STEPS,
    FAILED_VOTE,
    PROCEDURE,
    REDONE_FILES,
    VOTE_OF_FAILED,
    EducationLevel,
    ExitGround,
    StepKind,
)
from .derived import cycle_of, exit_of, is_official_on, referred_upward, steps_by_kind
from .profile import party_card_date_problem
from .rules import PartyRules, get_rules


@dataclass
class StepDraft:
    """A step about to be recorded, before it is saved."""

    kind: StepKind
    date: datetime.date
    votes_eligible: int | None = None
    votes_present: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    introducers: list = field(default_factory=list)
    by_youth_union: bool = False
    no_youth_union_organisation: bool = False
    replacement_introducer: object | None = None
    replacement_reason: str = ""
    is_historical: bool = False
    # The cell's official members on the meeting day by the records, and the reason given
    # when the cell counted another figure.
    eligible_on_record: int | None = None
    eligible_reason: str = ""
    # Which vote of the cell on the step this is (1 for the first).
    vote_round: int | None = None
    # Striking off or expulsion: the ground and the number of the competent committee's decision.
    exit_ground: str = ""
    document_number: str = ""
    # Re-admission after a conviction for a less serious crime: the day the record was cleared.
    record_cleared_on: datetime.date | None = None


# The person's own details the rules read: changing one must keep the recorded steps valid.
RULE_PERSON_FIELDS = ("date_of_birth", "education_level", "youth_union_date", "party_card_date")
VOTE_FIELDS = ("votes_eligible", "votes_present", "votes_for", "votes_against")


def draft_of(step) -> StepDraft:
    """A step on record (or planned by the importer) as the checker reads a new one.

    Historical steps are checked only by the rules dates can break: their votes and introducers
    are not read (nor queried).
    """
    if step.is_historical:
        return StepDraft(
            kind=StepKind(step.kind),
            date=step.date,
            is_historical=True,
            exit_ground=getattr(step, "exit_ground", ""),
            record_cleared_on=getattr(step, "record_cleared_on", None),
        )
    return StepDraft(
        kind=StepKind(step.kind),
        date=step.date,
        introducers=list(step.introducers.all()),
        by_youth_union=step.by_youth_union,
        no_youth_union_organisation=step.no_youth_union_organisation,
        replacement_introducer=step.replacement_introducer,
        replacement_reason=step.replacement_reason,
        vote_round=step.vote_round,
        exit_ground=step.exit_ground,
        document_number=step.document_number,
        record_cleared_on=step.record_cleared_on,
        **{name: getattr(step, name) for name in VOTE_FIELDS},
    )


_PROCEDURE_ORDER: dict[str, float] = {kind.value: index for index, kind in enumerate(PROCEDURE)}
# A failed vote comes before the vote of its step that passed.
_PROCEDURE_ORDER |= {
    failed.value: _PROCEDURE_ORDER[vote.value] - 0.5 for failed, vote in VOTE_OF_FAILED.items()
}
# A re-admission opens its cycle, before the procedure starts again.
_PROCEDURE_ORDER[StepKind.READMISSION.value] = -1


def procedure_order(kind) -> float:
    """Position in the procedure: an exit comes after all of it, a re-admission before it."""
    return _PROCEDURE_ORDER.get(kind, len(PROCEDURE))


def vote_threshold(kind: StepKind, rules: PartyRules):
    """Two thirds of the cell's official members, or of the grassroots committee's members."""
    return rules.committee_vote_threshold if kind.is_committee_vote else rules.vote_threshold


def vote_falls_short(draft: StepDraft, rules: PartyRules) -> bool:
    """Fewer than two thirds of the cell's official members agreed (Điều lệ Đảng, Điều 4,
    khoản 3; Điều 5, khoản 2 for the conversion), or of the grassroots committee's members
    for its resolution: the vote is recorded as failed, not refused. Figures that are missing
    or do not add up are the checker's to refuse."""
    eligible, votes_for = draft.votes_eligible, draft.votes_for
    if not eligible or votes_for is None:
        return False
    return votes_for < math.ceil(vote_threshold(draft.kind, rules) * eligible)


class BrokenStep(ValidationError):
    """The errors of the first step that breaks a rule when steps are checked in order."""

    def __init__(self, kind: StepKind, error: ValidationError, step=None):
        super().__init__(error.error_dict)
        self.kind = kind
        # The step on record (or planned) that breaks it.
        self.step = step


@dataclass(frozen=True)
class TimeTogether:
    months: int
    days: int


def time_together(stays_a, stays_b, until: datetime.date, unit: str) -> TimeTogether:
    """Time two people spent in the same unit (cell or battalion) up to `until`.

    Overlapping and adjoining periods are merged first (a move between two cells of the same
    battalion does not break the time together), then each period counts its whole months and
    the days left over add up, 30 days to a month, so that separate stays add up.
    """

    def unit_of(stay):
        return stay.cell.battalion_id if unit == "battalion" else stay.cell_id

    periods = []
    for a in stays_a:
        for b in stays_b:
            if unit_of(a) != unit_of(b):
                continue
            start = max(a.start_date, b.start_date)
            end = min(a.end_date or until, b.end_date or until, until)
            if end > start:
                periods.append((start, end))
    merged: list[list[datetime.date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    months = days = 0
    for start, end in merged:
        whole = full_months_between(start, end)
        months += whole
        days += (end - add_months(start, whole)).days
    return TimeTogether(months + days // 30, days % 30)


def in_youth_age(date_of_birth: datetime.date, day: datetime.date, rules: PartyRules) -> bool:
    """From 16 full years to 30 (until the 31st birthday), Luật Thanh niên 2020, Điều 1."""
    months = full_months_between(date_of_birth, day)
    return rules.youth_min_age_years * 12 <= months < (rules.youth_max_age_years + 1) * 12


def is_youth_union_member(person, day: datetime.date, rules: PartyRules) -> bool:
    """A Youth Union member in youth age on `day`: the people Charter Art. 4 cl. 1 is about."""
    joined = person.youth_union_date
    return joined is not None and joined <= day and in_youth_age(person.date_of_birth, day, rules)


def of_admission_age(date_of_birth: datetime.date, day: datetime.date, rules: PartyRules) -> bool:
    """From 18 to 60 full years, counted by month, on `day` (the cell's meeting)."""
    months = full_months_between(date_of_birth, day)
    return rules.min_age_months <= months <= rules.max_age_months


def admission_age_from(date_of_birth: datetime.date, rules: PartyRules) -> datetime.date:
    """The first day on which the cell may vote on a person's admission by age."""
    return first_day_of_full_months(date_of_birth, rules.min_age_months)


def certificate_valid_until(course_date: datetime.date, rules: PartyRules) -> datetime.date:
    """The last day the awareness-course certificate is valid at the cell's vote."""
    return add_months(course_date, rules.awareness_certificate_valid_months)


def introducers_needed(by_youth_union: bool) -> int:
    """Official members who introduce: one beside the Youth Union's resolution, else two."""
    return 1 if by_youth_union else 2


@dataclass(frozen=True)
class IntroducerProblem:
    """Why a member may not introduce a candidate. `rule` names it for pages that group them:
    "self", "not_official" or "months_together" (which a replacement introducer is spared)."""

    rule: str
    message: str


def introducer_problems(
    person,
    person_stays: list,
    introducer,
    introducer_steps: Mapping,
    introducer_stays: list,
    *,
    day: datetime.date,
    rules: PartyRules,
    replacement: bool = False,
) -> list[IntroducerProblem]:
    """What stops `introducer` from introducing `person` on `day` (Điều lệ Đảng, Điều 4;
    Quy định 294-QĐ/TW; 24-QĐ/TW, 3.2): the one rule the step checker and the introducer picker
    both read. The stays are CellMembership rows with their cells."""
    return [
        IntroducerProblem(rule, wording())
        for rule, wording in _introducer_failures(
            person,
            person_stays,
            introducer,
            introducer_steps,
            introducer_stays,
            day=day,
            rules=rules,
            replacement=replacement,
        )
    ]


def may_introduce(
    person,
    person_stays: list,
    introducer,
    introducer_steps: Mapping,
    introducer_stays: list,
    *,
    day: datetime.date,
    rules: PartyRules,
) -> bool:
    """Whether `introducer_problems` finds nothing, stopping at the first failure and wording
    none: the admission plans ask it thousands of times per page, and the messages cost most of
    the time (a translation per call)."""
    failures = _introducer_failures(
        person, person_stays, introducer, introducer_steps, introducer_stays, day=day, rules=rules
    )
    return next(failures, None) is None


def _introducer_failures(
    person,
    person_stays: list,
    introducer,
    introducer_steps: Mapping,
    introducer_stays: list,
    *,
    day: datetime.date,
    rules: PartyRules,
    replacement: bool = False,
) -> Iterator[tuple[str, Callable[[], str]]]:
    """The introducer rule's failures in order, each as (rule, its wording made on demand)."""
    if introducer.pk == person.pk:
        yield "self", lambda: _("Người vào Đảng không tự giới thiệu mình.")
        return
    if not is_official_on(introducer_steps, day):
        yield (
            "not_official",
            lambda: (
                _("%(name)s chưa là đảng viên chính thức vào ngày %(date)s.")
                % {"name": introducer.full_name, "date": dmy(day)}
            ),
        )
    if replacement:
        # 24-QĐ/TW point 3.2.2: a replacement needs no 12 months together.
        return
    together = time_together(person_stays, introducer_stays, day, rules.introducer_unit)
    if together.months < rules.introducer_min_months_together:
        yield (
            "months_together",
            lambda: (
                _(
                    "%(name)s mới công tác, học tập cùng người vào Đảng %(months)s tháng "
                    "%(days)s ngày trong cùng %(unit)s; cần ít nhất %(required)s tháng "
                    "(Quy định 294-QĐ/TW; Quy định 24-QĐ/TW, điểm 3.2.1), trừ người giới "
                    "thiệu thay thế."
                )
                % {
                    "name": introducer.full_name,
                    "months": together.months,
                    "days": together.days,
                    "unit": _("tiểu đoàn (đảng bộ cơ sở)")
                    if rules.introducer_unit == "battalion"
                    else _("chi bộ"),
                    "required": rules.introducer_min_months_together,
                }
            ),
        )


class StepChecker:
    """Checks one new step against the person's recorded steps and the rules.

    Collects every broken rule as {field: [messages]} and raises one ValidationError, so the
    user sees all that is wrong at once, each message naming the rule.
    """

    def __init__(
        self, person, steps: Mapping[StepKind, Any], rules: PartyRules | None = None
    ) -> None:
        self.person = person
        self.steps = steps
        self.rules = rules or get_rules()
        self.errors: dict[str, list[str]] = {}

    def error(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)

    def check(self, draft: StepDraft, *, today: datetime.date, on_record: bool = False) -> None:
        """`on_record`: the step is already recorded and checked again, so the rules about
        adding a step (each step once, no future date) do not apply. Whether the person may
        still be changed at all is the writer's to ask (members.services.ensure_writable)."""
        if not on_record:
            self._check_record(draft, today)
        if not self.errors:
            self._check_order(draft, on_record=on_record)
        if not self.errors:
            self._check_kind_rules(draft)
        if self.errors:
            raise ValidationError(self.errors)

    def check_in_order(
        self,
        steps: Iterable,
        *,
        today: datetime.date,
        on_record=False,
        drafts: Mapping[int | None, StepDraft] | None = None,
    ) -> None:
        """Check `steps` one after another in the order of the procedure, each against the steps
        before it, which join the checker's steps as they pass: imported dates, or the steps on
        record after the person's birth date or education changed. Raises BrokenStep.

        Admission cycles are checked one after the other: a re-admission against the cycle it
        closes, each later step against its own cycle's steps.

        `drafts` (step id -> draft) reads a step as corrected rather than as recorded: its
        introducers, say, before they are saved (members.services.step_correct)."""
        self.steps = dict(self.steps)
        drafts = drafts or {}
        cycle = None
        for step in sorted(
            steps, key=lambda step: (cycle_of(step), procedure_order(step.kind), step.date)
        ):
            draft = drafts.get(getattr(step, "pk", None)) or draft_of(step)
            if cycle is not None and cycle_of(step) != cycle and draft.kind != StepKind.READMISSION:
                self.steps = {}
            cycle = cycle_of(step)
            try:
                self.check(draft, today=today, on_record=on_record)
            except ValidationError as error:
                raise BrokenStep(draft.kind, error, step) from None
            if draft.kind == StepKind.READMISSION:
                self.steps = {}
            self.steps[draft.kind] = step

    def _check_record(self, draft: StepDraft, today: datetime.date) -> None:
        if (
            draft.kind in self.steps
            and draft.kind not in REDONE_FILES
            and not draft.kind.is_failed_vote
            and draft.kind != StepKind.READMISSION
        ):
            self.error("kind", _("Bước “%(step)s” đã được ghi.") % {"step": draft.kind.label})
        elif draft.kind in REDONE_FILES and draft.kind in self.steps:
            self._check_redone(draft)
        if draft.date > today:
            self.error("date", _("Ngày của bước không được ở tương lai."))

    def _check_redone(self, draft: StepDraft) -> None:
        """A document of the file is redone before the cell's vote, and dated after the one it
        replaces (which stays on record)."""
        superseded = self.steps[draft.kind]
        if StepKind.CELL_VOTE in self.steps:
            self.error(
                "kind",
                _("Chi bộ đã xét hồ sơ; không làm lại “%(step)s” nữa.")
                % {"step": draft.kind.label},
            )
        elif draft.date <= superseded.date:
            self.error(
                "date",
                _("Văn bản làm lại phải có ngày sau văn bản trước (%(date)s).")
                % {"date": dmy(superseded.date)},
            )

    def _check_order(self, draft: StepDraft, *, on_record: bool = False) -> None:
        left = exit_of(self.steps)
        if draft.kind == StepKind.READMISSION:
            self._check_readmission(draft, left)
            return
        if left is not None:
            self.error(
                "kind",
                _("Người này đã ra khỏi Đảng (%(exit)s ngày %(date)s), không ghi thêm bước.")
                % {"exit": StepKind(left.kind).label.lower(), "date": dmy(left.date)},
            )
            return
        if draft.kind.is_exit:
            self._check_exit(draft)
            return
        opened = self.steps.get(StepKind.READMISSION)
        if opened is not None and draft.date < opened.date:
            self.error(
                "date",
                _("Ngày không được trước ngày đồng ý xét kết nạp lại (%(date)s).")
                % {"date": dmy(opened.date)},
            )
            return
        # A failed vote stands where its vote does; the vote that passed closes it.
        step_kind = VOTE_OF_FAILED.get(draft.kind, draft.kind)
        position = PROCEDURE.index(step_kind)
        earlier = [kind for kind in PROCEDURE[:position] if kind in self.steps]
        after = position if draft.kind.is_failed_vote else position + 1
        later = [kind for kind in PROCEDURE[after:] if kind in self.steps]
        if draft.kind in REDONE_FILES:
            # A redone introduction may follow the summary of opinions, and the other way round.
            later = [kind for kind in later if kind not in REDONE_FILES]
        if later:
            self.error(
                "kind",
                _("Không ghi được “%(step)s” sau bước “%(later)s” đã có.")
                % {"step": draft.kind.label, "later": later[-1].label},
            )
            return
        referred = draft.kind == StepKind.CONVERSION_DECISION and referred_upward(
            self.steps, self.rules
        )
        previous = PROCEDURE[position - 1] if position else None
        if previous in ADDED_STEPS and previous not in self.steps and on_record:
            # Recorded before the step existed (the committee's resolution, migration 0021):
            # such a record stands without it; a new step needs it.
            previous = PROCEDURE[position - 2]
        if (
            previous == StepKind.NEW_MEMBER_COURSE
            and not draft.is_historical
            and previous not in self.steps
        ):
            self.error(
                "kind",
                _(
                    "Chưa có giấy chứng nhận học lớp bồi dưỡng đảng viên mới: đảng viên dự bị "
                    "phải học lớp này, giấy chứng nhận nằm trong hồ sơ chi bộ xét công nhận đảng "
                    "viên chính thức (Hướng dẫn 01-HD/TW năm 2021, điểm 4; Hướng dẫn 06-HD/TW)."
                ),
            )
            return
        if (
            previous is not None
            and not draft.is_historical
            and not referred
            and previous not in self.steps
        ):
            self.error(
                "kind",
                _("Các bước phải theo thứ tự: cần ghi “%(previous)s” trước.")
                % {"previous": previous.label},
            )
            return
        if earlier and draft.date < self.steps[earlier[-1]].date:
            previous = self.steps[earlier[-1]]
            self.error(
                "date",
                _("Ngày không được trước ngày của bước “%(previous)s” (%(date)s).")
                % {"previous": earlier[-1].label, "date": dmy(previous.date)},
            )
        failed = self.steps.get(FAILED_VOTE[step_kind]) if step_kind in FAILED_VOTE else None
        if failed is not None and draft.date < failed.date:
            self.error(
                "date",
                _("Ngày không được trước lần biểu quyết trước (%(date)s).")
                % {"date": dmy(failed.date)},
            )

    def _check_readmission(self, draft: StepDraft, left) -> None:
        """Quy định 294-QĐ/TW point 3.5 (as 29- and 24-QĐ/TW before it): someone who left the
        Party may be re-admitted at least 36 months after leaving (60 months after the record
        is cleared for a less serious crime), never for the grounds point 3.5.2 lists, once
        only (3.5.3), with the written consent of the committee point 3.5.1.b names."""
        rules = self.rules
        if left is None:
            self.error(
                "kind",
                _("Chỉ xét kết nạp lại người đã ra khỏi Đảng (bị xóa tên hoặc khai trừ)."),
            )
            return
        if StepKind.READMISSION in self.steps:
            self.error(
                "kind",
                _(
                    "Người này đã được kết nạp lại một lần; chỉ kết nạp lại một lần (Quy định "
                    "294-QĐ/TW, điểm 3.5.3)."
                ),
            )
            return
        ground = left.exit_ground
        if not ground:
            self.error(
                "kind",
                _(
                    "Hồ sơ chưa ghi lý do ra khỏi Đảng: cần ghi lại bước “%(exit)s” với lý do "
                    "trước khi xét kết nạp lại (Quy định 294-QĐ/TW, điểm 3.5.2)."
                )
                % {"exit": StepKind(left.kind).label},
            )
            return
        if ground in rules.readmission_excluded_grounds:
            self.error(
                "kind",
                _(
                    "Không xem xét kết nạp lại người ra khỏi Đảng vì lý do: %(ground)s (Quy định "
                    "294-QĐ/TW, điểm 3.5.2)."
                )
                % {"ground": ExitGround(ground).label},
            )
            return
        months = rules.readmission_wait_months
        earliest = add_months(left.date, months)
        if draft.date < earliest:
            self.error(
                "date",
                _(
                    "Chưa đủ %(months)s tháng kể từ khi ra khỏi Đảng (%(left)s); sớm nhất ngày "
                    "%(earliest)s (Quy định 294-QĐ/TW, điểm 3.5.1)."
                )
                % {"months": months, "left": dmy(left.date), "earliest": dmy(earliest)},
            )
        if ground == ExitGround.MINOR_CRIME:
            self._check_record_cleared(draft)
        if not draft.is_historical and not draft.document_number.strip():
            self.error(
                "document_number",
                _("Cần ghi số văn bản đồng ý của %(body)s (Quy định 294-QĐ/TW, điểm 3.5.1).")
                % {"body": rules.readmission_consent_body},
            )

    def _check_record_cleared(self, draft: StepDraft) -> None:
        """A less serious crime: 60 months from the day the record was cleared (3.5.1.b)."""
        months = self.rules.readmission_wait_after_record_cleared_months
        cleared = draft.record_cleared_on
        if cleared is None:
            self.error(
                "record_cleared_on",
                _(
                    "Người bị kết án về tội phạm ít nghiêm trọng: cần ghi ngày được xóa án tích; "
                    "chỉ xét kết nạp lại sau %(months)s tháng kể từ ngày đó (Quy định 294-QĐ/TW, "
                    "điểm 3.5.1)."
                )
                % {"months": months},
            )
            return
        earliest = add_months(cleared, months)
        if draft.date < earliest:
            self.error(
                "date",
                _(
                    "Chưa đủ %(months)s tháng kể từ ngày được xóa án tích (%(cleared)s); sớm nhất "
                    "ngày %(earliest)s (Quy định 294-QĐ/TW, điểm 3.5.1)."
                )
                % {"months": months, "cleared": dmy(cleared), "earliest": dmy(earliest)},
            )

    def _check_exit(self, draft: StepDraft) -> None:
        """Striking off (Điều lệ Đảng, Điều 8; a probationary member found unfit, Điều 5,
        khoản 2) applies to members; expulsion only to official members: a probationary
        member is disciplined by reprimand or warning at most (Điều 35, khoản 2)."""
        official = StepKind.CONVERSION_DECISION in self.steps
        # An official member entered from old files may have only the conversion on record.
        if StepKind.CEREMONY not in self.steps and not official:
            self.error(
                "kind",
                _("Chỉ xóa tên hoặc khai trừ đảng viên (người đã được kết nạp)."),
            )
            return
        if draft.kind == StepKind.EXPELLED and not official:
            self.error(
                "kind",
                _(
                    "Khai trừ chỉ áp dụng với đảng viên chính thức; đảng viên dự bị không còn đủ "
                    "tư cách thì xóa tên (Điều lệ Đảng, Điều 35, khoản 2; Điều 5, khoản 2)."
                ),
            )
        if draft.exit_ground == ExitGround.PROBATION_UNFIT and official:
            self.error(
                "exit_ground",
                _("Lý do này chỉ dành cho đảng viên dự bị; người này đã là đảng viên chính thức."),
            )
        latest = max(
            (step for kind, step in self.steps.items() if kind in PROCEDURE),
            key=lambda step: step.date,
        )
        if draft.date < latest.date:
            self.error(
                "date",
                _("Ngày không được trước ngày của bước “%(previous)s” (%(date)s).")
                % {"previous": StepKind(latest.kind).label, "date": dmy(latest.date)},
            )
        if draft.is_historical:
            return
        if not draft.exit_ground:
            self.error(
                "exit_ground",
                _("Cần ghi lý do theo quy định (Điều lệ Đảng, Điều 8; Quy định 294-QĐ/TW)."),
            )
        if not draft.document_number.strip():
            self.error(
                "document_number",
                _("Cần ghi số quyết định của cấp ủy có thẩm quyền."),
            )

    def _check_kind_rules(self, draft: StepDraft) -> None:
        # A failed vote is held under the same rules as the vote, but for the two thirds.
        kind = VOTE_OF_FAILED.get(draft.kind, draft.kind)
        if kind == StepKind.CELL_VOTE or (kind == StepKind.DECISION and draft.is_historical):
            self._check_age(draft.date)
        if kind == StepKind.DECISION:
            problem = party_card_date_problem(self._current_card_date(), draft.date)
            if problem:
                self.error("date", problem)
        if draft.is_historical:
            if kind == StepKind.CONVERSION_DECISION:
                self._check_probation(draft.date, "date")
            return
        if kind == StepKind.INTRODUCTION:
            self._check_introducers(draft)
        elif kind == StepKind.CELL_VOTE:
            self._check_education()
            self._check_certificate(draft.date)
            self._check_file_validity(draft.date)
            self._check_revote_wait(draft)
            self._check_vote(draft)
        elif kind == StepKind.CONVERSION_VOTE:
            self._check_probation(draft.date, "date")
            self._check_referral(draft)
            self._check_vote(draft)
        elif kind.is_committee_vote:
            self._check_vote(draft)

    def _current_card_date(self) -> datetime.date | None:
        """The party card date, when it belongs to the admission being checked: a card issued
        before the re-admission that opened this cycle is the former admission's card, and is
        not compared with this cycle's decision."""
        card = getattr(self.person, "party_card_date", None)
        readmitted = self.steps.get(StepKind.READMISSION)
        if card and readmitted is not None and card < readmitted.date:
            return None
        return card

    def _check_revote_wait(self, draft: StepDraft) -> None:
        """After a failed admission vote, the cell votes again once the wait the deployment
        sets has passed (none found in the texts: a setting, 0 by default)."""
        failed = self.steps.get(StepKind.CELL_VOTE_FAILED)
        months = self.rules.admission_revote_wait_months
        if failed is None or not months or draft.date >= add_months(failed.date, months):
            return
        self.error(
            "date",
            _(
                "Chi bộ đã xét ngày %(date)s nhưng không đủ 2/3 tán thành; chỉ xét lại sau "
                "%(months)s tháng, từ ngày %(earliest)s (quy định của đơn vị)."
            )
            % {
                "date": dmy(failed.date),
                "months": months,
                "earliest": dmy(add_months(failed.date, months)),
            },
        )

    def _check_referral(self, draft: StepDraft) -> None:
        """Quy định 29-QĐ/TW point 4.2, continued by 24-QĐ/TW and 294-QĐ/TW: after three votes
        without two thirds the cell reports upward and votes no more."""
        limit = self.rules.conversion_votes_before_referral
        if draft.vote_round is None or draft.vote_round <= limit:
            return
        self.error(
            "kind",
            _(
                "Chi bộ đã biểu quyết %(limit)s lần mà không đủ 2/3 đảng viên chính thức tán "
                "thành: báo cáo cấp ủy cấp trên trực tiếp và cấp ủy có thẩm quyền xem xét, "
                "quyết định; chi bộ không biểu quyết lần nữa (Quy định 29-QĐ/TW, điểm 4.2; "
                "Quy định 294-QĐ/TW)."
            )
            % {"limit": limit},
        )

    def _check_age(self, day: datetime.date) -> None:
        months = full_months_between(self.person.date_of_birth, day)
        if not of_admission_age(self.person.date_of_birth, day, self.rules):
            self.error(
                "date",
                _(
                    "Tuổi đời phải từ đủ %(min)s tuổi đến đủ %(max)s tuổi (tính theo tháng) "
                    "vào ngày %(date)s; người này %(years)s tuổi %(months)s tháng (Quy định "
                    "294-QĐ/TW, tiếp tục Quy định 29-QĐ/TW, điểm 1.1)."
                )
                % {
                    "min": self.rules.min_age_months // 12,
                    "max": self.rules.max_age_months // 12,
                    "date": dmy(day),
                    "years": months // 12,
                    "months": months % 12,
                },
            )

    def _check_education(self) -> None:
        level = EducationLevel(self.person.education_level)
        if level.rank < self.rules.min_education_rank:
            self.error(
                "__all__",
                _("Trình độ học vấn phải từ trung học cơ sở trở lên (Quy định 294-QĐ/TW)."),
            )

    def _check_certificate(self, day: datetime.date) -> None:
        course = self.steps.get(StepKind.AWARENESS_COURSE)
        valid_months = self.rules.awareness_certificate_valid_months
        if course is None:
            self.error("__all__", _("Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng."))
        elif certificate_valid_until(course.date, self.rules) < day:
            self.error(
                "date",
                _(
                    "Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng (ngày %(date)s) đã hết hạn "
                    "%(months)s tháng (Hướng dẫn 06-HD/TW)."
                )
                % {"date": dmy(course.date), "months": valid_months},
            )

    def _check_file_validity(self, day: datetime.date) -> None:
        """The introduction (with the Youth Union's resolution) and the summary of opinions are
        valid for 12 months at the cell vote; an older one is redone (DOMAIN.md, 12-HD/BTCTW)."""
        months = self.rules.file_valid_months
        for kind in REDONE_FILES:
            step = self.steps.get(kind)
            if step is None or add_months(step.date, months) >= day:
                continue
            if kind == StepKind.INTRODUCTION and step.by_youth_union:
                document = _("Nghị quyết giới thiệu của BCH Đoàn cơ sở (4-KNĐ) và giấy giới thiệu")
            else:
                document = str(kind.label)
            self.error(
                "date",
                _(
                    "“%(document)s” ngày %(date)s đã quá %(months)s tháng vào ngày chi bộ xét "
                    "(%(day)s): cần làm lại rồi ghi văn bản mới trước khi chi bộ xét (Hướng dẫn "
                    "12-HD/BTCTW)."
                )
                % {"document": document, "date": dmy(step.date), "months": months, "day": dmy(day)},
            )

    def _check_introducers(self, draft: StepDraft) -> None:
        self._check_route(draft)
        needed = introducers_needed(draft.by_youth_union)
        if len(draft.introducers) != needed:
            self.error(
                "introducers",
                _(
                    "Cần %(needed)s người giới thiệu là đảng viên chính thức "
                    "(hai đảng viên, hoặc BCH Đoàn cơ sở và một đảng viên)."
                )
                % {"needed": needed},
            )
            return
        replacement = draft.replacement_introducer
        if replacement is not None and replacement not in draft.introducers:
            self.error(
                "replacement_introducer",
                _("Người giới thiệu thay thế phải là một trong những người giới thiệu."),
            )
        if (replacement is None) != (not draft.replacement_reason):
            self.error(
                "replacement_reason",
                _(
                    "Người giới thiệu thay thế cần ghi lý do thay thế (người giới thiệu trước "
                    "chuyển đi, bị kỷ luật, từ trần...) và ngược lại (Quy định 24-QĐ/TW, điểm "
                    "3.2.2)."
                ),
            )
        person_stays = list(self.person.memberships.select_related("cell"))
        for introducer in draft.introducers:
            for problem in introducer_problems(
                self.person,
                person_stays,
                introducer,
                steps_by_kind(introducer.steps.all()),
                list(introducer.memberships.select_related("cell")),
                day=draft.date,
                rules=self.rules,
                replacement=introducer == replacement,
            ):
                self.error("introducers", problem.message)

    def _check_route(self, draft: StepDraft) -> None:
        """Charter Art. 4 cl. 1: the Youth Union route is for, and required of, Youth Union
        members in youth age (16–30, Luật Thanh niên 2020)."""
        member = is_youth_union_member(self.person, draft.date, self.rules)
        ages = {"min": self.rules.youth_min_age_years, "max": self.rules.youth_max_age_years}
        if draft.by_youth_union and not member:
            self.error(
                "by_youth_union",
                _(
                    "BCH Đoàn cơ sở chỉ giới thiệu đoàn viên trong độ tuổi thanh niên (từ đủ "
                    "%(min)s đến %(max)s tuổi) vào ngày giới thiệu; người này chưa vào Đoàn hoặc "
                    "ngoài độ tuổi (Điều lệ Đảng, Điều 4, khoản 1; Luật Thanh niên 2020, Điều 1)."
                )
                % ages,
            )
        elif (
            member
            and not draft.by_youth_union
            and not draft.no_youth_union_organisation
            and self.rules.youth_union_route_required
        ):
            self.error(
                "by_youth_union",
                _(
                    "Đoàn viên trong độ tuổi thanh niên (từ đủ %(min)s đến %(max)s tuổi) phải "
                    "được BCH Đoàn cơ sở và một đảng viên chính thức giới thiệu, trừ nơi không "
                    "có tổ chức cơ sở Đoàn (Điều lệ Đảng, Điều 4, khoản 1)."
                )
                % ages,
            )

    def _check_vote(self, draft: StepDraft) -> None:
        numbers = {
            "votes_eligible": draft.votes_eligible,
            "votes_present": draft.votes_present,
            "votes_for": draft.votes_for,
            "votes_against": draft.votes_against,
        }
        for name, value in numbers.items():
            if value is None:
                self.error(name, _("Cần nhập kết quả biểu quyết."))
        if self.errors:
            return
        eligible, present = draft.votes_eligible, draft.votes_present
        # Narrowed for the type checker: the loop above returned on any missing figure.
        assert eligible is not None
        assert present is not None
        assert draft.votes_for is not None
        assert draft.votes_against is not None
        committee = draft.kind.is_committee_vote
        if eligible == 0:
            self.error(
                "votes_eligible",
                _("Đảng ủy cơ sở phải có cấp ủy viên để biểu quyết.")
                if committee
                else _("Chi bộ phải có đảng viên chính thức để biểu quyết."),
            )
            return
        on_record = draft.eligible_on_record
        if on_record is not None and eligible != on_record and not draft.eligible_reason.strip():
            self.error("votes_eligible", self._eligible_message(draft, on_record))
            return
        if present > eligible:
            self.error(
                "votes_present",
                _("Số có mặt không được lớn hơn số cấp ủy viên.")
                if committee
                else _("Số có mặt không được lớn hơn số đảng viên chính thức."),
            )
        if draft.votes_for + draft.votes_against > present:
            self.error("votes_for", _("Số tán thành và không tán thành cộng lại vượt số có mặt."))
        threshold = vote_threshold(draft.kind, self.rules)
        required = math.ceil(threshold * eligible)
        if draft.votes_for < required and not draft.kind.is_failed_vote:
            figures = {
                "threshold": f"{threshold.numerator}/{threshold.denominator}",
                "required": required,
                "eligible": eligible,
                "votes": draft.votes_for,
            }
            self.error(
                "votes_for",
                _(
                    "Chưa đạt: cần ít nhất %(threshold)s số cấp ủy viên của đảng ủy cơ sở tán "
                    "thành (%(required)s/%(eligible)s), mới có %(votes)s (Điều lệ Đảng, Điều 4, "
                    "khoản 3)."
                )
                % figures
                if committee
                else _(
                    "Chưa đạt: cần ít nhất %(threshold)s số đảng viên chính thức của chi bộ "
                    "tán thành (%(required)s/%(eligible)s), mới có %(votes)s (Điều lệ Đảng)."
                )
                % figures,
            )

    @staticmethod
    def _eligible_message(draft: StepDraft, on_record: int) -> str:
        figures = {"records": on_record, "date": dmy(draft.date), "entered": draft.votes_eligible}
        if draft.kind.is_committee_vote:
            return (
                _(
                    "Theo thiết lập của tiểu đoàn, đảng ủy cơ sở có %(records)s cấp ủy viên; "
                    "số nhập là %(entered)s. Sửa lại, hoặc ghi lý do (ví dụ cấp ủy viên chuyển "
                    "đi chưa bổ sung)."
                )
                % figures
            )
        return (
            _(
                "Theo hồ sơ, chi bộ có %(records)s đảng viên chính thức vào ngày họp "
                "%(date)s; số nhập là %(entered)s. Sửa lại theo hồ sơ, hoặc ghi lý do "
                "(ví dụ đảng viên chuyển sinh hoạt tạm thời) (Điều lệ Đảng, Điều 4)."
            )
            % figures
        )

    def _check_probation(self, day: datetime.date, field_name: str) -> None:
        ceremony = self.steps.get(StepKind.CEREMONY)
        if ceremony is None:
            return
        end = add_months(ceremony.date, self.rules.probation_months)
        if day < end:
            self.error(
                field_name,
                _(
                    "Chưa đủ %(months)s tháng dự bị kể từ lễ kết nạp (%(ceremony)s); "
                    "sớm nhất ngày %(end)s (Điều lệ Đảng)."
                )
                % {
                    "months": self.rules.probation_months,
                    "ceremony": dmy(ceremony.date),
                    "end": dmy(end),
                },
            )
