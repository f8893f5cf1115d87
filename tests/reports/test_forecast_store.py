"""The admission forecast served to the dashboard (reports.forecast): live for small scopes,
the day's stored result above FORECAST_LIVE_MAX_PEOPLE, with the same figures."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from reports.forecast import forecast_for, forecasts_refresh, panel_for, panel_of
from reports.models import ForecastSnapshot
from reports.selectors import ReportFilters, admission_forecast

from .test_dashboard import MAX_QUERIES
from .test_forecast import TODAY, filed, listed

pytestmark = pytest.mark.django_db

COURSE_ON = datetime.date(2027, 5, 1)


@pytest.fixture
def cadets(cell_a, cell_b):
    return [filed(cell_a), filed(cell_a, born=datetime.date(2009, 3, 2)), listed(cell_b)]


def test_a_small_scope_is_planned_live_with_the_what_if(cadets, commander):
    filters = ReportFilters(today=TODAY, course_on=COURSE_ON)
    served = forecast_for(commander, filters)
    assert served.computed_at is None
    assert not served.what_if_refused
    assert served.forecast == admission_forecast(commander, filters)
    assert ForecastSnapshot.objects.count() == 0


@override_settings(FORECAST_LIVE_MAX_PEOPLE=2)
def test_a_large_scope_reads_the_days_stored_result_equal_to_the_live_one(
    cadets, academy_commander, django_assert_max_num_queries
):
    filters = ReportFilters(today=TODAY)
    live = admission_forecast(academy_commander, filters)
    first = forecast_for(academy_commander, filters)
    assert first.computed_at is not None
    assert first.forecast == live
    # Stored: the count and the stored row, not the plans.
    with django_assert_max_num_queries(2):
        again = forecast_for(academy_commander, filters)
    assert again.forecast == live
    assert ForecastSnapshot.objects.get().day == TODAY


@override_settings(FORECAST_LIVE_MAX_PEOPLE=2)
def test_a_stored_result_of_an_earlier_day_is_computed_again(cadets, academy_commander):
    filters = ReportFilters(today=TODAY)
    forecast_for(academy_commander, ReportFilters(today=TODAY - datetime.timedelta(days=1)))
    served = forecast_for(academy_commander, filters)
    assert served.forecast == admission_forecast(academy_commander, filters)
    forecasts_refresh([academy_commander], today=TODAY)
    # The forecast and its panel, of today only.
    assert list(ForecastSnapshot.objects.values_list("day", flat=True)) == [TODAY] * 2


@override_settings(FORECAST_LIVE_MAX_PEOPLE=2)
def test_the_what_if_of_a_large_scope_asks_for_a_battalion(
    cadets, academy_commander, secretary_b, client_for
):
    served = forecast_for(academy_commander, ReportFilters(today=TODAY, course_on=COURSE_ON))
    assert served.what_if_refused
    assert served.forecast == admission_forecast(academy_commander, ReportFilters(today=TODAY))
    page = client_for(academy_commander).get(
        reverse("reports:forecast"), {"course_on": "01/05/2027"}
    )
    assert "hãy chọn một tiểu đoàn" in page.text
    assert "Giả định lớp bồi dưỡng nhận thức tiếp theo học ngày" not in page.text
    # A cell of one cadet to plan: the what-if is computed.
    cell = client_for(secretary_b).get(reverse("reports:forecast"), {"course_on": "01/05/2027"})
    assert "hãy chọn một tiểu đoàn" not in cell.text
    assert "Giả định lớp bồi dưỡng nhận thức tiếp theo học ngày 01/05/2027" in cell.text


@override_settings(FORECAST_LIVE_MAX_PEOPLE=2)
def test_the_command_stores_today_for_each_large_scope_once(
    cadets, academy_commander, commander, secretary_a
):
    ForecastSnapshot.objects.create(
        key="old", day=TODAY - datetime.timedelta(days=3), computed_at=timezone.now(), data=b""
    )
    call_command("refresh_forecasts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The academy and the battalion have three cadets to plan, the cell two (planned live):
    # each has its forecast and its panel stored; the old day is gone.
    days = list(ForecastSnapshot.objects.values_list("day", flat=True))
    assert days == [timezone.localdate()] * 4


def test_the_dashboard_plans_nobody_and_the_panel_stays_within_the_budget(
    cadets, commander, client_for, assert_max_queries
):
    client = client_for(commander)
    client.get(reverse("reports:dashboard"))
    more = [filed(cadets[0].cell) for _ in range(3)]
    assert more
    # 14: the panels but the forecast (which took its count, its cadets and the plans).
    with assert_max_queries(14):
        client.get(reverse("reports:dashboard"))
    with assert_max_queries(MAX_QUERIES):
        response = client.get(reverse("reports:forecast"), headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert 'data-testid="table-forecast"' in response.text


def test_the_print_view_loads_the_panel_with_its_longer_list(cadets, commander, client_for):
    client = client_for(commander)
    page = client.get(reverse("reports:print"), {"year_from": 2020}).text
    assert 'hx-get="/bao-cao/du-bao-ket-nap/?in=1&amp;year_from=2020"' in page
    panel = client.get(reverse("reports:forecast"), {"in": "1", "year_from": 2020})
    assert "in=1" not in panel.context["query"]
    assert panel.context["tables"]["forecast_people"].total == len(
        admission_forecast(commander, ReportFilters(today=TODAY)).people
    )


@override_settings(FORECAST_LIVE_MAX_PEOPLE=2)
def test_a_large_scope_reads_its_stored_panel_in_one_query_without_counting(
    cadets, academy_commander, django_assert_max_num_queries
):
    filters = ReportFilters(today=TODAY)
    first = panel_for(academy_commander, filters)
    assert first.computed_at is not None
    live = panel_of(admission_forecast(academy_commander, filters), filters)
    assert first.panel == live
    with django_assert_max_num_queries(1):
        again = panel_for(academy_commander, filters)
    assert again.panel == live
    assert again.computed_at == first.computed_at


@override_settings(FORECAST_LIVE_MAX_PEOPLE=2)
def test_the_stored_panel_is_the_stored_forecasts(cadets, academy_commander, commander):
    forecasts_refresh([academy_commander, commander], today=TODAY)
    for user in (academy_commander, commander):
        filters = ReportFilters(today=TODAY)
        served = panel_for(user, filters)
        assert served.computed_at is not None
        assert served.panel == panel_of(forecast_for(user, filters).forecast, filters)


def test_a_small_scope_has_its_panel_planned_live(cadets, secretary_a):
    filters = ReportFilters(today=TODAY, course_on=COURSE_ON)
    served = panel_for(secretary_a, filters)
    assert served.computed_at is None
    assert served.panel == panel_of(admission_forecast(secretary_a, filters), filters)
    assert ForecastSnapshot.objects.count() == 0
