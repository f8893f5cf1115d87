"""A table of rows under named columns, and the same table as CSV or XLSX.

Every page that shows a table a user may want in Excel (the dashboard's tables, the cadet list,
the cell board, the worklist) builds one `Table`; the page, the CSV and the XLSX read it, so they
cannot disagree. A column's `key` is the CSV header (stable, machine-readable); its `label` heads
the page and the spreadsheet. Cells are written through `core.spreadsheet_cells`, so no text
becomes a formula.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .spreadsheet_cells import csv_text, sheet_title, xlsx_cell


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    # text, int, percent, days, date, met (reached a target or not), person (a name linked to
    # the person's page), link (text linked to the address in the row's "<key>_url") or hidden
    # (exported for machines, not shown on the page).
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[dict]
    # Rows in the whole result when `rows` was cut for the page.
    total: int | None = None

    @property
    def truncated(self) -> bool:
        return self.total is not None and self.total > len(self.rows)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return csv_text(value)


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow([column.key for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(row.get(column.key)) for column in table.columns])
    return response


def xlsx_response(table: Table, filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(table.title))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        width = max(10, min(40, len(str(column.label)) + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_header_cell(sheet, column.label) for column in table.columns])
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, row.get(column.key)) for column in table.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _header_cell(sheet, label):
    cell = xlsx_cell(sheet, label)
    cell.font = Font(bold=True)
    return cell


EXPORTERS = {"csv": csv_response, "xlsx": xlsx_response}
