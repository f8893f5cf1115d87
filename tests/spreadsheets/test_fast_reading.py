"""calamine reads plain sheets within the bounds, and gives the import what the application's
reader gives; anything else goes to that reader (spreadsheets/fastxlsx.py)."""

import dataclasses
import datetime
import io
import zipfile

import pytest

from spreadsheets import fastxlsx, reader, xlsx
from spreadsheets.reader import read_table

from . import hostile
from .files import cadet
from .files import xlsx as xlsx_file

ROWS = [
    cadet(),
    cadet(code="HV002", full_name="  Trần   Đức  Bình ", gender="Nữ", class_name=12),
    cadet(
        code=2016003,
        date_of_birth=datetime.date(1998, 5, 10),
        decision=datetime.datetime(2018, 9, 3),
        class_name=12.5,
        cohort=True,
        citizen_id=1098000123,
        ethnicity="Kinh",
    ),
    cadet(code="HV004", conversion="", ceremony="31/02/2019", full_name="Lê Minh"),
]


def fast(content: bytes, *, max_rows: int = 100, max_columns: int = reader.MAX_COLUMNS):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook = xlsx.Workbook(archive, max_columns=max_columns)
        sheet = next(iter(workbook.sheets))
        return fastxlsx.rows(archive, workbook, sheet, max_rows=max_rows, max_columns=max_columns)


def slow_table(content: bytes, monkeypatch) -> reader.Table:
    with monkeypatch.context() as patched:
        patched.setattr(fastxlsx, "rows", lambda *args, **kwargs: None)
        return read_table(content, "hoc-vien.xlsx")


def as_read(value):
    # The import reads a whole float as the int the application's reader gives.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def test_a_plain_sheet_is_read_by_calamine():
    rows = fast(xlsx_file(ROWS))
    assert rows is not None
    assert [number for number, _values in rows] == [1, 2, 3, 4, 5]


def test_calamine_gives_the_table_the_application_reader_gives(monkeypatch):
    content = xlsx_file(ROWS, title_rows=[["Danh sách học viên"], []])
    assert fast(content) is not None
    table, slow = read_table(content, "hoc-vien.xlsx"), slow_table(content, monkeypatch)
    assert dataclasses.replace(table, rows=[]) == dataclasses.replace(slow, rows=[])
    assert [(n, [as_read(v) for v in values]) for n, values in table.rows] == slow.rows


def test_the_import_previews_a_file_read_by_calamine_as_one_read_otherwise(preview, monkeypatch):
    content = xlsx_file(ROWS)
    report = preview(content)
    with monkeypatch.context() as patched:
        patched.setattr(fastxlsx, "rows", lambda *args, **kwargs: None)
        assert preview(content) == report
    assert report.errors


@pytest.mark.parametrize(
    "cells",
    [
        '<c r="BM2"><v>1</v></c>',  # past the 64 columns read
        '<c r="E3"><v>1</v></c>',  # a cell on another row than its own
        "<c><v>1</v></c>",  # no reference
        '<c r="E2"><f>1+1</f><v>2</v></c>',
        '<c r="E2" t="e"><v>#N/A</v></c>',
        '<c r="E2" t="inlineStr"><is><t>a_x000D_b</t></is></c>',
        '<c r="E2" t="inlineStr"><is><t>edge </t></is></c>',
        '<c r="E2" t="inlineStr"><is><t><![CDATA[x]]></t></is></c>',
        '<x:c r="E2"><x:v>1</x:v></x:c>',
        '<c r="E2"><v>1</v></c>' + "<x/>" * 20,  # more elements than cells use
    ],
)
def test_a_sheet_calamine_could_read_otherwise_goes_to_the_application_reader(cells):
    assert fast(hostile.workbook(hostile.HEADER_ROW + hostile.data_row(2, cells=cells))) is None


@pytest.mark.parametrize(
    "rows",
    [
        hostile.data_row(3) + hostile.data_row(2),  # out of order
        hostile.data_row(2) + hostile.data_row(2),  # the same number twice
        hostile.data_row(101),  # past the rows read
        "<row>" + hostile.data_row(2)[len('<row r="2">') :],  # no number
    ],
)
def test_rows_calamine_would_place_otherwise_go_to_the_application_reader(rows):
    assert fast(hostile.workbook(hostile.HEADER_ROW + rows)) is None


def test_more_rows_than_read_go_to_the_application_reader():
    rows = "".join(hostile.data_row(number) for number in range(2, 12))
    content = hostile.workbook(hostile.HEADER_ROW + rows)
    assert fast(content, max_rows=11) is not None
    assert fast(content, max_rows=10) is None


def test_a_declared_size_past_the_bounds_goes_to_the_application_reader():
    content = hostile.workbook(hostile.HEADER_ROW + hostile.data_row(2))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert fast(buffer.getvalue()) is None


def test_shared_strings_calamine_reads_otherwise_go_to_the_application_reader():
    cell = '<c r="E2" t="s"><v>0</v></c>'
    plain = hostile.workbook(
        hostile.HEADER_ROW + hostile.data_row(2, cells=cell), strings="<si><t>x</t></si>"
    )
    assert fast(plain) is not None
    edged = hostile.workbook(
        hostile.HEADER_ROW + hostile.data_row(2, cells=cell), strings="<si><t> x</t></si>"
    )
    assert fast(edged) is None


def test_without_calamine_the_application_reader_reads(monkeypatch):
    monkeypatch.setattr(fastxlsx, "CalamineWorkbook", None)
    content = xlsx_file(ROWS)
    assert fast(content) is None
    assert len(read_table(content, "hoc-vien.xlsx").rows) == 4
