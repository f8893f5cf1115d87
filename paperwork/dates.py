"""Dates and figures written the way official party documents write them."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from core.dates import dmy

# A dotted gap left in a printed form where the record holds nothing, to be filled in by hand.
BLANK = "……………"


def official_date(day: datetime.date | None) -> str:
    """'ngày 05 tháng 9 năm 2017': days below 10 and months 1 and 2 take a leading zero.

    The zero keeps anyone from turning day 5 into 15 or month 1 into 11 by adding a digit
    (Nghị định 30/2020/NĐ-CP, Phụ lục I; the same rule for party documents).
    """
    if day is None:
        return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(day: datetime.date | None) -> str:
    """'Hà Nội, ngày 05 tháng 9 năm 2017': the line under the national motto."""
    return f"{settings.DOCUMENT_PLACE}, {official_date(day)}"


def short_date(day: datetime.date | None) -> str:
    """dd/mm/yyyy, as list columns write dates; empty when there is no date."""
    return dmy(day) if day else ""


def percent(part: int | None, whole: int | None) -> str:
    """'77,8%': one decimal with a decimal comma, no decimals when the share is whole."""
    if part is None or not whole:
        return BLANK
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    text = f"{share:.1f}".removesuffix(".0").replace(".", ",")
    return f"{text}%"
