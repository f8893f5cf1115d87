"""Daily forms in the browser (issue 16, items 1 and 2): the introducer picker searched without
diacritics, greying who may not introduce with the checker's reason; the error summary that
puts the focus on the first field to correct."""

import datetime

from django.urls import reverse
from playwright.sync_api import expect

from members.choices import StepKind
from members.services import step_record
from tests.factories import PersonFactory, make_official_member
from tests.members.test_introducers import arrived, far_cell, ready

__all__ = ["far_cell"]
D = datetime.date
INVALID_RED = "rgb(220, 53, 69)"


def test_the_clerk_picks_introducers_by_searching_without_diacritics(
    login, live_server, clerk, cell_a, cell_b, far_cell
):
    candidate = ready(cell_a)
    senior = make_official_member(cell_a, full_name="Đặng Thị Hoài")
    sibling = make_official_member(cell_b, full_name="Vũ Văn Bình")
    newcomer = arrived(cell_a, far_cell, D(2017, 6, 3))
    late = make_official_member(cell_a, full_name="Lê Văn Muộn", since=D(2018, 7, 1))
    page = login(clerk)
    page.goto(live_server.url + reverse("members:step_create", args=[candidate.pk]))
    expect(page.locator("#id_kind")).to_have_value(StepKind.INTRODUCTION.value)
    picker = page.locator('[data-picker="introducers"]')
    box = lambda person: picker.locator(f'input[value="{person.pk}"]')  # noqa: E731

    # Today the late member is official; on 01/06/2018 he was not: the page asks again.
    expect(box(late)).to_be_enabled()
    page.locator("#id_date").fill("01/06/2018")
    page.locator("#id_date").press("Tab")
    expect(box(late)).to_be_disabled()
    expect(picker).to_contain_text("Lê Văn Muộn chưa là đảng viên chính thức vào ngày 01/06/2018")
    # One day short of 12 months together: only as the replacement introducer.
    expect(box(newcomer)).to_be_disabled()
    expect(picker).to_contain_text("11 tháng 29 ngày")
    page.locator("#id_replacement_introducer").select_option(str(newcomer.pk))
    expect(box(newcomer)).to_be_enabled()
    page.locator("#id_replacement_introducer").select_option("")
    expect(box(newcomer)).to_be_disabled()

    # The candidate's cell comes first; typing without diacritics finds "Đặng Thị Hoài".
    groups = picker.locator(".person-picker-cell")
    expect(groups.first).to_have_text("Chi bộ A (chi bộ của người vào Đảng)")
    search = page.get_by_role("searchbox", name="Tìm theo tên").first
    search.fill("dang thi hoai")
    expect(picker.get_by_text("Đặng Thị Hoài")).to_be_visible()
    expect(picker.get_by_text("Vũ Văn Bình")).to_be_hidden()
    search.press("Enter")  # filters; does not send the form
    box(senior).check()
    search.fill("binh")
    expect(picker.get_by_text("Đặng Thị Hoài")).to_be_visible()  # checked: stays in sight
    box(sibling).check()
    page.get_by_role("button", name="Ghi bước").click()
    expect(page.get_by_text("Đã ghi bước “Giới thiệu người vào Đảng”.")).to_be_visible()
    step = candidate.steps.get(kind=StepKind.INTRODUCTION)
    assert set(step.introducers.all()) == {senior, sibling}


def test_an_error_summary_links_each_field_and_focuses_the_first(login, live_server, clerk, cell_a):
    page = login(clerk)
    page.goto(live_server.url + reverse("resolutions:create"))
    page.get_by_label("Số nghị quyết").fill("21-NQ/ĐU")
    page.get_by_label("Trích yếu").fill("Phát triển đảng viên quý 2")
    page.get_by_label("Chỉ tiêu (%) · Học tập").fill("150")
    page.get_by_label("Kết nạp · Chi bộ A").fill("-1")
    page.get_by_role("button", name="Ban hành").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("Chỉ tiêu (%) · Học tập: Số lớn nhất được nhập là 100.")
    expect(summary).to_contain_text("Kết nạp · Chi bộ A: Số nhỏ nhất được nhập là 0.")
    percent = page.get_by_label("Chỉ tiêu (%) · Học tập")
    expect(percent).to_be_focused()
    # Inputs in the tables of targets have red borders too.
    for field in (percent, page.get_by_label("Kết nạp · Chi bộ A")):
        expect(field).to_have_css("border-top-color", INVALID_RED)
    summary.get_by_role("link", name="Kết nạp · Chi bộ A").click()
    expect(page.get_by_label("Kết nạp · Chi bộ A")).to_be_focused()


def test_the_person_form_shows_the_section_of_the_kind(login, live_server, clerk, cell_a):
    page = login(clerk)
    page.goto(live_server.url + reverse("members:person_create"))
    cadet_section = page.locator("fieldset", has_text="Học viên").filter(
        has=page.locator("#id_cohort")
    )
    expect(cadet_section).to_be_visible()
    expect(page.locator("#id_position")).to_be_hidden()
    expect(page.locator("#id_new_cohort")).to_be_hidden()
    page.locator("#id_kind").select_option("cadre")
    expect(page.locator("#id_position")).to_be_visible()
    expect(page.locator("#id_cohort")).to_be_hidden()
    page.locator("#id_kind").select_option("cadet")
    page.locator("#id_cohort").select_option(label="Khóa mới…")
    expect(page.locator("#id_new_cohort")).to_be_visible()
    # Sent empty: the summary lists the missing fields and the first has the focus.
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("Nhập tên khóa mới.")
    expect(page.locator("#id_code")).to_be_focused()


def test_a_step_opened_for_correction_scrolls_its_list_to_the_chosen_helper(
    login, live_server, clerk, cell_a, cell_b
):
    """The helper stands in another cell, after the twenty members of the candidate's own: the
    list opens scrolled to the ticked name, and the page itself does not move."""
    for number in range(20):
        make_official_member(cell_a, full_name=f"Nguyễn Văn Cán Bộ {number:02}")
    helper = make_official_member(cell_b, full_name="Trần Thị Giúp Đỡ")
    candidate = PersonFactory(cell=cell_a)
    step = step_record(person=candidate, kind=StepKind.LISTED, date=D(2018, 1, 10), helper=helper)
    page = login(clerk)
    page.goto(live_server.url + reverse("members:step_edit", args=[step.pk]))
    chosen = page.locator(f'[data-picker="helper"] input[value="{helper.pk}"]')
    expect(chosen).to_be_checked()
    page.wait_for_function(
        """pk => {
            const option = document.querySelector(`[data-picker="helper"] input[value="${pk}"]`)
                .closest(".person-picker-option").getBoundingClientRect();
            const list = document.querySelector('[data-picker="helper"] .person-picker-list')
                .getBoundingClientRect();
            return option.top >= list.top && option.bottom <= list.bottom;
        }""",
        arg=str(helper.pk),
    )
    assert page.evaluate("window.scrollY") == 0
