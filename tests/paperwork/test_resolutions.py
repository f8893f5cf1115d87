"""The quarterly scorecard document and the cells' reports on the worklist."""

import datetime

import pytest
from django.urls import reverse

from core.concurrency import current_version
from core.workdays import add_working_days
from members.choices import Grade, StepKind
from members.services import evaluation_record, step_record
from paperwork import documents
from paperwork.rendering import render_docx
from paperwork.selectors import WorkKind, worklist
from resolutions.models import CellRollout, FocusArea
from resolutions.quarters import report_deadline
from resolutions.services import (
    AreaGoal,
    CellGoal,
    resolution_issue,
    rollout_record,
    rollout_report,
)
from tests.factories import PersonFactory

from .helpers import docx_table_rows, docx_text


def _issue(battalion, *, year, quarter, signed_on, number="15-NQ/ĐU", cell_goals=()):
    return resolution_issue(
        battalion=battalion,
        number=number,
        year=year,
        quarter=quarter,
        signed_on=signed_on,
        title="Về công tác phát triển đảng viên",
        area_goals=[AreaGoal(area=FocusArea.STUDY, target_percent=70)],
        cell_goals=cell_goals,
    )


def _report(resolution, cell, on: datetime.date):
    rollout = CellRollout.objects.get(resolution=resolution, cell=cell)
    rollout_record(
        rollout=rollout,
        seen_version=current_version(rollout),
        received_on=resolution.signed_on,
        discussed_on=on,
    )
    rollout_report(
        rollout=rollout,
        seen_version=current_version(rollout),
        reported_on=on,
        report_text="Đã thực hiện.",
    )


@pytest.fixture
def third_quarter_2017(battalion, cell_a, cell_b, cadets):
    """Cell A: two new candidates, one admission, study graded good once out of twice, reported
    on time. Cell B: nothing, no report."""
    resolution = _issue(
        battalion,
        year=2017,
        quarter=3,
        signed_on=datetime.date(2017, 7, 3),
        cell_goals=[
            CellGoal(cell_id=cell_a.pk, candidates=2, admissions=1),
            CellGoal(cell_id=cell_b.pk, candidates=1, admissions=1),
        ],
    )
    for name in ("Nguyễn Văn Một", "Trần Văn Hai"):
        person = PersonFactory(cell=cell_a, full_name=name)
        step_record(person=person, kind=StepKind.LISTED, date=datetime.date(2017, 7, 10))
    cadets.at(cell_a, StepKind.DECISION, datetime.date(2017, 8, 14))
    for person, grade in zip(
        cell_a.people.filter(full_name__in=["Nguyễn Văn Một", "Trần Văn Hai"]),
        (Grade.GOOD, Grade.FAIR),
        strict=True,
    ):
        evaluation_record(
            person=person,
            date=datetime.date(2017, 9, 20),
            study=grade,
            training=Grade.GOOD,
            movement=Grade.GOOD,
        )
    _report(resolution, cell_a, datetime.date(2017, 10, 5))
    return resolution


def test_the_scorecard_names_the_resolution_and_its_quarter(clerk, third_quarter_2017):
    document = documents.resolution_scorecard(
        third_quarter_2017, clerk, today=datetime.date(2017, 10, 20)
    )
    text = docx_text(render_docx(document))
    assert "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT VỀ CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN" in text
    assert "ĐẢNG ỦY TIỂU ĐOÀN 1" in text
    assert "Nghị quyết số 15-NQ/ĐU ngày 03/07/2017 của Đảng ủy Tiểu đoàn 1" in text
    assert "Quý III năm 2017 (từ 01/07/2017 đến 30/09/2017); hạn báo cáo 06/10/2017" in text
    assert "- Học tập: Tỷ lệ quần chúng ưu tú được đánh giá tốt về học tập" in text
    assert "đạt từ 70% trở lên;" in text
    assert "Hà Nội, ngày 20 tháng 10 năm 2017" in text


def test_the_scorecard_gives_each_cells_results_against_its_targets(clerk, third_quarter_2017):
    document = documents.resolution_scorecard(
        third_quarter_2017, clerk, today=datetime.date(2017, 10, 20)
    )
    content = render_docx(document)
    rows = docx_table_rows(content, 1)
    cell_a, cell_b, total = rows[1], rows[2], rows[3]
    assert cell_a[1:6] == ["Chi bộ A", "2/2", "1/1", "0/0", "Học tập: 50% (1/2, chỉ tiêu 70%)"]
    assert cell_a[8:] == ["05/10/2017", "Đúng hạn; Chưa đạt: Học tập"]
    assert cell_b[1:6] == ["Chi bộ B", "0/1", "0/1", "0/0", "Học tập: chưa đánh giá"]
    assert cell_b[9] == (
        "Quá hạn, chưa báo cáo; Chưa đạt: Phát triển quần chúng ưu tú, Kết nạp; "
        "Chưa có đánh giá: Học tập"
    )
    assert total[1:5] == ["Cộng", "2/3", "1/2", "0/0"]
    assert "Số chi bộ cần chú ý (chưa đạt chỉ tiêu, chưa có đánh giá hoặc báo cáo muộn): 2." in (
        docx_text(content)
    )


def test_a_secretarys_scorecard_holds_their_cell_only(secretary_a, third_quarter_2017):
    document = documents.resolution_scorecard(
        third_quarter_2017, secretary_a, today=datetime.date(2017, 10, 20)
    )
    assert [row["cell"] for row in document.context["rows"]] == ["Chi bộ A"]


def test_the_scorecard_downloads_within_scope(
    client_for, secretary_a, other_clerk, third_quarter_2017
):
    url = reverse("paperwork:resolution_scorecard_docx", args=[third_quarter_2017.pk])
    response = client_for(secretary_a).get(url)
    assert response.status_code == 200
    assert "Chi bộ A" in docx_text(b"".join(response.streaming_content))
    assert client_for(other_clerk).get(url).status_code == 404


def test_the_scorecard_print_page_shows_the_table(client_for, commander, third_quarter_2017):
    url = reverse("paperwork:resolution_scorecard", args=[third_quarter_2017.pk])
    page = client_for(commander).get(url).content.decode()
    assert "Học tập: 50% (1/2, chỉ tiêu 70%)" in page
    assert "Quá hạn, chưa báo cáo" in page


# The first quarter of 2025 ends on Monday 31/03; five working days later is Monday 07/04, the
# Hùng Kings' day (a holiday), so the reports are due on Tuesday 08/04/2025.
REPORT_DUE = datetime.date(2025, 4, 8)


@pytest.fixture
def first_quarter_2025(battalion, cell_a, cell_b):
    return _issue(battalion, year=2025, quarter=1, signed_on=datetime.date(2025, 1, 6))


def test_the_report_deadline_skips_the_holiday():
    assert report_deadline(2025, 1) == REPORT_DUE


@pytest.mark.parametrize(
    ("today", "days_left"),
    [
        (datetime.date(2025, 4, 4), 1),  # the Friday before: Monday is the holiday
        (REPORT_DUE, 0),
        (add_working_days(REPORT_DUE, 1), -1),
    ],
)
def test_a_cell_yet_to_report_is_listed_around_the_deadline(
    secretary_a, first_quarter_2025, today, days_left
):
    [item] = worklist(secretary_a, today=today)
    assert (item.kind, item.due, item.days_left) == (
        WorkKind.RESOLUTION_REPORT,
        REPORT_DUE,
        days_left,
    )
    assert item.subject == "Chi bộ A"
    assert item.url == reverse("resolutions:detail", args=[first_quarter_2025.pk])
    assert item.note == "Nghị quyết 15-NQ/ĐU, quý 1/2025"


def test_a_cell_that_reported_is_not_listed(secretary_a, cell_a, first_quarter_2025):
    _report(first_quarter_2025, cell_a, datetime.date(2025, 4, 2))
    assert worklist(secretary_a, today=REPORT_DUE) == []


def test_the_clerk_sees_every_cell_yet_to_report(clerk, first_quarter_2025):
    subjects = [item.subject for item in worklist(clerk, today=REPORT_DUE)]
    assert subjects == ["Chi bộ A", "Chi bộ B"]


def test_the_other_battalion_is_not_told(other_clerk, first_quarter_2025):
    assert worklist(other_clerk, today=REPORT_DUE) == []


def test_a_report_due_beyond_the_horizon_waits(secretary_a, first_quarter_2025):
    today = datetime.date(2025, 3, 3)
    assert worklist(secretary_a, today=today, horizon_working_days=10) == []
    assert len(worklist(secretary_a, today=today, horizon_working_days=30)) == 1


def test_reports_of_older_quarters_leave_the_list(secretary_a, first_quarter_2025):
    assert len(worklist(secretary_a, today=datetime.date(2025, 6, 30))) == 1
    assert worklist(secretary_a, today=datetime.date(2025, 7, 1)) == []
