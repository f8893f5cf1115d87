"""The graduation hand-off end to end: a clerk opens a graduated cohort, types where each member
is posted, hands the cohort off and downloads every letter in one zip (issue 15, item 3)."""

import datetime
import zipfile

from django.utils import timezone
from playwright.sync_api import expect

from members.choices import StepKind
from tests.factories import PersonFactory, advance
from tests.paperwork.helpers import docx_text


def graduated_cohort(cell):
    """Cohort K55, graduated a month ago: an official and a probationary member."""
    graduation = timezone.localdate() - datetime.timedelta(days=30)
    details = {"cohort": "K55", "expected_graduation_date": graduation}
    official = advance(
        PersonFactory(cell=cell, full_name="Nguyễn Văn Khải", **details),
        StepKind.CONVERSION_DECISION,
    )
    probationary = advance(
        PersonFactory(cell=cell, full_name="Phạm Thị Lan", **details),
        StepKind.NEW_MEMBER_COURSE,
        start=graduation - datetime.timedelta(days=200),
    )
    return graduation, official, probationary


def test_clerk_hands_off_a_cohort_and_downloads_the_letters(login, clerk, cell_a, tmp_path):
    graduation, official, probationary = graduated_cohort(cell_a)
    page = login(clerk)
    page.get_by_role("link", name="Học viên", exact=True).click()
    page.get_by_role("link", name="Chuyển sinh hoạt đảng").click()
    page.get_by_role("link", name="Bàn giao khi tốt nghiệp").click()
    page.get_by_test_id("cohort-table").get_by_role("row").filter(has_text="K55").get_by_role(
        "link", name="Mở"
    ).click()

    expect(page.get_by_label("Ngày tốt nghiệp (ngày chuyển sinh hoạt)")).to_have_value(
        graduation.strftime("%d/%m/%Y")
    )
    for person, unit in ((official, "Lữ đoàn 201"), (probationary, "Trung đoàn 88")):
        page.get_by_label(f"{person.full_name}: đơn vị nhận công tác").fill(unit)
        page.get_by_label(f"{person.full_name}: cấp ủy nơi đến").fill(f"Đảng ủy {unit}")
    page.get_by_test_id("handoff-submit").click()

    expect(page.get_by_test_id("handed-off")).to_contain_text("Đã chuyển sinh hoạt 2 đảng viên")
    with page.expect_download() as download_info:
        page.get_by_test_id("handoff-zip").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    archive = zipfile.ZipFile(saved)
    letters = [name for name in archive.namelist() if name.startswith("giay-gioi-thieu/")]
    assert len(letters) == 2
    summaries = [name for name in archive.namelist() if name.startswith("tom-tat-du-bi/")]
    assert len(summaries) == 1
    text = docx_text(archive.read(next(name for name in letters if "pham-thi-lan" in name)))
    assert "Kính gửi: Đảng ủy Trung đoàn 88" in text
    assert f"ngày {graduation.day:02d} tháng" in text
    assert "{{" not in text

    page.get_by_role("link", name="Nguyễn Văn Khải").click()
    expect(page.get_by_test_id("person-transfers")).to_contain_text(
        "Đến: Lữ đoàn 201, Đảng ủy Lữ đoàn 201"
    )
    expect(page.get_by_text("chỉ xem")).to_be_visible()
    expect(page.get_by_role("link", name="Ghi bước tiếp theo")).to_have_count(0)
