from openpyxl import load_workbook
from playwright.sync_api import expect

from members.models import Person
from spreadsheets.columns import DATA_SHEET

# Three cadets from an old sheet, in the template's column order (the programme left blank);
# the second names a cell the battalion does not have.
ROWS = [
    ["HV2017001", "Nguyễn Văn Anh", "10/05/1998", "Nam", "CA", "K50", "CNTT1", "", "01/09/2016",
     "30/06/2021", "26/03/2013", "15/03/2018", "03/09/2018", "125-QĐ/ĐU", "20/09/2018",
     "02/10/2019"],
    ["HV2017002", "Trần Thị Bình", "02/02/1998", "Nữ", "C9", "K50", "CNTT1", "", "01/09/2016",
     "30/06/2021", "", "15/03/2018", "", "", "", ""],
    ["HV2017003", "Lê Minh Cường", "11/11/1997", "Nam", "Chi bộ B", "K50", "CNTT2", "",
     "01/09/2016", "30/06/2021", "", "15/03/2018", "03/09/2018", "126-QĐ/ĐU", "20/11/2018",
     ""],
]  # fmt: skip


def upload(page, path) -> None:
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()


def test_clerk_imports_an_old_sheet_after_fixing_the_bad_row(
    login, live_server, clerk, cell_a, cell_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = login(clerk)
    page.get_by_role("link", name="Nhập Excel").click()
    with page.expect_download() as download:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)

    workbook = load_workbook(template)
    sheet = workbook[DATA_SHEET]
    sheet.delete_rows(2)
    for row in ROWS:
        sheet.append(row)
    workbook.save(tmp_path / "hoc-vien.xlsx")
    upload(page, tmp_path / "hoc-vien.xlsx")

    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Không có chi bộ “C9” trong Tiểu đoàn 1")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").first).to_have_text("3")
    expect(page.get_by_test_id("import-warnings")).to_contain_text("Lễ kết nạp muộn")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    assert not Person.objects.exists()

    sheet["E3"] = "CA"
    workbook.save(tmp_path / "hoc-vien-da-sua.xlsx")
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    upload(page, tmp_path / "hoc-vien-da-sua.xlsx")
    expect(page.get_by_test_id("count-created")).to_have_text("3")
    expect(page.get_by_test_id("count-errors")).to_have_text("0")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-result")).to_contain_text("Thêm mới: 3")

    page.get_by_role("link", name="Xem danh sách học viên").click()
    rows = page.get_by_test_id("person-row")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="HV2017001")).to_contain_text("Đảng viên chính thức")
    expect(rows.filter(has_text="HV2017003")).to_contain_text("Đảng viên dự bị")
    expect(rows.filter(has_text="HV2017002")).to_contain_text(cell_a.name)
    assert {p.history.get().history_user for p in Person.objects.all()} == {clerk}
