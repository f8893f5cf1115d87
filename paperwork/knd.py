"""The form set of Hướng dẫn 12-HD/BTCTW (2022) for one person, filled from the records.

Each builder returns `Document`s in one shared layout (`knd` template: heading, number, place
and date, title, body paragraphs, signature block), so that the .docx and the print page of
every form come from the same context. What the records do not hold is left as a dotted gap
(`BLANK`) to be written by hand; 10-KNĐ and 11-KNĐ are pre-filled headers whose body the member
and the helper write themselves. `person_forms` is the one registry the file page reads.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.workdays import add_months
from members.choices import AssignmentKind, StepKind
from members.derived import steps_by_kind
from members.models import AdmissionStep, Person
from members.rules import get_rules
from units.models import Battalion, PartyCell

from . import documents
from .dates import BLANK, official_date, place_and_date
from .documents import Document, DocumentUnavailable, unit_heading

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
YOUTH_UNION = "ĐOÀN TNCS HỒ CHÍ MINH"
# A line left for the hand: the body of 10-KNĐ and 11-KNĐ, the appraisal in 3-KNĐ.
FILL_LINE = "…" * 60
BASIS = "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;"


def _p(text: str, kind: str = "text") -> dict:
    """A body paragraph: text (indented), basis (italic), section (bold), centre (bold,
    centred: 'QUYẾT NGHỊ:'), fill (a dotted line to complete by hand)."""
    return {"kind": kind, "text": text}


def _fill(lines: int = 2) -> list[dict]:
    return [_p(FILL_LINE, "fill") for _ in range(lines)]


def _form(
    *,
    code: str,
    key: str,
    name: str,
    heading: dict,
    title: str,
    subtitle: list[str],
    body: list[dict],
    sign_title: list[str],
    signer: str,
    place_date: str,
    number: str = "",
    motto: str = PARTY,
    addressee: str = "",
    recipients: list[str] | None = None,
    sign_note: str = "",
    title_label: str,
    personal: bool = False,
) -> Document:
    """`personal`: a paper a member writes (3-, 10-, 11-KNĐ), opened by the party's name alone
    with the place and date under it, no issuing organisation and no number (12-HD/BTCTW)."""
    context = {
        "personal": personal,
        "form_code": f"Mẫu {code}",
        "heading": heading,
        "motto": motto,
        "number": number,
        "place_date": place_date,
        "title": title,
        "subtitle": subtitle,
        "addressee": addressee,
        "paragraphs": body,
        "recipients": recipients or [],
        "sign_title": sign_title,
        "sign_note": sign_note,
        "signer": signer or BLANK,
    }
    return Document(
        template="knd",
        title=f"{title_label} ({code}) · {name}",
        filename=documents._filename(key, name),
        context=context,
    )


def _profile(person: Person, field: str) -> str:
    """A lý lịch field the person record may hold (issue 15 item 1), shown as its label; a gap
    while the record lacks it."""
    display = getattr(person, f"get_{field}_display", None)
    value = display() if callable(display) else getattr(person, field, "")
    if isinstance(value, datetime.date):
        return official_date(value)
    return documents._vietnamese(value) if value else BLANK


def _person_lines(person: Person) -> list[dict]:
    details = documents._person_details(person)
    return [
        _p(
            f"Họ và tên: {details['name']}; giới tính: {details['gender']}; sinh {details['born']}."
        ),
        _p(
            f"Quê quán: {details['hometown']}; dân tộc: {_profile(person, 'ethnicity')}; "
            f"tôn giáo: {_profile(person, 'religion')}."
        ),
        _p(
            f"Trình độ học vấn: {details['education']}; đơn vị: {details['unit']}; "
            f"chức vụ: {details['position']}."
        ),
    ]


def _steps(person: Person) -> dict[StepKind, AdmissionStep]:
    return documents._steps(person)


def _require(steps: dict, kind: StepKind, message: str) -> AdmissionStep:
    step = steps.get(kind)
    if step is None:
        raise DocumentUnavailable(message)
    return step


def _cell_of(step: AdmissionStep | None, person: Person) -> PartyCell:
    return step.cell if step is not None else person.cell


def _number(step: AdmissionStep | None, suffix: str) -> str:
    return documents._number(step.document_number if step else "", suffix)


def _party_dates(member: Person) -> tuple[str, str]:
    """When `member` was admitted (the decision) and became official (end of probation)."""
    steps = steps_by_kind(member.steps.order_by("date", "pk"))
    decision = steps.get(StepKind.DECISION)
    ceremony = steps.get(StepKind.CEREMONY)
    official = steps.get(StepKind.CONVERSION_DECISION)
    official_on = None
    if official is not None:
        official_on = (
            add_months(ceremony.date, get_rules().probation_months) if ceremony else official.date
        )
    return (
        official_date(decision.date) if decision else official_date(None),
        official_date(official_on),
    )


def introduction_letters(person: Person) -> list[Document]:
    """3-KNĐ, one per introducing member, each written by the introducer to the cell."""
    steps = _steps(person)
    introduction = _require(
        steps, StepKind.INTRODUCTION, _("Chưa ghi bước giới thiệu người vào Đảng.")
    )
    cell = _cell_of(introduction, person)
    letters = []
    for index, introducer in enumerate(introduction.introducers.all(), start=1):
        admitted, official = _party_dates(introducer)
        introducer_cell = introducer.cell or cell
        body = [
            _p(
                f"Tôi là: {introducer.full_name}; sinh {official_date(introducer.date_of_birth)}; "
                f"chức vụ: {introducer.position or 'đảng viên'}; sinh hoạt tại "
                f"{introducer_cell.name}."
            ),
            _p(f"Vào Đảng {admitted}; chính thức {official}."),
            _p(
                f"Tôi giới thiệu quần chúng {person.full_name} vào Đảng Cộng sản Việt Nam, "
                "người có những đặc điểm sau:"
            ),
            *_person_lines(person),
            _p(
                "Qua thời gian cùng công tác, học tập và theo dõi, giúp đỡ, tôi báo cáo với chi "
                "bộ những ưu điểm, khuyết điểm chính của người vào Đảng như sau:"
            ),
            _p("1. Về lịch sử chính trị và chính trị hiện nay:", "section"),
            *_fill(),
            _p("2. Về phẩm chất chính trị, đạo đức, lối sống:", "section"),
            *_fill(),
            _p("3. Về năng lực công tác và quan hệ quần chúng:", "section"),
            *_fill(),
            _p("4. Những khuyết điểm, nhược điểm chính:", "section"),
            *_fill(),
            _p("Tôi xin chịu trách nhiệm trước Đảng về sự giới thiệu của mình."),
        ]
        letters.append(
            _form(
                code="3-KNĐ",
                key=f"3-KND-{index}",
                name=person.full_name,
                heading=unit_heading(cell=introducer_cell),
                place_date=place_and_date(introduction.date),
                title="GIẤY GIỚI THIỆU",
                subtitle=["NGƯỜI VÀO ĐẢNG"],
                addressee=f"Kính gửi: {cell.name}",
                body=body,
                sign_title=["NGƯỜI GIỚI THIỆU"],
                personal=True,
                sign_note="(Ký, ghi rõ họ tên)",
                signer=introducer.full_name,
                title_label=_("Giấy giới thiệu người vào Đảng của %(name)s")
                % {"name": introducer.full_name},
            )
        )
    return letters


def youth_union_resolution(person: Person) -> Document:
    """4-KNĐ: the grassroots Youth Union committee's resolution introducing the member (the
    route of a Youth Union member in youth age). Its own vote is not in the records: gaps."""
    steps = _steps(person)
    introduction = _require(
        steps, StepKind.INTRODUCTION, _("Chưa ghi bước giới thiệu người vào Đảng.")
    )
    if not introduction.by_youth_union:
        raise DocumentUnavailable(_("Người này không được Ban Chấp hành Đoàn cơ sở giới thiệu."))
    cell = _cell_of(introduction, person)
    battalion = cell.battalion
    details = documents._person_details(person)
    body = [
        _p(
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và Điều lệ Đoàn Thanh niên Cộng sản Hồ Chí "
            "Minh;",
            "basis",
        ),
        _p(
            f"Căn cứ đơn xin vào Đảng của đoàn viên {person.full_name} và ý kiến nhận xét của chi "
            "đoàn nơi đoàn viên sinh hoạt;",
            "basis",
        ),
        _p(
            f"{official_date(introduction.date).capitalize()}, Ban Chấp hành Đoàn cơ sở "
            f"{battalion.name} họp xét giới thiệu đoàn viên ưu tú {person.full_name} vào Đảng."
        ),
        *_person_lines(person),
        _p(f"Ngày vào Đoàn TNCS Hồ Chí Minh: {details['youth_union']}."),
        _p(
            f"Tổng số ủy viên Ban Chấp hành: {BLANK}; có mặt: {BLANK}; số tán thành: {BLANK} "
            f"(đạt {BLANK}%); số không tán thành: {BLANK}."
        ),
        _p("QUYẾT NGHỊ:", "centre"),
        _p(
            f"Giới thiệu đoàn viên {person.full_name} với {cell.name} để xem xét, đề nghị kết "
            "nạp vào Đảng Cộng sản Việt Nam."
        ),
    ]
    return _form(
        code="4-KNĐ",
        key="4-KND",
        name=person.full_name,
        heading={
            "upper": f"Đoàn {battalion.academy.name}".upper(),
            "lower": f"BCH Đoàn cơ sở {battalion.name}".upper(),
        },
        motto=YOUTH_UNION,
        number=f"Số {BLANK}-NQ/ĐTN",
        place_date=place_and_date(introduction.date),
        title="NGHỊ QUYẾT",
        subtitle=["GIỚI THIỆU ĐOÀN VIÊN ƯU TÚ VÀO ĐẢNG"],
        body=body,
        recipients=[f"- {cell.name};", "- Lưu BCH Đoàn."],
        sign_title=["T/M BAN CHẤP HÀNH", "BÍ THƯ"],
        signer="",
        title_label=_("Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng"),
    )


def opinion_summary(person: Person) -> Document:
    """5-KNĐ: the cell committee's summary of the opinions of the mass organisations where the
    candidate studies and of the residence cell; the tallies are written in by hand."""
    steps = _steps(person)
    summary = _require(
        steps, StepKind.OPINION_SUMMARY, _("Chưa ghi bước tổng hợp ý kiến nhận xét.")
    )
    cell = _cell_of(summary, person)
    body = [
        _p(
            f"Thực hiện quy trình xét kết nạp đảng viên, chi ủy {cell.name} tổng hợp ý kiến nhận "
            f"xét đối với quần chúng {person.full_name} như sau:"
        ),
        *_person_lines(person),
        _p(
            "1. Ý kiến nhận xét của tổ chức đoàn thể chính trị - xã hội nơi người vào Đảng học "
            "tập, công tác:",
            "section",
        ),
        _p(
            f"Tổng số được hỏi ý kiến: {BLANK}; số tán thành: {BLANK}; số không tán thành: {BLANK}."
        ),
        _p("Ý kiến khác:"),
        *_fill(1),
        _p("2. Ý kiến nhận xét của chi ủy, chi bộ nơi cư trú:", "section"),
        *_fill(1),
        _p("3. Nhận xét chung của chi ủy:", "section"),
        *_fill(2),
    ]
    return _form(
        code="5-KNĐ",
        key="5-KND",
        name=person.full_name,
        heading=unit_heading(cell=cell),
        place_date=place_and_date(summary.date),
        title="TỔNG HỢP Ý KIẾN NHẬN XÉT",
        subtitle=[
            "CỦA TỔ CHỨC ĐOÀN THỂ VÀ CHI BỘ NƠI CƯ TRÚ",
            "ĐỐI VỚI NGƯỜI XIN VÀO ĐẢNG",
        ],
        body=body,
        recipients=["- Lưu hồ sơ người vào Đảng."],
        sign_title=["T/M CHI ỦY", "BÍ THƯ"],
        signer=documents._cell_secretary(cell),
        title_label=_("Tổng hợp ý kiến nhận xét"),
    )


def _committee_votes(step: AdmissionStep, battalion: Battalion) -> dict:
    """The grassroots committee's vote as the resolution states it: the figure recorded with
    the step, else the battalion's setting of the committee's size."""
    return documents.vote_figures(step, step.votes_eligible or battalion.committee_members)


def _committee_vote_lines(votes: dict, subject: str) -> list[dict]:
    return [
        _p(
            f"Tổng số cấp ủy viên: {votes['eligible']} đồng chí; có mặt: {votes['present']} "
            f"đồng chí; vắng mặt: {votes['absent']} đồng chí."
        ),
        _p(
            f"Số cấp ủy viên tán thành {subject}: {votes['in_favour']} đồng chí (đạt "
            f"{votes['in_favour_percent']} so với tổng số cấp ủy viên); số không tán thành: "
            f"{votes['against']} đồng chí."
        ),
    ]


def _decision_reference(step: AdmissionStep | None, by: str, form: str) -> str:
    if step is None:
        return f"số {BLANK} {official_date(None)} của {by} ({form})"
    number = step.document_number or BLANK
    return f"số {number} {official_date(step.date)} của {by} ({form})"


def committee_admission_resolution(person: Person) -> Document:
    """8-KNĐ: the grassroots party committee's resolution proposing the admission."""
    steps = _steps(person)
    vote = _require(
        steps, StepKind.COMMITTEE_VOTE, _("Đảng ủy cơ sở chưa xét đề nghị kết nạp người này.")
    )
    cell_vote = steps.get(StepKind.CELL_VOTE)
    cell = _cell_of(cell_vote, person)
    return _committee_resolution(
        person,
        vote,
        cell,
        code="8-KNĐ",
        key="8-KND",
        basis=f"Căn cứ nghị quyết {_decision_reference(cell_vote, cell.name, '6-KNĐ')} đề nghị "
        f"kết nạp quần chúng {person.full_name} vào Đảng;",
        subject=f"đề nghị kết nạp quần chúng {person.full_name} vào Đảng",
        person_section=[_p("I. NGƯỜI VÀO ĐẢNG", "section"), *_person_lines(person)],
        proposal=f"kết nạp quần chúng {person.full_name} vào Đảng Cộng sản Việt Nam",
        subtitle="VỀ VIỆC ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN",
        title_label=_("Nghị quyết của đảng ủy cơ sở đề nghị kết nạp đảng viên"),
    )


def _committee_resolution(
    person: Person,
    vote: AdmissionStep,
    cell: PartyCell,
    *,
    code: str,
    key: str,
    basis: str,
    subject: str,
    person_section: list[dict],
    proposal: str,
    subtitle: str,
    title_label: str,
) -> Document:
    """The grassroots committee's resolution (8-KNĐ at admission, 14-KNĐ at conversion): the
    cell's resolution it rests on, the meeting, the person, the committee's vote and what it
    proposes to the deciding committee."""
    battalion = cell.battalion
    signer_title, signer = battalion.committee_signer()
    body = [
        _p(BASIS, "basis"),
        _p(basis, "basis"),
        _p(
            f"{official_date(vote.date).capitalize()}, {battalion.committee_name} họp xét "
            f"{subject}."
        ),
        *person_section,
        _p("II. KẾT QUẢ BIỂU QUYẾT", "section"),
        *_committee_vote_lines(_committee_votes(vote, battalion), "việc " + subject),
        _p("QUYẾT NGHỊ:", "centre"),
        _p(f"Đề nghị {battalion.deciding_committee} xem xét, quyết định {proposal}."),
    ]
    return _form(
        code=code,
        key=key,
        name=person.full_name,
        heading=unit_heading(battalion=battalion),
        number=_number(vote, "NQ/ĐU"),
        place_date=place_and_date(vote.date),
        title="NGHỊ QUYẾT",
        subtitle=[subtitle],
        body=body,
        recipients=[f"- {battalion.deciding_committee};", f"- {cell.name};", "- Lưu."],
        sign_title=["T/M ĐẢNG ỦY", signer_title],
        signer=signer,
        title_label=title_label,
    )


def _deciding_heading(battalion: Battalion) -> dict:
    heading = unit_heading(battalion=battalion)
    return {"upper": heading["upper"], "lower": battalion.deciding_committee.upper()}


def admission_decision(person: Person) -> Document:
    """9-KNĐ, the draft decision admitting the person: number and date from the decision step
    once recorded, gaps before."""
    steps = _steps(person)
    cell_vote = _require(
        steps, StepKind.CELL_VOTE, _("Chi bộ chưa biểu quyết đề nghị kết nạp người này.")
    )
    decision = steps.get(StepKind.DECISION)
    cell = cell_vote.cell
    battalion = cell.battalion
    committee = steps.get(StepKind.COMMITTEE_VOTE)
    rules = get_rules()
    body = [
        _p("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", "basis"),
        _p(
            "Căn cứ các quy định, hướng dẫn thi hành Điều lệ Đảng về kết nạp đảng viên;",
            "basis",
        ),
        _p(
            f"Xét nghị quyết {_decision_reference(cell_vote, cell.name, '6-KNĐ')} và nghị quyết "
            f"{_decision_reference(committee, battalion.committee_name, '8-KNĐ')},",
            "basis",
        ),
        _p("QUYẾT ĐỊNH:", "centre"),
        _p(
            f"Điều 1. Kết nạp quần chúng {person.full_name}, sinh "
            f"{official_date(person.date_of_birth)}, quê quán "
            f"{person.hometown or BLANK}, đơn vị {documents.unit_of(person)}, vào Đảng Cộng sản "
            "Việt Nam."
        ),
        _p(
            f"Điều 2. Thời gian dự bị {rules.probation_months} tháng, kể từ ngày chi bộ tổ chức "
            "lễ kết nạp."
        ),
        _p(
            f"Điều 3. {cell.name} và đồng chí {person.full_name} chịu trách nhiệm thi hành "
            "Quyết định này."
        ),
    ]
    return _decision_form(
        person,
        decision,
        cell,
        code="9-KNĐ",
        key="9-KND",
        body=body,
        subtitle="KẾT NẠP ĐẢNG VIÊN",
        last_article=3,
        title_label=_("Quyết định kết nạp đảng viên"),
    )


def _decision_form(
    person: Person,
    decision: AdmissionStep | None,
    cell: PartyCell,
    *,
    code: str,
    key: str,
    body: list[dict],
    subtitle: str,
    last_article: int,
    title_label: str,
) -> Document:
    """The deciding committee's decision (9-KNĐ, 15-KNĐ): a draft until the decision step is
    recorded, then with its number and date; sent to the cell and to those its last article
    (`last_article`) charges. Signed by the deciding committee's signer (battalion setting)."""
    battalion = cell.battalion
    signer_title, signer = battalion.deciding_signer()
    return _form(
        code=code,
        key=key,
        name=person.full_name,
        heading=_deciding_heading(battalion),
        number=_number(decision, "QĐ/ĐU"),
        place_date=place_and_date(decision.date if decision else None),
        title="QUYẾT ĐỊNH",
        subtitle=[subtitle],
        body=body,
        recipients=[f"- {cell.name};", f"- Như Điều {last_article};", "- Lưu hồ sơ đảng viên."],
        sign_title=[battalion.deciding_on_behalf(), signer_title],
        signer=signer,
        title_label=title_label,
    )


def _admitted_line(person: Person, steps: dict, cell: PartyCell) -> str:
    decision = steps.get(StepKind.DECISION)
    by = documents.admitting_committee(person, decision, cell)
    return (
        f"Được kết nạp vào Đảng theo Quyết định {_decision_reference(decision, by, '9-KNĐ')}; "
        f"lễ kết nạp tổ chức {documents._step_date(steps, StepKind.CEREMONY)} tại {cell.name}."
    )


def self_review(person: Person) -> Document:
    """10-KNĐ, the probationary member's self-review: the header and the member's admission
    filled in, the review itself written by the member."""
    steps = _steps(person)
    ceremony = _require(steps, StepKind.CEREMONY, _("Người này chưa được kết nạp."))
    cell = person.cell or ceremony.cell
    body = [
        _p(
            f"Tôi là: {person.full_name}; sinh {official_date(person.date_of_birth)}; đơn vị: "
            f"{documents.unit_of(person)}."
        ),
        _p(_admitted_line(person, steps, cell)),
        _p(
            f"Đảng viên chính thức được phân công giúp đỡ: "
            f"{documents._mentor_name(person, AssignmentKind.MENTOR_NEW_MEMBER) or BLANK}."
        ),
        _p("Sau thời gian dự bị, tôi tự kiểm điểm việc thực hiện nhiệm vụ đảng viên như sau:"),
        _p(
            "1. Ưu điểm (nhận thức tư tưởng chính trị; phẩm chất đạo đức, lối sống; thực hiện "
            "chức trách, nhiệm vụ được giao; ý thức tổ chức kỷ luật; quan hệ quần chúng):",
            "section",
        ),
        *_fill(4),
        _p("2. Khuyết điểm và nguyên nhân:", "section"),
        *_fill(2),
        _p("3. Hướng khắc phục:", "section"),
        *_fill(2),
        _p(
            "Đối chiếu với tiêu chuẩn đảng viên, tôi đề nghị chi bộ xét, đề nghị cấp ủy cấp "
            "trên công nhận tôi là đảng viên chính thức."
        ),
    ]
    return _form(
        code="10-KNĐ",
        key="10-KND",
        name=person.full_name,
        heading=unit_heading(cell=cell),
        place_date=place_and_date(None),
        title="BẢN TỰ KIỂM ĐIỂM",
        subtitle=["CỦA ĐẢNG VIÊN DỰ BỊ"],
        addressee=f"Kính gửi: {cell.name}",
        body=body,
        sign_title=["NGƯỜI TỰ KIỂM ĐIỂM"],
        personal=True,
        sign_note="(Ký, ghi rõ họ tên)",
        signer=person.full_name,
        title_label=_("Bản tự kiểm điểm của đảng viên dự bị"),
    )


def helper_assessment(person: Person) -> Document:
    """11-KNĐ, the assigned official member's assessment of the probationary member: the header
    and both names filled in, the assessment written by the helper."""
    steps = _steps(person)
    ceremony = _require(steps, StepKind.CEREMONY, _("Người này chưa được kết nạp."))
    cell = person.cell or ceremony.cell
    mentor = documents._mentor_name(person, AssignmentKind.MENTOR_NEW_MEMBER)
    body = [
        _p(
            f"Tôi là: {mentor or BLANK}, đảng viên chính thức, sinh hoạt tại {cell.name}; được "
            f"chi bộ phân công giúp đỡ đảng viên dự bị {person.full_name}."
        ),
        _p(_admitted_line(person, steps, cell)),
        _p("Qua thời gian theo dõi, giúp đỡ, tôi báo cáo với chi bộ nhận xét như sau:"),
        _p("1. Ưu điểm:", "section"),
        *_fill(3),
        _p("2. Khuyết điểm:", "section"),
        *_fill(2),
        _p("3. Đề nghị:", "section"),
        _p(
            f"Đối chiếu với tiêu chuẩn đảng viên, tôi đề nghị chi bộ xét, đề nghị cấp ủy cấp "
            f"trên công nhận đồng chí {person.full_name} là đảng viên chính thức "
            f"({BLANK})."
        ),
    ]
    return _form(
        code="11-KNĐ",
        key="11-KND",
        name=person.full_name,
        heading=unit_heading(cell=cell),
        place_date=place_and_date(None),
        title="BẢN NHẬN XÉT",
        subtitle=["ĐẢNG VIÊN DỰ BỊ", "CỦA ĐẢNG VIÊN CHÍNH THỨC ĐƯỢC PHÂN CÔNG GIÚP ĐỠ"],
        addressee=f"Kính gửi: {cell.name}",
        body=body,
        sign_title=["NGƯỜI NHẬN XÉT"],
        personal=True,
        sign_note="(Ký, ghi rõ họ tên)",
        signer=mentor,
        title_label=_("Bản nhận xét đảng viên dự bị"),
    )


def _probation_end(steps: dict) -> datetime.date | None:
    ceremony = steps.get(StepKind.CEREMONY)
    return add_months(ceremony.date, get_rules().probation_months) if ceremony else None


def committee_conversion_resolution(person: Person) -> Document:
    """14-KNĐ: the grassroots party committee's resolution proposing official membership."""
    steps = _steps(person)
    vote = _require(
        steps,
        StepKind.CONVERSION_COMMITTEE,
        _("Đảng ủy cơ sở chưa xét đề nghị công nhận đảng viên chính thức."),
    )
    cell_vote = steps.get(StepKind.CONVERSION_VOTE)
    cell = _cell_of(cell_vote, person)
    end = official_date(_probation_end(steps))
    subject = f"đề nghị công nhận đồng chí {person.full_name} là đảng viên chính thức"
    return _committee_resolution(
        person,
        vote,
        cell,
        code="14-KNĐ",
        key="14-KND",
        basis=f"Căn cứ nghị quyết {_decision_reference(cell_vote, cell.name, '13-KNĐ')} {subject};",
        subject=subject,
        person_section=[
            _p("I. ĐẢNG VIÊN DỰ BỊ", "section"),
            *_person_lines(person),
            _p(_admitted_line(person, steps, cell)),
            _p(f"Thời hạn dự bị {get_rules().probation_months} tháng, hết {end}."),
        ],
        proposal=f"công nhận đồng chí {person.full_name} là đảng viên chính thức kể từ {end}",
        subtitle="VỀ VIỆC ĐỀ NGHỊ CÔNG NHẬN ĐẢNG VIÊN CHÍNH THỨC",
        title_label=_("Nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức"),
    )


def conversion_decision(person: Person) -> Document:
    """15-KNĐ, the decision recognising official membership: a draft from the cell's vote on,
    with the decision's number and date once recorded. Official status dates from the exact
    end of probation even when the vote was late."""
    steps = _steps(person)
    cell_vote = _require(
        steps,
        StepKind.CONVERSION_VOTE,
        _("Chi bộ chưa biểu quyết đề nghị công nhận đảng viên này."),
    )
    decision = steps.get(StepKind.CONVERSION_DECISION)
    committee = steps.get(StepKind.CONVERSION_COMMITTEE)
    cell = cell_vote.cell
    battalion = cell.battalion
    admitted = steps.get(StepKind.DECISION)
    body = [
        _p("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", "basis"),
        _p(
            "Căn cứ các quy định, hướng dẫn thi hành Điều lệ Đảng về công nhận đảng viên chính "
            "thức;",
            "basis",
        ),
        _p(
            f"Xét nghị quyết {_decision_reference(cell_vote, cell.name, '13-KNĐ')} và nghị "
            f"quyết {_decision_reference(committee, battalion.committee_name, '14-KNĐ')},",
            "basis",
        ),
        _p("QUYẾT ĐỊNH:", "centre"),
        _p(
            f"Điều 1. Công nhận đồng chí {person.full_name}, sinh "
            f"{official_date(person.date_of_birth)}, đơn vị {documents.unit_of(person)}, kết "
            f"nạp vào Đảng {official_date(admitted.date if admitted else None)}, là đảng viên "
            f"chính thức kể từ {official_date(_probation_end(steps))}."
        ),
        _p(
            f"Điều 2. {cell.name} và đồng chí {person.full_name} chịu trách nhiệm thi hành "
            "Quyết định này."
        ),
    ]
    return _decision_form(
        person,
        decision,
        cell,
        code="15-KNĐ",
        key="15-KND",
        body=body,
        subtitle="CÔNG NHẬN ĐẢNG VIÊN CHÍNH THỨC",
        last_article=2,
        title_label=_("Quyết định công nhận đảng viên chính thức"),
    )


@dataclass(frozen=True)
class GeneratedForm:
    """One generated document of a person's file: `key` names it in URLs and in the zip."""

    code: str
    key: str
    document: Document


def _one(key: str, build: Callable[[Person], Document]) -> Callable[[Person], list[tuple]]:
    return lambda person: [(key, build(person))]


# Form code -> the documents the app writes for it (3-KNĐ: one per introducer).
GENERATORS: dict[str, Callable[[Person], list[tuple[str, Document]]]] = {
    "3-KNĐ": lambda person: [
        (f"3-KND-{index}", letter)
        for index, letter in enumerate(introduction_letters(person), start=1)
    ],
    "4-KNĐ": _one("4-KND", youth_union_resolution),
    "5-KNĐ": _one("5-KND", opinion_summary),
    "6-KNĐ": _one("6-KND", documents.admission_resolution),
    "8-KNĐ": _one("8-KND", committee_admission_resolution),
    "9-KNĐ": _one("9-KND", admission_decision),
    "10-KNĐ": _one("10-KND", self_review),
    "11-KNĐ": _one("11-KND", helper_assessment),
    "13-KNĐ": _one("13-KND", documents.conversion_resolution),
    "14-KNĐ": _one("14-KND", committee_conversion_resolution),
    "15-KNĐ": _one("15-KND", conversion_decision),
}


def generated_forms(person: Person, code: str) -> list[GeneratedForm]:
    """The documents the app writes for `code` from the person's records; none when the
    records do not hold what it needs yet, or when the app does not write that form."""
    build = GENERATORS.get(code)
    if build is None:
        return []
    try:
        return [GeneratedForm(code, key, document) for key, document in build(person)]
    except DocumentUnavailable:
        return []


def not_generated_reason(person: Person, code: str) -> str:
    """Why `generated_forms` gives nothing for `code`: the app does not write that form, or
    what the records still lack (so the file page does not say the app never writes 9-KNĐ)."""
    build = GENERATORS.get(code)
    if build is None:
        return str(_("Ứng dụng không lập mẫu này"))
    try:
        build(person)
    except DocumentUnavailable as error:
        return str(error)
    return ""


def person_form(person: Person, key: str) -> Document:
    """The generated document named `key` ('3-KND-2', '9-KND'); DocumentUnavailable if none."""
    for code in GENERATORS:
        for form in generated_forms(person, code):
            if form.key == key:
                return form.document
    raise DocumentUnavailable(_("Không có văn bản này trong hồ sơ."))
