"""Hand-made hostile XLSX files (issue 12): small in the tests, full size in
bench/hostile_uploads.py. Each is a minimal valid workbook whose one sheet is written raw."""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã học viên</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Họ và tên</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Ngày sinh</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>Chi bộ</t></is></c></row>'
)


def workbook(
    rows: str | bytes,
    *,
    strings: str | bytes | None = None,
    styles: bytes | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An XLSX archive whose sheet's <sheetData> holds `rows` (XML), with optional shared
    strings (the <si> items) and styles part."""
    encode = lambda text: text.encode() if isinstance(text, str) else text  # noqa: E731
    relations = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    if strings is not None:
        relations.append(("rId2", "sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        relations.append(("rId3", "styles", "styles.xml"))
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
        '<sheet name="Học viên" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{DOC}/{kind}" Target="{target}"/>'
            for rid, kind, target in relations
        )
        + "</Relationships>",
        "xl/worksheets/sheet1.xml": b'<worksheet xmlns="'
        + MAIN.encode()
        + b'"><sheetData>'
        + encode(rows)
        + b"</sheetData></worksheet>",
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = b'<sst xmlns="' + MAIN.encode() + b'">' + encode(strings)
        parts["xl/sharedStrings.xml"] += b"</sst>"
    if styles is not None:
        parts["xl/styles.xml"] = styles
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, encode(content))
    return buffer.getvalue()


def data_row(number: int, code: str = "HV001", cells: str = "") -> str:
    """A valid row of a cadet (code, name, birth date, cell), plus `cells` (raw XML)."""
    values = (code, "Nguyễn Văn An", "10/05/1998", "CA")
    return (
        f'<row r="{number}">'
        + "".join(
            f'<c r="{letter}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
            for letter, value in zip("ABCD", values, strict=True)
        )
        + cells
        + "</row>"
    )


def far_column(rows: int) -> bytes:
    """Each row holds one cell at column XFD, the last Excel has (issue: 2.7 GB at 57 KB)."""
    body = "".join(
        f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(2, rows + 2)
    )
    return workbook(HEADER_ROW + body)


def long_string(characters: int) -> bytes:
    """One shared string of `characters` letters, in a data cell (issue: 2.2 GB at 195 KB)."""
    cell = '<c r="E2" t="s"><v>0</v></c>'
    return workbook(
        HEADER_ROW + data_row(2, cells=cell), strings=b"<si><t>" + b"a" * characters + b"</t></si>"
    )


def same_row_number(rows: int) -> bytes:
    """`rows` rows that all claim to be row 2 (issue: 200,000 rows passed a 20,000-row limit)."""
    body = "".join(data_row(2, code=f"HV{index:06d}") for index in range(rows))
    return workbook(HEADER_ROW + body)


def zip_bomb(unpacked: int) -> bytes:
    """A sheet that unpacks to `unpacked` bytes of blanks from a few kilobytes."""
    return workbook(HEADER_ROW + data_row(2) + " " * unpacked)


def crowded_rows(rows: int, per_row: int) -> bytes:
    """Rows padded with `per_row` unknown empty elements each: cheap to pack, dear to parse."""
    return workbook(
        HEADER_ROW + "".join(data_row(n, cells="<x/>" * per_row) for n in range(2, rows + 2))
    )
