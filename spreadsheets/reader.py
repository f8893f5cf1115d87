"""Reading an uploaded XLSX or CSV file into a header and raw rows, refusing bad files.

The file type is decided by its content, never trusted from the name alone. Every refusal is a
`SpreadsheetError` with a message telling the clerk what to do; nothing has been written then.
"""

import csv
import datetime
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from core.memory import without_cycle_collection
from core.spreadsheet_cells import csv_unescape

from . import fastxlsx, xlsx
from .columns import COLUMNS, DATA_SHEET, Column, match_header

XLSX_MAGIC = b"PK\x03\x04"
# Encrypted XLSX files and old .xls workbooks are both OLE2 compound files.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
HEADER_SEARCH_ROWS = 10
# A zip bomb must not exhaust memory: a full 20,000-row template unpacks to 15 MB.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
UNPACKABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
MAX_LISTED_FORMULAS = 5
# Bounds that keep any upload within a few seconds and a few tens of MB (bench/hostile_uploads.py):
# longer text than any field of a person holds, four times the template's columns, and in all
# about fifty characters per cell of a full 20,000-row template.
MAX_CELL_CHARS = 1000
MAX_COLUMNS = 64
MAX_TABLE_CHARS = 16_000_000
LINE_END = re.compile(r"\r\n|\r|\n")


class SpreadsheetError(ValidationError):
    """The file as a whole cannot be imported."""


def max_upload_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 20_000)


@dataclass
class Table:
    """The recognised columns (key -> index) and the data rows with their row numbers."""

    columns: dict[str, int]
    header_row: int
    rows: list[tuple[int, list]]
    unknown_headers: list[str] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.columns

    def value(self, values: list, key: str):
        index = self.columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    def to_json(self) -> bytes:
        """The parsed table, kept between the preview and the confirmation."""
        data = {
            "columns": self.columns,
            "header_row": self.header_row,
            "rows": self.rows,
            "unknown_headers": self.unknown_headers,
        }
        return json.dumps(data, default=_encode_date, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, content: bytes) -> "Table":
        data = json.loads(content, object_hook=_decode_date)
        return cls(
            columns=data["columns"],
            header_row=data["header_row"],
            rows=[(number, values) for number, values in data["rows"]],
            unknown_headers=data["unknown_headers"],
        )


def _encode_date(value):
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    # Times and durations are not dates of any column: kept as the text they show.
    return str(value)


def _decode_date(data: dict):
    if "$datetime" in data:
        return datetime.datetime.fromisoformat(data["$datetime"])
    if "$date" in data:
        return datetime.date.fromisoformat(data["$date"])
    return data


@without_cycle_collection
def read_table(content: bytes, filename: str) -> Table:
    """Parse `content` (an XLSX or CSV file) into a Table, or raise SpreadsheetError."""
    return _table(read_rows(content, filename))


def read_rows(content: bytes, filename: str) -> list[tuple[int, list]]:
    """The raw rows of `content` (an XLSX or CSV file), each with its row number, under the
    same limits and refusals as the import (size, encryption, formulas, zip bombs): for other
    lists than the import template's, such as a graduating cohort's posting list."""
    limit = max_upload_bytes()
    if len(content) > limit:
        raise SpreadsheetError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": _megabytes(len(content)), "limit": _megabytes(limit)}
        )
    if not content.strip():
        raise SpreadsheetError(_("Tệp trống, không có dữ liệu."))
    if content.startswith(OLE2_MAGIC):
        raise SpreadsheetError(
            _(
                "Tệp được đặt mật khẩu (mã hóa) hoặc là tệp Excel cũ (.xls). Hãy mở tệp trong "
                "Excel, bỏ mật khẩu và lưu lại dạng Excel Workbook (.xlsx)."
            )
        )
    if content.startswith(XLSX_MAGIC):
        return _xlsx_rows(content)
    if filename.lower().endswith(".csv"):
        return _csv_rows(content)
    raise SpreadsheetError(
        _("Tệp không phải bảng tính. Chỉ nhận tệp Excel (.xlsx) hoặc CSV (mã UTF-8).")
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def _xlsx_rows(content: bytes) -> list[tuple[int, list]]:
    corrupt = SpreadsheetError(
        _("Tệp Excel bị hỏng hoặc không phải bảng tính .xlsx hợp lệ; hãy mở và lưu lại tệp.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_directory(archive)
            rows, formulas = _sheet_rows(archive, xlsx.Workbook(archive, max_columns=MAX_COLUMNS))
    except xlsx.Limit as limit:
        raise _limit_error(limit) from limit
    except SpreadsheetError:
        raise
    except Exception as error:
        # A damaged or foreign archive can fail anywhere inside the zip or XML parsers.
        raise corrupt from error
    if formulas:
        listed = ", ".join(formulas[:MAX_LISTED_FORMULAS])
        more = len(formulas) - MAX_LISTED_FORMULAS
        raise SpreadsheetError(
            _(
                "Có %(count)s ô chứa công thức (%(cells)s%(more)s). Hãy chép và dán dạng giá trị "
                "(Paste Values) rồi nhập lại: kết quả công thức không được kiểm tra."
            )
            % {"count": len(formulas), "cells": listed, "more": ", …" if more > 0 else ""}
        )
    return rows


def _check_directory(archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from the archive's directory, before anything is unpacked.

    Python's zipfile never unpacks more than the size the directory declares, so the declared
    sizes bound the memory; Excel compresses with deflate only.
    """
    entries = archive.infolist()
    if any(entry.compress_type not in UNPACKABLE for entry in entries):
        raise SpreadsheetError(
            _("Tệp Excel nén theo cách không được hỗ trợ; hãy mở và lưu lại tệp trong Excel.")
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            _(
                "Tệp Excel giải nén ra quá lớn (%(size)s MB, giới hạn %(limit)s MB); hãy chia "
                "nhỏ tệp hoặc xóa các trang tính, định dạng không dùng."
            )
            % {"size": _megabytes(unpacked), "limit": _megabytes(MAX_UNPACKED_BYTES)}
        )


def _limit_error(limit: xlsx.Limit) -> SpreadsheetError:
    if limit.kind == "column":
        return _outside_columns(limit.where)
    if limit.kind == "part":
        return SpreadsheetError(
            _(
                "Phần “%(part)s” của tệp Excel quá lớn (nhiều định dạng hoặc trang tính bất "
                "thường). Hãy chép dữ liệu sang một tệp mới rồi nhập lại."
            )
            % {"part": limit.where}
        )
    return SpreadsheetError(
        _(
            "Tệp Excel có quá nhiều ô hoặc phần tử (trong “%(part)s”): mỗi dòng tối đa "
            "%(columns)s cột và cả tệp tối đa %(rows)s dòng. Hãy chia nhỏ tệp."
        )
        % {"part": limit.where, "columns": MAX_COLUMNS, "rows": max_rows()}
    )


def _sheet_rows(
    archive: zipfile.ZipFile, workbook: xlsx.Workbook
) -> tuple[list[tuple[int, list]], list[str]]:
    """The rows of the data sheet (the template's, or else the first), and its formula cells.

    calamine reads a plain sheet within the bounds (`fastxlsx`); any other, the application's
    reader, which refuses at the first limit."""
    if not workbook.sheets:
        raise SpreadsheetError(_("Tệp Excel không có trang tính nào."))
    sheet = DATA_SHEET if DATA_SHEET in workbook.sheets else next(iter(workbook.sheets))
    fast = fastxlsx.rows(archive, workbook, sheet, max_rows=_row_limit(), max_columns=MAX_COLUMNS)
    # The row number, not the rows stored: empty rows count, as Excel shows them.
    return _checked_rows(workbook.rows(sheet) if fast is None else fast)


def _checked_rows(numbered) -> tuple[list[tuple[int, list]], list[str]]:
    """(number, values) rows up to the row limit, and the cells that hold a formula.

    Stops at the first limit: rows are counted as they are read (whatever number they claim),
    and every cell's width, length and the text in all add up to a bounded table.
    """
    limit = _row_limit()
    text_left = MAX_TABLE_CHARS
    rows, formulas = [], []
    for count, (number, values) in enumerate(numbered, start=1):
        if number > limit or count > limit:
            raise _too_many_rows()
        values = _within_columns(number, values)
        for index, value in enumerate(values):
            if not isinstance(value, str):
                continue
            if len(value) > MAX_CELL_CHARS:
                raise SpreadsheetError(
                    _("Ô %(cell)s dài %(length)s ký tự; mỗi ô tối đa %(limit)s ký tự.")
                    % {
                        "cell": _reference(index, number),
                        "length": len(value),
                        "limit": MAX_CELL_CHARS,
                    }
                )
            text_left -= len(value)
            if _is_formula(value):
                formulas.append(_reference(index, number))
        if text_left < 0:
            raise SpreadsheetError(
                _("Tệp có quá nhiều chữ (quá %(limit)s ký tự, đến dòng %(row)s); hãy chia nhỏ tệp.")
                % {"limit": MAX_TABLE_CHARS, "row": number}
            )
        rows.append((number, values))
    return rows, formulas


def _within_columns(number: int, values: list) -> list:
    """`values` without blanks past the last column read; a value there is refused."""
    if len(values) <= MAX_COLUMNS:
        return values
    beyond = [index for index, value in enumerate(values) if not _is_blank(value)]
    if beyond and beyond[-1] >= MAX_COLUMNS:
        raise _outside_columns(_reference(beyond[-1], number))
    return values[:MAX_COLUMNS]


def _outside_columns(reference: str) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Ô %(cell)s nằm ngoài %(limit)s cột đầu của trang tính; mẫu nhập chỉ có "
            "%(columns)s cột. Hãy xóa các cột thừa rồi nhập lại."
        )
        % {"cell": reference, "limit": MAX_COLUMNS, "columns": len(COLUMNS)}
    )


def _reference(index: int, number: int) -> str:
    return f"{get_column_letter(index + 1)}{number}"


def _is_formula(value) -> bool:
    # A formula cell is read as its text "=...", never as a result that nobody checked.
    return isinstance(value, xlsx.Formula)


def _csv_rows(content: bytes) -> list[tuple[int, list]]:
    if b"\x00" in content:
        raise SpreadsheetError(
            _("Tệp không phải bảng tính. Chỉ nhận tệp Excel (.xlsx) hoặc CSV (mã UTF-8).")
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _("Tệp CSV không ở mã UTF-8. Trong Excel hãy chọn Lưu thành “CSV UTF-8”.")
        ) from error
    # Lines may end in CR LF, LF or a bare CR (old Mac programs); the csv module reads all three.
    first_line = LINE_END.split(text, maxsplit=1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows, formulas = _checked_rows(_csv_records(text, delimiter))
    if formulas:
        raise SpreadsheetError(
            _("Có ô chứa công thức (%(cells)s); hãy ghi giá trị thay cho công thức.")
            % {"cells": ", ".join(formulas[:MAX_LISTED_FORMULAS])}
        )
    return rows


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list]]:
    """(record number, values); text the export prefixed (core.spreadsheet_cells) loses its
    prefix, and unprefixed text starting with "=" is a formula."""
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, values in enumerate(records, start=1):
            yield (
                number,
                [
                    xlsx.Formula(value) if value.startswith("=") else csv_unescape(value)
                    for value in values
                ],
            )
    except csv.Error as error:
        raise SpreadsheetError(
            _(
                "Không đọc được dòng %(row)s của tệp CSV: có ô dài quá %(limit)s ký tự hoặc dấu "
                'ngoặc kép (") không khớp. Hãy mở tệp trong Excel và lưu lại dạng “CSV UTF-8”.'
            )
            % {"row": number + 1, "limit": MAX_CELL_CHARS}
        ) from error


def _row_limit() -> int:
    # The header and a few title rows come on top of the data rows.
    return max_rows() + HEADER_SEARCH_ROWS


def _too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(
        _("Tệp có quá %(limit)s dòng; hãy chia thành nhiều tệp.") % {"limit": max_rows()}
    )


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _matches(values: Iterable) -> list[Column | None]:
    return [match_header(value) if isinstance(value, str) else None for value in values]


def _table(rows: list[tuple[int, list]]) -> Table:
    rows = [(number, values) for number, values in rows if not all(map(_is_blank, values))]
    if not rows:
        raise SpreadsheetError(_("Trang tính trống, không có dữ liệu."))
    header_index = _find_header(rows)
    header_number, header = rows[header_index]
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, (value, column) in enumerate(zip(header, _matches(header), strict=True)):
        if column is None:
            if not _is_blank(value):
                unknown.append(str(value).strip())
            continue
        if column.key in columns:
            raise SpreadsheetError(
                _("Cột “%(column)s” xuất hiện hai lần ở dòng tiêu đề.") % {"column": column.header}
            )
        columns[column.key] = index
    missing = [column.header for column in COLUMNS if column.required and column.key not in columns]
    if missing:
        raise SpreadsheetError(
            _("Thiếu cột bắt buộc: %(columns)s. Hãy dùng tệp mẫu tải từ trang nhập.")
            % {"columns": ", ".join(f"“{name}”" for name in missing)}
        )
    data = rows[header_index + 1 :]
    if not data:
        raise SpreadsheetError(_("Bảng tính chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào."))
    unknown.extend(_untitled_columns(header, data))
    # Only the template's columns are kept: the stored preview grows with the data imported.
    kept = list(columns.values())
    data = [(number, [_at(values, index) for index in kept]) for number, values in data]
    columns = {key: position for position, key in enumerate(columns)}
    return Table(columns=columns, header_row=header_number, rows=data, unknown_headers=unknown)


def _at(values: list, index: int):
    return values[index] if index < len(values) else None


def _find_header(rows: list[tuple[int, list]]) -> int:
    """The header is the first of the top rows that names the most template columns."""
    best_index, best_count = 0, 0
    for index, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        count = sum(column is not None for column in _matches(values))
        if count > best_count:
            best_index, best_count = index, count
    return best_index


def _untitled_columns(header: list, data: list[tuple[int, list]]) -> Iterator[str]:
    """Columns with data but no header: reported so that no data is dropped unseen."""
    width = max(len(values) for _number, values in data)
    for index in range(width):
        titled = index < len(header) and not _is_blank(header[index])
        if not titled and any(
            index < len(values) and not _is_blank(values[index]) for _n, values in data
        ):
            yield _("(cột %(letter)s không có tiêu đề)") % {"letter": get_column_letter(index + 1)}
