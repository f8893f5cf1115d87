"""Dates as the users read them: dd/mm/yyyy, the Vietnamese order; and as official party
documents write them ('ngày 05 tháng 9 năm 2017')."""

import datetime

from django.conf import settings


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


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
