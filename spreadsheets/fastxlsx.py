"""python-calamine for the common upload, behind bounds checked before it runs.

calamine reads 10,000 rows in a fifth of the time of the application's XML reader
(`spreadsheets.xlsx`), but it trusts the file: it allocates a dense grid as wide and as tall as
the farthest cell reference (a value in column XFD asks for 10 GB and aborts the process) and
inflates what the zip holds whatever its directory says (bench/results/hostile_uploads.md). So
calamine only reads a sheet whose XML has been looked over first, and only from an archive
rebuilt of what Python's zipfile unpacked (bounded by the directory the reader has already
checked, each part's CRC verified):

- every row and cell carries its reference, within the rows and columns the import reads,
  and there are no more rows than it reads: the grid is bounded before calamine allocates it;
- no formula, error cell, escaped character or unpreserved edge space, no DTD, comment or
  CDATA section, no prefixed element, and no more elements than plain cells use: where
  calamine and the application's reader could differ, or where that reader refuses, the file
  goes to the application's reader, which applies its own limits and messages.

What it gives is what the application's reader gives once the import reads it (blank cells
are None, dates are datetimes, whole numbers ints; tests/spreadsheets/test_fast_reading.py
compares the two).
"""

import io
import re
import zipfile
from datetime import date, datetime

from . import xlsx

try:
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover - the lock installs it; without it, the slow reader
    CalamineWorkbook = None

# Every row and cell element, with its reference when it comes first: a row's number, or a
# cell's letters and row, in the order of the sheet (all three empty: one without).
REFERENCE = re.compile(
    rb'<row(?=[\s/>])(?:\s+r="([0-9]{1,7})")?|<c(?=[\s/>])(?:\s+r="([A-Z]{1,3})([0-9]{1,7})")?'
)
# Formulas, error cells, _xHHHH_ escapes (openpyxl keeps them, calamine decodes them), a DTD,
# comments and CDATA sections (text that looks like cells, or entities).
UNLIKE_TEXT = (b"<f>", b"<f ", b"<f/", b' t="e"', b"<!")
ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
# Text whose edge spaces calamine trims (openpyxl keeps them) unless marked preserved.
EDGE_SPACE = re.compile(rb"<t>(?:\s[^<]*|[^<]*\s)</t>")
# A prefixed element among the cells could be a cell or row the counts above do not see.
PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:[A-Za-z]")
DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')
# A plain cell is <c><v> or <c><is><t>; more (rich text, or elements nobody reads) is left to
# the application's reader, which bounds them.
ELEMENTS_PER_CELL = 4


def rows(
    archive: zipfile.ZipFile,
    workbook: xlsx.Workbook,
    sheet: str,
    *,
    max_rows: int,
    max_columns: int,
) -> list[tuple[int, list]] | None:
    """The sheet's (row number, values) with values by column from A, read by calamine; None
    when the sheet is not one calamine may read (the caller reads it with its own reader)."""
    if CalamineWorkbook is None:
        return None
    parts = {info.filename: archive.read(info) for info in archive.infolist()}
    path = workbook.sheets[sheet]
    strings = workbook.parts.get(xlsx.SHARED_STRINGS)
    if path not in parts or not _bounded(parts[path], max_rows=max_rows, columns=max_columns):
        return None
    if strings is not None and _unlike(parts.get(strings, b"")):
        return None
    # Each part is let go once copied, and each copy once calamine has it: the upload is held
    # about twice at most, not four times.
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_STORED) as copy:
        for name in list(parts):
            copy.writestr(name, parts.pop(name))
    rebuilt.seek(0)
    try:
        book = CalamineWorkbook.from_filelike(rebuilt)
        rebuilt.close()
        grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        book.close()
    except Exception:
        # What calamine cannot read, the application's reader reads or refuses in its words.
        return None
    return _numbered(grid)


def _bounded(sheet: bytes, *, max_rows: int, columns: int) -> bool:
    # Rows referenced and in increasing order, each cell referenced and on its row, in the
    # columns and rows read: calamine places cells by their reference, the application's
    # reader by their row.
    row, last, rows, cells, letters = b"", 0, 0, 0, set()
    for number, cell_letters, cell_row in REFERENCE.findall(sheet):
        if number:
            row, previous, last = number, last, int(number)
            rows += 1
            if last <= previous or last > max_rows:
                return False
        elif cell_row != row or not cell_row:
            return False
        else:
            cells += 1
            letters.add(cell_letters)
    if any(xlsx.column_number(column.decode()) > columns for column in letters):
        return False
    start, end = sheet.find(b"<sheetData"), sheet.find(b"</sheetData>")
    inside = sheet[start:end] if 0 <= start < end else sheet
    elements = inside.count(b"<") - inside.count(b"</")
    if elements > ELEMENTS_PER_CELL * cells + rows + 1:
        return False
    if any(not _within(area, max_rows, columns) for area in DIMENSION.findall(sheet)):
        return False
    return not (_unlike(sheet) or PREFIXED.search(inside))


def _unlike(xml: bytes) -> bool:
    """Something calamine reads otherwise than the application's reader, or that it refuses."""
    found = any(text in xml for text in UNLIKE_TEXT)  # a plain search, faster than a pattern
    return found or bool(ESCAPE.search(xml) or EDGE_SPACE.search(xml))


def _within(area: bytes, max_rows: int, columns: int) -> bool:
    """A range such as A1:AC10001 (the sheet's declared size) within the bounds."""
    for corner in area.decode().split(":"):
        match = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", corner)
        if match is None or xlsx.column_number(match[1]) > columns or int(match[2]) > max_rows:
            return False
    return True


def _numbered(grid: list[list]) -> list[tuple[int, list]]:
    """Rows with a value; a blank is None, as the application's reader gives it, and a date a
    datetime; whole numbers stay floats, which the import reads as it reads ints. Each row of
    calamine's grid is let go once converted."""
    rows = []
    for index, values in enumerate(grid):
        grid[index] = []
        row = [
            None if value == "" else _datetime(value) if type(value) is date else value
            for value in values
        ]
        while row and row[-1] is None:
            row.pop()
        if row:
            rows.append((index + 1, row))
    return rows


def _datetime(day: date) -> datetime:
    """A date cell as openpyxl and the application's reader give it."""
    return datetime(day.year, day.month, day.day)  # noqa: DTZ001 (Excel's dates are naive)
