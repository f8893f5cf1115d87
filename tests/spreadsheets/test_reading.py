"""Headers match loosely; dates come as text or real Excel dates; nothing is dropped unseen."""

import datetime

from openpyxl.utils import get_column_letter

from members.models import Person
from spreadsheets.reader import Table, read_table

from .files import HEADER, cadet, csv_file, xlsx


def test_headers_match_ignoring_case_diacritics_spacing_and_order(preview):
    header = ["NGAY  SINH", "chi-bo", "ho va ten", "Mã   HỌC viên", "gioi tinh"]
    rows = [["10/05/1998", "CA", "Nguyễn Văn An", "HV001", "nam"]]
    report = preview(xlsx(rows, header=header, raw=True))
    assert report.ok, report.errors
    assert report.created == 1


def test_title_rows_above_the_header_are_skipped(preview):
    titles = [["DANH SÁCH HỌC VIÊN TIỂU ĐOÀN 1"], ["Năm học 2018-2019"]]
    report = preview(xlsx([cadet()], title_rows=titles))
    assert report.ok
    assert report.created == 1


def test_common_header_variants_are_recognised(preview):
    header = ["Mã HV", "Họ tên", "Ngày tháng năm sinh", "Giới tính", "Chi bộ", "Khoá"]
    rows = [["HV001", "Nguyễn Văn An", "10/05/1998", "Nam", "CA", "K50"]]
    report = preview(xlsx(rows, header=header, raw=True))
    assert report.ok
    assert report.created == 1


def test_unknown_columns_are_reported(preview):
    header = [*HEADER, "Ghi chú"]
    report = preview(xlsx([[*cadet().values(), "lớp trưởng"]], header=header, raw=True))
    assert report.ok
    assert any("“Ghi chú”" in warning.message for warning in report.warnings)


def test_data_under_a_column_without_header_is_reported(preview):
    report = preview(xlsx([[*cadet().values(), None, "?"]], raw=True))
    letter = get_column_letter(len(HEADER) + 2)
    assert any(f"cột {letter} không có tiêu đề" in warning.message for warning in report.warnings)


def test_real_excel_dates_are_read(apply):
    row = cadet(date_of_birth=datetime.date(1998, 5, 10), decision=datetime.datetime(2018, 9, 3))
    apply(xlsx([row]))
    person = Person.objects.get(code="HV001")
    assert person.date_of_birth == datetime.date(1998, 5, 10)
    assert person.steps.get(kind="decision").date == datetime.date(2018, 9, 3)


def test_numbers_typed_in_text_columns_are_kept_as_text(apply):
    apply(xlsx([cadet(code=2016001, class_name=12.0)]))
    person = Person.objects.get()
    assert (person.code, person.class_name) == ("2016001", "12")


def test_a_csv_with_a_byte_order_mark_is_read(preview):
    assert preview(csv_file([cadet()], bom=True), "hv.csv").created == 1


def test_a_csv_without_a_byte_order_mark_is_read(preview):
    assert preview(csv_file([cadet()], bom=False), "hv.csv").created == 1


def test_a_csv_separated_by_semicolons_is_read(preview):
    report = preview(csv_file([cadet()], delimiter=";"), "hv.csv")
    assert report.ok
    assert report.created == 1


def test_blank_rows_are_skipped_and_row_numbers_are_the_sheets(preview):
    rows = [list(cadet().values()), [None] * 15, list(cadet(code="HV002", cell="ZZ").values())]
    report = preview(xlsx(rows, raw=True))
    assert report.created == 1
    assert [(issue.row, issue.column) for issue in report.errors] == [(4, "Chi bộ")]


def test_a_parsed_table_is_kept_unchanged_between_preview_and_confirmation():
    rows = [
        cadet(date_of_birth=datetime.date(1998, 5, 10), decision=datetime.datetime(2018, 9, 3)),
        cadet(code=2016001, class_name=12.5, cohort=True),
    ]
    table = read_table(xlsx(rows), "hoc-vien.xlsx")
    kept = Table.from_json(table.to_json())
    assert kept == table
    assert kept.rows[0][1][2] == datetime.datetime(1998, 5, 10)
