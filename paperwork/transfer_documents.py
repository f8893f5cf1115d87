"""The papers of a transfer of party activity: the introduction letter (giấy giới thiệu sinh hoạt
đảng), the committee's list of a graduating cohort handed off, and the one-page summary of a
probationary member's probation for the receiving cell. Read from the records as plain data,
like paperwork.documents; callers fetch through visible_to first."""

import datetime

from django.utils.translation import gettext as _

from core.workdays import add_months, add_working_days
from members.choices import (
    AssignmentKind,
    PartyStatus,
    StepKind,
    TransferKind,
    TransferRoute,
)
from members.models import Person, Transfer
from members.rules import get_rules
from units.models import Battalion

from .dates import BLANK, official_date, place_and_date, short_date
from .documents import (
    Document,
    _cell_secretary,
    _certificate,
    _filename,
    _mentor_name,
    _person_details,
    _steps,
    _vietnamese,
    unit_heading,
)


def _status(person: Person) -> str:
    return (
        "đảng viên dự bị"
        if person.party_status == PartyStatus.PROBATIONARY
        else ("đảng viên chính thức")
    )


def _destination(transfer: Transfer) -> tuple[str, str]:
    """(where the member goes, the committee the letter is addressed to)."""
    if transfer.route == TransferRoute.BETWEEN:
        battalion = transfer.to_battalion
        place = str(transfer.to_cell or battalion)
        return f"{place}, {battalion.academy.name}", battalion.committee_name
    return transfer.outside_unit, transfer.outside_committee


def _membership_dates(person: Person) -> dict:
    steps = _steps(person)
    decision = steps.get(StepKind.DECISION)
    converted = steps.get(StepKind.CONVERSION_DECISION)
    ceremony = steps.get(StepKind.CEREMONY)
    probation_end = None
    if person.party_status == PartyStatus.PROBATIONARY and ceremony is not None:
        probation_end = add_months(ceremony.date, get_rules().probation_months)
    return {
        "admitted": official_date(decision.date if decision else None),
        # Official status dates from the end of probation (Điều lệ Đảng, Điều 5).
        "official": official_date(add_months(ceremony.date, get_rules().probation_months))
        if converted and ceremony
        else "",
        "probation_end": official_date(probation_end) if probation_end else "",
    }


def transfer_letter(transfer: Transfer) -> Document:
    """The introduction letter of a transfer out of the academy or between its battalions,
    issued by the battalion's party committee on the day of the introduction."""
    person = transfer.person
    cell = transfer.from_cell
    assert cell is not None  # only transfers that leave a cell of the academy have a letter
    battalion: Battalion = cell.battalion
    destination, to_committee = _destination(transfer)
    rules = get_rules()
    official = transfer.kind == TransferKind.OFFICIAL
    until = f" (đến {official_date(transfer.until)})" if transfer.until and not official else ""
    # Signed for the committee by the battalion's setting; a blank line when it is unset.
    signer_title, signer = battalion.committee_signer()
    context = {
        "heading": unit_heading(battalion=battalion),
        "number": f"Số {transfer.letter_number}" if transfer.letter_number else f"Số {BLANK}",
        "place_date": place_and_date(transfer.introduced_on),
        "kind_title": "(CHÍNH THỨC)" if official else "(TẠM THỜI)",
        "kind_text": "chính thức" if official else "tạm thời",
        "to_committee": to_committee,
        "issuer": battalion.committee_name,
        "issuer_short": battalion.committee_name.upper(),
        "signer_title": signer_title,
        "signer": signer or BLANK,
        "member": _person_details(person),
        "status": _status(person),
        **_membership_dates(person),
        "from_place": f"{cell.name}, {battalion.committee_name}",
        "destination": destination,
        "until_text": until,
        "reason": transfer.reason or BLANK,
        "present_by": official_date(transfer.present_by),
        "present_days": rules.transfer_present_working_days,
    }
    return Document(
        template="giay-gioi-thieu-sinh-hoat-dang",
        title=_("Giấy giới thiệu sinh hoạt đảng · %(name)s") % {"name": person.full_name},
        filename=_filename("GGT-sinh-hoat-dang", person.full_name, person.code),
        context=context,
    )


def handoff_list(
    transfers: list[Transfer], *, cohort: str, graduation: datetime.date, prepared_by: str
) -> Document:
    """The committee's list of a cohort's members transferred at graduation, by name order."""
    ordered = sorted(transfers, key=lambda transfer: transfer.person.sort_name)
    cells = {transfer.from_cell for transfer in ordered if transfer.from_cell}
    battalions = {cell.battalion for cell in cells}
    battalion = next(iter(battalions)) if len(battalions) == 1 else None
    rows = []
    for number, transfer in enumerate(ordered, start=1):
        person = transfer.person
        dates = _membership_dates(person)
        rows.append(
            {
                "number": number,
                "name": person.full_name,
                "born": short_date(person.date_of_birth),
                "cell": transfer.from_cell.name if transfer.from_cell else "",
                "status": _vietnamese(person.get_party_status_display()),
                "admitted": dates["admitted"].removeprefix("ngày "),
                "unit": transfer.outside_unit,
                "committee": transfer.outside_committee,
                "letter": transfer.letter_number,
            }
        )
    probationary = sum(t.person.party_status == PartyStatus.PROBATIONARY for t in ordered)
    context = {
        "heading": unit_heading(battalion=battalion),
        "place_date": place_and_date(graduation),
        "cohort": cohort,
        "graduation": official_date(graduation),
        "unit_name": battalion.name if battalion else "",
        "rows": rows,
        "total": len(rows),
        "official": len(rows) - probationary,
        "probationary": probationary,
        "prepared_by": prepared_by,
    }
    return Document(
        template="danh-sach-ban-giao",
        title=_("Danh sách đảng viên khóa %(cohort)s chuyển sinh hoạt đảng khi tốt nghiệp")
        % {"cohort": cohort},
        filename=_filename("DS-ban-giao", cohort, graduation.isoformat()),
        context=context,
    )


def probation_summary(transfer: Transfer) -> Document:
    """One page for the receiving cell on a probationary member: the conversion's due date,
    the helping member, and the evaluations and assessments recorded so far."""
    person = transfer.person
    rules = get_rules()
    steps = _steps(person)
    ceremony = steps.get(StepKind.CEREMONY)
    decision = steps.get(StepKind.DECISION)
    probation_end = add_months(ceremony.date, rules.probation_months) if ceremony else None
    due = (
        add_working_days(probation_end, rules.conversion_vote_deadline_working_days)
        if probation_end
        else None
    )
    assessments = [
        f"{short_date(evaluation.date)}: học tập {evaluation.get_study_display().lower()}, "
        f"rèn luyện {evaluation.get_training_display().lower()}, công tác phong trào "
        f"{evaluation.get_movement_display().lower()}"
        + (f"; {evaluation.comment}" if evaluation.comment else "")
        for evaluation in person.evaluations.order_by("date")
    ]
    assessments += [
        f"Năm {rating.year}: {_vietnamese(rating.get_rating_display()).lower()}"
        for rating in person.ratings.order_by("year")
    ]
    cell = transfer.from_cell or person.cell
    destination, _committee = _destination(transfer)
    context = {
        "heading": unit_heading(cell=cell),
        "place_date": place_and_date(transfer.introduced_on),
        "member": _person_details(person),
        "decision_number": decision.document_number
        if decision and decision.document_number
        else BLANK,
        "decision_date": official_date(decision.date if decision else None),
        "ceremony_date": official_date(ceremony.date if ceremony else None),
        "probation_end": official_date(probation_end),
        "conversion_due": official_date(due),
        "new_member_course": _certificate(steps.get(StepKind.NEW_MEMBER_COURSE)),
        "mentor": _mentor_name(person, AssignmentKind.MENTOR_NEW_MEMBER) or BLANK,
        "assessments": assessments or ["Chưa có đánh giá, xếp loại nào được ghi."],
        "destination": ", ".join(part for part in (destination, transfer.outside_committee) if part)
        if transfer.route == TransferRoute.OUT
        else destination,
        "signer": _cell_secretary(cell) or BLANK,
    }
    return Document(
        template="tom-tat-du-bi",
        title=_("Tóm tắt quá trình dự bị · %(name)s") % {"name": person.full_name},
        filename=_filename("Tom-tat-du-bi", person.full_name, person.code),
        context=context,
    )
