"""The stage durations served to the dashboard (reports.durations): live for small scopes, the
day's stored result above DURATIONS_LIVE_MAX_ADMISSIONS, with the same figures on the panel and in
the exports (issue 17)."""

import csv
import datetime
import io

import pytest
from django.test import override_settings

from members.choices import StepKind
from reports.durations import durations_for
from reports.models import ForecastSnapshot
from reports.selectors import ReportFilters, stage_durations
from tests.factories import advance

from .history import cadet

pytestmark = pytest.mark.django_db

PANEL = "/bao-cao/thoi-gian-buoc/"


@pytest.fixture
def closed_stages(cell_a, cell_b, today):
    start = today - datetime.timedelta(days=300)
    for cell in (cell_a, cell_a, cell_b):
        advance(
            cadet(cell, enrolment_date=datetime.date(2020, 9, 1)), StepKind.DECISION, start=start
        )


def test_a_small_scope_is_computed_live(closed_stages, academy_commander, today):
    filters = ReportFilters(today=today)
    served = durations_for(academy_commander, filters)
    assert served.computed_at is None
    assert served.rows == stage_durations(academy_commander, filters)
    assert ForecastSnapshot.objects.count() == 0


@override_settings(DURATIONS_LIVE_MAX_ADMISSIONS=2)
def test_a_large_scope_reads_the_days_stored_result_equal_to_the_live_one(
    closed_stages, academy_commander, commander, today, django_assert_max_num_queries
):
    filters = ReportFilters(today=today)
    live = stage_durations(academy_commander, filters)
    assert [row["closed"] for row in live][0] == 3
    first = durations_for(academy_commander, filters)
    assert first.computed_at is not None
    assert first.rows == live
    # Stored: the admissions' sum and the stored row, not the steps.
    with django_assert_max_num_queries(2):
        again = durations_for(academy_commander, filters)
    assert again.rows == live
    # Another scope and another day are other results.
    assert durations_for(commander, filters).rows == stage_durations(commander, filters)
    tomorrow = ReportFilters(today=today + datetime.timedelta(days=1))
    durations_for(academy_commander, tomorrow)
    assert ForecastSnapshot.objects.count() == 3


@override_settings(DURATIONS_LIVE_MAX_ADMISSIONS=2)
def test_the_panel_says_when_and_the_export_shows_the_same_figures(
    closed_stages, academy_commander, client_for
):
    client = client_for(academy_commander)
    page = client.get(PANEL)
    assert 'data-testid="durations-computed-at"' in page.text
    export = client.get("/bao-cao/xuat/durations.csv").content.decode("utf-8-sig")
    exported = {row["stage"]: int(row["closed"]) for row in csv.DictReader(io.StringIO(export))}
    assert exported == {row["stage"]: row["closed"] for row in page.context["table"].rows}
