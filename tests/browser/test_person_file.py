"""A clerk completes a person's file in the browser: sees what is missing, uploads a signed scan,
downloads the whole file as a zip (issue 15 item 4)."""

import datetime
import os
import zipfile

import pytest

from members.choices import StepKind
from tests.factories import PersonFactory, advance

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_clerk_uploads_a_scan_and_downloads_the_file(login, live_server, clerk, cell_a, tmp_path):
    person = advance(
        PersonFactory(cell=cell_a, full_name="Nguyễn Thị Hoài", youth_union_date=None),
        StepKind.COMMITTEE_VOTE,
        start=datetime.date(2018, 1, 10),
    )
    page = login(clerk)
    page.goto(f"{live_server.url}/hoc-vien/{person.pk}/")
    page.get_by_test_id("person-file").click()
    summary = page.get_by_test_id("file-summary")
    assert "Còn thiếu 3 văn bản." in summary.inner_text()
    scan = tmp_path / "don-xin-vao-dang.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("Mẫu").select_option("1-KNĐ")
    page.get_by_label("Bản quét đã ký (PDF, PNG hoặc JPEG)").set_input_files(str(scan))
    page.get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state()
    assert "Còn thiếu 2 văn bản." in page.get_by_test_id("file-summary").inner_text()
    assert "don-xin-vao-dang.pdf" in page.get_by_test_id("file-row-1-KNĐ").inner_text()
    if os.environ.get("FILE_PAGE_SCREENSHOT"):
        page.screenshot(path=os.environ["FILE_PAGE_SCREENSHOT"], full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("download-file-zip").click()
    archive = zipfile.ZipFile(download.value.path())
    assert "02_1-KND_ban-ky-1.pdf" in archive.namelist()
    assert any(name.startswith("07_8-KND_") for name in archive.namelist())
