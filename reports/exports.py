"""A dashboard table as CSV (headers are the column keys) or XLSX (headers are the labels).

Cells are written through `core.spreadsheet_cells`, so no text becomes a formula.
"""

import csv
import datetime
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheet_cells import csv_text, sheet_title, xlsx_cell

from .tables import Table

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
