"""Writes the .docx templates of paperwork/docx_templates from this script.

The templates are Word files holding Jinja tags that docxtpl fills from `paperwork.documents`.
Keeping them as code makes each change reviewable in a diff and each file reproducible:

    .venv/bin/python -m paperwork.build_templates

then commit the regenerated .docx files with the script (a test checks they match).
The layout follows the forms of Hướng dẫn 12-HD/BTCTW (2022) and the presentation rules for
party documents: A4, Times New Roman, the party organisation's heading on the left, the
party's name with place and date on the right.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

TEMPLATE_DIR = Path(__file__).resolve().parent / "docx_templates"
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def new_document(*, landscape: bool = False):
    document = Document()
    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = (Mm(20), Mm(15)) if landscape else (Mm(30), Mm(15))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    # Body text 13 pt, within the 13-14 pt the presentation rules allow, so that a cell
    # resolution fits on one sheet.
    normal.font.size = Pt(13)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    properties = document.core_properties
    properties.author = properties.last_modified_by = "partydev"
    properties.comments = "paperwork/build_templates.py"
    return document


def paragraph(
    container,
    *runs,
    align=JUSTIFY,
    bold=False,
    italic=False,
    size=None,
    indent=False,
    space_after=2,
):
    """A paragraph of runs; a run is a string or (text, {"bold": True, ...}).

    Each Jinja tag sits whole inside one run so that docxtpl reads it untouched.
    """
    result = container.add_paragraph()
    result.alignment = align
    result.paragraph_format.space_after = Pt(space_after)
    if indent:
        result.paragraph_format.first_line_indent = Cm(1)
    for run in runs:
        text, style = (run, {}) if isinstance(run, str) else run
        added = result.add_run(text)
        added.bold = style.get("bold", bold)
        added.italic = style.get("italic", italic)
        added.underline = style.get("underline", False)
        if style.get("size", size):
            added.font.size = Pt(style.get("size", size))
    return result


def tag(container, text: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); docxtpl removes it."""
    return container.add_paragraph(text)


def _cell_paragraph(cell, *runs, **options):
    # A new cell already holds one empty paragraph: use it for the first line.
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) == 1 and not first.runs:
        first._element.getparent().remove(first._element)
    return paragraph(cell, *runs, **options)


def heading(
    document,
    *,
    number: bool,
    widths_mm: tuple[int, int] = (80, 85),
    motto: str = "ĐẢNG CỘNG SẢN VIỆT NAM",
):
    """Party organisation on the left (with the document number), the party's name, place and
    date on the right, as every party document opens."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(widths_mm[0]), Mm(widths_mm[1])
    options = {"align": CENTER, "space_after": 0}
    _cell_paragraph(left, "{{ heading.upper }}", **options)
    _cell_paragraph(left, "{{ heading.lower }}", bold=True, **options)
    _cell_paragraph(left, "*", **options)
    if number:
        _cell_paragraph(left, "{{ number }}", **options)
    _cell_paragraph(right, (motto, {"bold": True, "underline": True}), **options)
    _cell_paragraph(right, "", **options)
    _cell_paragraph(right, "{{ place_date }}", italic=True, **options)
    paragraph(document, "", space_after=6)


def title(document, *lines: str):
    paragraph(document, lines[0], align=CENTER, bold=True, size=16, space_after=0)
    for line in lines[1:]:
        paragraph(document, line, align=CENTER, bold=True, space_after=0)
    paragraph(document, "-----", align=CENTER, space_after=6)


def _keep_on_one_page(row):
    """A table row that Word moves to the next page whole rather than splits."""
    properties = row._tr.get_or_add_trPr()
    properties.append(properties.makeelement(qn("w:cantSplit"), {}))


def signature(document, left_lines: list, right_title: list[str], signer: str):
    """'Nơi nhận' on the left, the signing title, a space to sign and the name on the right."""
    table = document.add_table(rows=1, cols=2)
    _keep_on_one_page(table.rows[0])
    left, right = table.rows[0].cells
    for line in left_lines:
        _cell_paragraph(left, line, align=WD_ALIGN_PARAGRAPH.LEFT, size=12, space_after=0)
    for line in right_title:
        _cell_paragraph(right, line, align=CENTER, bold=True, space_after=0)
    for _ in range(3):
        _cell_paragraph(right, "", align=CENTER, space_after=0)
    _cell_paragraph(right, signer, align=CENTER, bold=True, space_after=0)


def list_table(
    document, columns: list[tuple[str, str, float]], loop: str, row_name: str, size: int = 12
):
    """A bordered table: the header row, then one row per item of `loop` (docxtpl's {%tr %})."""
    table = document.add_table(rows=4, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, opening, body, closing = table.rows
    # The header row repeats at the top of every page of a long list.
    header_properties = header._tr.get_or_add_trPr()
    header_properties.append(header_properties.makeelement(qn("w:tblHeader"), {}))
    opening.cells[0].text = f"{{%tr for {row_name} in {loop} %}}"
    closing.cells[0].text = "{%tr endfor %}"
    for index, (label, value, width_mm) in enumerate(columns):
        table.columns[index].width = Mm(width_mm)
        for row in table.rows:
            row.cells[index].width = Mm(width_mm)
        _cell_paragraph(
            header.cells[index], label, align=CENTER, bold=True, size=size, space_after=0
        )
        align = CENTER if index == 0 else WD_ALIGN_PARAGRAPH.LEFT
        _cell_paragraph(body.cells[index], value, align=align, size=size, space_after=0)
    return table


def _votes_paragraphs(document, subject: str):
    paragraph(
        document,
        "Số đảng viên chính thức của chi bộ: {{ votes.eligible }} đồng chí; có mặt: "
        "{{ votes.present }} đồng chí; vắng mặt: {{ votes.absent }} đồng chí.",
        indent=True,
    )
    paragraph(
        document,
        f"Số đảng viên chính thức tán thành {subject}: ",
        ("{{ votes.in_favour }}", {"bold": True}),
        " đồng chí (đạt {{ votes.in_favour_percent }} so với tổng số đảng viên chính thức của "
        "chi bộ); số không tán thành: {{ votes.against }} đồng chí (chiếm "
        "{{ votes.against_percent }}).",
        indent=True,
    )


def _var(path: str) -> str:
    return "{{ " + path + " }}"


def _member_paragraphs(document, who: str):
    def field(name: str) -> str:
        return _var(f"{who}.{name}")

    paragraph(
        document,
        "Họ và tên: ",
        (field("name"), {"bold": True}),
        f"; giới tính: {field('gender')}.",
        indent=True,
    )
    paragraph(document, f"Sinh {field('born')}; quê quán: {field('hometown')}.", indent=True)
    paragraph(
        document,
        f"Trình độ học vấn: {field('education')}; đơn vị: {field('unit')}; "
        f"chức vụ: {field('position')}.",
        indent=True,
    )


def _cell_signature(document):
    signature(
        document,
        [("Nơi nhận:", {"bold": True, "italic": True}), "- {{ superior }};", "- Lưu chi bộ."],
        ["T/M CHI BỘ", "BÍ THƯ"],
        "{{ signer }}",
    )


def admission_resolution():
    """Form 6-KNĐ: the cell's resolution proposing an admission."""
    document = new_document()
    heading(document, number=True)
    title(document, "NGHỊ QUYẾT", "ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN")
    paragraph(
        document,
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;",
        italic=True,
        indent=True,
    )
    paragraph(
        document,
        "{{ meeting_date|capitalize }}, {{ cell_name }} họp xét đề nghị kết nạp quần chúng ",
        ("{{ candidate.name }}", {"bold": True}),
        " vào Đảng Cộng sản Việt Nam.",
        indent=True,
    )
    paragraph(document, "I. NGƯỜI VÀO ĐẢNG", bold=True)
    _member_paragraphs(document, "candidate")
    paragraph(document, "Ngày vào Đoàn TNCS Hồ Chí Minh: {{ candidate.youth_union }}.", indent=True)
    paragraph(
        document,
        "Học lớp bồi dưỡng nhận thức về Đảng: {{ course_date }}; "
        "đơn xin vào Đảng và lý lịch: {{ application_date }}.",
        indent=True,
    )
    paragraph(document, "II. NGƯỜI GIỚI THIỆU", bold=True)
    paragraph(
        document,
        "{% if by_youth_union %}Ban Chấp hành Đoàn cơ sở giới thiệu (mẫu 4-KNĐ) "
        "cùng đảng viên chính thức:{% else %}Đảng viên chính thức giới thiệu (mẫu 3-KNĐ):"
        "{% endif %}",
        indent=True,
    )
    tag(document, "{%p for introducer in introducers %}")
    paragraph(
        document,
        "- Đồng chí ",
        ("{{ introducer.name }}", {"bold": True}),
        ", {{ introducer.position }};",
        indent=True,
    )
    tag(document, "{%p endfor %}")
    paragraph(document, "Ngày giới thiệu: {{ introduction_date }}.", indent=True)
    paragraph(document, "Đảng viên được phân công giúp đỡ: {{ helper }}.", indent=True)
    paragraph(document, "III. KẾT QUẢ BIỂU QUYẾT", bold=True)
    _votes_paragraphs(document, "việc kết nạp quần chúng {{ candidate.name }} vào Đảng")
    paragraph(document, "IV. KẾT LUẬN", bold=True)
    paragraph(
        document,
        "Sau khi xem xét đơn xin vào Đảng, lý lịch của người vào Đảng, giấy giới thiệu của người "
        "giới thiệu và ý kiến nhận xét của tổ chức đoàn thể, chi bộ thấy quần chúng "
        "{{ candidate.name }} đủ tiêu chuẩn và điều kiện vào Đảng. {{ conclusion }}",
        indent=True,
        space_after=6,
    )
    _cell_signature(document)
    return document


def conversion_resolution():
    """Form 13-KNĐ: the cell's resolution proposing official membership."""
    document = new_document()
    heading(document, number=True)
    title(document, "NGHỊ QUYẾT", "ĐỀ NGHỊ CÔNG NHẬN ĐẢNG VIÊN CHÍNH THỨC")
    paragraph(
        document,
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;",
        italic=True,
        indent=True,
    )
    paragraph(
        document,
        "{{ meeting_date|capitalize }}, {{ cell_name }} họp xét đề nghị công nhận đảng viên "
        "chính thức cho đảng viên dự bị ",
        ("{{ member.name }}", {"bold": True}),
        ".",
        indent=True,
    )
    paragraph(document, "I. ĐẢNG VIÊN DỰ BỊ", bold=True)
    _member_paragraphs(document, "member")
    paragraph(
        document,
        "Được kết nạp vào Đảng theo Quyết định số ",
        ("{{ decision_number }}", {"bold": True}),
        " {{ decision_date }} của {{ decision_by }}; lễ kết nạp tổ chức {{ ceremony_date }}.",
        indent=True,
    )
    paragraph(
        document,
        "Thời hạn dự bị {{ probation_months }} tháng, hết {{ probation_end }}.",
        indent=True,
    )
    paragraph(document, "Học lớp bồi dưỡng đảng viên mới: {{ new_member_course }}.", indent=True)
    paragraph(
        document,
        "Đảng viên chính thức được phân công giúp đỡ: {{ mentor }}.",
        indent=True,
    )
    paragraph(document, "II. KẾT QUẢ BIỂU QUYẾT", bold=True)
    _votes_paragraphs(document, "công nhận đồng chí {{ member.name }} là đảng viên chính thức")
    paragraph(document, "III. KẾT LUẬN", bold=True)
    paragraph(
        document,
        "Sau khi xem xét bản tự kiểm điểm của đảng viên dự bị (mẫu 10-KNĐ), bản nhận xét của "
        "đảng viên chính thức được phân công giúp đỡ (mẫu 11-KNĐ) và bản tổng hợp ý kiến nhận "
        "xét của tổ chức đoàn thể (mẫu 12-KNĐ), chi bộ thấy đồng chí {{ member.name }} đủ điều "
        "kiện trở thành đảng viên chính thức. {{ conclusion }}",
        indent=True,
        space_after=6,
    )
    _cell_signature(document)
    return document


def candidate_list():
    """The list of a cell's outstanding candidates and where each stands."""
    document = new_document(landscape=True)
    heading(document, number=False, widths_mm=(110, 140))
    title(document, "DANH SÁCH QUẦN CHÚNG ƯU TÚ")
    paragraph(document, "{{ cell_name }}, tính đến {{ as_of }}", align=CENTER, italic=True)
    list_table(
        document,
        [
            ("STT", "{{ row.number }}", 12),
            ("Họ và tên", "{{ row.name }}", 42),
            ("Ngày sinh", "{{ row.born }}", 24),
            ("Đơn vị", "{{ row.unit }}", 28),
            ("Vào danh sách", "{{ row.listed }}", 24),
            ("Học lớp bồi dưỡng nhận thức về Đảng", "{{ row.course }}", 24),
            ("Bước hiện tại", "{{ row.stage }} ({{ row.stage_date }})", 40),
            (
                "Bước tiếp theo",
                "{{ row.next_step }}{% if row.due %}, hạn {{ row.due }}{% endif %}",
                36,
            ),
            ("Đảng viên giúp đỡ", "{{ row.helper }}", 32),
        ],
        "rows",
        "row",
        size=11,
    )
    paragraph(document, "Tổng số: {{ total }} quần chúng ưu tú.", space_after=12)
    signature(document, [], ["T/M CHI BỘ", "BÍ THƯ"], "{{ signer }}")
    return document


def conversion_list():
    """The probationary members whose probation ends in a chosen month."""
    document = new_document(landscape=True)
    heading(document, number=False, widths_mm=(110, 140))
    title(document, "DANH SÁCH ĐẢNG VIÊN DỰ BỊ HẾT THỜI HẠN DỰ BỊ")
    paragraph(
        document,
        "{{ period|capitalize }}{% if unit_name %}, {{ unit_name }}{% endif %}",
        align=CENTER,
        italic=True,
    )
    list_table(
        document,
        [
            ("STT", "{{ row.number }}", 12),
            ("Họ và tên", "{{ row.name }}", 40),
            ("Ngày sinh", "{{ row.born }}", 24),
            ("Chi bộ", "{{ row.cell }}", 28),
            ("Quyết định kết nạp", "{{ row.decision }}", 34),
            ("Ngày kết nạp", "{{ row.ceremony }}", 24),
            ("Hết dự bị", "{{ row.probation_end }}", 24),
            ("Hạn chi bộ xét", "{{ row.vote_due }}", 24),
            ("Đảng viên giúp đỡ", "{{ row.mentor }}", 32),
            ("Ghi chú", "{{ row.note }}", 20),
        ],
        "rows",
        "row",
        size=11,
    )
    paragraph(document, "Tổng số: {{ total }} đồng chí.", space_after=12)
    signature(document, [], ["NGƯỜI LẬP DANH SÁCH"], "{{ prepared_by }}")
    return document


def resolution_scorecard():
    """A quarterly resolution's targets against the results, cell by cell."""
    document = new_document(landscape=True)
    heading(document, number=False, widths_mm=(110, 140))
    title(document, "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT VỀ CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN")
    paragraph(document, "{{ resolution }}", align=CENTER, bold=True, space_after=0)
    paragraph(document, "{{ resolution_title }}", align=CENTER, italic=True, space_after=0)
    paragraph(document, "{{ period }}", align=CENTER, italic=True, space_after=6)
    tag(document, "{%p if area_targets %}")
    paragraph(document, "Chỉ tiêu theo lĩnh vực:", bold=True)
    tag(document, "{%p for target in area_targets %}")
    paragraph(
        document,
        "- {{ target.label }}: {{ target.criterion }} (mức {{ target.grade }}) đạt từ "
        "{{ target.percent }}% trở lên;",
        indent=True,
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    table = list_table(
        document,
        [
            ("STT", "{{ row.number }}", 12),
            ("Chi bộ", "{{ row.cell }}", 26),
            ("Quần chúng ưu tú mới (kết quả/chỉ tiêu)", "{{ row.candidates }}", 22),
            ("Kết nạp (kết quả/chỉ tiêu)", "{{ row.admissions }}", 20),
            ("Chuyển chính thức (kết quả/chỉ tiêu)", "{{ row.conversions }}", 22),
            ("Tỷ lệ đạt theo lĩnh vực", "{{ row.areas }}", 48),
            ("Nhận nghị quyết", "{{ row.received }}", 22),
            ("Quán triệt", "{{ row.discussed }}", 22),
            ("Báo cáo", "{{ row.reported }}", 22),
            ("Nhận xét", "{{ row.remark }}", 40),
        ],
        "rows",
        "row",
        size=11,
    )
    total = table.add_row().cells
    for index, value in enumerate(
        [
            "",
            "Cộng",
            "{{ total.candidates }}",
            "{{ total.admissions }}",
            "{{ total.conversions }}",
            "{{ total.areas }}",
            "",
            "",
            "",
            "",
        ]
    ):
        _cell_paragraph(total[index], value, bold=True, size=11, space_after=0)
    paragraph(
        document,
        "Số chi bộ cần chú ý (chưa đạt chỉ tiêu, chưa có đánh giá hoặc báo cáo muộn): "
        "{{ standing_out }}.",
        space_after=12,
    )
    signature(document, [], ["NGƯỜI LẬP BẢNG"], "{{ prepared_by }}")
    return document


def party_form():
    """The forms of 12-HD/BTCTW written from `paperwork.knd`: one layout, the heading, number,
    place and date, title, addressee, body paragraphs and signature block as data."""
    document = new_document()
    paragraph(document, "{{ form_code }}", align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True, size=11)
    # A member's own paper (3-, 10-, 11-KNĐ): the party's name alone, the place and date under it.
    tag(document, "{%p if personal %}")
    paragraph(
        document, ("{{ motto }}", {"bold": True, "underline": True}), align=CENTER, space_after=0
    )
    paragraph(
        document, "{{ place_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True, space_after=6
    )
    tag(document, "{%p else %}")
    heading(document, number=True, motto="{{ motto }}")
    tag(document, "{%p endif %}")
    paragraph(document, "{{ title }}", align=CENTER, bold=True, size=16, space_after=0)
    tag(document, "{%p for line in subtitle %}")
    paragraph(document, "{{ line }}", align=CENTER, bold=True, space_after=0)
    tag(document, "{%p endfor %}")
    paragraph(document, "-----", align=CENTER, space_after=6)
    tag(document, "{%p if addressee %}")
    paragraph(document, "{{ addressee }}", align=CENTER, bold=True, space_after=6)
    tag(document, "{%p endif %}")
    tag(document, "{%p for para in paragraphs %}")
    tag(document, '{%p if para.kind == "section" %}')
    paragraph(document, "{{ para.text }}", bold=True)
    tag(document, '{%p elif para.kind == "basis" %}')
    paragraph(document, "{{ para.text }}", italic=True, indent=True)
    tag(document, '{%p elif para.kind == "centre" %}')
    paragraph(document, "{{ para.text }}", align=CENTER, bold=True)
    tag(document, '{%p elif para.kind == "fill" %}')
    paragraph(document, "{{ para.text }}", align=WD_ALIGN_PARAGRAPH.LEFT)
    tag(document, "{%p else %}")
    paragraph(document, "{{ para.text }}", indent=True)
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")
    paragraph(document, "", space_after=6)
    table = document.add_table(rows=1, cols=2)
    _keep_on_one_page(table.rows[0])
    left, right = table.rows[0].cells
    left_options = {"align": WD_ALIGN_PARAGRAPH.LEFT, "size": 12, "space_after": 0}
    _cell_paragraph(left, "{%p if recipients %}", **left_options)
    _cell_paragraph(left, ("Nơi nhận:", {"bold": True, "italic": True}), **left_options)
    _cell_paragraph(left, "{%p for line in recipients %}", **left_options)
    _cell_paragraph(left, "{{ line }}", **left_options)
    _cell_paragraph(left, "{%p endfor %}", **left_options)
    _cell_paragraph(left, "{%p endif %}", **left_options)
    _cell_paragraph(right, "{%p for line in sign_title %}", align=CENTER, space_after=0)
    _cell_paragraph(right, "{{ line }}", align=CENTER, bold=True, space_after=0)
    _cell_paragraph(right, "{%p endfor %}", align=CENTER, space_after=0)
    _cell_paragraph(right, "{{ sign_note }}", align=CENTER, italic=True, size=12, space_after=0)
    for _ in range(3):
        _cell_paragraph(right, "", align=CENTER, space_after=0)
    _cell_paragraph(right, "{{ signer }}", align=CENTER, bold=True, space_after=0)
    return document


def transfer_letter():
    """Giấy giới thiệu sinh hoạt đảng: the committee introduces a member to the receiving one."""
    document = new_document()
    heading(document, number=True)
    title(document, "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", "{{ kind_title }}")
    paragraph(document, "Kính gửi: ", ("{{ to_committee }}", {"bold": True}), align=CENTER)
    paragraph(document, "", space_after=6)
    paragraph(
        document,
        "{{ issuer }} trân trọng giới thiệu đồng chí ",
        ("{{ member.name }}", {"bold": True}),
        ", sinh {{ member.born }}; quê quán: {{ member.hometown }}.",
        indent=True,
    )
    paragraph(
        document,
        "Là {{ status }}; vào Đảng {{ admitted }}{% if official %}; chính thức "
        "{{ official }}{% endif %}.",
        indent=True,
    )
    paragraph(document, "Đang sinh hoạt tại {{ from_place }}.", indent=True)
    paragraph(
        document,
        "Được chuyển sinh hoạt đảng {{ kind_text }} đến {{ destination }}{{ until_text }}.",
        indent=True,
    )
    paragraph(document, "Lý do: {{ reason }}.", indent=True)
    paragraph(
        document,
        "Đề nghị {{ to_committee }} tiếp nhận và tổ chức cho đồng chí {{ member.name }} sinh "
        "hoạt đảng theo quy định.{% if probation_end %} Đồng chí là đảng viên dự bị, hết thời "
        "hạn dự bị {{ probation_end }}; chi bộ nơi đến xét công nhận đảng viên chính thức."
        "{% endif %}",
        indent=True,
    )
    paragraph(
        document,
        "Đồng chí {{ member.name }} xuất trình giấy giới thiệu này với cấp ủy nơi đến chậm "
        "nhất {{ present_by }} ({{ present_days }} ngày làm việc kể từ ngày giới thiệu).",
        italic=True,
        indent=True,
        space_after=6,
    )
    signature(
        document,
        [
            ("Nơi nhận:", {"bold": True, "italic": True}),
            "- Như trên;",
            "- Đồng chí {{ member.name }};",
            "- Lưu.",
        ],
        ["T/M {{ issuer_short }}", "{{ signer_title }}"],
        "{{ signer }}",
    )
    return document


def handoff_list():
    """The committee's list of a graduating cohort's members and where each is transferred."""
    document = new_document(landscape=True)
    heading(document, number=False, widths_mm=(110, 140))
    title(document, "DANH SÁCH ĐẢNG VIÊN TỐT NGHIỆP CHUYỂN SINH HOẠT ĐẢNG")
    paragraph(
        document,
        "Khóa {{ cohort }}, tốt nghiệp {{ graduation }}{% if unit_name %}, {{ unit_name }}"
        "{% endif %}",
        align=CENTER,
        italic=True,
    )
    list_table(
        document,
        [
            ("STT", "{{ row.number }}", 12),
            ("Họ và tên", "{{ row.name }}", 42),
            ("Ngày sinh", "{{ row.born }}", 24),
            ("Chi bộ", "{{ row.cell }}", 28),
            ("Đảng viên", "{{ row.status }}", 26),
            ("Vào Đảng", "{{ row.admitted }}", 24),
            ("Đơn vị nhận công tác", "{{ row.unit }}", 44),
            ("Cấp ủy nơi đến", "{{ row.committee }}", 40),
            ("Số giấy giới thiệu", "{{ row.letter }}", 22),
        ],
        "rows",
        "row",
        size=11,
    )
    paragraph(
        document,
        "Tổng số: {{ total }} đồng chí ({{ official }} chính thức, {{ probationary }} dự bị).",
        space_after=12,
    )
    signature(document, [], ["NGƯỜI LẬP DANH SÁCH"], "{{ prepared_by }}")
    return document


def probation_summary():
    """One page for the receiving cell: where a probationary member stands in probation."""
    document = new_document()
    heading(document, number=False)
    title(document, "TÓM TẮT QUÁ TRÌNH DỰ BỊ", "(gửi chi bộ nơi đến)")
    _member_paragraphs(document, "member")
    paragraph(
        document,
        "Quyết định kết nạp số {{ decision_number }} {{ decision_date }}; lễ kết nạp "
        "{{ ceremony_date }}.",
        indent=True,
    )
    paragraph(
        document,
        "Hết thời hạn dự bị: ",
        ("{{ probation_end }}", {"bold": True}),
        "; hạn chi bộ xét công nhận đảng viên chính thức: ",
        ("{{ conversion_due }}", {"bold": True}),
        ".",
        indent=True,
    )
    paragraph(document, "Học lớp bồi dưỡng đảng viên mới: {{ new_member_course }}.", indent=True)
    paragraph(document, "Đảng viên chính thức giúp đỡ: {{ mentor }}.", indent=True)
    paragraph(document, "Đánh giá, nhận xét đến nay:", bold=True)
    tag(document, "{%p for line in assessments %}")
    paragraph(document, "- {{ line }}", indent=True)
    tag(document, "{%p endfor %}")
    paragraph(document, "Chuyển sinh hoạt đảng đến: {{ destination }}.", indent=True, space_after=6)
    signature(document, [], ["T/M CHI BỘ", "BÍ THƯ"], "{{ signer }}")
    return document


def _figures_table(document, rows: list[tuple[str, str]]):
    """A bordered table of labelled figures, one per row."""
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(125), Mm(40)
        _cell_paragraph(cells[0], label, align=WD_ALIGN_PARAGRAPH.LEFT, size=12, space_after=0)
        _cell_paragraph(cells[1], value, align=CENTER, size=12, space_after=0)
    return table


def yearly_report():
    """The yearly report upward on party development (báo cáo kết quả công tác phát triển
    đảng viên): the year's admissions and their make-up, conversions, exits and transfers,
    the members at the end of the year, and the graduating cohorts against the target."""
    document = new_document()
    heading(document, number=True)
    title(document, "BÁO CÁO", "KẾT QUẢ CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN NĂM {{ year }}")
    paragraph(
        document,
        "Số liệu của {{ unit }} tính từ {{ period_start }} đến {{ period_end }}, theo hồ sơ "
        "đảng viên và quần chúng ưu tú tại thời điểm lập báo cáo.",
        indent=True,
        space_after=6,
    )
    paragraph(document, "I. KẾT NẠP ĐẢNG VIÊN", bold=True)
    paragraph(
        document,
        "Trong năm kết nạp ",
        ("{{ admitted }}", {"bold": True}),
        " đảng viên.",
        indent=True,
    )
    paragraph(document, "1. Kết nạp theo chi bộ", italic=True)
    list_table(
        document,
        [
            ("STT", "{{ row.number }}", 12),
            ("Tiểu đoàn", "{{ row.battalion }}", 30),
            ("Chi bộ", "{{ row.cell }}", 88),
            ("Số kết nạp", "{{ row.admitted }}", 35),
        ],
        "by_cell",
        "row",
    )
    paragraph(document, "", space_after=4)
    paragraph(document, "2. Cơ cấu đảng viên mới kết nạp", italic=True)
    list_table(
        document,
        [
            ("Tiêu chí", "{{ line.group }}", 45),
            ("Nhóm", "{{ line.label }}", 85),
            ("Số người", "{{ line.count }}", 35),
        ],
        "make_up",
        "line",
    )
    paragraph(document, "", space_after=4)
    paragraph(document, "II. CÔNG NHẬN CHÍNH THỨC, XÓA TÊN, KHAI TRỪ, CHUYỂN SINH HOẠT", bold=True)
    _figures_table(
        document,
        [
            ("Công nhận đảng viên chính thức", "{{ converted }}"),
            ("Xóa tên", "{{ struck_off }}"),
            ("Khai trừ", "{{ expelled }}"),
            ("Chuyển sinh hoạt đảng đến", "{{ transferred_in }}"),
            ("Chuyển sinh hoạt đảng đi", "{{ transferred_out }}"),
        ],
    )
    paragraph(document, "", space_after=4)
    paragraph(document, "III. ĐẢNG VIÊN ĐẾN {{ members_on|upper }}", bold=True)
    _figures_table(
        document,
        [
            ("Đảng viên dự bị", "{{ members.probationary }}"),
            ("Đảng viên chính thức", "{{ members.official }}"),
            ("Tổng số", "{{ members.total }}"),
        ],
    )
    paragraph(document, "", space_after=4)
    paragraph(document, "IV. HỌC VIÊN TỐT NGHIỆP TRONG NĂM", bold=True)
    paragraph(
        document,
        "Chỉ tiêu: 100% học viên {{ target_programme }} là đảng viên khi tốt nghiệp. "
        "{{ cohorts_met }}/{{ cohorts_total }} khóa đạt chỉ tiêu.",
        indent=True,
    )
    list_table(
        document,
        [
            ("Khóa", "{{ row.cohort }}", 18),
            ("Hệ đào tạo", "{{ row.programme }}", 52),
            ("Tốt nghiệp", "{{ row.graduation }}", 25),
            ("Học viên", "{{ row.cadets }}", 20),
            ("Đảng viên", "{{ row.members }}", 20),
            ("Tỷ lệ", "{{ row.rate }}", 15),
            ("Chỉ tiêu", "{{ row.target }}", 15),
        ],
        "cohorts",
        "row",
    )
    paragraph(document, "", space_after=6)
    signature(
        document,
        [
            ("Nơi nhận:", {"bold": True, "italic": True}),
            "- {{ recipient }};",
            "- Lưu.",
        ],
        ["T/M {{ committee }}", "BÍ THƯ"],
        "",
    )
    return document


TEMPLATES = {
    "knd": party_form,
    "6-KND": admission_resolution,
    "13-KND": conversion_resolution,
    "quan-chung-uu-tu": candidate_list,
    "chuyen-dang": conversion_list,
    "ket-qua-nghi-quyet": resolution_scorecard,
    "giay-gioi-thieu-sinh-hoat-dang": transfer_letter,
    "danh-sach-ban-giao": handoff_list,
    "tom-tat-du-bi": probation_summary,
    "bao-cao-nam": yearly_report,
}


def build(directory: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every template into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATES.items():
        path = directory / f"{name}.docx"
        make().save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_DIR):
        print(path)
