"""Each document is generated, opened with python-docx, and its filled values read back."""

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as Docx

from members.choices import AssignmentKind, PartyStatus, StepKind, StudyStatus
from members.models import Assignment
from members.services import step_record
from paperwork import build_templates, documents
from paperwork.documents import DocumentUnavailable
from paperwork.rendering import TEMPLATE_DIR, render_docx
from tests.factories import (
    UNFIT,
    PartyCellFactory,
    PersonFactory,
    advance,
    make_official_member,
)

from .helpers import VOTE_WITH_REASON, docx_table_rows, docx_text

VOTE = VOTE_WITH_REASON


@pytest.fixture
def voted_candidate(cell_a, secretary_a):
    """Nguyễn Thị Hoài, voted on by cell A on 05/09/2017 under resolution 05-NQ/CB."""
    secretary_a.last_name, secretary_a.first_name = "Lê Văn", "Hùng"
    secretary_a.save()
    helper = make_official_member(cell_a, full_name="Đỗ Văn Giúp")
    person = PersonFactory(
        cell=cell_a,
        full_name="Nguyễn Thị Hoài",
        hometown="Kim Bảng, Hà Nam",
        class_name="CNTT2",
        cohort="K52",
        enrolment_date=datetime.date(2015, 9, 1),
        youth_union_date=datetime.date(2013, 3, 26),
    )
    step_record(person=person, kind=StepKind.LISTED, date=datetime.date(2017, 2, 6), helper=helper)
    advance(person, StepKind.INTRODUCTION, start=datetime.date(2017, 3, 1))
    step_record(person=person, kind=StepKind.OPINION_SUMMARY, date=datetime.date(2017, 8, 21))
    step_record(
        person=person,
        kind=StepKind.CELL_VOTE,
        date=datetime.date(2017, 9, 5),
        document_number="05-NQ/CB",
        **VOTE,
    )
    person.refresh_from_db()
    return person


def test_admission_resolution_names_the_candidate_and_the_cell(voted_candidate):
    text = docx_text(render_docx(documents.admission_resolution(voted_candidate)))
    assert "ĐẢNG BỘ TIỂU ĐOÀN 1" in text
    assert "CHI BỘ A" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số 05-NQ/CB" in text
    assert "Hà Nội, ngày 05 tháng 9 năm 2017" in text
    assert "NGHỊ QUYẾT\nĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN" in text
    assert "Ngày 05 tháng 9 năm 2017, Chi bộ A họp xét đề nghị kết nạp quần chúng" in text
    assert "Họ và tên: Nguyễn Thị Hoài; giới tính: Nam." in text
    assert "Sinh ngày 10 tháng 5 năm 1998; quê quán: Kim Bảng, Hà Nam." in text
    assert "đơn vị: lớp CNTT2, khóa K52" in text
    assert "Ngày vào Đoàn TNCS Hồ Chí Minh: ngày 26 tháng 3 năm 2013." in text


def test_admission_resolution_names_the_youth_union_and_the_helper(voted_candidate):
    # A Youth Union member in youth age: the Youth Union and one member introduced her.
    introduction = voted_candidate.steps.get(kind=StepKind.INTRODUCTION)
    (introducer,) = introduction.introducers.all()
    text = docx_text(render_docx(documents.admission_resolution(voted_candidate)))
    assert "Ban Chấp hành Đoàn cơ sở giới thiệu (mẫu 4-KNĐ)" in text
    assert f"- Đồng chí {introducer.full_name}, đảng viên chính thức;" in text
    assert "Đảng viên được phân công giúp đỡ: Đỗ Văn Giúp." in text


def test_admission_resolution_gives_the_vote_counts_and_shares(voted_candidate):
    text = docx_text(render_docx(documents.admission_resolution(voted_candidate)))
    assert "Số đảng viên chính thức của chi bộ: 9 đồng chí; có mặt: 8 đồng chí; vắng mặt: 1" in text
    assert (
        "tán thành việc kết nạp quần chúng Nguyễn Thị Hoài vào Đảng: 7 đồng chí "
        "(đạt 77,8% so với tổng số đảng viên chính thức của chi bộ); "
        "số không tán thành: 1 đồng chí (chiếm 11,1%)." in text
    )


def test_admission_resolution_concludes_and_is_signed_by_the_cell_secretary(voted_candidate):
    text = docx_text(render_docx(documents.admission_resolution(voted_candidate)))
    assert (
        "Chi bộ đề nghị Đảng ủy Tiểu đoàn 1 xem xét, kết nạp quần chúng Nguyễn Thị Hoài vào "
        "Đảng Cộng sản Việt Nam." in text
    )
    assert "T/M CHI BỘ\nBÍ THƯ" in text
    assert "Lê Văn Hùng" in text
    assert "- Đảng ủy Tiểu đoàn 1;\n- Lưu chi bộ." in text


def test_admission_resolution_is_not_available_before_the_cell_vote(cadets, cell_a):
    person = cadets.at(cell_a, StepKind.OPINION_SUMMARY, datetime.date(2017, 8, 21))
    with pytest.raises(DocumentUnavailable):
        documents.admission_resolution(person)


def test_admission_resolution_lists_two_introducing_members(cadets, cell_a):
    person = cadets.at(cell_a, StepKind.CELL_VOTE, datetime.date(2017, 7, 20))
    introduction = person.steps.get(kind=StepKind.INTRODUCTION)
    names = sorted(member.full_name for member in introduction.introducers.all())
    text = docx_text(render_docx(documents.admission_resolution(person)))
    assert "Đảng viên chính thức giới thiệu (mẫu 3-KNĐ):" in text
    assert len(names) == 2
    for name in names:
        assert f"- Đồng chí {name}, đảng viên chính thức;" in text


def test_a_number_left_blank_is_a_gap_to_fill_in_by_hand(cadets, cell_a):
    person = cadets.at(cell_a, StepKind.CELL_VOTE, datetime.date(2017, 9, 5))
    text = docx_text(render_docx(documents.admission_resolution(person)))
    assert "Số ……………-NQ/CB" in text


def test_names_with_markup_characters_stay_text(cadets, cell_a):
    person = cadets.at(cell_a, StepKind.CELL_VOTE, datetime.date(2017, 9, 5))
    person.full_name = "Trần <Văn> & An"
    person.save()
    text = docx_text(render_docx(documents.admission_resolution(person)))
    assert "Họ và tên: Trần <Văn> & An;" in text


@pytest.fixture
def voted_for_conversion(cadets, cell_a):
    """Phạm Quang Dũng: decision 125-QĐ/ĐU on 05/01/2018, ceremony 15/01/2018, conversion
    voted on 21/01/2019 under 02-NQ/CB."""
    mentor = make_official_member(cell_a, full_name="Hoàng Văn Kèm")
    person = cadets.at(
        cell_a, StepKind.COMMITTEE_VOTE, datetime.date(2017, 11, 20), full_name="Phạm Quang Dũng"
    )
    step_record(
        person=person,
        kind=StepKind.DECISION,
        date=datetime.date(2018, 1, 5),
        document_number="125-QĐ/ĐU",
    )
    step_record(
        person=person, kind=StepKind.CEREMONY, date=datetime.date(2018, 1, 15), helper=mentor
    )
    step_record(
        person=person,
        kind=StepKind.NEW_MEMBER_COURSE,
        date=datetime.date(2018, 4, 10),
        document_number="37/GCN-TTCT",
    )
    step_record(
        person=person,
        kind=StepKind.CONVERSION_VOTE,
        date=datetime.date(2019, 1, 21),
        document_number="02-NQ/CB",
        votes_eligible=10,
        votes_present=10,
        votes_for=10,
        votes_against=0,
        votes_eligible_reason="Đảng viên chuyển sinh hoạt tạm thời đến",
    )
    person.refresh_from_db()
    return person


def test_conversion_resolution_gives_the_decision_ceremony_and_end_of_probation(
    voted_for_conversion,
):
    text = docx_text(render_docx(documents.conversion_resolution(voted_for_conversion)))
    assert "NGHỊ QUYẾT\nĐỀ NGHỊ CÔNG NHẬN ĐẢNG VIÊN CHÍNH THỨC" in text
    assert "Số 02-NQ/CB" in text
    assert "Hà Nội, ngày 21 tháng 01 năm 2019" in text
    assert "cho đảng viên dự bị Phạm Quang Dũng." in text
    assert (
        "Được kết nạp vào Đảng theo Quyết định số 125-QĐ/ĐU ngày 05 tháng 01 năm 2018 của "
        "Đảng ủy Tiểu đoàn 1; lễ kết nạp tổ chức ngày 15 tháng 01 năm 2018." in text
    )
    assert "Thời hạn dự bị 12 tháng, hết ngày 15 tháng 01 năm 2019." in text
    assert "Đảng viên chính thức được phân công giúp đỡ: Hoàng Văn Kèm." in text


def test_conversion_resolution_gives_the_vote_and_the_date_official_status_starts(
    voted_for_conversion,
):
    text = docx_text(render_docx(documents.conversion_resolution(voted_for_conversion)))
    assert "Số đảng viên chính thức của chi bộ: 10 đồng chí; có mặt: 10 đồng chí" in text
    assert ": 10 đồng chí (đạt 100% so với" in text
    assert "số không tán thành: 0 đồng chí (chiếm 0%)." in text
    assert (
        "quyết định công nhận đồng chí Phạm Quang Dũng là đảng viên chính thức kể từ ngày 15 "
        "tháng 01 năm 2019." in text
    )


def test_conversion_resolution_is_not_available_before_the_conversion_vote(cadets, cell_a):
    person = cadets.at(cell_a, StepKind.CEREMONY, datetime.date(2018, 1, 15))
    with pytest.raises(DocumentUnavailable):
        documents.conversion_resolution(person)


def test_candidate_list_holds_the_cells_candidates_in_vietnamese_name_order(
    cadets, cell_a, cell_b, django_assert_max_num_queries
):
    helper = make_official_member(cell_a, full_name="Đỗ Văn Giúp")
    hoai = PersonFactory(cell=cell_a, full_name="Nguyễn Thị Hoài", class_name="CNTT2")
    step_record(person=hoai, kind=StepKind.LISTED, date=datetime.date(2017, 2, 6), helper=helper)
    an = cadets.at(cell_a, StepKind.CELL_VOTE, datetime.date(2017, 9, 5), full_name="Trần Văn An")
    cadets.at(cell_a, StepKind.CEREMONY, datetime.date(2017, 5, 2), full_name="Lê Dự Bị")
    cadets.at(cell_b, StepKind.LISTED, datetime.date(2017, 2, 6), full_name="Vũ Chi Bộ Khác")
    left = cadets.at(cell_a, StepKind.LISTED, datetime.date(2017, 2, 6), full_name="Hà Đã Về")
    left.study_status = StudyStatus.GRADUATED
    left.save()
    with django_assert_max_num_queries(4):
        document = documents.candidate_list(cell_a, today=datetime.date(2017, 9, 6))
    content = render_docx(document)
    text = docx_text(content)
    assert "DANH SÁCH QUẦN CHÚNG ƯU TÚ" in text
    assert "Chi bộ A, tính đến ngày 06 tháng 9 năm 2017" in text
    assert "Tổng số: 2 quần chúng ưu tú." in text
    rows = docx_table_rows(content, 1)
    assert rows[0][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    assert [row[1] for row in rows[1:]] == ["Trần Văn An", "Nguyễn Thị Hoài"]
    assert rows[1][6] == "Chi bộ xét, đề nghị kết nạp (05/09/2017)"
    assert rows[1][7] == f"Đảng ủy cơ sở xét, đề nghị kết nạp, hạn {an.next_due_date:%d/%m/%Y}"
    assert rows[2][3] == "lớp CNTT2, khóa K50"
    assert rows[2][4] == "06/02/2017"
    assert rows[2][8] == "Đỗ Văn Giúp"


@pytest.fixture
def probation_ending_september_2017(cadets, cell_a, cell_c):
    """Ceremonies in September 2016 (two in cell A, one voted on already; one in cell C) and
    one in October 2016."""
    mentor = make_official_member(cell_a, full_name="Hoàng Văn Kèm")
    late = cadets.at(cell_a, StepKind.DECISION, datetime.date(2016, 9, 1), full_name="Lê Văn Sau")
    step_record(person=late, kind=StepKind.CEREMONY, date=datetime.date(2016, 9, 20), helper=mentor)
    decision = late.steps.get(kind=StepKind.DECISION)
    decision.document_number = "88-QĐ/ĐU"
    decision.save()
    voted = cadets.at(
        cell_a, StepKind.CONVERSION_VOTE, datetime.date(2017, 9, 6), full_name="Mai Văn Trước"
    )
    cadets.at(cell_c, StepKind.CEREMONY, datetime.date(2016, 9, 12), full_name="Đinh Văn Xa")
    cadets.at(cell_a, StepKind.CEREMONY, datetime.date(2016, 10, 3), full_name="Lý Văn Muộn")
    return late, voted


def test_conversion_list_holds_the_probations_ending_in_the_month_in_scope(
    clerk, probation_ending_september_2017
):
    document = documents.conversion_list(
        clerk, year=2017, month=9, today=datetime.date(2017, 8, 25)
    )
    content = render_docx(document)
    text = docx_text(content)
    assert "DANH SÁCH ĐẢNG VIÊN DỰ BỊ HẾT THỜI HẠN DỰ BỊ" in text
    assert "Tháng 9 năm 2017, Tiểu đoàn 1" in text
    assert "ĐẢNG ỦY TIỂU ĐOÀN 1" in text
    assert "Tổng số: 2 đồng chí." in text
    rows = docx_table_rows(content, 1)
    assert [row[1] for row in rows[1:]] == ["Mai Văn Trước", "Lê Văn Sau"]
    later = rows[2]
    assert later[4] == "88-QĐ/ĐU (01/09/2016)"
    assert later[5:8] == ["20/09/2016", "20/09/2017", "01/11/2017"]
    assert later[8] == "Hoàng Văn Kèm"
    assert rows[1][9] == "Chi bộ đã xét ngày 06/09/2017"


def test_conversion_list_of_one_cell_is_headed_by_the_cell(
    secretary_a, cell_a, probation_ending_september_2017
):
    document = documents.conversion_list(
        secretary_a, year=2017, month=9, cell=cell_a, today=datetime.date(2017, 8, 25)
    )
    text = docx_text(render_docx(document))
    assert "CHI BỘ A" in text
    assert "Đinh Văn Xa" not in text


def test_conversion_list_of_another_month_leaves_them_out(clerk, probation_ending_september_2017):
    document = documents.conversion_list(
        clerk, year=2017, month=10, today=datetime.date(2017, 8, 25)
    )
    assert [row["name"] for row in document.context["rows"]] == ["Lý Văn Muộn"]
    assert "Tháng 10 năm 2017" in docx_text(render_docx(document))


def test_conversion_list_leaves_out_the_struck_off(cadets, clerk, cell_a):
    person = cadets.at(cell_a, StepKind.CEREMONY, datetime.date(2016, 9, 12))
    step_record(
        person=person,
        kind=StepKind.STRUCK_OFF,
        date=datetime.date(2017, 3, 1),
        **UNFIT,
    )
    person.refresh_from_db()
    assert person.party_status == PartyStatus.STRUCK_OFF
    document = documents.conversion_list(clerk, year=2017, month=9, today=datetime.date(2017, 9, 1))
    assert document.context["rows"] == []


def test_documents_are_named_in_ascii_for_older_word_installations(voted_candidate):
    assert documents.admission_resolution(voted_candidate).filename == "6-KND_nguyen-thi-hoai.docx"


def test_helper_assignment_read_is_the_candidates_own(voted_candidate, cell_a):
    other = PersonFactory(cell=cell_a)
    Assignment.objects.create(
        kind=AssignmentKind.HELP_CANDIDATE,
        mentor=make_official_member(cell_a, full_name="Người Khác"),
        mentee=other,
        start_date=datetime.date(2017, 2, 6),
    )
    assert documents.admission_resolution(voted_candidate).context["helper"] == "Đỗ Văn Giúp"


def test_committed_templates_match_the_build_script(tmp_path):
    for built in build_templates.build(tmp_path):
        committed = TEMPLATE_DIR / built.name
        assert committed.exists(), f"{built.name} missing: run python -m paperwork.build_templates"
        assert _xml(built) == _xml(committed), (
            f"{built.name} differs from the build script: run python -m paperwork.build_templates"
        )


def _xml(path: Path) -> bytes:
    return Docx(BytesIO(path.read_bytes())).element.xml.encode()


def test_a_secretarys_conversion_list_is_headed_by_their_cell(
    secretary_a, probation_ending_september_2017
):
    document = documents.conversion_list(
        secretary_a, year=2017, month=9, today=datetime.date(2017, 8, 25)
    )
    assert document.context["heading"]["lower"] == "CHI BỘ A"
    assert document.context["unit_name"] == "Chi bộ A"


def test_a_cell_named_without_chi_bo_is_still_headed_as_a_cell(battalion):
    cell = PartyCellFactory(battalion=battalion, code="D3", name="Đại đội 3")
    assert documents.unit_heading(cell=cell) == {
        "upper": "ĐẢNG BỘ TIỂU ĐOÀN 1",
        "lower": "CHI BỘ ĐẠI ĐỘI 3",
    }


def test_an_academy_wide_conversion_list_is_headed_by_the_academy(
    academy_commander, probation_ending_september_2017
):
    document = documents.conversion_list(
        academy_commander, year=2017, month=9, today=datetime.date(2017, 8, 25)
    )
    assert document.context["heading"]["upper"] == "ĐẢNG BỘ HỌC VIỆN KỸ THUẬT QUÂN SỰ"
    assert document.context["total"] == 3
