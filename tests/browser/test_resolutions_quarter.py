"""One quarter of a resolution, end to end: issued, carried out by a cell, judged on results."""

from datetime import date

from playwright.sync_api import expect

from members.choices import Grade, StepKind
from members.services import evaluation_record
from tests.browser.conftest import switch_user
from tests.factories import PersonFactory, advance


def test_a_quarter_from_resolution_to_scorecard(
    login, page, clerk, secretary_a, commander, cell_a, cell_b
):
    # Cell A admits one cadet on 06/06/2018 (quarter 2) and grades a candidate good at study;
    # cell B admits nobody.
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    candidate = advance(PersonFactory(cell=cell_a), StepKind.LISTED, start=date(2018, 4, 10))
    evaluation_record(
        person=candidate,
        date=date(2018, 5, 15),
        study=Grade.GOOD,
        training=Grade.FAIR,
        movement=Grade.GOOD,
    )

    login(clerk)
    page.get_by_role("link", name="Nghị quyết", exact=True).click()
    page.get_by_role("link", name="Ban hành nghị quyết").click()
    page.get_by_label("Số nghị quyết").fill("20-NQ/ĐU")
    page.get_by_label("Quý").select_option("2")
    page.get_by_label("Năm").fill("2018")
    page.get_by_label("Ngày ký").fill("02/04/2018")
    page.get_by_label("Trích yếu").fill("Về phát triển đảng viên quý 2 năm 2018")
    page.get_by_label("Chỉ tiêu (%) · Học tập").fill("70")
    page.get_by_label("Kết nạp · Chi bộ A").fill("1")
    page.get_by_label("Kết nạp · Chi bộ B").fill("1")
    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_text("Đã ban hành nghị quyết 20-NQ/ĐU và gửi đến 2 chi bộ.")).to_be_visible()

    switch_user(page, login, secretary_a)
    page.get_by_role("link", name="Nghị quyết", exact=True).click()
    page.get_by_role("link", name="20-NQ/ĐU").click()
    expect(page.get_by_test_id("scorecard")).not_to_contain_text("Chi bộ B")
    page.get_by_role("link", name="Ghi triển khai").click()
    page.get_by_label("Ngày chi bộ nhận nghị quyết").fill("03/04/2018")
    page.get_by_label("Ngày chi bộ họp quán triệt").fill("06/04/2018")
    page.get_by_label("Kế hoạch thực hiện").fill("Phân công đảng viên giúp đỡ từng quần chúng.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi việc triển khai ở Chi bộ A.")).to_be_visible()
    page.get_by_role("link", name="Báo cáo kết quả").click()
    results = page.get_by_test_id("cell-results")
    expect(results.get_by_role("row", name="Kết nạp 1 1")).to_be_visible()
    page.get_by_label("Ngày báo cáo").fill("04/07/2018")
    page.get_by_label("Kết quả thực hiện").fill("Chi bộ kết nạp một đồng chí.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi báo cáo kết quả của Chi bộ A.")).to_be_visible()

    switch_user(page, login, commander)
    page.get_by_role("link", name="Nghị quyết", exact=True).click()
    page.get_by_role("link", name="20-NQ/ĐU").click()
    row_a = page.get_by_test_id(f"score-{cell_a.pk}")
    row_b = page.get_by_test_id(f"score-{cell_b.pk}")
    expect(row_a).to_contain_text("1 / 1")
    expect(row_a).to_contain_text("100,0%")
    expect(row_a).to_contain_text("Đúng hạn")
    expect(row_a).to_contain_text("Đạt các chỉ tiêu")
    expect(row_b).to_contain_text("0 / 1")
    expect(row_b).to_contain_text("Chưa đạt: Kết nạp")
    expect(row_b).to_contain_text("Quá hạn, chưa báo cáo")
    expect(page.locator("#scorecard-chart")).to_be_visible()
    expect(page.get_by_role("link", name="Ghi triển khai")).to_have_count(0)
