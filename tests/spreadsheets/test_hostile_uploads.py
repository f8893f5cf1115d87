"""Hostile uploads are refused at the first limit, quickly and in little memory (issue 12).

Small versions of the files of bench/hostile_uploads.py, which measures the full-size ones.
Each refusal is measured here too: Python's allocations (tracemalloc) and the time spent.
"""

import io
import json
import time
import tracemalloc
import zipfile

import pytest

from members.models import Person
from spreadsheets import reader, xlsx
from spreadsheets.reader import SpreadsheetError, read_table
from spreadsheets.uploads import upload_store

from . import hostile
from .files import cadet, csv_file

MEGABYTE = 1024 * 1024


def refused(content: bytes, filename: str = "hoc-vien.xlsx", *, memory=20 * MEGABYTE) -> str:
    """The message of the refusal; the read stays within `memory` and 2 s of CPU (the target;
    CPU rather than wall-clock time, which other processes on the machine stretch)."""
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(SpreadsheetError) as error:
            read_table(content, filename)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.process_time() - started < 2
    assert peak < memory
    return error.value.messages[0]


def read(content: bytes, filename: str = "hoc-vien.xlsx") -> reader.Table:
    return read_table(content, filename)


def test_a_value_far_right_is_refused_naming_its_cell_without_widening_every_row():
    message = refused(hostile.far_column(2000), memory=5 * MEGABYTE)
    assert "Ô XFD2 nằm ngoài 64 cột đầu" in message


def test_a_value_in_the_last_column_read_is_kept_and_one_past_it_refused():
    at_limit = hostile.data_row(2, cells='<c r="BL2" t="inlineStr"><is><t>x</t></is></c>')
    assert read(hostile.workbook(hostile.HEADER_ROW + at_limit)).rows
    past = hostile.data_row(2, cells='<c r="BM2" t="inlineStr"><is><t>x</t></is></c>')
    assert "Ô BM2 nằm ngoài" in refused(hostile.workbook(hostile.HEADER_ROW + past))


def test_empty_formatted_cells_far_right_are_ignored():
    styled = hostile.data_row(2, cells='<c r="XFD2" s="1"/>')
    table = read(hostile.workbook(hostile.HEADER_ROW + styled))
    assert table.rows == [(2, ["HV001", "Nguyễn Văn An", "10/05/1998", "CA"])]


def test_a_long_string_is_refused_from_the_zip_directory_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", MEGABYTE)
    content = hostile.long_string(4 * MEGABYTE)
    assert len(content) < 20_000
    # Less memory than the string itself: it was never read.
    assert "giải nén ra quá lớn (4 MB, giới hạn 1 MB)" in refused(content, memory=MEGABYTE)


def test_a_cell_longer_than_the_limit_is_refused_naming_it_and_one_at_the_limit_is_read():
    limit = reader.MAX_CELL_CHARS
    assert read(hostile.long_string(limit)).rows
    message = refused(hostile.long_string(limit + 1))
    assert f"Ô E2 dài {limit + 1} ký tự; mỗi ô tối đa {limit} ký tự" in message


def test_rows_are_counted_as_read_whatever_number_they_claim(settings):
    settings.IMPORT_MAX_ROWS = 20
    # The header and up to ten title rows come on top of the data rows.
    assert len(read(hostile.same_row_number(29)).rows) == 29
    assert "quá 20 dòng" in refused(hostile.same_row_number(30))


def test_a_zip_bomb_is_refused_from_the_directory(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 2 * MEGABYTE)
    content = hostile.zip_bomb(3 * MEGABYTE)
    assert len(content) < 20_000
    assert "giải nén ra quá lớn" in refused(content, memory=MEGABYTE)


def test_a_workbook_at_the_unpacked_limit_is_read(monkeypatch):
    content = hostile.zip_bomb(100_000)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", unpacked)
    assert read(content).rows
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", unpacked - 1)
    assert "giải nén ra quá lớn" in refused(content)


def test_a_member_compressed_other_than_excel_does_is_refused():
    content = hostile.workbook(hostile.HEADER_ROW, compression=zipfile.ZIP_BZIP2)
    assert "nén theo cách không được hỗ trợ" in refused(content)


def test_a_row_crowded_with_elements_is_refused_at_the_first_one():
    content = hostile.crowded_rows(1, xlsx.MAX_ITEM_ELEMENTS)
    assert "quá nhiều ô hoặc phần tử" in refused(content)
    assert read(hostile.crowded_rows(1, xlsx.MAX_ITEM_ELEMENTS - 20)).rows


def test_elements_spread_over_many_rows_are_refused_at_the_workbook_budget(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ELEMENTS", 50_000)
    assert "quá nhiều ô hoặc phần tử" in refused(hostile.crowded_rows(100, 1000))
    assert len(read(hostile.crowded_rows(40, 1000)).rows) == 40


def test_a_styles_part_read_whole_is_bounded(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_WHOLE_PART_BYTES", 10_000)
    styles = f'<styleSheet xmlns="{hostile.MAIN}">'.encode() + b"<x/>" * 5000 + b"</styleSheet>"
    content = hostile.workbook(hostile.HEADER_ROW + hostile.data_row(2), styles=styles)
    assert "“xl/styles.xml” của tệp Excel quá lớn" in refused(content)


def test_the_text_of_a_table_is_bounded(monkeypatch):
    monkeypatch.setattr(reader, "MAX_TABLE_CHARS", 1000)
    rows = [cadet(code=f"HV{index:03d}") for index in range(20)]
    assert "quá nhiều chữ (quá 1000 ký tự" in refused(csv_file(rows), "hoc-vien.csv")


def test_the_stored_preview_keeps_only_the_template_columns(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    notes = "".join(
        hostile.data_row(n, code=f"HV{n:03d}", cells=f'<c r="E{n}" t="s"><v>0</v></c>')
        for n in range(2, 502)
    )
    content = hostile.workbook(
        hostile.HEADER_ROW + notes, strings="<si><t>" + "ghi chú " * 120 + "</t></si>"
    )
    token = upload_store(read(content))
    stored = (tmp_path / "imports" / f"{token}.json").read_bytes()
    # 500 rows of four short values; the 960-character note repeated 500 times is left out.
    assert len(stored) < 500 * 80
    assert json.loads(stored)["unknown_headers"] == ["(cột E không có tiêu đề)"]


# --- CSV -------------------------------------------------------------------------------------


def test_a_csv_with_bare_carriage_returns_is_read_row_by_row(preview):
    rows = [cadet(), cadet(code="HV002")]
    content = csv_file(rows).replace(b"\r\n", b"\r")
    report = preview(content, "hoc-vien.csv")
    assert (report.rows, report.created) == (2, 2)


def test_a_csv_field_over_the_csv_modules_limit_is_refused_naming_the_row(apply):
    rows = [cadet(), cadet(code="HV002", class_name="x" * 131_073)]
    with pytest.raises(SpreadsheetError) as error:
        apply(csv_file(rows), "hoc-vien.csv")
    assert "Không đọc được dòng 3 của tệp CSV" in error.value.messages[0]
    assert not Person.objects.exists()


def test_a_csv_cell_over_the_cell_limit_is_refused_naming_it():
    limit = reader.MAX_CELL_CHARS
    assert read(csv_file([cadet(class_name="x" * limit)]), "hoc-vien.csv").rows
    message = refused(csv_file([cadet(class_name="x" * (limit + 1))]), "hoc-vien.csv")
    assert f"Ô G2 dài {limit + 1} ký tự" in message


def test_a_csv_value_past_the_last_column_is_refused_but_empty_columns_there_are_not():
    values = list(cadet().values())
    wide = [*values, *[""] * 100]
    assert read(csv_file([wide], raw=True), "hoc-vien.csv").rows
    wide[80] = "x"
    assert "Ô CC2 nằm ngoài 64 cột đầu" in refused(csv_file([wide], raw=True), "hoc-vien.csv")


def test_an_unbalanced_quote_in_a_csv_is_refused_naming_the_row():
    content = csv_file([cadet()]) + b'HV002,"Nguyen\n' + b"x" * 140_000
    assert "dòng 3 của tệp CSV" in refused(content, "hoc-vien.csv")
