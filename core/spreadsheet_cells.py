"""Cells of every exported spreadsheet: text stays text in the program that opens it.

OWASP's "CSV injection": Excel and LibreOffice take a cell that starts with = + - @ (or a tab
or carriage return, which some of them skip first) for a formula, and a name such as
`=HYPERLINK("http://…","Xem")` would run on the reader's computer. XLSX cells are written with
the text type, which no program evaluates. CSV has no types, so such text gets the OWASP prefix,
a single quote, which spreadsheet programs read as "this is text"; the importer takes it off
again (`csv_unescape`), so the application's own CSV imports back unchanged. Numbers stay
numbers: only text is ever prefixed.

Every writer of CSV or XLSX (reports, the cadet export and template) goes through here.
"""

import datetime

from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"
DATE_FORMAT = "DD/MM/YYYY"
# Characters Excel does not allow in a sheet's name, and its length limit.
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("\\/?*[]:", "-"))
SHEET_TITLE_LENGTH = 31


def _needs_prefix(text: str) -> bool:
    # Quotes already in front count too, so that csv_unescape(csv_text(x)) == x for every x:
    # "'=1" is written "''=1" and read back as "'=1".
    return text.lstrip(CSV_TEXT_PREFIX)[:1] in FORMULA_STARTS


def csv_text(value):
    """`value` for a CSV cell: text that a spreadsheet would run as a formula gets the prefix."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and _needs_prefix(value):
        return CSV_TEXT_PREFIX + value
    return value


def csv_unescape(text: str) -> str:
    """The text `csv_text` was given: exactly its prefix is taken off, nothing else."""
    if text.startswith(CSV_TEXT_PREFIX) and _needs_prefix(text[1:]):
        return text[1:]
    return text


def xlsx_cell(sheet, value) -> WriteOnlyCell:
    """A cell of a write-only `sheet`: text typed as text (never a formula), dates as dates."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        # Control characters are not allowed in an XLSX file at all.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def sheet_title(text) -> str:
    """`text` as a sheet name Excel accepts (no : / \\ ? * [ ], at most 31 characters)."""
    title = str(text).translate(SHEET_TITLE_FORBIDDEN).strip("' ")[:SHEET_TITLE_LENGTH]
    return title or "Sheet"
