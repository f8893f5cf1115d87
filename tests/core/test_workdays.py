import datetime

from core.workdays import (
    add_working_days,
    first_day_of_full_months,
    full_months_between,
    is_working_day,
    last_working_day,
    subtract_working_days,
)


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


def test_counting_back_inverts_adding_working_days():
    start = datetime.date(2025, 11, 1)
    for offset in range(0, 900, 3):
        end = start + datetime.timedelta(days=offset)
        for count in (1, 5, 30, 60, 90):
            latest = subtract_working_days(end, count)
            assert add_working_days(latest, count) <= end, (end, count)
            assert add_working_days(latest + datetime.timedelta(days=1), count) > end, (end, count)


def test_counting_back_across_tet_2027_skips_the_holidays():
    # Tết Đinh Mùi: the holidays package closes 04/02–10/02/2027 (Thursday to Wednesday).
    fortnight = (datetime.date(2027, 2, 1) + datetime.timedelta(n) for n in range(14))
    closed = [day for day in fortnight if day.weekday() < 5 and not is_working_day(day)]
    assert closed[0] == datetime.date(2027, 2, 4)
    assert closed[-1] == datetime.date(2027, 2, 10)
    # Thursday 11/02/2027 is the first working day after Tết; 3 working days back from it
    # passes Wednesday 03/02 and Tuesday 02/02: the latest start is Monday 01/02.
    assert subtract_working_days(datetime.date(2027, 2, 11), 3) == datetime.date(2027, 2, 1)
    assert add_working_days(datetime.date(2027, 2, 1), 3) == datetime.date(2027, 2, 11)


def test_counting_back_crosses_into_the_year_before():
    # Friday 01/01/2027 is New Year's Day; 2 working days back from Monday 04/01/2027 leaves
    # Thursday 31/12/2026 as the first counted day, so the latest start is Wednesday 30/12.
    assert subtract_working_days(datetime.date(2027, 1, 4), 2) == datetime.date(2026, 12, 30)


def test_the_last_working_day_steps_back_over_weekends_and_holidays():
    assert last_working_day(datetime.date(2027, 2, 7)) == datetime.date(2027, 2, 3)
    assert last_working_day(datetime.date(2027, 2, 3)) == datetime.date(2027, 2, 3)


def test_full_months_are_first_reached_the_day_the_age_count_reaches_them():
    # Born 29/02/2008: 18 full years on 01/03/2026, the day after 28/02 (which is 215 months).
    born = datetime.date(2008, 2, 29)
    assert first_day_of_full_months(born, 216) == datetime.date(2026, 3, 1)
    assert full_months_between(born, datetime.date(2026, 2, 28)) == 215
    assert first_day_of_full_months(datetime.date(2008, 5, 10), 216) == datetime.date(2026, 5, 10)
