"""Bad files get a clear message and change nothing."""

import io
import zipfile

import pytest

from members.models import Person
from spreadsheets.reader import SpreadsheetError

from .files import HEADER, cadet, csv_file, xlsx


def refused(apply, content: bytes, filename: str = "hoc-vien.xlsx") -> str:
    with pytest.raises(SpreadsheetError) as error:
        apply(content, filename)
    assert not Person.objects.exists()
    return error.value.messages[0]


def test_a_picture_is_not_a_spreadsheet(apply):
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert "không phải bảng tính" in refused(apply, picture, "anh.png")


def test_text_named_xlsx_is_not_a_spreadsheet(apply):
    assert "không phải bảng tính" in refused(apply, b"Ma hoc vien,Ho va ten\n", "hv.xlsx")


def test_an_encrypted_workbook_is_refused_with_advice(apply):
    # Excel saves a workbook with a password as an OLE2 compound file.
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048
    message = refused(apply, encrypted)
    assert "mật khẩu" in message
    assert ".xlsx" in message


def test_a_truncated_workbook_is_refused_as_corrupt(apply):
    assert "bị hỏng" in refused(apply, xlsx([cadet()])[:600])


def test_a_zip_that_is_not_a_workbook_is_refused_as_corrupt(apply):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ghi-chu.txt", "không phải Excel")
    assert "bị hỏng" in refused(apply, buffer.getvalue())


def test_an_empty_file_is_refused(apply):
    assert "trống" in refused(apply, b"", "hoc-vien.csv")


def test_an_empty_sheet_is_refused(apply):
    assert "Trang tính trống" in refused(apply, xlsx(header=None))


def test_a_sheet_with_only_the_header_is_refused(apply):
    assert "chỉ có dòng tiêu đề" in refused(apply, xlsx([]))


def test_missing_required_columns_are_named(apply):
    header = [name for name in HEADER if name not in ("Ngày sinh", "Chi bộ")]
    rows = [["HV001", "Nguyễn Văn An", "Nam"]]
    message = refused(apply, xlsx(rows, header=header[:3], raw=True))
    assert "“Ngày sinh”" in message
    assert "“Chi bộ”" in message
    assert "“Họ và tên”" not in message


def test_a_file_over_the_size_limit_is_refused(apply, settings):
    content = xlsx([cadet(code=f"HV{index:03d}") for index in range(50)])
    settings.IMPORT_MAX_UPLOAD_BYTES = len(content) - 1
    assert "quá lớn" in refused(apply, content)


def test_a_file_at_the_size_limit_is_read(preview, settings):
    content = xlsx([cadet()])
    settings.IMPORT_MAX_UPLOAD_BYTES = len(content)
    assert preview(content).created == 1


def test_too_many_rows_are_refused(apply, settings):
    settings.IMPORT_MAX_ROWS = 2
    content = xlsx([cadet(code=f"HV{index:03d}") for index in range(15)])
    assert "quá 2 dòng" in refused(apply, content)


def test_formulas_in_cells_are_refused_naming_the_cells(apply):
    row = cadet()
    values = [row[key] for key in row]
    values[2] = "=DATE(1998,5,10)"
    message = refused(apply, xlsx([values], raw=True))
    assert "công thức" in message
    assert "C2" in message


def test_a_formula_in_a_csv_is_refused(apply):
    row = cadet(full_name='=HYPERLINK("http://x")')
    assert "công thức" in refused(apply, csv_file([row]), "hoc-vien.csv")


def test_a_csv_not_in_utf8_is_refused_with_advice(apply):
    # Saved as "CSV" by an old Excel: a one-byte code page, here Latin-1.
    text = "Ma hoc vien,Ho va ten,Ngay sinh,Chi bo\nHV001,Trần An,10/05/1998,CA\n"
    content = text.replace("ầ", "â").encode("latin-1")
    assert "UTF-8" in refused(apply, content, "hoc-vien.csv")


def test_a_column_written_twice_is_refused(apply):
    header = [*HEADER, "Ngày sinh"]
    row = cadet()
    message = refused(apply, xlsx([[*row.values(), "10/05/1998"]], header=header, raw=True))
    assert "hai lần" in message


def test_a_workbook_that_unpacks_too_large_is_refused(apply, monkeypatch):
    monkeypatch.setattr("spreadsheets.reader.MAX_UNPACKED_BYTES", 1000)
    assert "giải nén ra quá lớn" in refused(apply, xlsx([cadet()]))
