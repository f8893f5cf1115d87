"""A person's lý lịch (2-KNĐ): the rules on its values, and how its sensitive fields are shown.

The citizen ID and the permanent address are shown in full only to a clerk, whose scope (the
battalion) holds every person they can open; everyone else reads them masked, on the pages, in
the history and in the exports. A clerk's export is masked too unless the clerk asks for the
full values (`spreadsheets.views.export_download`).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import dmy

# Số định danh cá nhân (the number on the CCCD card): exactly twelve digits (Luật Căn cước
# 2023, Điều 12; Nghị định 137/2015/NĐ-CP, Điều 13).
citizen_id_validator = RegexValidator(
    r"^\d{12}$",
    gettext_lazy("Số định danh cá nhân phải gồm đúng 12 chữ số, ví dụ 001098001234."),
    code="citizen_id",
)

GENERAL_EDUCATION = re.compile(r"^(\d{1,2})/(10|12)$")


@deconstructible
class GeneralEducationValidator:
    """Giáo dục phổ thông as 2-KNĐ writes it: the last grade finished over the system's grades,
    "12/12" (or "10/10" in the former ten-year system)."""

    def __call__(self, value: str) -> None:
        match = GENERAL_EDUCATION.match(value)
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            raise ValidationError(
                gettext_lazy(
                    "Giáo dục phổ thông ghi lớp đã học xong trên số lớp của hệ, ví dụ 12/12 "
                    "hoặc 10/10."
                ),
                code="general_education",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, GeneralEducationValidator)


# The lý lịch (2-KNĐ) beyond what the person record held before (hometown, position, Youth
# Union date): the profile section of the form, the import's and export's optional columns.
PROFILE_FIELDS = [
    "ethnicity",
    "religion",
    "citizen_id",
    "place_of_birth",
    "permanent_address",
    "military_rank",
    "general_education",
    "professional_qualification",
    "political_theory",
    "party_card_number",
    "party_card_date",
    "party_file_number",
]

# Shown to clerks only (accounts.access.sees_sensitive_details).
SENSITIVE_FIELDS = ("citizen_id", "permanent_address")
MASK = "•"
ID_DIGITS_SHOWN = 3


def mask(field_name: str, value: str | None) -> str:
    """The value as those who may not read it see it: the citizen ID's last three digits
    ("•••••••••789"), the address not at all; "" stays "" (nothing is on record)."""
    if not value:
        return ""
    if field_name == "citizen_id":
        return MASK * (len(value) - ID_DIGITS_SHOWN) + value[-ID_DIGITS_SHOWN:]
    return MASK * 10


def is_masked(text: str) -> bool:
    return MASK in text


def shown_values(person, *, full: bool) -> dict[str, str]:
    """The sensitive fields of `person`, in full or masked."""
    return {
        name: (getattr(person, name) or "") if full else mask(name, getattr(person, name))
        for name in SENSITIVE_FIELDS
    }


def youth_union_date_problem(
    date_of_birth: datetime.date | None, youth_union_date: datetime.date | None
) -> str | None:
    """The Youth Union admission comes after the birth (the day after at the earliest)."""
    if date_of_birth and youth_union_date and youth_union_date <= date_of_birth:
        return _("Ngày vào Đoàn (%(day)s) phải sau ngày sinh (%(birth)s).") % {
            "day": dmy(youth_union_date),
            "birth": dmy(date_of_birth),
        }
    return None


def party_card_date_problem(
    party_card_date: datetime.date | None, decision_date: datetime.date
) -> str | None:
    """The party card is issued to a member: not before the admission decision, from which party
    age counts (Điều lệ Đảng, Điều 5); the same day is allowed."""
    if party_card_date and party_card_date < decision_date:
        return _(
            "Ngày cấp thẻ đảng viên (%(card)s) không được trước ngày quyết định kết nạp "
            "(%(decision)s)."
        ) % {"card": dmy(party_card_date), "decision": dmy(decision_date)}
    return None
