import datetime

from core.workdays import add_working_days, is_working_day


def counted_day_by_day(start: datetime.date, count: int) -> datetime.date:
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        count -= is_working_day(day)
    return day


def test_the_deadline_lookup_matches_counting_day_by_day():
    start = datetime.date(2015, 12, 1)
    for offset in range(0, 4000, 7):
        day = start + datetime.timedelta(days=offset)
        for count in (0, 1, 30, 60, 90, 300):
            assert add_working_days(day, count) == counted_day_by_day(day, count), (day, count)


def test_a_deadline_crosses_into_the_next_year():
    # 31/12/2025 is a Wednesday; 01/01 is a holiday, so the first working day is Friday 02/01.
    assert add_working_days(datetime.date(2025, 12, 31), 1) == datetime.date(2026, 1, 2)
