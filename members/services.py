"""Writes to people and their admission steps. Every rule is checked before anything is saved."""

import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import ranges
from core.concurrency import BY_CODE, SeenVersion, ensure_unchanged_since, lock_unchanged_since
from core.dates import dmy
from units.models import PartyCell

from . import derived
from .choices import (
    DEADLINE_FROM,
    FAILED_VOTE,
    HELPER_ASSIGNMENT,
    VOTE_OF_FAILED,
    AssignmentKind,
    PartyStatus,
    QualityRating,
    StepKind,
    StudyStatus,
)
from .derived import stage_days, steps_by_cycle, steps_by_kind, was_official_on
from .models import AdmissionStep, Assignment, CellMembership, Evaluation, Person, YearlyRating
from .pipeline import (
    RULE_PERSON_FIELDS,
    VOTE_FIELDS,
    BrokenStep,
    StepChecker,
    StepDraft,
    draft_of,
    vote_falls_short,
)
from .plans import PLAN_PERSON_FIELDS, in_pool
from .profile import PROFILE_FIELDS
from .ratings import excellent_cap_problem
from .rules import get_rules
from .selectors import (
    assignment_rows,
    cell_rating_rows,
    cell_rating_sheet,
    evaluation_rows,
    helper_assignment,
    official_member_count,
    rating_rows,
)
from .stored_plans import person_plans_changed
from .tallies import cohort_key, cohort_tallies, rating_tallies, step_key, step_tallies

PERSON_FIELDS = {
    "kind", "code", "full_name", "date_of_birth", "gender", "hometown", "education_level",
    "position", "cohort", "class_name", "programme", "enrolment_date",
    "expected_graduation_date", "study_status", "youth_union_date", *PROFILE_FIELDS,
}  # fmt: skip
# Graduated and withdrawn people stay on record but are no longer changed: every write on a
# person, step, assignment, evaluation or rating passes ensure_writable, with this one message.
READ_ONLY_MESSAGE = gettext_lazy(
    "Hồ sơ của người đã rời đơn vị (tốt nghiệp, thôi học, chuyển sinh hoạt đảng đi nơi khác) "
    "chỉ được xem, không sửa hay ghi thêm."
)


def today() -> datetime.date:
    return timezone.localdate()


def ensure_writable(*people: Person) -> None:
    """Refuse a write on a graduated or withdrawn person (the views ask before showing a form)."""
    if any(person.is_read_only for person in people):
        raise ValidationError(READ_ONLY_MESSAGE, code="read_only")


@transaction.atomic
def person_create(*, cell: PartyCell, joined_on: datetime.date | None = None, **fields) -> Person:
    """Create a cadet or cadre in `cell`; their stay in the cell starts on `joined_on`."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person(cell=cell, **fields)
    person.full_clean()
    start = joined_on or fields.get("enrolment_date") or today()
    membership = _membership(person, cell, start, field="joined_on")
    person.save()
    membership.person = person
    membership.save()
    cohort_tallies.refresh([cohort_key(person)])
    person_plans_changed(person)
    return person


@transaction.atomic
def person_update(*, person: Person, seen_version: SeenVersion, **fields) -> Person:
    """Correct a person's details. The cell changes only through person_move.

    `seen_version` is the version the user's form showed: if someone else saved the record
    since, the save is refused with what they changed (no lost updates).
    """
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    # What is stored, not `person`: a ModelForm has already put the new values on it.
    stored = Person.objects.select_for_update().get(pk=person.pk)
    ensure_writable(stored)
    ensure_unchanged_since(person, seen_version)
    counted_in = cohort_key(stored)
    was_studying = stored.study_status == StudyStatus.STUDYING
    read_by_rules = [
        name
        for name in RULE_PERSON_FIELDS
        if name in fields and fields[name] != getattr(stored, name)
    ]
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    if read_by_rules:
        _check_steps_still_hold(person, read_by_rules)
    person.save()
    cohort_tallies.refresh([counted_in, cohort_key(person)])
    if was_studying and person.study_status != StudyStatus.STUDYING:
        _end_assignments(person, on=today())
        _end_stay(person, on=leaving_date(person, today=today()))
    if any(fields[name] != getattr(stored, name) for name in PLAN_PERSON_FIELDS & set(fields)):
        person_plans_changed(person, was_in_pool=in_pool(stored))
    return person


def _check_steps_still_hold(person: Person, changed: list[str]) -> None:
    """The recorded steps were checked against the person's former birth date or education:
    check them again, in order, as the importer does, before the new details are saved."""
    steps = list(person.steps.prefetch_related("introducers"))
    try:
        StepChecker(person, {}).check_in_order(steps, today=today(), on_record=True)
    except BrokenStep as error:
        day = next(step.date for step in steps if step.kind == error.kind)
        message = _(
            "Không lưu được: bước “%(step)s” ngày %(date)s đã ghi sẽ trái quy định: %(reason)s"
        ) % {"step": error.kind.label, "date": dmy(day), "reason": " ".join(error.messages)}
        field = changed[0] if len(changed) == 1 else NON_FIELD_ERRORS
        raise ValidationError({field: message}) from None


def leaving_date(person: Person, *, today: datetime.date) -> datetime.date:
    """The day a person recorded as having left the unit left it: a graduate on the expected
    graduation date when it has passed (the clerk often records it later), anyone else today."""
    graduated = person.expected_graduation_date
    if person.study_status == StudyStatus.GRADUATED and graduated and graduated <= today:
        return graduated
    return today


def _end_stay(person: Person, *, on: datetime.date) -> None:
    """A person who leaves the unit or the Party no longer belongs to the cell: without this
    the cell's official members on a later meeting day would still count them."""
    stay = person.memberships.filter(end_date__isnull=True).first()
    if stay is not None:
        stay.end_date = max(on, stay.start_date)
        stay.save(update_fields=["end_date"])


def _end_assignments(person: Person, *, on: datetime.date) -> None:
    """A cadet who graduates or leaves neither helps nor is helped here any more."""
    still_open = Assignment.objects.filter(
        Q(mentor=person) | Q(mentee=person), end_date__isnull=True
    )
    for assignment in still_open:
        assignment.end_date = max(on, assignment.start_date)
        assignment.save(update_fields=["end_date"])


@transaction.atomic
def person_move(
    *, person: Person, cell: PartyCell, on: datetime.date, seen_version: SeenVersion
) -> Person:
    """Move a person to another cell from `on`; earlier steps keep the cell they happened in.

    `seen_version`: the person's version the form showed (core.concurrency)."""
    lock_unchanged_since(person, seen_version)
    ensure_writable(person)
    if cell.pk == person.cell_id:
        raise ValidationError({"cell": _("Người này đã ở chi bộ này.")})
    current = person.memberships.filter(end_date__isnull=True).first()
    if current and on < current.start_date:
        raise ValidationError({"on": _("Ngày chuyển không được trước ngày vào chi bộ hiện tại.")})
    membership = _membership(person, cell, on, field="on")
    if current:
        current.end_date = on
        current.save(update_fields=["end_date"])
    membership.save()
    counted_in = cohort_key(person)
    left = person.cell_id
    person.cell = cell
    person.save(update_fields=["cell"])
    cohort_tallies.refresh([counted_in, cohort_key(person)])
    person_plans_changed(person, cells=[left])
    return person


def _membership(
    person: Person, cell: PartyCell, start: datetime.date, *, field: str
) -> CellMembership:
    """A stay in `cell` from `start`, its date checked (the form's `field` gets the message)."""
    membership = CellMembership(person=person, cell=cell, start_date=start)
    try:
        membership.clean_fields(exclude=["person", "cell", "end_date"])
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return membership


def person_refresh_status(
    person: Person, steps: dict | None = None, *, read_now: bool = False
) -> Person:
    """Recompute the stored status, stage and next due date from the recorded steps.

    `steps` (kind -> step) saves the query when the caller already holds all of them;
    `read_now`, that `person` was read in this transaction (its statuses are the stored ones;
    otherwise they are read again, as a caller's instance may be stale).
    """
    if steps is None:
        steps = steps_by_kind(person.steps.all())
    # What was stored before this write: the pool and the cohort count follow from it.
    stored = (
        person
        if read_now
        else Person.objects.only("party_status", "study_status").get(pk=person.pk)
    )
    was_in_pool, was_status = in_pool(stored), stored.party_status
    for name, value in derived.person_fields(steps).items():
        setattr(person, name, value)
    person.save(update_fields=derived.PERSON_FIELDS)
    if person.party_status != was_status:
        # Of the fields written here only the party status is a key of the cohort tallies;
        # the writers of the others (create, edit, move, transfer) re-count on their own.
        cohort_tallies.refresh([cohort_key(person)])
    # Every write of a person's steps (and of the stays they end or open) ends here.
    person_plans_changed(person, was_in_pool=was_in_pool)
    return person


@transaction.atomic
def step_record(
    *,
    person: Person,
    kind: StepKind,
    date: datetime.date,
    user=None,
    introducers=(),
    helper: Person | None = None,
    seen_version: SeenVersion = BY_CODE,
    **details,
) -> AdmissionStep:
    """Record one step of the procedure after checking every rule; nothing is saved on error.

    `helper` is the official member assigned to help: the candidate when listed, the new
    member at the ceremony. `seen_version`: the person's version the form showed
    (core.concurrency).
    """
    kind = StepKind(kind)
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_unchanged_since(person, seen_version)
    ensure_writable(person)
    steps = steps_by_kind(person.steps.all())
    # A re-admission opens the person's next admission cycle; every other step joins theirs.
    cycle = person.admission_cycle + (kind == StepKind.READMISSION)
    vote_fields = ("votes_eligible", "votes_present", "votes_for", "votes_against")
    on_record = None
    if kind.is_committee_vote:
        # The grassroots committee's members, as the battalion's setting states them (None when
        # not set: the figure is typed each time).
        on_record = person.cell.battalion.committee_members
    elif kind.has_vote:
        # The figure the 2/3 is measured against is the records' count on the meeting day;
        # the cell may state another one only with the reason (Điều lệ Đảng, Điều 4, khoản 3).
        on_record = official_member_count(person.cell, date)
    if kind.has_vote:
        if details.get("votes_eligible") is None:
            details["votes_eligible"] = on_record
        failed = person.steps.filter(kind=FAILED_VOTE[kind], cycle=cycle)
        details["vote_round"] = failed.count() + 1
    draft = StepDraft(
        kind=kind,
        date=date,
        introducers=list(introducers),
        by_youth_union=details.get("by_youth_union", False),
        no_youth_union_organisation=details.get("no_youth_union_organisation", False),
        replacement_introducer=details.get("replacement_introducer"),
        replacement_reason=details.get("replacement_reason", ""),
        is_historical=details.get("is_historical", False),
        eligible_on_record=on_record,
        eligible_reason=details.get("votes_eligible_reason", ""),
        vote_round=details.get("vote_round"),
        exit_ground=details.get("exit_ground", ""),
        document_number=details.get("document_number", ""),
        record_cleared_on=details.get("record_cleared_on"),
        **{name: details.get(name) for name in vote_fields},
    )
    if kind.has_vote and vote_falls_short(draft, get_rules()):
        # Recorded with its figures, not refused: the person stays at the stage and the cell
        # may vote again. No resolution (6-KNĐ, 13-KNĐ) is issued for it.
        kind = draft.kind = FAILED_VOTE[kind]
        if details.get("form_code") == VOTE_OF_FAILED[kind].default_form:
            details["form_code"] = ""
    StepChecker(person, steps).check(draft, today=today())
    if helper is not None:
        _check_helper(helper, person, date)
    details.setdefault("form_code", kind.default_form)
    step = AdmissionStep(
        person=person, kind=kind, date=date, cell=person.cell, cycle=cycle, **details
    )
    step.recorded_by = user
    step.stage_days = stage_days(steps | {kind: step}, kind)
    # The person and cell were just read, and one step of each kind is checked above with a
    # message naming the step: skip the per-field queries that would check them again.
    step.full_clean(exclude=["recorded_by", "person", "cell"], validate_constraints=False)
    step.save()
    if introducers:
        step.introducers.set(introducers)
    if helper is not None:
        Assignment.objects.create(
            kind=HELPER_ASSIGNMENT[kind], mentor=helper, mentee=person, start_date=date
        )
    if kind.is_exit:
        _end_stay(person, on=date)
    if kind == StepKind.READMISSION:
        # Back in the cell from the consent: the first cycle's steps stay on record.
        steps = {}
        _start_stay(person, on=date)
    person_refresh_status(person, steps | {kind: step}, read_now=True)
    step_tallies.refresh([step_key(step.cell_id, kind, date)])
    return step


@transaction.atomic
def step_delete_last(*, person: Person, seen_version: SeenVersion) -> None:
    """Correct a mistake: remove the latest step (the history keeps what was removed).

    `seen_version` is the person's version the confirmation showed: a step recorded since
    changed the person, so the step shown is not the one that would go."""
    lock_unchanged_since(person, seen_version)
    ensure_writable(person)
    last = person.steps.order_by("-date", "-id").first()
    if last is None:
        raise ValidationError(_("Chưa có bước nào để xóa."))
    last.delete()
    if StepKind(last.kind).is_exit:
        _reopen_stay(person, ended_on=last.date)
    if last.kind == StepKind.READMISSION:
        person.memberships.filter(start_date=last.date, end_date__isnull=True).delete()
    person_refresh_status(person)
    # A later step's stage_days never depends on the last one, so only the tally changes.
    step_tallies.refresh([step_key(last.cell_id, last.kind, last.date)])


# What a correction may change on a recorded step; its kind, cell and vote round stay (a wrong
# kind is deleted and recorded again).
CORRECTABLE_FIELDS = {
    "date", "form_code", "document_number", "notes", "votes_eligible", "votes_eligible_reason",
    "votes_present", "votes_for", "votes_against", "introducers", "by_youth_union",
    "no_youth_union_organisation", "replacement_introducer", "replacement_reason", "exit_ground",
    "record_cleared_on", "helper",
}  # fmt: skip
UNCHANGED = object()


@transaction.atomic
def step_correct(*, step: AdmissionStep, seen_version: SeenVersion, **changes) -> AdmissionStep:
    """Correct a recorded step (date, document, votes, introducers, helper...): the person's
    whole timeline is checked again, in order, with the step as corrected, by the same checker
    that recorded it; a change that would break a later step is refused naming the field and
    that step. Then the stage durations, the person's derived fields and the tallies follow.

    `seen_version`: the version of the step the form showed (core.concurrency)."""
    unknown = set(changes) - CORRECTABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown step fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=step.person_id)
    lock_unchanged_since(step, seen_version)
    ensure_writable(person)
    # What is stored, not `step`: a ModelForm has already put the new values on it.
    stored = AdmissionStep.objects.get(pk=step.pk)
    kind = StepKind(stored.kind)
    old_date, old_introducers = stored.date, list(stored.introducers.all())
    helper = changes.pop("helper", UNCHANGED)
    introducers = changes.pop("introducers", None)
    assignment = helper_assignment(stored)
    changed = [name for name, value in changes.items() if getattr(stored, name) != value]
    if introducers is not None and set(introducers) != set(old_introducers):
        changed.append("introducers")
    if helper is not UNCHANGED and helper != (assignment.mentor if assignment else None):
        changed.append("helper")
    for name, value in changes.items():
        setattr(stored, name, value)
    if stored.date > today():
        raise ValidationError({"date": _("Ngày của bước không được ở tương lai.")})
    draft = draft_of(stored)
    if introducers is not None and not stored.is_historical:
        draft.introducers = list(introducers)
    if kind.has_vote and not stored.is_historical:
        _check_corrected_vote(stored, draft, changed)
    _check_timeline(person, stored, draft, changed)
    if helper not in (UNCHANGED, None):
        _check_helper(helper, person, stored.date)
    stored.full_clean(exclude=["recorded_by", "person", "cell"], validate_constraints=False)
    stored.save()
    if introducers is not None and "introducers" in changed:
        stored.introducers.set(introducers)
    _correct_helper(stored, assignment, helper, old_date)
    if stored.date != old_date:
        _follow_date(person, stored, old_date)
    _refresh_stage_days(person)
    person_refresh_status(person)
    step_tallies.refresh(
        [step_key(stored.cell_id, kind, old_date), step_key(stored.cell_id, kind, stored.date)]
    )
    return stored


def _check_corrected_vote(step: AdmissionStep, draft: StepDraft, changed: list[str]) -> None:
    """The figure the 2/3 is measured against is checked as when the vote was recorded, if the
    figures or the day changed; a correction cannot turn a failed vote into one that passed
    (or the other way round): that is another step, deleted and recorded again."""
    kind = StepKind(step.kind)
    if {"date", *VOTE_FIELDS} & set(changed):
        if kind.is_committee_vote:
            draft.eligible_on_record = step.cell.battalion.committee_members
        else:
            draft.eligible_on_record = official_member_count(step.cell, step.date)
        if step.votes_eligible is None:
            step.votes_eligible = draft.votes_eligible = draft.eligible_on_record
    draft.eligible_reason = step.votes_eligible_reason
    if kind.is_failed_vote and not vote_falls_short(draft, get_rules()):
        raise ValidationError(
            {
                "votes_for": _(
                    "Lần biểu quyết này đã ghi là không đủ 2/3; với số tán thành mới thì đã đạt. "
                    "Hãy xóa bước này rồi ghi lại bước biểu quyết."
                )
            }
        )


def _check_timeline(
    person: Person, step: AdmissionStep, draft: StepDraft, changed: list[str]
) -> None:
    """Every recorded step checked again in order with `step` as corrected (the checker the
    steps were recorded with): its own errors go on its fields; a later step it would break is
    named, on the field that was changed."""
    steps = [
        step if recorded.pk == step.pk else recorded
        for recorded in person.steps.prefetch_related("introducers")
    ]
    try:
        StepChecker(person, {}).check_in_order(
            steps, today=today(), on_record=True, drafts={step.pk: draft}
        )
    except BrokenStep as error:
        if error.step is step:
            raise ValidationError(error.error_dict) from None
        broken = error.step
        fields = [name for name in changed if name in CORRECTABLE_FIELDS] or [NON_FIELD_ERRORS]
        labels = ", ".join(_field_label(name) for name in changed) or _("bước này")
        message = _(
            "Không sửa được %(fields)s: bước “%(step)s” ngày %(date)s đã ghi sẽ trái quy "
            "định: %(reason)s"
        ) % {
            "fields": labels,
            "step": StepKind(broken.kind).label,
            "date": dmy(broken.date),
            "reason": " ".join(error.messages),
        }
        raise ValidationError({fields[0]: message}) from None


def _field_label(name: str) -> str:
    if name == "helper":
        return str(_("đảng viên được phân công giúp đỡ"))
    model_field = AdmissionStep._meta.get_field(name)
    return str(getattr(model_field, "verbose_name", name)).lower()


def _correct_helper(
    step: AdmissionStep, assignment: Assignment | None, helper, old_date: datetime.date
) -> None:
    """The helper named with the step follows its correction: another member, none, or the
    corrected day as the assignment's first day (the history keeps the former)."""
    if helper is UNCHANGED or (assignment and helper == assignment.mentor):
        if assignment is not None and assignment.start_date == old_date != step.date:
            assignment.start_date = step.date
            assignment.save(update_fields=["start_date"])
        return
    if assignment is not None:
        assignment.delete()
    if helper is not None:
        Assignment.objects.create(
            kind=HELPER_ASSIGNMENT[StepKind(step.kind)],
            mentor=helper,
            mentee=step.person,
            start_date=step.date,
        )


def _follow_date(person: Person, step: AdmissionStep, old_date: datetime.date) -> None:
    """A striking off ends the person's stay on its day, a re-admission starts one: the stay
    follows the corrected day."""
    kind = StepKind(step.kind)
    if kind.is_exit:
        stay = person.memberships.filter(end_date=old_date).order_by("-start_date").first()
        if stay is not None:
            stay.end_date = max(step.date, stay.start_date)
            stay.save(update_fields=["end_date"])
    elif kind == StepKind.READMISSION:
        stay = person.memberships.filter(start_date=old_date, end_date__isnull=True).first()
        if stay is not None:
            stay.start_date = step.date
            stay.save(update_fields=["start_date"])


def _refresh_stage_days(person: Person) -> None:
    """The days each stage took, counted again for every step (a corrected date changes its own
    stage and the next one's)."""
    steps = list(person.steps.order_by("date", "id"))
    for cycle in steps_by_cycle(steps).values():
        step: Any
        for kind, step in cycle.items():
            days = stage_days(cycle, kind)
            if days != step.stage_days:
                # Not a change a reader calls one: stage_days is kept out of the history.
                AdmissionStep.objects.filter(pk=step.pk).update(stage_days=days)


def _start_stay(person: Person, *, on: datetime.date) -> None:
    """A re-admitted person's new stay in their cell (the one they left ended on leaving)."""
    if not person.memberships.filter(end_date__isnull=True).exists():
        _membership(person, person.cell, on, field="date").save()


def _reopen_stay(person: Person, *, ended_on: datetime.date) -> None:
    """Undo _end_stay when the striking off or expulsion that ended the stay is corrected
    away."""
    if person.memberships.filter(end_date__isnull=True).exists():
        return
    stay = person.memberships.filter(end_date=ended_on).order_by("-start_date").first()
    if stay is not None:
        stay.end_date = None
        stay.save(update_fields=["end_date"])


@transaction.atomic
def step_extend_deadline(
    *, step: AdmissionStep, seen_version: SeenVersion = BY_CODE
) -> AdmissionStep:
    """The superior committee extends its deadline once (cell vote or conversion vote).

    `seen_version`: the person's version the page with the button showed (core.concurrency)."""
    lock_unchanged_since(step.person, seen_version)
    ensure_writable(step.person)
    if StepKind(step.kind) not in DEADLINE_FROM.values():
        raise ValidationError(_("Chỉ gia hạn thời gian xét sau khi chi bộ biểu quyết."))
    if step.deadline_extended:
        raise ValidationError(_("Thời gian xét chỉ được gia hạn một lần."))
    step.deadline_extended = True
    step.save(update_fields=["deadline_extended"])
    person_refresh_status(step.person)
    return step


def _check_helper(helper: Person, mentee: Person, on: datetime.date) -> None:
    if helper.pk == mentee.pk or not was_official_on(helper.steps.all(), on):
        raise ValidationError(
            {"helper": _("Người được phân công giúp đỡ phải là đảng viên chính thức.")}
        )


@transaction.atomic
def assignment_create(
    *,
    kind: AssignmentKind,
    mentor: Person,
    mentee: Person,
    start_date: datetime.date,
    notes="",
    seen_version: SeenVersion = BY_CODE,
    seen_on: Person | None = None,
) -> Assignment:
    """Assign a mentor: an official member helps; a probationary member cultivates the masses.

    `seen_version`: the version of the assignments of `seen_on` (mentor or mentee, the person
    whose page had the form) that the form showed (core.concurrency)."""
    shown = seen_on or mentee
    lock_unchanged_since(shown, seen_version, assignment_rows(shown))
    ensure_writable(mentor, mentee)
    kind = AssignmentKind(kind)
    if kind == AssignmentKind.CULTIVATE:
        if mentor.party_status != PartyStatus.PROBATIONARY:
            raise ValidationError({"mentor": _("Người bồi dưỡng phải là đảng viên dự bị.")})
        if mentee.party_status not in (PartyStatus.NON_MEMBER, PartyStatus.CANDIDATE):
            raise ValidationError({"mentee": _("Người được bồi dưỡng phải là quần chúng.")})
    else:
        _check_helper(mentor, mentee, start_date)
    assignment = Assignment(
        kind=kind, mentor=mentor, mentee=mentee, start_date=start_date, notes=notes
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def evaluation_record(
    *, person: Person, user=None, seen_version: SeenVersion = BY_CODE, **fields
) -> Evaluation:
    """Record the cell's evaluation of a candidate on study, training and movement work.

    `seen_version`: the version of the person's evaluations the form showed (core.concurrency).
    """
    lock_unchanged_since(person, seen_version, evaluation_rows(person))
    ensure_writable(person)
    if person.party_status not in (PartyStatus.CANDIDATE, PartyStatus.NON_MEMBER):
        raise ValidationError(_("Chỉ đánh giá quần chúng và quần chúng ưu tú."))
    evaluation = Evaluation(person=person, cell=person.cell, evaluated_by=user, **fields)
    evaluation.full_clean(exclude=["evaluated_by"])
    try:
        # The database decides, so that the same form sent twice at once cannot pass a check
        # made before either is saved.
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        raise ValidationError(
            {
                "date": _(
                    "Bạn đã ghi một đánh giá cho %(name)s ngày %(date)s; mỗi người ghi một đánh "
                    "giá cho một người trong một ngày."
                )
                % {"name": person.full_name, "date": dmy(evaluation.date)}
            }
        ) from None
    return evaluation


RATING_STATUSES = (PartyStatus.PROBATIONARY, PartyStatus.OFFICIAL)


@transaction.atomic
def rating_record(
    *,
    person: Person,
    year: int,
    rating: QualityRating,
    seen_version: SeenVersion = BY_CODE,
) -> YearlyRating:
    """Rate a member's year. The cell's whole set for the year is checked again as it would
    stand (members.ratings), so no order of entry gets round the cap on "xuất sắc".

    `seen_version`: the version of the person's ratings the form showed (core.concurrency): a
    rating of the same year saved meanwhile would otherwise be overwritten."""
    lock_unchanged_since(person, seen_version, rating_rows(person))
    ensure_writable(person)
    rating = QualityRating(rating)
    if person.party_status not in RATING_STATUSES:
        raise ValidationError(_("Chỉ xếp loại chất lượng đảng viên."))
    _ratings_apply(year, {person: rating})
    return YearlyRating.objects.get(person=person, year=year)


@transaction.atomic
def rating_delete(*, rating: YearlyRating, seen_version: SeenVersion = BY_CODE) -> None:
    """Remove a rating; refused when the cell's set for the year would then break the cap."""
    person = rating.person
    lock_unchanged_since(person, seen_version, rating_rows(person))
    ensure_writable(person)
    _ratings_apply(rating.year, {person: None})


@transaction.atomic
def cell_ratings_record(
    *,
    cell: PartyCell,
    year: int,
    ratings: dict[int, str | None],
    seen_version: SeenVersion = BY_CODE,
) -> int:
    """Record a cell's ratings for `year` as one set (person id -> grade; empty removes it):
    every row is checked, then the whole set; nothing is saved on error. Errors are keyed by
    the person's id and name the person. Returns how many ratings changed.

    `seen_version`: the version of the cell's ratings for the year the page showed."""
    lock_unchanged_since(cell, seen_version, cell_rating_rows(cell, year))
    for validator in ranges.PAST_YEAR:
        validator(year)
    sheet = {row.person.pk: row for row in cell_rating_sheet(cell, year)}
    # People of the cell who are not members: named, since the page may show them.
    not_members = dict(
        cell.people.filter(pk__in=set(ratings) - set(sheet)).values_list("pk", "full_name")
    )
    errors: dict[str, list[str]] = {}
    changes: dict[Person, QualityRating | None] = {}
    for person_id, value in ratings.items():
        row = sheet.get(person_id)
        if person_id in not_members:
            errors[str(person_id)] = [
                f"{not_members[person_id]}: " + _("Chỉ xếp loại chất lượng đảng viên.")
            ]
            continue
        if row is None:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("Người này không thuộc danh sách xếp loại của chi bộ năm %(year)s.")
                % {"year": year}
            )
            continue
        grade = QualityRating(value) if value else None
        if grade == row.grade:
            continue
        if not row.editable:
            problem = str(READ_ONLY_MESSAGE)
        elif grade is not None and row.person.party_status not in RATING_STATUSES:
            problem = _("Chỉ xếp loại chất lượng đảng viên.")
        else:
            changes[row.person] = grade
            continue
        errors[str(person_id)] = [f"{row.person.full_name}: {problem}"]
    if errors:
        raise ValidationError(errors)
    _ratings_apply(year, changes)
    return len(changes)


def _ratings_apply(year: int, changes: dict[Person, QualityRating | None]) -> None:
    """Apply `changes` (None removes) to the ratings of `year` after checking the set of every
    cell they touch as it would then stand; the cells' rows are locked so that two saves at
    once cannot each pass the cap with the other's rating unseen."""
    existing = {
        rating.person_id: rating
        for rating in YearlyRating.objects.filter(person__in=list(changes), year=year)
    }
    cell_ids = {person.cell_id for person, grade in changes.items() if grade is not None}
    cell_ids |= {rating.cell_id for rating in existing.values()}
    cells = {
        cell.pk: cell
        for cell in PartyCell.objects.select_for_update().filter(pk__in=cell_ids).order_by("pk")
    }
    rated = {
        person_id: (cell_id, grade)
        for person_id, cell_id, grade in YearlyRating.objects.filter(
            cell_id__in=cell_ids, year=year
        ).values_list("person_id", "cell_id", "rating")
    }
    # The tallies the ratings counted in before the change, read before the records change.
    touched = [(r.cell_id, year, r.rating) for r in existing.values()]
    records = []
    for person, grade in changes.items():
        if grade is None:
            rated.pop(person.pk, None)
            continue
        record = existing.get(person.pk) or YearlyRating(person=person, year=year)
        record.cell = person.cell
        record.rating = grade
        record.full_clean()
        records.append(record)
        rated[person.pk] = (person.cell_id, grade)
    rules = get_rules()
    for cell_id in sorted(cell_ids):
        place = _("chi bộ %(cell)s năm %(year)s") % {"cell": cells[cell_id].name, "year": year}
        grades = (grade for rated_cell, grade in rated.values() if rated_cell == cell_id)
        problem = excellent_cap_problem(grades, rules, place=place)
        if problem:
            raise ValidationError({"rating": problem})
    for person, grade in changes.items():
        if grade is None and person.pk in existing:
            existing[person.pk].delete()
    for record in records:
        record.save()
    rating_tallies.refresh([*touched, *((r.cell_id, year, r.rating) for r in records)])
