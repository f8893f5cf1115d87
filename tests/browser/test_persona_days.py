"""Each persona's ordinary day in the browser (issue 16, Proof), asserting what the person sees:
the clerk at a desk, the cell secretary on a 390 × 844 phone, the commander reading the reports.
Accessibility basics on the way: every field has a label, the skip link comes first and leads
into the content, the focus goes to the first field to correct."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from core.concurrency import BY_CODE
from core.workdays import add_months
from members.choices import StepKind
from members.models import Assignment, Person
from resolutions.quarters import quarter_of
from resolutions.services import rollout_record
from tests.browser.conftest import (
    PHONE,
    assert_every_field_labelled,
    assert_no_sideways_scroll,
    assert_skip_link_then_content,
    record_step,
)
from tests.factories import PersonFactory, advance, make_official_member, make_resolution
from tests.reports.history import admissions

COURSE = StepKind.AWARENESS_COURSE.label


def test_the_clerk_s_day(login, live_server, page, clerk, cell_a, tmp_path):
    PersonFactory(cell=cell_a, code="K57-058", full_name="Nguyễn Thu Hằng", cohort="K57")
    PersonFactory(cell=cell_a, code="K72-102", full_name="Trần Văn Bách", cohort="K72")
    helper = make_official_member(cell_a, full_name="Đặng Thị Hoài")
    page = login(clerk)

    # Finds a cadet by part of the code.
    page.get_by_role("link", name="Học viên", exact=True).click()
    assert_skip_link_then_content(page)
    page.get_by_label("Tìm kiếm").fill("058")
    rows = page.get_by_test_id("person-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nguyễn Thu Hằng")

    # Adds one, in an existing cohort.
    page.get_by_role("link", name="Thêm học viên / cán bộ").click()
    assert_every_field_labelled(page)
    page.get_by_label("Mã học viên / cán bộ").fill("K72-101")
    page.get_by_label("Họ và tên").fill("Lê Thị Ánh")
    page.locator("#id_cell").select_option(label=cell_a.name)
    page.locator("#id_date_of_birth").fill("15/03/2004")
    page.locator("#id_gender").select_option(label="Nữ")
    page.locator("#id_cohort").select_option(label="K72")
    page.locator("#id_enrolment_date").fill("01/09/2022")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Lê Thị Ánh")

    # Records three steps; the helper is chosen with the picker, searched without diacritics.
    record_step(page, "06/01/2025")
    expect(page.locator("#id_kind")).to_have_value(StepKind.LISTED.value)
    assert_every_field_labelled(page)
    picker = page.locator('[data-picker="helper"]')
    picker.get_by_role("searchbox").fill("hoai")
    picker.get_by_label("Đặng Thị Hoài", exact=False).check()
    page.get_by_role("button", name="Ghi bước").click()
    expect(page.get_by_text(f"Đã ghi bước “{StepKind.LISTED.label}”.")).to_be_visible()
    for kind, day in (
        (StepKind.AWARENESS_COURSE, "20/01/2025"),
        (StepKind.APPLICATION, "10/02/2025"),
    ):
        record_step(page, day)
        expect(page.locator("#id_kind")).to_have_value(kind.value)
        page.get_by_role("button", name="Ghi bước").click()
        expect(page.get_by_text(f"Đã ghi bước “{kind.label}”.")).to_be_visible()
    person = Person.objects.get(code="K72-101")
    assert Assignment.objects.get(mentee=person).mentor == helper

    # Corrects one: a date past the next step is refused, naming it, with the focus on the date.
    page.get_by_role("link", name=f"Sửa {COURSE} 20/01/2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Sửa bước “{COURSE}”")
    assert_every_field_labelled(page)
    page.locator("#id_date").fill("15/02/2025")
    page.get_by_role("button", name="Lưu sửa đổi").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("Không sửa được ngày")
    expect(summary).to_contain_text(str(StepKind.APPLICATION.label))
    expect(page.locator("#id_date")).to_be_focused()
    page.locator("#id_date").fill("27/01/2025")
    page.get_by_role("button", name="Lưu sửa đổi").click()
    expect(page.get_by_text(f"Đã sửa bước “{COURSE}”.")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("27/01/2025")
    expect(page.get_by_test_id("timeline")).not_to_contain_text("20/01/2025")

    # Exports the filtered list, sorted by code descending, and opens it: the same rows in the
    # same order as on screen.
    page.goto(live_server.url + reverse("members:person_list"))
    page.get_by_label("Tìm kiếm").fill("K72")
    expect(page.get_by_test_id("person-row")).to_have_count(2)
    page.get_by_test_id("sort-ma").get_by_role("link").click()
    expect(page.get_by_test_id("sort-ma")).to_have_attribute("aria-sort", "ascending")
    page.get_by_test_id("sort-ma").get_by_role("link").click()
    expect(page.get_by_test_id("sort-ma")).to_have_attribute("aria-sort", "descending")
    on_screen = [
        row.locator("td").first.inner_text().split()[0]
        for row in page.get_by_test_id("person-row").all()
    ]
    assert on_screen == ["K72-102", "K72-101"]
    with page.expect_download(timeout=30_000) as download:
        page.get_by_test_id("download-xlsx").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = load_workbook(saved, read_only=True).worksheets[0]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert codes == on_screen


@pytest.fixture
def quarter_to_report(cell_a):
    """The battalion's resolution of the last quarter, received and discussed by cell A but not
    yet reported on."""
    previous = add_months(timezone.localdate().replace(day=1), -3)
    resolution = make_resolution(cell_a.battalion, year=previous.year, quarter=quarter_of(previous))
    rollout = resolution.rollouts.get(cell=cell_a)
    rollout_record(
        rollout=rollout,
        seen_version=BY_CODE,
        received_on=resolution.signed_on,
        discussed_on=resolution.signed_on + datetime.timedelta(days=3),
    )
    return resolution


def test_the_secretary_s_day_on_a_phone(
    login, live_server, page, secretary_a, cell_a, quarter_to_report
):
    candidate = advance(
        PersonFactory(cell=cell_a, full_name="Phạm Thị Duyên"),
        StepKind.APPLICATION,
        start=add_months(timezone.localdate(), -6),
    )
    page.set_viewport_size(PHONE)
    page = login(secretary_a)

    # The home page is the cell's board, as cards that fit the screen.
    board = page.get_by_test_id("board")
    expect(board).to_contain_text("Phạm Thị Duyên")
    assert_no_sideways_scroll(page)
    assert_skip_link_then_content(page)

    # Records an evaluation from the candidate's page.
    board.get_by_role("link", name="Phạm Thị Duyên").click()
    page.get_by_role("link", name="Đánh giá").click()
    assert_every_field_labelled(page)
    page.get_by_label("Học tập").select_option(label="Tốt")
    page.get_by_label("Rèn luyện").select_option(label="Tốt")
    page.get_by_label("Công tác phong trào").select_option(label="Khá")
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi đánh giá.")).to_be_visible()
    assert candidate.evaluations.count() == 1

    # Reports on the quarter straight from the worklist.
    page.goto(live_server.url + reverse("home"))
    page.get_by_test_id("worklist-summary-card").get_by_role("link", name="Xem cả").click()
    item = page.locator('[data-testid="worklist-item"][data-kind="resolution_report"]')
    expect(item).to_contain_text(quarter_to_report.number)
    assert_no_sideways_scroll(page)
    item.get_by_test_id("worklist-action").click()
    assert_every_field_labelled(page)
    page.get_by_label("Ngày báo cáo").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Kết quả thực hiện").fill("Chi bộ kết nạp một đồng chí.")
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi báo cáo kết quả của Chi bộ A.")).to_be_visible()


def test_the_commander_s_day(login, live_server, page, commander, cell_a, cell_b):
    admissions(cell_a, 2015, 2)
    admissions(cell_b, 2016, 3)
    page = login(commander)

    page.get_by_test_id("open-dashboard").click()
    expect(page.get_by_test_id("report-dashboard")).to_be_visible()
    assert_skip_link_then_content(page)
    assert_every_field_labelled(page)
    expect(page.get_by_test_id("table-admissions")).to_contain_text("2016")

    # By cell: a row per cell, a column per year.
    page.get_by_label("Kết nạp theo từng chi bộ").check()
    by_cell = page.get_by_test_id("table-admissions_by_cell")
    expect(by_cell).to_be_visible()
    expect(by_cell.get_by_role("row", name=cell_a.name)).to_contain_text("2")
    expect(by_cell.get_by_role("row", name=cell_b.name)).to_contain_text("3")

    # The print view, ready to send upward: the unit's header, the date and a signature block.
    page.get_by_test_id("report-print").click()
    expect(page.get_by_test_id("report-print-page")).to_be_visible()
    expect(page.get_by_test_id("report-letterhead")).to_contain_text("ĐẢNG CỘNG SẢN VIỆT NAM")
    expect(page.get_by_test_id("report-signature")).to_be_visible()
