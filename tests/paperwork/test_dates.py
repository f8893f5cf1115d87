import datetime

from paperwork.dates import BLANK, official_date, percent, place_and_date, short_date


def test_official_date_pads_the_day_but_not_months_from_march():
    assert official_date(datetime.date(2017, 9, 5)) == "ngày 05 tháng 9 năm 2017"
    assert official_date(datetime.date(2017, 12, 25)) == "ngày 25 tháng 12 năm 2017"


def test_official_date_pads_january_and_february():
    assert official_date(datetime.date(2019, 1, 21)) == "ngày 21 tháng 01 năm 2019"
    assert official_date(datetime.date(2020, 2, 9)) == "ngày 09 tháng 02 năm 2020"


def test_official_date_leaves_gaps_to_fill_in_when_there_is_no_date():
    assert official_date(None) == f"ngày {BLANK} tháng {BLANK} năm {BLANK}"


def test_place_and_date_writes_the_configured_place(settings):
    settings.DOCUMENT_PLACE = "Vĩnh Phúc"
    assert place_and_date(datetime.date(2017, 9, 5)) == "Vĩnh Phúc, ngày 05 tháng 9 năm 2017"


def test_percent_uses_a_decimal_comma_and_drops_a_zero_decimal():
    assert percent(7, 9) == "77,8%"
    assert percent(6, 6) == "100%"
    assert percent(1, 8) == "12,5%"


def test_percent_is_a_gap_without_figures():
    assert percent(None, 9) == BLANK
    assert percent(3, 0) == BLANK


def test_short_date_is_day_month_year():
    assert short_date(datetime.date(2017, 9, 5)) == "05/09/2017"
    assert short_date(None) == ""
