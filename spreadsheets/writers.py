"""Writing rows of the cadet template to XLSX and CSV, and the blank template itself.

Cells are written through `core.spreadsheet_cells`, so no text becomes a formula; the reader
undoes the CSV prefix, so an export imports back unchanged.
"""

import csv
import datetime
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.dates import dmy
from core.spreadsheet_cells import csv_text, xlsx_cell
from members.choices import Gender

from .columns import CELLS_SHEET, COLUMNS, DATA_SHEET, LISTS_SHEET, NOTES_SHEET
from .reader import max_rows, max_upload_bytes
from .selectors import choice_names, programme_names

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
REQUIRED_FONT = Font(bold=True, color="9C0006")


def template_example() -> dict[str, object]:
    """The example row of the template (dates as text, as a clerk would type them)."""
    return {column.key: column.example for column in COLUMNS}


def xlsx_bytes(rows: Iterable[dict[str, object]], cells: Iterable[str] = ()) -> bytes:
    """A workbook with the data sheet (header and `rows`) and the notes sheet.

    Gender and cell are chosen from drop-down lists: "Nam"/"Nữ", and `cells` (the codes of the
    cells the user may import into), listed on a sheet of their own so that no code is cut at
    the 255 characters of an inline list. Excel refuses other values as they are typed; the
    importer checks them again.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET)
    sheet.freeze_panes = "A2"
    _drop_downs(workbook, sheet, list(cells))
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) + 4)
    sheet.append([_header_cell(sheet, column) for column in COLUMNS])
    for row in rows:
        sheet.append([_value_cell(sheet, row.get(column.key)) for column in COLUMNS])
    _notes(workbook.create_sheet(NOTES_SHEET))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[dict[str, object]]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel shows the Vietnamese letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS])
    for row in rows:
        writer.writerow([_text(row.get(column.key)) for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# Rows the drop-downs cover: more than an import accepts (reader.max_rows).
DROP_DOWN_ROWS = 20_000


def _drop_downs(workbook, sheet, cells: list[str]) -> None:
    def column_range(key: str) -> str:
        letter = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == key))
        return f"{letter}2:{letter}{DROP_DOWN_ROWS + 1}"

    genders = ",".join(str(label) for label in Gender.labels)
    gender = DataValidation(type="list", formula1=f'"{genders}"', allow_blank=True)
    gender.error = _("Ghi Nam hoặc Nữ.")
    gender.showErrorMessage = True
    gender.add(column_range("gender"))
    sheet.data_validations.append(gender)
    # Excel's inline list is one quoted string of comma-separated names (none holds a comma).
    names = ",".join(programme_names().values())
    programme = DataValidation(type="list", formula1=f'"{names}"')
    programme.allow_blank = True
    programme.add(column_range("programme"))
    sheet.data_validations.append(programme)
    _choice_drop_downs(workbook, sheet, column_range)
    if not cells:
        return
    listing = workbook.create_sheet(CELLS_SHEET)
    for code in cells:
        listing.append([xlsx_cell(listing, code)])
    cell = DataValidation(
        type="list", formula1=f"'{CELLS_SHEET}'!$A$1:$A${len(cells)}", allow_blank=True
    )
    cell.error = _("Chọn một chi bộ trong danh sách (trang “%(sheet)s”).") % {"sheet": CELLS_SHEET}
    cell.showErrorMessage = True
    cell.add(column_range("cell"))
    sheet.data_validations.append(cell)


# Excel's inline list holds at most 255 characters: longer lists go on a sheet of their own.
INLINE_LIST_LENGTH = 255


def _choice_drop_downs(workbook, sheet, column_range) -> None:
    """The lý lịch's choice columns (ethnicity, religion, rank, political theory) as lists;
    the importer also reads codes and other spellings, so a typed value is not refused."""
    listed: list[list[str]] = []
    for column in COLUMNS:
        if column.kind != "choice":
            continue
        names = list(choice_names(column.key).values())
        inline = ",".join(names)
        if len(inline) + 2 <= INLINE_LIST_LENGTH:
            formula = f'"{inline}"'
        else:
            listed.append(names)
            letter = get_column_letter(len(listed))
            formula = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(names)}"
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.showErrorMessage = False
        validation.add(column_range(column.key))
        sheet.data_validations.append(validation)
    if not listed:
        return
    listing = workbook.create_sheet(LISTS_SHEET)
    for index in range(max(map(len, listed))):
        listing.append(
            [xlsx_cell(listing, names[index] if index < len(names) else "") for names in listed]
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return dmy(value)
    return csv_text(str(value))


def _header_cell(sheet, column) -> WriteOnlyCell:
    cell = xlsx_cell(sheet, column.header)
    cell.fill = HEADER_FILL
    cell.font = REQUIRED_FONT if column.required else Font(bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cell


def _value_cell(sheet, value) -> WriteOnlyCell:
    return xlsx_cell(sheet, "" if value is None else value)


def _notes(sheet) -> None:
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90
    title = xlsx_cell(sheet, _("Hướng dẫn điền tệp nhập học viên"))
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    for line in (
        _(
            "Mỗi dòng là một học viên; “Mã học viên” là khóa: nhập lại tệp đã sửa sẽ cập nhật "
            "theo mã, không tạo trùng, và nhập lại đúng tệp cũ không thay đổi gì."
        ),
        _(
            "Xóa dòng ví dụ trước khi nhập. Tên cột không phân biệt hoa thường, dấu, khoảng "
            "trắng và thứ tự; cột không có trong mẫu sẽ được báo và bỏ qua."
        ),
        _(
            "Ngày ghi dd/mm/yyyy (ví dụ 05/09/2018) hoặc ô kiểu ngày của Excel. Không dùng công "
            "thức: hãy dán dạng giá trị."
        ),
        _(
            "Các ngày kết nạp được nhập là bước “nhập từ hồ sơ cũ”: ngày phải theo thứ tự, tuổi từ "
            "đủ 18 tuổi đến đủ 60 tuổi vào ngày quyết định kết nạp, công nhận chính thức sau lễ "
            "kết nạp ít nhất 12 tháng. Trễ hạn (như lễ kết nạp quá 30 ngày làm việc sau quyết "
            "định) chỉ được cảnh báo."
        ),
        _(
            "Sửa tệp rồi nhập lại: ô để trống ở một cột có trong tệp là xóa giá trị đó (ngày kết "
            "nạp nhập từ hồ sơ cũ thì xóa bước đó); cột không có trong tệp thì giữ nguyên. Bước "
            "đã ghi trong phần mềm chỉ sửa trên trang hồ sơ học viên."
        ),
        _("Tệp tối đa %(size)s MB và %(rows)s dòng; có lỗi ở bất kỳ dòng nào thì không ghi gì.")
        % {"size": max_upload_bytes() // (1024 * 1024), "rows": max_rows()},
    ):
        sheet.append([xlsx_cell(sheet, line)])
    sheet.append([])
    heading = [_("Cột"), _("Bắt buộc"), _("Cách ghi")]
    sheet.append([_bold(sheet, text) for text in heading])
    for column in COLUMNS:
        values = [column.header, _("Có") if column.required else "", _column_help(column)]
        sheet.append([xlsx_cell(sheet, value) for value in values])


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = xlsx_cell(sheet, text)
    cell.font = Font(bold=True)
    return cell


def _column_help(column) -> str:
    helps = {
        "code": _("Mã học viên, duy nhất trong học viện."),
        "full_name": _("Họ và tên đầy đủ, có dấu."),
        "date_of_birth": _("Ngày dd/mm/yyyy."),
        "gender": _("Nam hoặc Nữ; cần có khi thêm học viên mới."),
        "cell": _("Mã hoặc tên chi bộ trong tiểu đoàn đang nhập."),
        "decision_number": _("Số của quyết định kết nạp, ví dụ 125-QĐ/ĐU."),
        "cohort": _("Ví dụ K50."),
        "class_name": _("Tên lớp."),
        "citizen_id": _(
            "12 chữ số, mỗi người một số. Tệp xuất che số (•••) trừ khi trợ lý chọn xuất đầy "
            "đủ; ô còn bị che thì giữ số đã lưu."
        ),
        "permanent_address": _("Tệp xuất che ô này trừ khi trợ lý chọn xuất đầy đủ."),
        "general_education": _("Ví dụ 12/12."),
    }
    if column.kind == "choice":
        return _("Chọn trong danh sách; để trống nếu chưa có.")
    if column.kind == "text":
        return _("Để trống nếu chưa có.")
    if column.key in helps:
        return str(helps[column.key])
    if column.step is not None:
        return _("Ngày của bước “%(step)s”, để trống nếu chưa có.") % {"step": column.step.label}
    return _("Ngày dd/mm/yyyy, để trống nếu chưa có.")
