"""The XLSX cell reader gives the values openpyxl gives, on a workbook written as Excel writes it.

Excel (unlike openpyxl) keeps text in a shared-strings table, with rich-text runs and phonetic
guides, and may leave out row and cell references; the workbook below has every kind of cell
the reader handles, and openpyxl is the reference.
"""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from spreadsheets import xlsx
from spreadsheets.reader import SpreadsheetError, read_table

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/notes.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/data.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{RELS}">
<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{RELS}">
<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/notes.xml"/>
<Relationship Id="rId2" Type="{OFFICE}/worksheet" Target="/xl/worksheets/data.xml"/>
<Relationship Id="rId3" Type="{OFFICE}/styles" Target="styles.xml"/>
<Relationship Id="rId4" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}">
<numFmts count="3">
<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="[h]:mm"/>
<numFmt numFmtId="166" formatCode="0.00"/>
</numFmts>
<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
<cellXfs count="6">
<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>
<xf numFmtId="166"/><xf numFmtId="20"/>
</cellXfs>
</styleSheet>"""

SHARED_STRINGS = f"""<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="{MAIN}" count="5" uniqueCount="5">
<si><t>Mã học viên</t></si>
<si><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t>Văn An</t></r></si>
<si><t>Hà</t><rPh sb="0" eb="1"><t>ha</t></rPh></si>
<si><t xml:space="preserve">  C1 </t></si>
<si><t>a_x005F_b</t></si>
</sst>"""

DATA_SHEET = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{MAIN}"><sheetData>
<row r="1">
<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>
<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>
<c r="F1" t="inlineStr"><is><r><t>Lê </t></r><r><t>Minh</t></r></is></c>
<c r="G1" t="b"><v>1</v></c><c r="H1" t="e"><v>#N/A</v></c><c r="I1" t="s"/>
</row>
<row r="3">
<c r="A3" s="1"><v>43346</v></c><c r="B3" s="2"><v>43346.5</v></c>
<c r="C3" s="3"><v>1.5</v></c><c r="D3" s="5"><v>0.25</v></c><c r="E3"><v>12</v></c>
<c r="F3" s="4"><v>12.5</v></c><c r="G3"><v>1E3</v></c><c r="H3" s="2"><v>3000000</v></c>
</row>
<row><c><v>1</v></c><c t="inlineStr"><is><t>no reference</t></is></c></row>
<row r="6">
<c r="A6"><f>SUM(E3:E3)</f><v>12</v></c>
<c r="B6"><f t="shared" ref="B6:C6" si="0">A6+1</f><v>13</v></c>
<c r="C6"><f t="shared" si="0"/><v>14</v></c>
<c r="D6"><f t="array" ref="D6">SUM(E3:F3)</f><v>24.5</v></c>
<c r="E6" t="str"><f>"x"</f><v>x</v></c>
</row>
<row r="7"><c r="A7" t="d"><v>2018-09-03T10:30:00</v></c><c r="AA7"><v>7</v></c></row>
<row r="8" spans="1:3"/>
</sheetData></worksheet>"""

NOTES_SHEET = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Hướng dẫn</t>
</is></c></row></sheetData></worksheet>"""


def workbook(date1904: bool = False) -> bytes:
    properties = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    workbook_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">'
        f'{properties}<sheets><sheet name="Hướng dẫn" sheetId="1" r:id="rId1"/>'
        '<sheet name="Học viên" sheetId="2" r:id="rId2"/></sheets></workbook>'
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook_xml,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": SHARED_STRINGS,
        "xl/worksheets/notes.xml": NOTES_SHEET,
        "xl/worksheets/data.xml": DATA_SHEET,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def comparable(value):
    # Formulas only need to be recognised as such: openpyxl also rewrites shared formulas.
    if isinstance(value, ArrayFormula) or (isinstance(value, str) and value.startswith("=")):
        return "formula"
    return value


def openpyxl_rows(content: bytes, sheet: str) -> dict[int, list]:
    worksheet = load_workbook(io.BytesIO(content), read_only=True)[sheet]
    return _stored(enumerate(worksheet.iter_rows(values_only=True), start=1))


def reader_rows(content: bytes, sheet: str) -> dict[int, list]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return _stored(xlsx.Workbook(archive).rows(sheet))


def _stored(rows) -> dict[int, list]:
    """Rows with a value, without the padding openpyxl adds to the right."""
    found = {}
    for number, values in rows:
        values = [comparable(value) for value in values]
        while values and values[-1] is None:
            values.pop()
        if values:
            found[number] = values
    return found


# openpyxl warns about the minimal style sheet and the date serial beyond the calendar.
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(date1904):
    content = workbook(date1904)
    assert reader_rows(content, "Học viên") == openpyxl_rows(content, "Học viên")


def test_text_dates_and_numbers_come_out_as_the_import_expects():
    rows = reader_rows(workbook(), "Học viên")
    assert rows[1] == [
        "Mã học viên", "Nguyễn Văn An", "Hà", "  C1 ", "a_b", "Lê Minh", True, "#N/A"
    ]  # fmt: skip
    assert rows[3][:2] == [datetime.datetime(2018, 9, 3), datetime.datetime(2018, 9, 3, 12)]
    assert rows[3][4:7] == [12, 12.5, 1000.0]
    assert rows[3][7] == "#VALUE!"
    assert rows[4] == [1, "no reference"]
    assert rows[6] == ["formula"] * 5
    assert rows[7][0] == datetime.datetime(2018, 9, 3, 10, 30)
    assert (len(rows[7]), rows[7][26]) == (27, 7)


def test_the_sheets_are_found_through_the_workbook_relationships():
    with zipfile.ZipFile(io.BytesIO(workbook())) as archive:
        sheets = xlsx.Workbook(archive).sheets
    assert sheets == {"Hướng dẫn": "xl/worksheets/notes.xml", "Học viên": "xl/worksheets/data.xml"}


def test_the_template_sheet_is_read_even_when_it_is_not_the_first_and_its_formulas_refused():
    with pytest.raises(SpreadsheetError) as refused:
        read_table(workbook(), "hoc-vien.xlsx")
    assert "(A6, B6, C6, D6, E6)" in refused.value.messages[0]
