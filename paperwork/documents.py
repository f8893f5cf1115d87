"""What each generated document says, read from the records as plain data.

One selector per document returns a `Document`; the same context fills the .docx template and
the print-friendly HTML page, so the two never disagree. Callers fetch the person, cell or
resolution through `visible_to(user)` first: nothing here widens the user's scope.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.workdays import add_months, add_working_days
from members.choices import AssignmentKind, PartyStatus, StepKind, StudyStatus, TransferRoute
from members.derived import steps_by_kind
from members.models import AdmissionStep, Assignment, Person
from members.names import search_key
from members.rules import get_rules
from members.selectors import official_member_count
from resolutions.models import Resolution
from resolutions.selectors import quarter_scorecard
from units.models import Academy, Battalion, PartyCell

from .dates import BLANK, official_date, percent, place_and_date, short_date


def _vietnamese(label) -> str:
    """A choice label in Vietnamese whatever the interface language: official documents are
    written in Vietnamese, so their text is never translated (only their titles are)."""
    with translation.override("vi"):
        return str(label)


def _step_label(kind: str) -> str:
    return _vietnamese(StepKind(kind).label) if kind else ""


class DocumentUnavailable(Exception):
    """The record lacks what the document reports on (for instance no cell vote yet)."""


@dataclass(frozen=True)
class Document:
    template: str  # file stem in paperwork/docx_templates and templates/paperwork/print
    title: str
    filename: str
    context: dict


def _cell_heading(cell: PartyCell) -> str:
    """'CHI BỘ ĐẠI ĐỘI 1' whether the cell is named 'Chi bộ Đại đội 1' or just 'Đại đội 1'."""
    name = cell.name if search_key(cell.name).startswith("chi bo") else f"Chi bộ {cell.name}"
    return name.upper()


def unit_heading(
    *, cell: PartyCell | None = None, battalion: Battalion | None = None
) -> dict[str, str]:
    """The two header lines on the left of a party document: the party organisation above and
    the issuing one below ('ĐẢNG BỘ TIỂU ĐOÀN 1' over 'CHI BỘ ĐẠI ĐỘI 1')."""
    if cell is not None:
        return {"upper": f"Đảng bộ {cell.battalion.name}".upper(), "lower": _cell_heading(cell)}
    if battalion is not None:
        return {
            "upper": f"Đảng bộ {battalion.academy.name}".upper(),
            "lower": battalion.committee_name.upper(),
        }
    academy = Academy.objects.order_by("pk").first()
    return {"upper": f"Đảng bộ {academy.name}".upper() if academy else "", "lower": ""}


def _number(document_number: str, suffix: str) -> str:
    """'Số 05-NQ/CB', or a gap before the suffix to be filled in by hand."""
    return f"Số {document_number}" if document_number else f"Số {BLANK}-{suffix}"


def _cell_secretary(cell: PartyCell) -> str:
    secretary = (
        User.objects.filter(role=Role.SECRETARY, cell=cell, is_active=True).order_by("pk").first()
    )
    return secretary.get_full_name() if secretary else ""


def admitting_committee(person: Person, decision: AdmissionStep | None, cell: PartyCell) -> str:
    """The committee whose decision admitted the person, as the forms citing the admission name
    it: for a member transferred in, the committee their file names (recorded at arrival),
    never a committee here; else the deciding committee of the battalion where it was taken."""
    if decision is not None and decision.before_arrival:
        arrival = (
            person.transfers.filter(route=TransferRoute.IN).order_by("received_on", "pk").first()
        )
        return (arrival.admitted_by or arrival.outside_committee) if arrival else BLANK
    return (decision.cell if decision else cell).battalion.deciding_committee


def _filename(prefix: str, *parts: str) -> str:
    """An ASCII file name, because older Word installations on closed networks mangle others."""
    return f"{prefix}_{slugify(search_key(' '.join(parts)))}.docx"


def _votes(step: AdmissionStep) -> dict:
    """The vote as the resolution states it. The number of official members is the records'
    count on the meeting day, unless the cell recorded why it counted another figure: a figure
    typed before the stays of those who left were ended may hold them too."""
    eligible = step.votes_eligible
    if not step.votes_eligible_reason:
        eligible = official_member_count(step.cell, step.date)
    return vote_figures(step, eligible)


def vote_figures(step: AdmissionStep, eligible: int | None) -> dict:
    """A vote's figures as a resolution prints them, out of `eligible` voters (a gap to fill
    by hand for a figure not on record)."""
    present = step.votes_present
    absent = eligible - present if eligible is not None and present is not None else None

    def shown(value):
        return BLANK if value is None else value

    return {
        "eligible": shown(eligible),
        "present": shown(present),
        "absent": shown(absent),
        "in_favour": shown(step.votes_for),
        "against": shown(step.votes_against),
        "in_favour_percent": percent(step.votes_for, eligible),
        "against_percent": percent(step.votes_against, eligible),
    }


def unit_of(person: Person) -> str:
    """'lớp TĐH K56, khóa K56': the person's class and cohort as documents name the unit."""
    parts = []
    if person.class_name:
        parts.append(f"lớp {person.class_name}")
    if person.cohort:
        parts.append(f"khóa {person.cohort}")
    return ", ".join(parts) or BLANK


def _person_details(person: Person) -> dict:
    return {
        "name": person.full_name,
        "born": official_date(person.date_of_birth),
        "gender": _vietnamese(person.get_gender_display()),
        "hometown": person.hometown or BLANK,
        "education": _vietnamese(person.get_education_level_display()),
        "unit": unit_of(person),
        "position": person.position or "Học viên",
        "youth_union": official_date(person.youth_union_date) if person.youth_union_date else BLANK,
    }


def _mentor_name(person: Person, kind: AssignmentKind) -> str:
    assignment = (
        Assignment.objects.filter(mentee=person, kind=kind)
        .select_related("mentor")
        .order_by("-start_date")
        .first()
    )
    return assignment.mentor.full_name if assignment else ""


def _steps(person: Person) -> dict[StepKind, AdmissionStep]:
    return steps_by_kind(
        person.steps.select_related("cell__battalion").prefetch_related(
            Prefetch("introducers", queryset=Person.objects.order_by("sort_name"))
        )
    )


def admission_resolution(person: Person) -> Document:
    """The cell's resolution proposing the person's admission (form 6-KNĐ), from the cell vote,
    the introduction and the person's details. Raises DocumentUnavailable before the vote."""
    steps = _steps(person)
    vote = steps.get(StepKind.CELL_VOTE)
    if vote is None:
        raise DocumentUnavailable(_("Chi bộ chưa biểu quyết đề nghị kết nạp người này."))
    cell = vote.cell
    superior = cell.battalion.committee_name
    introduction = steps.get(StepKind.INTRODUCTION)
    introducers = list(introduction.introducers.all()) if introduction else []
    context = {
        "heading": unit_heading(cell=cell),
        "number": _number(vote.document_number, "NQ/CB"),
        "place_date": place_and_date(vote.date),
        "meeting_date": official_date(vote.date),
        "cell_name": cell.name,
        "superior": superior,
        "candidate": _person_details(person),
        "application_date": _step_date(steps, StepKind.APPLICATION),
        "course_date": _step_date(steps, StepKind.AWARENESS_COURSE),
        "introduction_date": _step_date(steps, StepKind.INTRODUCTION),
        "by_youth_union": bool(introduction and introduction.by_youth_union),
        "introducers": [
            {"name": member.full_name, "position": member.position or "đảng viên chính thức"}
            for member in introducers
        ],
        "helper": _mentor_name(person, AssignmentKind.HELP_CANDIDATE) or BLANK,
        "votes": _votes(vote),
        "conclusion": f"Chi bộ đề nghị {superior} xem xét, kết nạp quần chúng "
        f"{person.full_name} vào Đảng Cộng sản Việt Nam.",
        "signer": _cell_secretary(cell),
    }
    return Document(
        template="6-KND",
        title=_("Nghị quyết đề nghị kết nạp đảng viên (6-KNĐ) · %(name)s")
        % {"name": person.full_name},
        filename=_filename("6-KND", person.full_name),
        context=context,
    )


def conversion_resolution(person: Person) -> Document:
    """The cell's resolution proposing official membership (form 13-KNĐ), from the conversion
    vote, the admission decision and the ceremony. Raises DocumentUnavailable before the vote."""
    steps = _steps(person)
    vote = steps.get(StepKind.CONVERSION_VOTE)
    if vote is None:
        raise DocumentUnavailable(_("Chi bộ chưa biểu quyết đề nghị công nhận đảng viên này."))
    rules = get_rules()
    cell = vote.cell
    superior = cell.battalion.committee_name
    decision = steps.get(StepKind.DECISION)
    ceremony = steps.get(StepKind.CEREMONY)
    probation_end = add_months(ceremony.date, rules.probation_months) if ceremony else None
    context = {
        "heading": unit_heading(cell=cell),
        "number": _number(vote.document_number, "NQ/CB"),
        "place_date": place_and_date(vote.date),
        "meeting_date": official_date(vote.date),
        "cell_name": cell.name,
        "superior": superior,
        "member": _person_details(person),
        "decision_number": decision.document_number
        if decision and decision.document_number
        else BLANK,
        "decision_date": _step_date(steps, StepKind.DECISION),
        "decision_by": admitting_committee(person, decision, cell),
        "ceremony_date": _step_date(steps, StepKind.CEREMONY),
        "probation_months": rules.probation_months,
        "probation_end": official_date(probation_end),
        "new_member_course": _certificate(steps.get(StepKind.NEW_MEMBER_COURSE)),
        "mentor": _mentor_name(person, AssignmentKind.MENTOR_NEW_MEMBER) or BLANK,
        "votes": _votes(vote),
        "conclusion": f"Chi bộ đề nghị {superior} xem xét, quyết định công nhận đồng chí "
        f"{person.full_name} là đảng viên chính thức kể từ {official_date(probation_end)}.",
        "signer": _cell_secretary(cell),
    }
    return Document(
        template="13-KND",
        title=_("Nghị quyết đề nghị công nhận đảng viên chính thức (13-KNĐ) · %(name)s")
        % {"name": person.full_name},
        filename=_filename("13-KND", person.full_name),
        context=context,
    )


def _certificate(step: AdmissionStep | None) -> str:
    """'giấy chứng nhận số 37/GCN-TTCT, ngày 10 tháng 4 năm 2018', or a gap to fill in."""
    if step is None:
        return BLANK
    number = step.document_number or BLANK
    return f"giấy chứng nhận số {number}, {official_date(step.date)}"


def _step_date(steps: dict, kind: StepKind) -> str:
    step = steps.get(kind)
    return official_date(step.date) if step else official_date(None)


def candidate_list(cell: PartyCell, *, today: datetime.date) -> Document:
    """The cell's outstanding candidates still with the unit, in Vietnamese name order, with
    where each stands in the procedure and who helps them (three queries)."""
    people = (
        Person.objects.filter(
            cell=cell, party_status=PartyStatus.CANDIDATE, study_status=StudyStatus.STUDYING
        )
        .prefetch_related(
            "steps",
            Prefetch(
                "mentored_by",
                queryset=Assignment.objects.filter(kind=AssignmentKind.HELP_CANDIDATE)
                .select_related("mentor")
                .order_by("-start_date"),
                to_attr="helpers",
            ),
        )
        .order_by("sort_name")
    )
    rows = []
    for number, person in enumerate(people, start=1):
        steps = steps_by_kind(person.steps.all())
        rows.append(
            {
                "number": number,
                "name": person.full_name,
                "born": short_date(person.date_of_birth),
                "unit": unit_of(person),
                "listed": short_date(_date_of(steps, StepKind.LISTED)),
                "course": short_date(_date_of(steps, StepKind.AWARENESS_COURSE)),
                "stage": _step_label(person.stage),
                "stage_date": short_date(person.stage_date),
                "next_step": _step_label(person.next_step),
                "due": short_date(person.next_due_date),
                "helper": person.helpers[0].mentor.full_name if person.helpers else "",
            }
        )
    context = {
        "heading": unit_heading(cell=cell),
        "place_date": place_and_date(today),
        "as_of": official_date(today),
        "cell_name": cell.name,
        "rows": rows,
        "total": len(rows),
        "signer": _cell_secretary(cell),
    }
    return Document(
        template="quan-chung-uu-tu",
        title=_("Danh sách quần chúng ưu tú · %(cell)s") % {"cell": cell.name},
        filename=_filename("DS-quan-chung-uu-tu", cell.name, today.isoformat()),
        context=context,
    )


def _date_of(steps: dict, kind: StepKind) -> datetime.date | None:
    step = steps.get(kind)
    return step.date if step else None


def conversion_list(
    user,
    *,
    year: int,
    month: int,
    cell: PartyCell | None = None,
    today: datetime.date,
) -> Document:
    """Members in the user's scope (or in `cell`) whose probation ends in the given month, for
    the cell meetings that vote their conversion; those already voted on are marked."""
    rules = get_rules()
    scope = user.scope
    if cell is None and scope is not None and scope.cell_id:
        # A secretary's scope is their cell: the list is the cell's and is headed so.
        cell = PartyCell.objects.select_related("battalion").get(pk=scope.cell_id)
    # Probation ends on the same day `probation_months` later (add_months keeps the month), so
    # the ceremonies to look for all fall in one calendar month.
    ceremony_month = add_months(datetime.date(year, month, 1), -rules.probation_months)
    people = Person.objects.visible_to(user).filter(
        steps__kind=StepKind.CEREMONY,
        steps__date__year=ceremony_month.year,
        steps__date__month=ceremony_month.month,
        party_status__in=[PartyStatus.PROBATIONARY, PartyStatus.OFFICIAL],
    )
    if cell is not None:
        people = people.filter(cell=cell)
    people = people.select_related("cell").prefetch_related(
        "steps",
        Prefetch(
            "mentored_by",
            queryset=Assignment.objects.filter(kind=AssignmentKind.MENTOR_NEW_MEMBER)
            .select_related("mentor")
            .order_by("-start_date"),
            to_attr="mentors",
        ),
    )
    entries = []
    for person in people:
        steps = steps_by_kind(person.steps.all())
        ceremony = steps[StepKind.CEREMONY]
        decision = steps.get(StepKind.DECISION)
        end = add_months(ceremony.date, rules.probation_months)
        vote = steps.get(StepKind.CONVERSION_VOTE)
        entries.append((end, person.sort_name, person, decision, ceremony, vote))
    entries.sort(key=lambda entry: entry[:2])
    rows = []
    for number, (end, _key, person, decision, ceremony, vote) in enumerate(entries, start=1):
        rows.append(
            {
                "number": number,
                "name": person.full_name,
                "born": short_date(person.date_of_birth),
                "cell": person.cell.name,
                "decision": _decision_text(decision),
                "ceremony": short_date(ceremony.date),
                "probation_end": short_date(end),
                "vote_due": short_date(
                    add_working_days(end, rules.conversion_vote_deadline_working_days)
                ),
                "mentor": person.mentors[0].mentor.full_name if person.mentors else "",
                "note": f"Chi bộ đã xét ngày {short_date(vote.date)}" if vote else "",
            }
        )
    battalion = None
    if cell is None and scope is not None and scope.battalion_id:
        battalion = Battalion.objects.select_related("academy").get(pk=scope.battalion_id)
    month_text = f"{month:02d}" if month < 3 else str(month)
    context = {
        "heading": unit_heading(cell=cell, battalion=battalion),
        "place_date": place_and_date(today),
        "period": f"tháng {month_text} năm {year}",
        "unit_name": cell.name if cell else (battalion.name if battalion else ""),
        "rows": rows,
        "total": len(rows),
        "prepared_by": user.get_full_name() or user.username,
    }
    return Document(
        template="chuyen-dang",
        title=_("Đảng viên dự bị hết thời hạn dự bị tháng %(month)s/%(year)s")
        % {"month": month_text, "year": year},
        filename=_filename("DS-chuyen-dang", f"{year}-{month:02d}", cell.name if cell else ""),
        context=context,
    )


def _decision_text(decision: AdmissionStep | None) -> str:
    if decision is None:
        return ""
    if decision.document_number:
        return f"{decision.document_number} ({short_date(decision.date)})"
    return short_date(decision.date)


_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _figure(figure) -> str:
    """'2/3': the result against the target; '2/—' when no target was set."""
    return f"{figure.result}/{'—' if figure.target is None else figure.target}"


def _areas(areas) -> str:
    return "; ".join(
        f"{area.label}: {percent(area.reached, area.evaluated)} "
        f"({area.reached}/{area.evaluated}, chỉ tiêu {area.target_percent}%)"
        if area.evaluated
        else f"{area.label}: chưa đánh giá"
        for area in areas
    )


def _remark(score) -> str:
    parts = [score.report_status_label] if score.report_status else []
    if score.missed:
        verdict = "Đang thực hiện; chưa đạt: " if score.running else "Chưa đạt: "
        parts.append(verdict + ", ".join(score.missed))
    if score.unevaluated:
        parts.append("Chưa có đánh giá: " + ", ".join(score.unevaluated))
    if not score.missed and not score.unevaluated:
        parts.append("Đạt các chỉ tiêu")
    return "; ".join(parts)


def resolution_scorecard(resolution: Resolution, user, *, today: datetime.date) -> Document:
    """A quarterly resolution's targets against the results computed from the records, per
    cell in the user's scope (a secretary's own cell only), with each cell's roll-out dates
    and what it missed: the scorecard of `resolutions.selectors.quarter_scorecard`."""
    scope = user.scope
    # The labels the scorecard carries (areas, report status) go into the document in Vietnamese.
    with translation.override("vi"):
        card = quarter_scorecard(
            resolution, cell_ids=[scope.cell_id] if scope and scope.cell_id else None, today=today
        )
        rows = [
            {
                "number": number,
                "cell": score.cell_name,
                "candidates": _figure(score.candidates),
                "admissions": _figure(score.admissions),
                "conversions": _figure(score.conversions),
                "areas": _areas(score.areas),
                "received": short_date(score.received_on),
                "discussed": short_date(score.discussed_on),
                "reported": short_date(score.reported_on),
                "remark": _remark(score),
            }
            for number, score in enumerate(card.cells, start=1)
        ]
        total = card.total
        context = {
            "heading": unit_heading(battalion=resolution.battalion),
            "place_date": place_and_date(today),
            "resolution": f"Nghị quyết số {card.number} ngày {short_date(resolution.signed_on)} "
            f"của {card.committee}",
            "resolution_title": resolution.title,
            "period": f"Quý {_QUARTERS[card.quarter]} năm {card.year} (từ {short_date(card.start)} "
            f"đến {short_date(card.end)}); hạn báo cáo {short_date(card.report_deadline)}",
            "area_targets": [
                {
                    "label": target.label,
                    "criterion": target.criterion,
                    "grade": target.min_grade_label,
                    "percent": target.target_percent,
                }
                for target in card.area_targets
            ],
            "rows": rows,
            "total": {
                "candidates": _figure(total.candidates),
                "admissions": _figure(total.admissions),
                "conversions": _figure(total.conversions),
                "areas": _areas(total.areas),
            },
            "standing_out": card.cells_standing_out,
            "prepared_by": user.get_full_name() or user.username,
        }
    return Document(
        template="ket-qua-nghi-quyet",
        title=_("Kết quả thực hiện nghị quyết %(number)s") % {"number": resolution.number},
        filename=_filename("KQ-nghi-quyet", f"q{card.quarter}-{card.year}", card.number),
        context=context,
    )
