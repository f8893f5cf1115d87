"""Quarters of the calendar year and the cells' report deadline."""

import datetime

from core.workdays import add_working_days

# Cells report on the quarter within this many working days after it ends. No party rule fixes
# the figure (it is the battalion committee's working regulation), so it lives here, once.
REPORT_DEADLINE_WORKING_DAYS = 5


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of `quarter` (1-4) of `year`."""
    first_month = 3 * (quarter - 1) + 1
    start = datetime.date(year, first_month, 1)
    if quarter == 4:
        return start, datetime.date(year, 12, 31)
    return start, datetime.date(year, first_month + 3, 1) - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def report_deadline(year: int, quarter: int) -> datetime.date:
    """Last day on which a cell's report on the quarter is on time."""
    return add_working_days(quarter_bounds(year, quarter)[1], REPORT_DEADLINE_WORKING_DAYS)
