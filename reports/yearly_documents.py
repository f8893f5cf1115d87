"""The yearly report as tables (the page and the XLSX) and as a party document (the .docx).

Both read one `YearlyReport` (reports.yearly), so the page, the workbook and the Word file carry
the same figures.
"""

import io

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.dates import official_date, place_and_date
from core.spreadsheet_cells import sheet_title, xlsx_cell
from core.tables import XLSX_TYPE, Column, Table
from members.names import search_key
from paperwork.dates import percent, short_date
from paperwork.documents import Document, unit_heading
from units.models import Academy

from .yearly import YearlyReport, target_programme_name

# The file format and the document are Vietnamese whatever the interface language.
SUMMARY_COLUMNS = [
    Column("section", "Mục"),
    Column("item", "Nội dung"),
    Column("value", "Số liệu", "int"),
]
CELL_COLUMNS = [
    Column("battalion", "Tiểu đoàn"),
    Column("cell", "Chi bộ"),
    Column("admitted", "Số kết nạp", "int"),
]
COHORT_COLUMNS = [
    Column("cohort", "Khóa"),
    Column("programme", "Hệ đào tạo"),
    Column("graduation", "Ngày tốt nghiệp", "date"),
    Column("cadets", "Học viên", "int"),
    Column("members", "Đảng viên", "int"),
    Column("rate", "Tỷ lệ (%)", "percent"),
    Column("target", "Chỉ tiêu (%)", "percent"),
]
ADMITTED = "I. Kết nạp"
MAKE_UP = "I. Cơ cấu đảng viên mới kết nạp"


def make_up(report: YearlyReport) -> list[tuple[str, str, int]]:
    """The new members' make-up: (criterion, group, count), criterion by criterion."""
    groups = [
        ("Giới tính", report.by_gender),
        ("Dân tộc", report.by_ethnicity),
        ("Tôn giáo", report.by_religion),
        ("Tuổi đời khi kết nạp", report.by_age),
        ("Trình độ học vấn", report.by_education),
    ]
    return [(criterion, line.label, line.count) for criterion, lines in groups for line in lines]


def summary_rows(report: YearlyReport) -> list[dict]:
    """Every figure of the report, a row each: the first sheet of the workbook."""
    rows = [
        {"section": ADMITTED, "item": "Số đảng viên kết nạp trong năm", "value": report.admitted}
    ]
    rows += [
        {"section": MAKE_UP, "item": f"{criterion}: {label}", "value": count}
        for criterion, label, count in make_up(report)
    ]
    others = "II. Công nhận chính thức, xóa tên, khai trừ, chuyển sinh hoạt"
    rows += [
        {"section": others, "item": "Công nhận đảng viên chính thức", "value": report.converted},
        {"section": others, "item": "Xóa tên", "value": report.struck_off},
        {"section": others, "item": "Khai trừ", "value": report.expelled},
        {"section": others, "item": "Chuyển sinh hoạt đảng đến", "value": report.transferred_in},
        {"section": others, "item": "Chuyển sinh hoạt đảng đi", "value": report.transferred_out},
    ]
    members = f"III. Đảng viên đến {short_date(report.until)}"
    rows += [
        {"section": members, "item": "Đảng viên dự bị", "value": report.members_probationary},
        {"section": members, "item": "Đảng viên chính thức", "value": report.members_official},
        {"section": members, "item": "Tổng số", "value": report.members_total},
    ]
    cohorts = "IV. Học viên tốt nghiệp trong năm"
    rows += [
        {"section": cohorts, "item": "Số khóa tốt nghiệp", "value": len(report.cohorts)},
        {"section": cohorts, "item": "Số khóa đạt chỉ tiêu 100%", "value": report.cohorts_met},
    ]
    return rows


def tables(report: YearlyReport) -> list[Table]:
    """The report as tables: the figures, the admissions by cell, the graduating cohorts."""
    return [
        Table("summary", f"Báo cáo năm {report.year}", SUMMARY_COLUMNS, summary_rows(report)),
        Table("by_cell", "Kết nạp theo chi bộ", CELL_COLUMNS, report.admitted_by_cell),
        Table("cohorts", "Khóa tốt nghiệp", COHORT_COLUMNS, report.cohorts),
    ]


def filename(report: YearlyReport, extension: str) -> str:
    unit = slugify(search_key(report.battalion.code)) if report.battalion else "hoc-vien"
    return f"bao-cao-phat-trien-dang-vien-{report.year}-{unit}.{extension}"


def xlsx_response(report: YearlyReport) -> HttpResponse:
    """The workbook: a sheet per table, the figures first."""
    workbook = Workbook(write_only=True)
    for table in tables(report):
        sheet = workbook.create_sheet(sheet_title(table.title))
        for index, column in enumerate(table.columns, start=1):
            width = 60 if column.key == "item" else max(12, len(str(column.label)) + 4)
            sheet.column_dimensions[get_column_letter(index)].width = width
        header = [xlsx_cell(sheet, column.label) for column in table.columns]
        for cell in header:
            cell.font = Font(bold=True)
        sheet.append(header)
        for row in table.rows:
            sheet.append([xlsx_cell(sheet, row.get(column.key)) for column in table.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "xlsx")}"'
    return response


def _heading(report: YearlyReport) -> tuple[dict[str, str], str, str]:
    """The party organisation and the reporting committee, as paperwork writes them; the
    committee again for the signature, and the body the report goes to."""
    if report.battalion is not None:
        battalion = report.battalion
        heading = unit_heading(battalion=battalion)
        return heading, battalion.committee_name.upper(), f"Đảng ủy {battalion.academy.name}"
    academy = Academy.objects.order_by("pk").first()
    name = academy.name if academy else ""
    heading = {"upper": unit_heading()["upper"], "lower": f"Đảng ủy {name}".upper()}
    return heading, f"Đảng ủy {name}".upper(), "Cấp ủy cấp trên"


def docx_document(report: YearlyReport) -> Document:
    """The context of paperwork/docx_templates/bao-cao-nam.docx."""
    heading, committee, recipient = _heading(report)
    context = {
        "heading": heading,
        "number": "Số ……-BC/ĐU",
        "place_date": place_and_date(report.as_of),
        "year": report.year,
        "unit": report.unit_name or heading["lower"].title(),
        "period_start": official_date(report.until.replace(month=1, day=1)),
        "period_end": official_date(report.until),
        "admitted": report.admitted,
        "by_cell": [
            {"number": index, **row} for index, row in enumerate(report.admitted_by_cell, 1)
        ],
        "make_up": [
            {"group": criterion, "label": label, "count": count}
            for criterion, label, count in make_up(report)
        ],
        "converted": report.converted,
        "struck_off": report.struck_off,
        "expelled": report.expelled,
        "transferred_in": report.transferred_in,
        "transferred_out": report.transferred_out,
        "members_on": official_date(report.until),
        "members": {
            "probationary": report.members_probationary,
            "official": report.members_official,
            "total": report.members_total,
        },
        "target_programme": target_programme_name().lower(),
        "cohorts_met": report.cohorts_met,
        "cohorts_total": len(report.cohorts),
        "cohorts": [
            {
                **row,
                "graduation": short_date(row["graduation"]),
                "rate": percent(row["members"], row["cadets"]),
                "target": "100%" if row["target"] else "",
            }
            for row in report.cohorts
        ],
        "recipient": recipient,
        "committee": committee,
    }
    return Document(
        template="bao-cao-nam",
        title=f"Báo cáo kết quả công tác phát triển đảng viên năm {report.year}",
        filename=filename(report, "docx"),
        context=context,
    )
