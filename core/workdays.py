"""Working days: weekends and Vietnamese public holidays do not count; a compensatory working
Saturday does.

The calendar is the `holidays` package's (its public holidays and the weekend days it knows are
worked), corrected by WORKDAY_OVERRIDES below: days the Government swapped or added that the
pinned release does not know, each with its legal basis, and then by the deployment's own
WORKDAY_OVERRIDES setting. After a change to either, `manage.py refresh_due_dates` recomputes
the due dates already stored.
"""

import bisect
import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


@dataclass(frozen=True)
class Override:
    working: bool
    basis: str


# A swap moves a weekday off onto a Saturday worked in its place; both days are listed.
WORKDAY_OVERRIDES: dict[datetime.date, Override] = {
    # Văn bản 2450/VPCP-KGVX (12/04/2024): Monday 29/04/2024 off, worked on Saturday 04/05/2024.
    datetime.date(2024, 4, 29): Override(False, "2450/VPCP-KGVX ngày 12/04/2024"),
    datetime.date(2024, 5, 4): Override(True, "2450/VPCP-KGVX ngày 12/04/2024"),
    # Văn bản 8726/VPCP-KGVX (26/11/2024) on the holidays of 2025: Friday 02/05/2025 off,
    # worked on Saturday 26/04/2025.
    datetime.date(2025, 4, 26): Override(True, "8726/VPCP-KGVX ngày 26/11/2024"),
    datetime.date(2025, 5, 2): Override(False, "8726/VPCP-KGVX ngày 26/11/2024"),
    # Văn bản 12729/VPCP-KGVX (25/12/2025) on Tết Dương lịch 2026: Friday 02/01/2026 off,
    # worked on Saturday 10/01/2026 (not in holidays 0.109).
    datetime.date(2026, 1, 2): Override(False, "12729/VPCP-KGVX ngày 25/12/2025"),
    datetime.date(2026, 1, 10): Override(True, "12729/VPCP-KGVX ngày 25/12/2025"),
}

_SETTING_VALUES = {"work": True, "off": False}
# Working days between two dates are counted from this year on both sides (a cached sum per year).
ORIGIN_YEAR = 2000


@cache
def _deployment_overrides(items: tuple) -> dict[datetime.date, bool]:
    overrides = {}
    for day, value in items:
        try:
            overrides[datetime.date.fromisoformat(day)] = _SETTING_VALUES[value]
        except (KeyError, TypeError, ValueError):
            raise ImproperlyConfigured(
                f"WORKDAY_OVERRIDES: {day!r}: {value!r} — expected "
                '{"YYYY-MM-DD": "work" | "off", ...}'
            ) from None
    return overrides


@cache
def _overrides_key() -> tuple:
    """The deployment's setting as a key of the caches below; read again when a test changes it
    (setting_changed), not on each of the import's 20,000 deadlines."""
    value = getattr(settings, "WORKDAY_OVERRIDES", {})
    if not isinstance(value, dict):
        raise ImproperlyConfigured('WORKDAY_OVERRIDES: expected {"YYYY-MM-DD": "work" | "off"}')
    return tuple(sorted((str(day), str(status)) for day, status in value.items()))


@receiver(setting_changed)
def _setting_changed(*, setting: str, **kwargs) -> None:
    if setting == "WORKDAY_OVERRIDES":
        _overrides_key.cache_clear()


@cache
def _calendar(year: int, key: tuple) -> dict[datetime.date, bool]:
    """The days of `year` whose status differs from "weekdays work, weekends do not"."""
    package = holidays.country_holidays("VN", years=year)
    days: dict[datetime.date, bool] = dict.fromkeys(package, False)
    days.update({day: True for day in package.weekend_workdays if day.year == year})
    days.update({day: o.working for day, o in WORKDAY_OVERRIDES.items() if day.year == year})
    days.update({day: w for day, w in _deployment_overrides(key).items() if day.year == year})
    return days


def is_working_day(day: datetime.date) -> bool:
    return _calendar(day.year, _overrides_key()).get(day, day.weekday() < 5)


def _working_days_of(year: int) -> tuple[int, ...]:
    """The working days of `year`, as ordinals in order."""
    return _working_days_for(year, _overrides_key())


@cache
def _working_days_for(year: int, key: tuple) -> tuple[int, ...]:
    calendar = _calendar(year, key)
    first = datetime.date(year, 1, 1)
    days = (first + datetime.timedelta(days=offset) for offset in range(366))
    return tuple(
        day.toordinal() for day in days if day.year == year and calendar.get(day, day.weekday() < 5)
    )


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
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    Looked up in each year's working days (exports count days overdue for thousands of people).
    """
    if end < start:
        return -working_days_between(end, start)
    return _working_days_up_to(end) - _working_days_up_to(start)


def _working_days_up_to(day: datetime.date) -> int:
    """Working days from a fixed origin up to and including `day` (only differences count)."""
    key = _overrides_key()
    before = _working_days_before(day.year, key)
    return before + bisect.bisect_right(_working_days_for(day.year, key), day.toordinal())


@cache
def _working_days_before(year: int, key: tuple) -> int:
    """Working days of the years from ORIGIN_YEAR to `year` (negative before the origin)."""
    if year >= ORIGIN_YEAR:
        return sum(len(_working_days_for(y, key)) for y in range(ORIGIN_YEAR, year))
    return -sum(len(_working_days_for(y, key)) for y in range(year, ORIGIN_YEAR))


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
