"""A graduating cohort's posting list (danh sách phân công công tác) read from Excel or CSV.

The file is read with the import's reader (spreadsheets.reader.read_rows: its limits and
refusals); the header is found among the first rows by its column names, diacritics optional.
Every bad row is named in Vietnamese and nothing is taken unless every row is right.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from members.models import Person
from members.names import search_key
from spreadsheets.reader import HEADER_SEARCH_ROWS, read_rows

# Column -> the headers it is known by (compared without diacritics or case).
HEADERS = {
    "code": ("ma hoc vien", "ma hv", "ma", "ma can bo", "ma hoc vien / can bo"),
    "unit": ("don vi nhan cong tac", "don vi den", "don vi cong tac", "noi nhan cong tac"),
    "committee": ("cap uy noi den", "dang uy noi den", "to chuc dang noi den", "cap uy"),
    "letter": ("so giay gioi thieu", "so ggt"),
}
REQUIRED = ("code", "unit", "committee")
LABELS = {
    "code": "Mã học viên",
    "unit": "Đơn vị nhận công tác",
    "committee": "Cấp ủy nơi đến",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _columns(values: list) -> dict[str, int]:
    keys = [search_key(_text(value)) for value in values]
    found = {}
    for column, names in HEADERS.items():
        for index, key in enumerate(keys):
            if key in names and column not in found:
                found[column] = index
    return found


def read_postings(content: bytes, filename: str, members: list[Person]) -> dict[int, dict]:
    """The posting of each listed member (person id -> unit, committee, letter) from the file,
    or a ValidationError naming every bad row. `members` are those awaiting the hand-off."""
    rows = [
        (number, values)
        for number, values in read_rows(content, filename)
        if any(_text(value) for value in values)
    ]
    header_at, columns = None, {}
    for index, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = _columns(values)
        if all(column in found for column in REQUIRED):
            header_at, columns = index, found
            break
    if header_at is None:
        raise ValidationError(
            _("Không tìm thấy dòng tiêu đề có đủ các cột: %(columns)s.")
            % {"columns": ", ".join(f"“{label}”" for label in LABELS.values())}
        )
    by_code = {person.code.casefold(): person for person in members}
    errors: list[str] = []
    seen: dict[int, int] = {}
    postings: dict[int, dict] = {}
    for number, values in rows[header_at + 1 :]:

        def cell(column: str, values=values) -> str:
            index = columns.get(column)
            return _text(values[index]) if index is not None and index < len(values) else ""

        code = cell("code")
        person = by_code.get(code.casefold())
        problems = []
        if not code:
            problems.append(_("thiếu mã học viên"))
        elif person is None:
            problems.append(
                _("mã “%(code)s” không phải đảng viên của khóa đang chờ bàn giao") % {"code": code}
            )
        elif person.pk in seen:
            problems.append(
                _("mã “%(code)s” đã có ở dòng %(row)s") % {"code": code, "row": seen[person.pk]}
            )
        if not cell("unit"):
            problems.append(_("thiếu đơn vị nhận công tác"))
        if not cell("committee"):
            problems.append(_("thiếu cấp ủy nơi đến"))
        if problems:
            errors.append(
                _("Dòng %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
            )
            continue
        assert person is not None
        seen[person.pk] = number
        postings[person.pk] = {
            "unit": cell("unit"),
            "committee": cell("committee"),
            "letter": cell("letter"),
        }
    if errors:
        raise ValidationError(errors)
    if not postings:
        raise ValidationError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return postings
