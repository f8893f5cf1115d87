"""Exported cells never run as formulas, and the importer undoes exactly the CSV prefix."""

import datetime

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.spreadsheet_cells import csv_text, csv_unescape, sheet_title, xlsx_cell

TRICKY = [
    "=1+1",
    '=HYPERLINK("http://x","Xem")',
    "+84 912",
    "-5",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
    "'=quoted",
    "''-twice",
    "'plain quote",
    "Nguyễn Văn An",
    "",
    "a=b",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_csv_prefix_is_undone_exactly(text):
    assert csv_unescape(csv_text(text)) == text


@pytest.mark.parametrize("text", [t for t in TRICKY if t.lstrip("'")[:1] in "=+-@\t\r" and t])
def test_text_a_spreadsheet_would_run_gets_the_prefix(text):
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "a=b", "'plain quote", ""])
def test_other_text_is_written_as_it_is(text):
    assert csv_text(text) == text


def test_numbers_and_dates_are_never_prefixed():
    assert csv_text(-5) == -5
    assert csv_text(-2.5) == -2.5
    assert csv_text(datetime.date(2020, 1, 1)) == datetime.date(2020, 1, 1)


def test_a_lazy_translation_is_written_as_its_text():
    assert csv_text(gettext_lazy("Bước")) == "Bước"


def test_xlsx_text_is_typed_text_even_when_it_looks_like_a_formula():
    sheet = Workbook(write_only=True).create_sheet()
    cell = xlsx_cell(sheet, "=1+1")
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    assert xlsx_cell(sheet, gettext_lazy("Bước")).value == "Bước"
    assert xlsx_cell(sheet, "a\x01b").value == "ab"
    assert xlsx_cell(sheet, -5).data_type == "n"
    assert xlsx_cell(sheet, datetime.date(2020, 1, 1)).number_format == "DD/MM/YYYY"


def test_a_sheet_title_is_one_excel_accepts():
    title = sheet_title(gettext_lazy("Các bước kết nạp: số người đang ở mỗi bước"))
    assert title == "Các bước kết nạp- số người đang"
    assert len(title) == 31
    assert sheet_title("[a/b]") == "-a-b-"
    assert sheet_title("''") == "Sheet"
