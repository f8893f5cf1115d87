"""Transfers of party activity (chuyển sinh hoạt đảng): the writes, and the reads pages need.

A transfer moves the member's stays (CellMembership) so that every count follows the dates: an
official transfer out on day D ends the stay on D (the member is not counted from D on), a
member transferred in is counted from the day of arrival, and a move between battalions ends
the stay in the old cell on the day of the introduction and starts one in the new cell on the
day it receives the member. Introducer eligibility reads the same stays, so a member who
arrived counts their time with a candidate from arrival (members.pipeline.time_together).

The steps a member transferred in brought (admission, recognition as official) are recorded
with `before_arrival`: they make the member's status, and never count as admissions here.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.concurrency import (
    BY_CODE,
    SeenVersion,
    ensure_unchanged_since,
    lock_unchanged_since,
)
from core.dates import dmy
from core.workdays import add_working_days
from units.models import Battalion, PartyCell

from . import services
from .choices import (
    PartyStatus,
    PersonKind,
    StepKind,
    StudyStatus,
    TransferKind,
    TransferRoute,
    TransferState,
)
from .derived import steps_by_kind
from .models import AdmissionStep, CellMembership, Person, Transfer
from .pipeline import BrokenStep, StepChecker
from .plans import in_pool
from .rules import get_rules
from .stored_plans import person_plans_changed
from .tallies import cohort_key, cohort_tallies, step_key, step_tallies

MEMBER_STATUSES = (PartyStatus.PROBATIONARY, PartyStatus.OFFICIAL)


def present_by(introduced_on: datetime.date) -> datetime.date:
    """The last day the member may present the letter to the receiving committee."""
    return add_working_days(introduced_on, get_rules().transfer_present_working_days)


def _check_leaving(person: Person, *, kind: str, introduced_on: datetime.date, until) -> None:
    errors: dict[str, list[str]] = {}
    if person.party_status not in MEMBER_STATUSES:
        errors["__all__"] = [_("Chỉ chuyển sinh hoạt đảng cho đảng viên (dự bị hoặc chính thức).")]
    if person.transfers.filter(state=TransferState.SENT, kind=TransferKind.OFFICIAL).exists():
        errors.setdefault("__all__", []).append(
            _("Người này đang có giấy chuyển sinh hoạt đảng chính thức chưa được tiếp nhận.")
        )
    if introduced_on > services.today():
        errors["introduced_on"] = [_("Ngày giới thiệu không được ở tương lai.")]
    stay = person.memberships.filter(end_date__isnull=True).first()
    if stay is not None and introduced_on < stay.start_date:
        errors["introduced_on"] = [
            _("Ngày giới thiệu không được trước ngày vào chi bộ hiện tại (%(date)s).")
            % {"date": dmy(stay.start_date)}
        ]
    if kind == TransferKind.TEMPORARY and (until is None or until <= introduced_on):
        errors["until"] = [_("Chuyển sinh hoạt tạm thời cần ngày kết thúc, sau ngày giới thiệu.")]
    if errors:
        raise ValidationError(errors)


def _leave(person: Person, *, on: datetime.date, study_status: StudyStatus) -> None:
    """The member no longer belongs to the cell from `on`: stay and mentoring end, and the
    record becomes read-only (Person.is_read_only)."""
    counted_in = cohort_key(person)
    was_in_pool = in_pool(person)
    services._end_stay(person, on=on)
    services._end_assignments(person, on=on)
    person.study_status = study_status
    person.save(update_fields=["study_status"])
    cohort_tallies.refresh([counted_in, cohort_key(person)])
    person_plans_changed(person, was_in_pool=was_in_pool)


@transaction.atomic
def transfer_out(
    *,
    person: Person,
    kind: TransferKind,
    introduced_on: datetime.date,
    outside_unit: str,
    outside_committee: str,
    letter_number: str = "",
    until: datetime.date | None = None,
    reason: str = "",
    user=None,
    seen_version: SeenVersion = BY_CODE,
    at_graduation: bool = False,
) -> Transfer:
    """Introduce a member's party activity to a unit outside the academy.

    Official: the member leaves the cell on `introduced_on` (graduated at a graduation
    hand-off, else moved out) and the record becomes read-only. Temporary: the member stays on
    the cell's roll until `until`. `seen_version`: the person's version the form showed."""
    lock_unchanged_since(person, seen_version)
    services.ensure_writable(person)
    kind = TransferKind(kind)
    _check_leaving(person, kind=kind, introduced_on=introduced_on, until=until)
    transfer = Transfer(
        person=person,
        route=TransferRoute.OUT,
        kind=kind,
        from_cell=person.cell,
        outside_unit=outside_unit.strip(),
        outside_committee=outside_committee.strip(),
        letter_number=letter_number.strip(),
        introduced_on=introduced_on,
        present_by=present_by(introduced_on),
        until=until if kind == TransferKind.TEMPORARY else None,
        reason=reason,
        at_graduation=at_graduation,
        recorded_by=user,
    )
    errors = {}
    if not transfer.outside_unit:
        errors["outside_unit"] = [_("Ghi đơn vị nơi đảng viên chuyển đến.")]
    if not transfer.outside_committee:
        errors["outside_committee"] = [_("Ghi cấp ủy (tổ chức đảng) nơi đảng viên chuyển đến.")]
    if errors:
        raise ValidationError(errors)
    transfer.full_clean(exclude=["person", "from_cell", "recorded_by"])
    transfer.save()
    if kind == TransferKind.OFFICIAL:
        status = StudyStatus.GRADUATED if at_graduation else StudyStatus.TRANSFERRED
        _leave(person, on=introduced_on, study_status=status)
    return transfer


@transaction.atomic
def transfer_between(
    *,
    person: Person,
    kind: TransferKind,
    to_battalion: Battalion,
    introduced_on: datetime.date,
    letter_number: str = "",
    until: datetime.date | None = None,
    reason: str = "",
    user=None,
    seen_version: SeenVersion = BY_CODE,
) -> Transfer:
    """Introduce a member to another battalion of the academy. Official: the stay in the cell
    ends on `introduced_on`; the receiving battalion chooses the cell (transfer_receive) and
    the member is counted there from that day. Earlier steps keep the cell they happened in."""
    lock_unchanged_since(person, seen_version)
    services.ensure_writable(person)
    kind = TransferKind(kind)
    _check_leaving(person, kind=kind, introduced_on=introduced_on, until=until)
    battalion = person.cell.battalion
    if to_battalion.pk == battalion.pk or to_battalion.academy_id != battalion.academy_id:
        raise ValidationError(
            {"to_battalion": _("Chọn một tiểu đoàn khác của Học viện.")}, code="same_battalion"
        )
    transfer = Transfer(
        person=person,
        route=TransferRoute.BETWEEN,
        kind=kind,
        from_cell=person.cell,
        to_battalion=to_battalion,
        letter_number=letter_number.strip(),
        introduced_on=introduced_on,
        present_by=present_by(introduced_on),
        until=until if kind == TransferKind.TEMPORARY else None,
        reason=reason,
        recorded_by=user,
    )
    transfer.full_clean(exclude=["person", "from_cell", "to_battalion", "recorded_by"])
    transfer.save()
    if kind == TransferKind.OFFICIAL:
        services._end_stay(person, on=introduced_on)
        services._end_assignments(person, on=introduced_on)
        person_plans_changed(person)
    return transfer


@transaction.atomic
def transfer_receive(
    *,
    transfer: Transfer,
    received_on: datetime.date,
    cell: PartyCell | None = None,
    seen_version: SeenVersion = BY_CODE,
) -> Transfer:
    """The receiving organisation took the member in on `received_on`. Between battalions
    (official) the member joins `cell`, a cell of the receiving battalion, from that day."""
    lock_unchanged_since(transfer, seen_version)
    if transfer.state != TransferState.SENT:
        raise ValidationError(_("Giấy giới thiệu này đã được tiếp nhận."), code="received")
    errors: dict[str, list[str]] = {}
    if received_on < transfer.introduced_on:
        errors["received_on"] = [
            _("Ngày tiếp nhận không được trước ngày giới thiệu (%(date)s).")
            % {"date": dmy(transfer.introduced_on)}
        ]
    elif received_on > services.today():
        errors["received_on"] = [_("Ngày tiếp nhận không được ở tương lai.")]
    moves = transfer.route == TransferRoute.BETWEEN and transfer.kind == TransferKind.OFFICIAL
    if moves and (cell is None or cell.battalion_id != transfer.to_battalion_id):
        errors["cell"] = [_("Chọn chi bộ tiếp nhận thuộc tiểu đoàn được giới thiệu đến.")]
    if errors:
        raise ValidationError(errors)
    transfer.state = TransferState.RECEIVED
    transfer.received_on = received_on
    if moves:
        assert cell is not None
        person = transfer.person
        counted_in = cohort_key(person)
        left = person.cell_id
        CellMembership.objects.create(person=person, cell=cell, start_date=received_on)
        person.cell = cell
        person.save(update_fields=["cell"])
        cohort_tallies.refresh([counted_in, cohort_key(person)])
        person_plans_changed(person, cells=[left])
        transfer.to_cell = cell
    transfer.save()
    return transfer


@transaction.atomic
def transfer_in(
    *,
    cell: PartyCell,
    introduced_on: datetime.date,
    arrived_on: datetime.date,
    outside_unit: str,
    outside_committee: str,
    admitted_on: datetime.date,
    admission_number: str,
    ceremony_on: datetime.date | None = None,
    official_on: datetime.date | None = None,
    official_number: str = "",
    letter_number: str = "",
    admitted_by: str = "",
    reason: str = "",
    user=None,
    **person_fields,
) -> Transfer:
    """A member arrives from outside the academy with their letter (official transfer): their
    record is created in `cell` from `arrived_on`, with the admission (decision and
    ceremony) and, for an official member, the recognition as official that their file
    states. They count as transferred in from `arrived_on`, never as an admission.
    `admitted_by`: the committee that decided the admission (blank: the committee they come
    from, `outside_committee`)."""
    errors: dict[str, list[str]] = {}
    if arrived_on > services.today():
        errors["arrived_on"] = [_("Ngày đến không được ở tương lai.")]
    if introduced_on > arrived_on:
        errors["introduced_on"] = [_("Ngày giới thiệu không được sau ngày đến.")]
    for field, day in (
        ("admitted_on", admitted_on),
        ("ceremony_on", ceremony_on),
        ("official_on", official_on),
    ):
        if day is not None and day > introduced_on:
            errors[field] = [_("Ngày này phải trước ngày giới thiệu chuyển sinh hoạt.")]
    if not admission_number.strip():
        errors["admission_number"] = [_("Ghi số quyết định kết nạp trong hồ sơ đảng viên.")]
    if official_on is not None and not official_number.strip():
        errors["official_number"] = [
            _("Ghi số quyết định công nhận đảng viên chính thức trong hồ sơ.")
        ]
    if not outside_unit.strip() or not outside_committee.strip():
        errors["outside_committee"] = [_("Ghi đơn vị và cấp ủy nơi đảng viên chuyển đi.")]
    if errors:
        raise ValidationError(errors)
    person = services.person_create(cell=cell, joined_on=arrived_on, **person_fields)
    brought = [
        (StepKind.DECISION, admitted_on, admission_number.strip()),
        (StepKind.CEREMONY, ceremony_on or admitted_on, ""),
    ]
    if official_on is not None:
        brought.append((StepKind.CONVERSION_DECISION, official_on, official_number.strip()))
    steps = [
        AdmissionStep(
            person=person,
            kind=kind,
            date=day,
            cell=cell,
            form_code=kind.default_form,
            document_number=number,
            is_historical=True,
            before_arrival=True,
            recorded_by=user,
        )
        for kind, day, number in brought
    ]
    try:
        StepChecker(person, {}).check_in_order(steps, today=services.today())
    except BrokenStep as error:
        field = {StepKind.DECISION: "admitted_on", StepKind.CEREMONY: "ceremony_on"}.get(
            error.kind, "official_on"
        )
        raise ValidationError({field: error.messages}) from None
    for step in steps:
        step.full_clean(exclude=["recorded_by", "person", "cell"], validate_constraints=False)
        step.save()
    services.person_refresh_status(person, steps_by_kind(steps))
    # The tallies leave these steps out (made_here); re-counted all the same, so that the
    # rule lives in one place.
    step_tallies.refresh([step_key(cell.pk, step.kind, step.date) for step in steps])
    transfer = Transfer(
        person=person,
        route=TransferRoute.IN,
        kind=TransferKind.OFFICIAL,
        to_cell=cell,
        outside_unit=outside_unit.strip(),
        outside_committee=outside_committee.strip(),
        letter_number=letter_number.strip(),
        admitted_by=admitted_by.strip() or outside_committee.strip(),
        introduced_on=introduced_on,
        present_by=present_by(introduced_on),
        state=TransferState.RECEIVED,
        received_on=arrived_on,
        reason=reason,
        recorded_by=user,
    )
    transfer.full_clean(exclude=["person", "to_cell", "recorded_by"])
    transfer.save()
    return transfer


@dataclass(frozen=True)
class Posting:
    """Where a graduating member is posted: the unit, its party committee, the letter's number."""

    person: Person
    outside_unit: str
    outside_committee: str
    letter_number: str = ""


def graduating_members(people: QuerySet, cohort: str) -> QuerySet:
    """The cadets of `cohort` among `people` who are members (official or probationary) and
    still with the unit: those a graduation hand-off transfers, in name order."""
    return people.filter(
        kind=PersonKind.CADET,
        cohort=cohort,
        study_status=StudyStatus.STUDYING,
        party_status__in=MEMBER_STATUSES,
    ).order_by("sort_name", "pk")


def roster_version(people) -> QuerySet:
    """The history rows a hand-off form's version counts: those of the people it lists."""
    return Person.history.filter(id__in=[person.pk for person in people])


@transaction.atomic
def cohort_hand_off(
    *,
    cohort: str,
    graduation: datetime.date,
    postings: list[Posting],
    user=None,
    seen_version: SeenVersion = BY_CODE,
) -> list[Transfer]:
    """The graduation hand-off: every posted member's party activity is transferred officially
    to their unit on the graduation date, each with a letter; the records become read-only
    (graduated) and show where each went. All or nothing: errors name the person, keyed by
    their id, and nothing is saved. `seen_version`: the version of the listed people the
    screen showed (roster_version)."""
    ids = sorted(posting.person.pk for posting in postings)
    list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    ensure_unchanged_since(Person.history.filter(id__in=ids), seen_version)
    if not postings:
        raise ValidationError(_("Khóa này không còn đảng viên nào chờ bàn giao."))
    if graduation > services.today():
        raise ValidationError(
            {"graduation": _("Chỉ bàn giao khi đã đến ngày tốt nghiệp (không ở tương lai).")}
        )
    errors: dict[str, list[str]] = {}
    transfers = []
    for posting in postings:
        person = Person.objects.select_related("cell").get(pk=posting.person.pk)
        if person.cohort != cohort:
            errors[str(person.pk)] = [
                _("%(name)s không thuộc khóa %(cohort)s.")
                % {"name": person.full_name, "cohort": cohort}
            ]
            continue
        try:
            with transaction.atomic():
                transfers.append(
                    transfer_out(
                        person=person,
                        kind=TransferKind.OFFICIAL,
                        introduced_on=graduation,
                        outside_unit=posting.outside_unit,
                        outside_committee=posting.outside_committee,
                        letter_number=posting.letter_number,
                        # Stored and printed on the letter: Vietnamese whatever the UI language.
                        reason=f"Tốt nghiệp khóa {cohort}, nhận công tác tại "
                        f"{posting.outside_unit.strip()}",
                        user=user,
                        at_graduation=True,
                    )
                )
        except ValidationError as error:
            errors[str(person.pk)] = [
                f"{person.full_name}: {message}" for message in error.messages
            ]
    if errors:
        raise ValidationError(errors)
    return transfers


def handed_off(transfers: QuerySet, cohort: str) -> QuerySet:
    """The transfers of `cohort`'s graduation hand-off among `transfers`, in name order."""
    return (
        transfers.filter(at_graduation=True, person__cohort=cohort)
        .select_related("person", "from_cell__battalion__academy", "to_battalion", "to_cell")
        .order_by("person__sort_name", "pk")
    )


def transfers_visible(user) -> QuerySet:
    """The transfers the user may see, newest first, with what the list shows."""
    return Transfer.objects.visible_to(user).select_related(
        "person", "from_cell", "to_cell", "to_battalion"
    )


def last_transfer_out(person: Person) -> Transfer | None:
    """The official transfer that took the person away (where they went), if any."""
    return (
        person.transfers.filter(kind=TransferKind.OFFICIAL)
        .exclude(route=TransferRoute.IN)
        .select_related("to_battalion", "to_cell")
        .order_by("-introduced_on", "-id")
        .first()
    )
