"""The cadet template: its columns in order, and how a header cell is recognised.

Headers are a file format shared with the units' existing sheets, so they stay in Vietnamese
whatever the interface language; they are matched ignoring case, diacritics, spacing and
punctuation, in any order.
"""

import re
from dataclasses import dataclass

from django.db import models

from members.choices import Ethnicity, MilitaryRank, PoliticalTheory, Religion, StepKind
from members.names import search_key
from members.profile import PROFILE_FIELDS

DATA_SHEET = "Học viên"
NOTES_SHEET = "Hướng dẫn"
CELLS_SHEET = "Chi bộ"
LISTS_SHEET = "Danh mục"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    # "text", "date", "gender", "programme", "choice" (of `choices`), "citizen_id", "cell",
    # "step" or "decision_number"
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    step: StepKind | None = None
    example: str = ""
    choices: type[models.TextChoices] | None = None


COLUMNS = [
    Column("code", "Mã học viên", "text", True, ("Mã HV", "Mã số học viên"), example="HV2016001"),
    Column("full_name", "Họ và tên", "text", True, ("Họ tên",), example="Nguyễn Văn An"),
    Column(
        "date_of_birth", "Ngày sinh", "date", True, ("Ngày tháng năm sinh",), example="10/05/1998"
    ),
    Column("gender", "Giới tính", "gender", example="Nam"),
    Column("cell", "Chi bộ", "cell", True, example="C1"),
    Column("cohort", "Khóa", "text", example="K50"),
    Column("class_name", "Lớp", "text", example="CNTT1"),
    Column(
        "programme",
        "Hệ đào tạo",
        "programme",
        example="Sĩ quan cấp phân đội trình độ đại học",
    ),
    Column("enrolment_date", "Ngày nhập học", "date", example="01/09/2016"),
    Column("expected_graduation_date", "Ngày tốt nghiệp dự kiến", "date", example="30/06/2021"),
    Column("youth_union_date", "Ngày vào Đoàn", "date", example="26/03/2013"),
    Column(
        "course",
        "Ngày học lớp bồi dưỡng nhận thức về Đảng",
        "step",
        aliases=("Ngày học lớp nhận thức về Đảng",),
        step=StepKind.AWARENESS_COURSE,
        example="15/03/2018",
    ),
    Column(
        "decision", "Ngày quyết định kết nạp", "step", step=StepKind.DECISION, example="03/09/2018"
    ),
    Column("decision_number", "Số quyết định kết nạp", "decision_number", example="125-QĐ/ĐU"),
    Column("ceremony", "Ngày kết nạp", "step", step=StepKind.CEREMONY, example="20/09/2018"),
    Column(
        "conversion",
        "Ngày công nhận chính thức",
        "step",
        step=StepKind.CONVERSION_DECISION,
        example="02/10/2019",
    ),
    # The lý lịch (2-KNĐ, members.profile), all optional.
    Column("ethnicity", "Dân tộc", "choice", example="Kinh", choices=Ethnicity),
    Column("religion", "Tôn giáo", "choice", example="Không", choices=Religion),
    Column(
        "citizen_id",
        "Số định danh cá nhân",
        "citizen_id",
        aliases=("Số CCCD", "Số căn cước công dân", "Số căn cước", "CCCD"),
        example="001098001234",
    ),
    Column("place_of_birth", "Nơi sinh", "text", example="Hà Nội"),
    Column("hometown", "Quê quán", "text", example="Nam Định"),
    Column(
        "permanent_address",
        "Nơi thường trú",
        "text",
        aliases=("Nơi ở hiện nay", "Địa chỉ thường trú"),
        example="Xã Hải Hậu, tỉnh Ninh Bình",
    ),
    Column(
        "military_rank",
        "Cấp bậc",
        "choice",
        aliases=("Quân hàm",),
        example="Hạ sĩ",
        choices=MilitaryRank,
    ),
    Column("position", "Chức vụ", "text", example="Lớp trưởng"),
    Column(
        "general_education", "Giáo dục phổ thông", "text", aliases=("Văn hóa",), example="12/12"
    ),
    Column(
        "professional_qualification",
        "Chuyên môn nghiệp vụ",
        "text",
        aliases=("Trình độ chuyên môn",),
        example="",
    ),
    Column(
        "political_theory",
        "Lý luận chính trị",
        "choice",
        aliases=("Trình độ lý luận chính trị",),
        example="Sơ cấp",
        choices=PoliticalTheory,
    ),
    Column("party_card_number", "Số thẻ đảng viên", "text", example="01234567"),
    Column("party_card_date", "Ngày cấp thẻ đảng viên", "date", example="03/02/2020"),
    Column("party_file_number", "Số lý lịch đảng viên", "text", example="LL-2018-125"),
]
BY_KEY = {column.key: column for column in COLUMNS}
STEP_COLUMNS = [column for column in COLUMNS if column.step is not None]
PERSON_FIELD_KEYS = [
    "full_name", "date_of_birth", "gender", "cohort", "class_name", "programme", "enrolment_date",
    "expected_graduation_date", "youth_union_date", "hometown", "position", *PROFILE_FIELDS,
]  # fmt: skip


def header_key(text: str) -> str:
    """'Ngày  Kết-nạp' and 'ngay ket nap' give the same key."""
    return re.sub(r"[^a-z0-9]", "", search_key(text))


_MATCHES = {
    header_key(name): column for column in COLUMNS for name in (column.header, *column.aliases)
}


def match_header(text: str) -> Column | None:
    return _MATCHES.get(header_key(text))
