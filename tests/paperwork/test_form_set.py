"""The form set of Hướng dẫn 12-HD/BTCTW (issue 15 item 4): each form generated for a member
whose whole procedure is on record, opened with python-docx and read back."""

import datetime
import re

import pytest
from django.urls import reverse

from members.choices import AssignmentKind, StepKind
from members.models import Assignment, Person
from members.services import step_record
from paperwork import knd
from paperwork.documents import DocumentUnavailable
from paperwork.rendering import render_docx
from tests.factories import PersonFactory, advance, make_official_member

from .helpers import docx_text

D = datetime.date
# Every official date in a document: a day with two digits, months 1 and 2 with a leading zero.
OFFICIAL_DATE = re.compile(r"ngày (\d{2}) tháng (0[12]|[3-9]|1[012]) năm (\d{4})")
ANY_DATE = re.compile(r"ngày (\S+) tháng (\S+) năm (\S+)")
GENERATED = ["3-KND-1", "3-KND-2", "5-KND", "6-KND", "8-KND", "9-KND", "10-KND", "11-KND"]
GENERATED += ["13-KND", "14-KND", "15-KND"]
PERSONAL = ["3-KND-1", "3-KND-2", "10-KND", "11-KND"]


@pytest.fixture
def member(battalion, cell_a, secretary_a):
    """An official member of cell A: introduced by two members (no Youth Union), every step
    on record, with the document numbers the cell and the committees gave."""
    battalion.committee_name = "Đảng ủy Tiểu đoàn 1"
    battalion.deciding_committee_name = "Đảng ủy Học viện"
    battalion.save()
    secretary_a.last_name, secretary_a.first_name = "Lê Văn", "Hùng"
    secretary_a.save()
    person = PersonFactory(
        cell=cell_a,
        full_name="Trần Văn Đức",
        hometown="Kim Bảng, Hà Nam",
        class_name="CNTT2",
        cohort="K52",
        date_of_birth=D(1990, 5, 10),
        youth_union_date=None,
    )
    advance(person, StepKind.CONVERSION_DECISION, start=D(2018, 1, 10))
    numbers = {
        StepKind.CELL_VOTE: "05-NQ/CB",
        StepKind.COMMITTEE_VOTE: "12-NQ/ĐU",
        StepKind.DECISION: "115-QĐ/ĐU",
        StepKind.CONVERSION_VOTE: "07-NQ/CB",
        StepKind.CONVERSION_COMMITTEE: "31-NQ/ĐU",
        StepKind.CONVERSION_DECISION: "140-QĐ/ĐU",
    }
    for kind, number in numbers.items():
        person.steps.filter(kind=kind).update(document_number=number)
    mentor = make_official_member(cell_a, full_name="Đỗ Văn Giúp")
    ceremony = person.steps.get(kind=StepKind.CEREMONY).date
    Assignment.objects.create(
        kind=AssignmentKind.MENTOR_NEW_MEMBER, mentor=mentor, mentee=person, start_date=ceremony
    )
    return Person.objects.get(pk=person.pk)


def _text(person, key: str) -> str:
    return docx_text(render_docx(knd.person_form(person, key)))


def _step(person, kind):
    return person.steps.get(kind=kind)


@pytest.mark.parametrize("key", GENERATED)
def test_every_form_is_filled_and_dated_the_official_way(member, key):
    text = _text(member, key)
    for leftover in ("{{", "{%", "}}", "None"):
        assert leftover not in text, key
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    if key not in PERSONAL:
        assert "ĐẢNG BỘ" in text  # the party organisation heads the left column
    assert "Trần Văn Đức" in text
    for day, month, year in ANY_DATE.findall(text):
        blank = day.startswith("…")
        assert blank or OFFICIAL_DATE.search(f"ngày {day} tháng {month} năm {year}"), key


@pytest.mark.parametrize("key", ["8-KND", "14-KND"])
def test_the_grassroots_committees_resolutions_are_issued_by_the_battalions_committee(member, key):
    kind = {"8-KND": StepKind.COMMITTEE_VOTE, "14-KND": StepKind.CONVERSION_COMMITTEE}[key]
    step = _step(member, kind)
    text = _text(member, key)
    assert "ĐẢNG BỘ" in text
    assert "ĐẢNG ỦY TIỂU ĐOÀN 1" in text
    assert f"Số {step.document_number}" in text
    assert f"Hà Nội, {knd.official_date(step.date)}" in text
    assert "Tổng số cấp ủy viên: 9 đồng chí; có mặt: 9 đồng chí; vắng mặt: 0 đồng chí." in text
    assert "9 đồng chí (đạt 100% so với tổng số cấp ủy viên)" in text
    assert "Đề nghị Đảng ủy Học viện xem xét, quyết định" in text
    assert "- Đảng ủy Học viện;" in text


def test_the_admission_decision_is_issued_by_the_deciding_committee(member):
    decision = _step(member, StepKind.DECISION)
    cell_vote = _step(member, StepKind.CELL_VOTE)
    text = _text(member, "9-KND")
    assert "ĐẢNG ỦY HỌC VIỆN" in text
    assert "Số 115-QĐ/ĐU" in text
    assert f"Hà Nội, {knd.official_date(decision.date)}" in text
    assert f"nghị quyết số 05-NQ/CB {knd.official_date(cell_vote.date)} của Chi bộ A" in text
    assert "Điều 1. Kết nạp quần chúng Trần Văn Đức, sinh ngày 10 tháng 5 năm 1990" in text
    assert "Điều 2. Thời gian dự bị 12 tháng" in text


def test_a_decision_not_yet_taken_is_a_draft_with_gaps(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.COMMITTEE_VOTE)
    text = _text(person, "9-KND")
    assert "Số ……………-QĐ/ĐU" in text
    assert "Hà Nội, ngày …………… tháng …………… năm ……………" in text


def test_official_membership_dates_from_the_end_of_probation(member):
    ceremony = _step(member, StepKind.CEREMONY).date
    end = knd.official_date(knd.add_months(ceremony, 12))
    text = _text(member, "15-KND")
    assert "CÔNG NHẬN ĐẢNG VIÊN CHÍNH THỨC" in text
    assert "Số 140-QĐ/ĐU" in text
    assert f"là đảng viên chính thức kể từ {end}." in text
    assert "nghị quyết số 31-NQ/ĐU" in text
    assert "(14-KNĐ)" in text
    assert f"kể từ {end}." in _text(member, "14-KND")


def test_each_introducer_writes_a_letter(member):
    introducers = list(_step(member, StepKind.INTRODUCTION).introducers.order_by("sort_name"))
    letters = knd.generated_forms(member, "3-KNĐ")
    assert [letter.key for letter in letters] == ["3-KND-1", "3-KND-2"]
    for letter, introducer in zip(letters, introducers, strict=True):
        text = docx_text(render_docx(letter.document))
        assert "GIẤY GIỚI THIỆU\nNGƯỜI VÀO ĐẢNG" in text
        assert "Kính gửi: Chi bộ A" in text
        assert f"Tôi là: {introducer.full_name}; sinh ngày 03 tháng 3 năm 1980" in text
        assert "Vào Đảng ngày 11 tháng 12 năm 2008; chính thức ngày 21 tháng 12 năm 2009." in text
        assert "NGƯỜI GIỚI THIỆU\n(Ký, ghi rõ họ tên)" in text
        assert text.rstrip().endswith(introducer.full_name)


def test_the_youth_union_resolution_is_only_for_the_youth_union_route(member, cell_a):
    assert knd.generated_forms(member, "4-KNĐ") == []
    youth = advance(
        PersonFactory(cell=cell_a, youth_union_date=D(2014, 3, 26)), StepKind.INTRODUCTION
    )
    assert _step(youth, StepKind.INTRODUCTION).by_youth_union
    text = _text(youth, "4-KND")
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in text
    assert "BCH ĐOÀN CƠ SỞ TIỂU ĐOÀN 1" in text
    assert "GIỚI THIỆU ĐOÀN VIÊN ƯU TÚ VÀO ĐẢNG" in text
    assert "Ngày vào Đoàn TNCS Hồ Chí Minh: ngày 26 tháng 3 năm 2014." in text
    assert [form.key for form in knd.generated_forms(youth, "3-KNĐ")] == ["3-KND-1"]


def test_the_opinion_summary_is_signed_by_the_cell_secretary(member):
    text = _text(member, "5-KND")
    assert "TỔNG HỢP Ý KIẾN NHẬN XÉT" in text
    assert "CHI BỘ A" in text
    assert "T/M CHI ỦY\nBÍ THƯ" in text
    assert text.rstrip().endswith("Lê Văn Hùng")


def test_the_self_review_and_the_helpers_assessment_are_headers_to_complete(member):
    review = _text(member, "10-KND")
    assert "BẢN TỰ KIỂM ĐIỂM\nCỦA ĐẢNG VIÊN DỰ BỊ" in review
    assert "Tôi là: Trần Văn Đức; sinh ngày 10 tháng 5 năm 1990" in review
    assert "theo Quyết định số 115-QĐ/ĐU" in review
    assert "Đảng viên chính thức được phân công giúp đỡ: Đỗ Văn Giúp." in review
    assert knd.FILL_LINE in review
    assert "Hà Nội, ngày …………… tháng …………… năm ……………" in review
    assessment = _text(member, "11-KND")
    assert "Tôi là: Đỗ Văn Giúp, đảng viên chính thức, sinh hoạt tại Chi bộ A" in assessment
    assert assessment.rstrip().endswith("Đỗ Văn Giúp")
    assert knd.FILL_LINE in assessment


def test_a_form_the_records_cannot_fill_yet_does_not_exist(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.OPINION_SUMMARY)
    for key in ("6-KND", "8-KND", "9-KND", "10-KND", "14-KND", "15-KND", "nonsense"):
        with pytest.raises(DocumentUnavailable):
            knd.person_form(person, key)


def test_names_with_markup_stay_text(cell_a):
    person = advance(PersonFactory(cell=cell_a, full_name="Lê <b>& Co"), StepKind.CEREMONY)
    assert "Lê <b>& Co" in _text(person, "10-KND")


def test_the_form_pages_and_downloads_are_scoped(client, member, secretary_a, secretary_b):
    client.force_login(secretary_a)
    page = client.get(reverse("dossier:form", args=[member.pk, "8-KND"]))
    assert page.status_code == 200
    assert "ĐẢNG ỦY TIỂU ĐOÀN 1" in page.content.decode()
    download = client.get(reverse("dossier:form_docx", args=[member.pk, "3-KND-2"]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("dossier:form", args=[member.pk, "3-KND-3"])).status_code == 404
    client.force_login(secretary_b)
    assert client.get(reverse("dossier:form", args=[member.pk, "8-KND"])).status_code == 404


def test_a_step_recorded_later_fills_the_form(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.CELL_VOTE)
    with pytest.raises(DocumentUnavailable):
        knd.person_form(person, "8-KND")
    vote = person.steps.get(kind=StepKind.CELL_VOTE)
    step_record(
        person=person,
        kind=StepKind.COMMITTEE_VOTE,
        date=vote.date,
        votes_eligible=9,
        votes_present=8,
        votes_for=8,
        votes_against=0,
    )
    text = _text(person, "8-KND")
    assert "có mặt: 8 đồng chí; vắng mặt: 1 đồng chí." in text
    assert "(đạt 88,9% so với tổng số cấp ủy viên)" in text


# --- a member transferred in: the committee that admitted them (issue 15, bug) ------------


def _arrived_and_voted(cell, **arrival):
    """A probationary member who arrived from Trung đoàn 88 and whose conversion the cell voted."""
    from members.transfers import transfer_in
    from tests.factories import votes_on_record

    make_official_member(cell)
    details = {
        "introduced_on": D(2018, 5, 2),
        "arrived_on": D(2018, 5, 10),
        "outside_unit": "Trung đoàn 88",
        "outside_committee": "Đảng ủy Trung đoàn 88",
        "admitted_on": D(2018, 1, 5),
        "admission_number": "112-QĐ/ĐU",
        "ceremony_on": D(2018, 1, 20),
        "code": "CD-0099",
        "full_name": "Phạm Văn Đến",
        "date_of_birth": D(1996, 2, 2),
        "gender": "nam",
        "kind": "cadre",
    }
    person = transfer_in(cell=cell, **details | arrival).person
    step_record(person=person, kind=StepKind.NEW_MEMBER_COURSE, date=D(2018, 9, 1))
    vote_on = D(2019, 1, 22)
    step_record(
        person=person,
        kind=StepKind.CONVERSION_VOTE,
        date=vote_on,
        **votes_on_record(cell, vote_on),
    )
    return Person.objects.get(pk=person.pk)


@pytest.mark.parametrize("key", ["10-KND", "11-KND", "13-KND"])
def test_a_member_transferred_in_is_cited_as_admitted_by_the_committee_they_came_from(
    battalion, cell_a, key
):
    battalion.deciding_committee_name = "Đảng ủy Học viện"
    battalion.save()
    person = _arrived_and_voted(cell_a)
    text = (
        _text(person, key)
        if key != "13-KND"
        else docx_text(render_docx(knd.documents.conversion_resolution(person)))
    )
    assert "112-QĐ/ĐU" in text
    assert "Đảng ủy Trung đoàn 88" in text
    assert "Đảng ủy Học viện" not in text


def test_the_admitting_committee_recorded_at_arrival_is_the_one_cited(battalion, cell_a):
    person = _arrived_and_voted(cell_a, admitted_by="Đảng ủy Sư đoàn 312")
    text = docx_text(render_docx(knd.documents.conversion_resolution(person)))
    assert "112-QĐ/ĐU" in text
    assert "của Đảng ủy Sư đoàn 312" in text
    assert "Trung đoàn 88 (9-KNĐ)" not in text


def test_a_member_admitted_here_is_cited_as_admitted_by_the_deciding_committee(member):
    text = docx_text(render_docx(knd.documents.conversion_resolution(member)))
    assert "115-QĐ/ĐU" in text
    assert "Đảng ủy Học viện" in text


# --- the letterhead of the personal papers (issue 15, checked against 12-HD/BTCTW) --------


@pytest.mark.parametrize("key", ["3-KND-1", "10-KND", "11-KND"])
def test_a_members_own_paper_opens_with_the_partys_name_alone(member, key):
    """3-KNĐ (and by the same layout 10-, 11-KNĐ) are written by a member, not issued by an
    organisation: 'ĐẢNG CỘNG SẢN VIỆT NAM' heads the page, with no party organisation on the
    left and no number; the place and date follow it."""
    document = knd.person_form(member, key)
    assert document.context["personal"] is True
    text = _text(member, key)
    assert text.lstrip().split("\n")[1].strip() == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert "ĐẢNG BỘ" not in text
    assert "Số " not in text.split("Kính gửi")[0]
    assert "Kính gửi: Chi bộ A" in text


@pytest.mark.parametrize("key", ["5-KND", "8-KND", "9-KND", "14-KND", "15-KND"])
def test_an_organisations_paper_keeps_its_heading_and_number(member, key):
    document = knd.person_form(member, key)
    assert not document.context["personal"]
    text = _text(member, key)
    assert "ĐẢNG BỘ" in text
    if key != "5-KND":
        assert "Số " in text


def test_the_print_page_of_a_personal_paper_has_no_organisation_column(client_for, clerk, member):
    url = reverse("dossier:form", args=[member.pk, "3-KND-1"])
    page = client_for(clerk).get(url).content.decode()
    assert "paper-heading" not in page
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page
