"""Real spreadsheet files for the tests, written with openpyxl and the csv module."""

import csv
import datetime
import io

from openpyxl import Workbook, load_workbook

from spreadsheets.columns import COLUMNS

HEADER = [column.header for column in COLUMNS]
HEADER_KEYS = [column.key for column in COLUMNS]


def cadet(**values) -> dict[str, object]:
    """A valid row by column key, in the template's order: an official member admitted in
    2018, without the optional lý lịch."""
    row: dict[str, object] = dict.fromkeys(HEADER_KEYS, "")
    row |= {
        "code": "HV001",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "10/05/1998",
        "gender": "Nam",
        "cell": "CA",
        "cohort": "K50",
        "class_name": "CNTT1",
        "programme": "Sĩ quan cấp phân đội trình độ đại học",
        "enrolment_date": "01/09/2016",
        "expected_graduation_date": "30/06/2021",
        "youth_union_date": "26/03/2013",
        "course": "15/03/2018",
        "decision": "03/09/2018",
        "decision_number": "125-QĐ/ĐU",
        "ceremony": "20/09/2018",
        "conversion": "02/10/2019",
    }
    row.update(values)
    return row


def candidate(**values) -> dict[str, object]:
    """A valid row of a cadet who has only done the awareness course."""
    return cadet(decision="", decision_number="", ceremony="", conversion="", **values)


def xlsx(rows=(), *, header=HEADER, title_rows=(), raw=False) -> bytes:
    """An XLSX file: optional title rows, the header, then `rows` (dicts, or lists if raw)."""
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append(title)
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row if raw else [row.get(column.key) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows=(), *, header=HEADER, bom=True, delimiter=",", raw=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row if raw else [row.get(column.key, "") for column in COLUMNS])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def read_xlsx(content: bytes, sheet=None) -> list[list]:
    workbook = load_workbook(io.BytesIO(content))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a day)
