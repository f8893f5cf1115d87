"""The dashboard's print view read on a phone (390 × 844): the page fits the screen's width —
the chart and table pairs fall into one column, the wide tables (the forecast, the people at
risk, the conversions) stack into cards with each value under its column's name — while on a
desktop the same tables stay tables."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from members.choices import StepKind
from tests.browser.conftest import PHONE, assert_no_sideways_scroll
from tests.factories import advance
from tests.reports.history import admissions, cadet


@pytest.fixture
def print_view_data(cell_a, cell_b):
    """Admissions over the years, and cadets of a cohort graduating within the forecast's 24
    months, with long names: the forecast's tables have rows."""
    admissions(cell_a, 2015, 2)
    admissions(cell_b, 2016, 3)
    graduation = timezone.localdate() + datetime.timedelta(days=150)
    for number, cell in enumerate((cell_a, cell_b, cell_a)):
        advance(
            cadet(
                cell,
                full_name=f"Nguyễn Thị Phương Thảo Nguyên {number}",
                cohort="K60",
                date_of_birth=datetime.date(2004, 3, 1),
                enrolment_date=graduation - datetime.timedelta(days=5 * 365),
                expected_graduation_date=graduation,
            ),
            StepKind.LISTED,
            start=timezone.localdate() - datetime.timedelta(days=60),
        )


def open_print_view(page, live_server):
    page.goto(live_server.url + reverse("reports:print"))
    expect(page.get_by_test_id("forecast-panel")).to_be_visible()
    expect(page.get_by_test_id("durations")).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")


def test_on_a_phone_the_print_view_fits_the_screens_width(
    login, live_server, commander, print_view_data
):
    page = login(commander)
    page.set_viewport_size(PHONE)
    open_print_view(page, live_server)
    assert_no_sideways_scroll(page)
    forecast_people = page.get_by_test_id("table-forecast_people")
    first_name = forecast_people.locator("tbody tr").first.locator("td[data-label='Họ và tên']")
    expect(first_name).to_contain_text("Nguyễn Thị Phương Thảo Nguyên")
    # A card: each value on a line of its own, under its column's name.
    assert first_name.evaluate("cell => getComputedStyle(cell).display") == "block"
    for canvas in page.locator("canvas[data-chart]").all():
        box = canvas.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= PHONE["width"], box


def test_on_a_desktop_the_print_views_tables_stay_tables(
    login, live_server, commander, print_view_data
):
    page = login(commander)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_print_view(page, live_server)
    first_name = page.get_by_test_id("table-forecast_people").locator("tbody td").nth(1)
    expect(first_name).to_contain_text("Nguyễn Thị Phương Thảo Nguyên")
    assert first_name.evaluate("cell => getComputedStyle(cell).display") == "table-cell"
    assert_no_sideways_scroll(page)
