import datetime

from core.workdays import add_working_days
from spreadsheets.importer import deadline_after


def test_the_fast_deadline_lookup_matches_the_working_day_count():
    start = datetime.date(2015, 12, 1)
    for offset in range(0, 4000, 7):
        day = start + datetime.timedelta(days=offset)
        for count in (0, 1, 30, 60, 90, 300):
            assert deadline_after(day, count) == add_working_days(day, count), (day, count)
