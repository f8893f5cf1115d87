"""Working days: weekends and Vietnamese public holidays (the `holidays` package) do not count."""

import bisect
import datetime
from functools import cache

import holidays


@cache
def _holidays_of(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


@cache
def _working_days_of(year: int) -> tuple[int, ...]:
    """The working days of `year`, as ordinals in order."""
    first = datetime.date(year, 1, 1)
    days = (first + datetime.timedelta(days=offset) for offset in range(366))
    return tuple(day.toordinal() for day in days if day.year == year and is_working_day(day))


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The date `count` working days after `start` (the start day itself does not count).

    Looked up in each year's working days rather than counted day by day: the import and the
    synthetic data work out deadlines for thousands of people.
    """
    if count <= 0:
        return start
    year = start.year
    days = _working_days_of(year)
    index = bisect.bisect_right(days, start.toordinal()) + count - 1
    while index >= len(days):
        index -= len(days)
        year += 1
        days = _working_days_of(year)
    return datetime.date.fromordinal(days[index])


def subtract_working_days(end: datetime.date, count: int) -> datetime.date:
    """The latest day from which `count` working days end on or before `end`: deadlines counted
    backwards (add_working_days(subtract_working_days(end, n), n) <= end, and not for any later
    day). The day may be a weekend or a holiday; see last_working_day."""
    if count <= 0:
        return end
    year = end.year
    days = _working_days_of(year)
    # With s between two working days w[j] <= s < w[j+1], add_working_days(s, count) is
    # w[j+count]: the latest s lies just before the count-th working day back from `end`.
    index = bisect.bisect_right(days, end.toordinal()) - count
    while index < 0:
        year -= 1
        days = _working_days_of(year)
        index += len(days)
    return datetime.date.fromordinal(days[index] - 1)


def last_working_day(day: datetime.date) -> datetime.date:
    """`day` if it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def first_day_of_full_months(start: datetime.date, months: int) -> datetime.date:
    """The first day on which full_months_between(start, day) reaches `months` (an age)."""
    day = add_months(start, months)
    while full_months_between(start, day) < months:
        day += datetime.timedelta(days=1)
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + datetime.timedelta(days=offset))
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day `months` later; the last day of the month when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def full_months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` (age counted by month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months
