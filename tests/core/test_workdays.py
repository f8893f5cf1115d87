import datetime

import holidays
import pytest
from django.core.exceptions import ImproperlyConfigured

from core.workdays import (
    WORKDAY_OVERRIDES,
    add_working_days,
    first_day_of_full_months,
    full_months_between,
    is_working_day,
    last_working_day,
    subtract_working_days,
    working_days_between,
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
    # 31/12/2024 is a Tuesday; 01/01 is a holiday, so the first working day is Thursday 02/01.
    assert add_working_days(datetime.date(2024, 12, 31), 1) == datetime.date(2025, 1, 2)


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


D = datetime.date


def test_the_compensatory_saturday_of_april_2025_is_a_working_day():
    # 8726/VPCP-KGVX (26/11/2024): Friday 02/05/2025 off, worked on Saturday 26/04/2025.
    assert is_working_day(D(2025, 4, 26))
    assert not is_working_day(D(2025, 5, 2))
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    assert add_working_days(D(2025, 4, 25), 2) == D(2025, 4, 28)


def test_the_new_year_2026_swap_is_counted():
    # 12729/VPCP-KGVX (25/12/2025): Friday 02/01/2026 off, worked on Saturday 10/01/2026.
    assert not is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 1, 10))
    assert add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)
    assert add_working_days(D(2026, 1, 9), 2) == D(2026, 1, 12)


def test_a_deadline_crosses_new_year_2026_and_its_swapped_day():
    # 01/01 is a holiday, 02/01 the swapped day off, then a weekend: Monday 05/01 is the first.
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)


def test_tet_2025_and_tet_2026_are_skipped():
    # Tết Ất Tỵ: 27/01–31/01/2025 off (weekends around it); Tết Bính Ngọ: 16/02–20/02/2026.
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1


def test_working_days_between_counts_the_compensatory_saturday():
    # 26/04 (worked Saturday), 28/04, 29/04; 30/04, 01/05, 02/05 off; then 05/05.
    assert working_days_between(D(2025, 4, 25), D(2025, 5, 5)) == 4


def test_every_override_in_the_table_has_a_legal_basis():
    for day, override in WORKDAY_OVERRIDES.items():
        assert override.basis, day
        assert override.working == (day.weekday() >= 5), day


def test_the_deployment_can_add_a_day_off(settings):
    friday = D(2025, 3, 14)
    assert is_working_day(friday)
    settings.WORKDAY_OVERRIDES = {"2025-03-14": "off"}
    assert not is_working_day(friday)
    assert add_working_days(D(2025, 3, 13), 1) == D(2025, 3, 17)


def test_the_deployment_can_add_a_working_saturday(settings):
    saturday = D(2025, 3, 15)
    assert not is_working_day(saturday)
    settings.WORKDAY_OVERRIDES = {"2025-03-15": "work"}
    assert is_working_day(saturday)
    assert add_working_days(D(2025, 3, 14), 1) == saturday


def test_a_deployment_override_wins_over_the_table(settings):
    settings.WORKDAY_OVERRIDES = {"2025-04-26": "off"}
    assert not is_working_day(D(2025, 4, 26))


@pytest.mark.parametrize("value", [{"2025-03-14": "maybe"}, {"14/03/2025": "off"}, ["x"]])
def test_a_malformed_override_setting_is_refused(settings, value):
    settings.WORKDAY_OVERRIDES = value
    with pytest.raises(ImproperlyConfigured):
        is_working_day(D(2025, 3, 14))


def test_the_package_calendar_is_the_tested_one():
    # The `holidays` range in pyproject.toml was tested against these days; a release that
    # moves one fails here before it moves a stored deadline.
    expected = {
        D(2025, 1, 1), D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30),
        D(2025, 1, 31), D(2025, 2, 1), D(2025, 4, 7), D(2025, 4, 30), D(2025, 5, 1),
        D(2025, 5, 2), D(2025, 9, 1), D(2025, 9, 2),
    }  # fmt: skip
    assert set(holidays.country_holidays("VN", years=2025)) == expected


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 2, 13), D(2026, 2, 23)),
        (D(1999, 12, 20), D(2000, 1, 10)),
        (D(2024, 12, 25), D(2026, 1, 12)),
        (D(2025, 4, 25), D(2025, 5, 5)),
        (D(1985, 3, 1), D(1986, 3, 1)),
    ],
)
def test_working_days_between_agrees_with_counting_day_by_day(start, end):
    counted = sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + datetime.timedelta(days=offset))
    )
    assert working_days_between(start, end) == counted
    assert working_days_between(end, start) == -counted
