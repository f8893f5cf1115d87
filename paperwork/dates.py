"""Dates and figures written the way official party documents write them."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

# Official dates are written the same way on printed reports (reports/heading.py): kept in core.
from core.dates import BLANK as BLANK
from core.dates import dmy
from core.dates import official_date as official_date
from core.dates import place_and_date as place_and_date


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
