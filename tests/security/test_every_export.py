"""Every export of every table, in every format, as each persona (issue 12).

Each download opens with openpyxl or csv, carries no formula (no XLSX cell of type "f", no CSV
text starting with = + - @ tab or CR without the OWASP prefix) and holds the rows of the selector
that feeds the page. The records hold names a spreadsheet would run as formulas. The list of
exports is tests/security/exports.py; a spreadsheet URL missing from it fails here.
"""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.spreadsheet_cells import FORMULA_STARTS, csv_unescape
from members.choices import StepKind
from tests.factories import PartyCellFactory, PersonFactory, advance, make_resolution

from .exports import exports, undeclared

PERSONAS = [
    "admin_user",
    "clerk",
    "other_clerk",
    "secretary_a",
    "secretary_b",
    "commander",
    "academy_commander",
]
HOSTILE = '=HYPERLINK("http://x","Xem")'


@pytest.fixture
def records(battalion, cell_a, cell_b, cell_c):
    """People at several stages in both battalions, some with names that look like formulas."""
    odd_cell = PartyCellFactory(battalion=battalion, code="@C", name="=1+1 chi bộ")
    advance(PersonFactory(cell=cell_a, full_name=HOSTILE, cohort="-K50"), StepKind.CEREMONY)
    advance(PersonFactory(cell=cell_a, class_name="+84"), StepKind.CONVERSION_DECISION)
    advance(PersonFactory(cell=cell_b, full_name="@Nguyễn An"), StepKind.CELL_VOTE)
    advance(PersonFactory(cell=odd_cell, full_name="-Trần Bình"), StepKind.DECISION)
    advance(PersonFactory(cell=cell_c), StepKind.CEREMONY)
    PersonFactory(cell=cell_b, expected_graduation_date=timezone.localdate())
    make_resolution(battalion, year=2018, quarter=1, cell_goals={cell_a: {"admissions": 1}})


def test_every_spreadsheet_url_is_in_the_list_of_exports():
    assert undeclared() == []


def test_the_list_holds_every_table_in_both_formats():
    names = {export.name for export in exports()}
    assert {"reports:funnel.xlsx", "reports:durations.xlsx", "spreadsheets:export_csv"} <= names


def test_a_user_without_a_role_downloads_nothing(records, outsider, client_for):
    client = client_for(outsider)
    assert {client.get(export.address(outsider)).status_code for export in exports()} == {403}


@pytest.mark.parametrize("export", exports(), ids=lambda export: export.name)
def test_every_export_opens_without_formulas_and_holds_the_pages_rows(
    export, records, client_for, request
):
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        response = client_for(user).get(export.address(user))
        if export.allowed is not None and not export.allowed(user):
            assert response.status_code == 403, persona
            continue
        assert response.status_code == 200, (persona, response.status_code)
        header, rows = export.expected(user)
        read = read_xlsx if export.fmt == "xlsx" else read_csv
        assert read(response.content, header, rows) == [shown(row) for row in rows], persona


def read_xlsx(content: bytes, header: list[str], expected: list[list]) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = list(sheet.iter_rows())
    assert not [cell.coordinate for row in cells for cell in row if cell.data_type == "f"]
    assert [cell.value for cell in cells[0]] == header
    return [shown([cell.value for cell in row]) for row in cells[1:]]


def read_csv(content: bytes, header: list[str], expected: list[list]) -> list[list[str]]:
    records = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert records[0] == header
    read = []
    for record, values in zip(records[1:], expected, strict=True):
        row = []
        for text, value in zip(record, values, strict=True):
            if _is_number(value):
                row.append(float(text))
            else:
                # Only numbers may start with a sign; text gets the prefix.
                assert not text.startswith(FORMULA_STARTS), text
                row.append(csv_unescape(text))
        read.append(shown(row))
    return read


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def shown(values: list) -> list[str]:
    """Values as a reader sees them, whatever the format: dates dd/mm/yyyy, 1/0 for yes/no."""
    return [_shown(value) for value in values]


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if _is_number(value):
        return repr(float(value))
    return str(value)
