"""The cell values of one sheet of an XLSX workbook, read straight from its XML.

openpyxl, even in read-only mode, builds an object per cell and per string (about 1.5 s of
CPU for 10,000 rows of 15 columns); the import needs only each cell's value. This reader
walks the sheet's XML with the standard library's C parser and gives the values openpyxl's
`iter_rows(values_only=True)` gives on a workbook loaded with `data_only=False` (the tests
compare the two on every kind of cell): text from shared or inline strings, numbers as int or
float, numbers styled as dates as datetimes (openpyxl's own conversion), booleans, error codes
as their text, and a formula as its text "=..." (a `Formula`, so that the caller can refuse it
while a text cell that starts with "=" stays text).

A hostile file must not cost unbounded memory or time (bench/hostile_uploads.py): the sheet and
the shared strings are streamed, each row or string freed once read, and at most
`MAX_ELEMENTS` XML elements are read in all, `MAX_ITEM_ELEMENTS` for one row or string; the
parts read whole are at most `MAX_WHOLE_PART_BYTES`; a value past `max_columns` stops the read.
Each of these raises `Limit`, before the memory is spent.
"""

import datetime
import functools
import posixpath
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree
from xml.etree.ElementTree import Element, iterparse

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
OFFICE_DOCUMENT = "/officeDocument"
SHARED_STRINGS = "/sharedStrings"
STYLES = "/styles"
WORKSHEET = "/worksheet"
ROW, CELL, VALUE, FORMULA = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "f"
SHEET_DATA, STRING_TABLE, STRING_ITEM = MAIN + "sheetData", MAIN + "sst", MAIN + "si"
INLINE, TEXT, RUN = MAIN + "is", MAIN + "t", MAIN + "r"
DIGITS = "0123456789"
# A full 20,000-row template is about 900,000 elements; Excel's styles and workbook parts are
# tens of kilobytes. An element parsed costs about 100 bytes and a microsecond.
MAX_ELEMENTS = 2_000_000
MAX_ITEM_ELEMENTS = 4096
MAX_WHOLE_PART_BYTES = 2 * 1024 * 1024


class Formula(str):
    """A formula cell's text, "=..."; a text cell holding the same characters is a plain str."""


class Limit(Exception):
    """The workbook goes past a bound: `kind` is "elements", "part" or "column", `where` the
    row, part or cell concerned."""

    def __init__(self, kind: str, where: str):
        super().__init__(kind, where)
        self.kind, self.where = kind, where


class Workbook:
    """An XLSX archive's sheets by name, its shared strings, date styles and date system."""

    def __init__(self, archive: zipfile.ZipFile, *, max_columns: int = 16384):
        self.archive = archive
        self.max_columns = max_columns
        self.elements_left = MAX_ELEMENTS
        workbook_path = _related(archive, "", OFFICE_DOCUMENT)[0]
        parts = _relationships(archive, workbook_path)
        root = _parse(archive, workbook_path)
        # Worksheets in the workbook's order; chart sheets hold no cells.
        self.sheets = {
            sheet.get("name"): parts[sheet.get(RELATIONSHIP_ID)][1]
            for sheet in root.iter(MAIN + "sheet")
            if parts[sheet.get(RELATIONSHIP_ID)][0] == WORKSHEET
        }
        properties = root.find(MAIN + "workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true", "True")
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        # The workbook's parts by type ("/sharedStrings", "/styles").
        self.parts = dict(parts.values())
        self.date_styles, self.duration_styles = _date_styles(archive, self.parts.get(STYLES))

    @functools.cached_property
    def strings(self) -> list[str]:
        """The shared strings, read with the first row that needs them."""
        return self._shared_strings(self.parts.get(SHARED_STRINGS))

    def rows(self, sheet: str) -> Iterator[tuple[int, list]]:
        """(row number, values) of each row the sheet stores, values by column from A."""
        self.strings  # noqa: B018 (read before the sheet, within the same element budget)
        number = 0
        for row in self._items(self.sheets[sheet], SHEET_DATA):
            if row.tag == ROW:
                number = int(row.get("r") or number + 1)
                yield number, self._values(row, number)

    def _items(self, path: str, container: str) -> Iterator[Element]:
        """The children of the part's `container` element, each freed once the caller is done.

        Reading stops at the container's end: what follows (merged cells, page setup) is not
        needed. Every element read counts against the workbook's budget.
        """
        parent, depth, read = None, 0, 0
        with self.archive.open(path) as source:
            for event, element in iterparse(source, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if parent is None and element.tag == container:
                        parent, inside = element, depth + 1
                    continue
                depth -= 1
                if element is parent:
                    return
                read += 1
                if read > MAX_ITEM_ELEMENTS or read > self.elements_left:
                    raise Limit("elements", path)
                if parent is not None and depth + 1 == inside:
                    self.elements_left -= read
                    read = 0
                    yield element
                    # Detached, not cleared: the parser may have read a few items ahead.
                    parent.clear()

    def _values(self, row: Element, number: int) -> list:
        values: list = []
        for cell in row.iterfind(CELL):
            reference = cell.get("r")
            column = column_number(reference.rstrip(DIGITS)) if reference else len(values) + 1
            value = self._value(cell)
            if column > self.max_columns:
                # Empty cells far right (formatting) are harmless; a value there is refused.
                if value is None:
                    continue
                raise Limit("column", reference or f"{get_column_letter(column)}{number}")
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = value
        return values

    def _shared_strings(self, path: str | None) -> list[str]:
        if path is None:
            return []
        # As openpyxl reads them: an escaped underscore loses its escape.
        return [
            _text(item).replace("x005F_", "")
            for item in self._items(path, STRING_TABLE)
            if item.tag == STRING_ITEM
        ]

    def _value(self, cell: Element):
        kind = cell.get("t", "n")
        formula = cell.find(FORMULA)
        if formula is not None:
            return Formula("=" + (formula.text or ""))
        if kind == "inlineStr":
            inline = cell.find(INLINE)
            return None if inline is None else _text(inline)
        value = cell.findtext(VALUE) or None
        if value is None:
            return None
        if kind == "n":
            number = float(value) if "." in value or "e" in value or "E" in value else int(value)
            style = int(cell.get("s") or 0)
            if style not in self.date_styles:
                return number
            return _date(number, self.epoch, style in self.duration_styles)
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        # "str" (a formula's text result) and "e" (an error such as #N/A) are their text.
        return value


@functools.cache
def column_number(letters: str) -> int:
    """A column's number from its letters: A is 1."""
    return column_index_from_string(letters)


# Sheets repeat the same dates (intakes, ceremonies) many times: each is converted once.
@functools.lru_cache(maxsize=4096)
def _date(number: int | float, epoch: datetime.datetime, duration: bool):
    try:
        return from_excel(number, epoch, timedelta=duration)
    except (OverflowError, ValueError):
        # What openpyxl shows for a date serial outside the calendar.
        return "#VALUE!"


def _text(element: Element) -> str:
    """A string item's text: its plain text and its rich-text runs, not its phonetic guide."""
    if len(element) == 1 and element[0].tag == TEXT:
        return element[0].text or ""
    parts = [element.findtext(TEXT) or ""]
    parts += [run.findtext(TEXT) or "" for run in element.iterfind(RUN)]
    return "".join(parts)


def _parse(archive: zipfile.ZipFile, path: str) -> Element:
    if archive.getinfo(path).file_size > MAX_WHOLE_PART_BYTES:
        raise Limit("part", path)
    with archive.open(path) as source:
        return ElementTree.parse(source).getroot()


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, ending with its last "/...", target's path)."""
    folder, name = posixpath.split(part)
    listing = posixpath.join(folder, "_rels", name + ".rels")
    if listing not in archive.namelist():
        return {}
    found = {}
    for relation in _parse(archive, listing).iter(RELATIONSHIPS + "Relationship"):
        target, kind = relation.get("Target", ""), relation.get("Type", "")
        # Targets are relative to the part's folder, or absolute from the archive's root.
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[relation.get("Id")] = (kind[kind.rfind("/") :], posixpath.normpath(path))
    return found


def _related(archive: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    return [path for found, path in _relationships(archive, part).values() if found == kind]


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> tuple[set[int], set[int]]:
    """The cell styles whose number format shows a date or time, and those showing a duration."""
    dates: set[int] = set()
    durations: set[int] = set()
    if path is None:
        return dates, durations
    root = _parse(archive, path)
    custom = {
        int(number_format.get("numFmtId")): number_format.get("formatCode")
        for number_format in root.iter(MAIN + "numFmt")
    }
    styles = root.find(MAIN + "cellXfs")
    for index, style in enumerate([] if styles is None else styles.iterfind(MAIN + "xf")):
        number = int(style.get("numFmtId") or 0)
        code = custom[number] if number in custom else builtin_format_code(number)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations
