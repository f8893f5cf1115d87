import datetime

from core.workdays import (
    add_months,
    add_working_days,
    full_months_between,
    is_working_day,
    working_days_between,
)
from members.names import search_key, sort_key

D = datetime.date


def test_weekends_do_not_count():
    friday = D(2025, 3, 14)
    assert add_working_days(friday, 1) == D(2025, 3, 17)


def test_vietnamese_public_holidays_do_not_count():
    # 30/04 and 01/05 are holidays; 02/05/2025 was a substituted day off.
    assert not is_working_day(D(2025, 4, 30))
    assert add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_tet_is_skipped():
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)


def test_working_days_between_is_negative_when_overdue():
    assert working_days_between(D(2025, 5, 5), D(2025, 4, 29)) == -1
    assert working_days_between(D(2025, 3, 14), D(2025, 3, 17)) == 1


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(D(2017, 9, 5), 12) == D(2018, 9, 5)
    assert add_months(D(2016, 1, 31), 1) == D(2016, 2, 29)


def test_age_is_counted_in_whole_months():
    assert full_months_between(D(2000, 5, 10), D(2018, 5, 9)) == 215
    assert full_months_between(D(2000, 5, 10), D(2018, 5, 10)) == 216


def test_names_sort_by_given_name_then_the_rest_in_vietnamese_order():
    names = ["Nguyễn Văn Bình", "Trần Thị Ánh", "Lê Văn An", "Đặng Văn Đức", "Phạm Văn Dũng"]
    assert sorted(names, key=sort_key) == [
        "Lê Văn An",
        "Trần Thị Ánh",
        "Nguyễn Văn Bình",
        "Phạm Văn Dũng",
        "Đặng Văn Đức",
    ]


def test_d_with_stroke_sorts_after_d_and_before_e():
    assert sorted(["Văn Em", "Văn Đông", "Văn Dung"], key=sort_key) == [
        "Văn Dung",
        "Văn Đông",
        "Văn Em",
    ]


def test_family_name_breaks_ties_between_equal_given_names():
    assert sorted(["Lê Văn An", "Đỗ Văn An", "Bùi Văn An"], key=sort_key) == [
        "Bùi Văn An",
        "Đỗ Văn An",
        "Lê Văn An",
    ]


def test_search_key_ignores_diacritics_and_case():
    assert "hoai" in search_key("Nguyễn Thị Hoài")
    assert search_key("Đặng Văn Đức").startswith("dang")
