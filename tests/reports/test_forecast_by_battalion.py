"""A whole academy's admission forecast by battalion (issue 17, item 1): a row per cohort and
battalion summing its cells, each opening the panel for that battalion (its cells); the export
keeps a row per cell, which sums to the panel's rows."""

import csv
import datetime
import io
from collections import defaultdict

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.workdays import add_months
from reports.forecast import BY_BATTALION, SUMMED
from reports.selectors import ReportFilters, admission_forecast

from .history import admitted
from .test_forecast import BORN, filed

pytestmark = pytest.mark.django_db

FORECAST = reverse("reports:forecast")


@pytest.fixture
def academy(cell_a, cell_b, cell_c):
    """K60 in three cells of two battalions: TD1 has cell A (a member of two cadets, 50%) and
    cell B (three cadets, no member, 0%): 1 of 5 is 20%, not the 25% of the cells' average."""
    graduation = timezone.localdate() + datetime.timedelta(days=150)
    admitted(
        cell_a,
        timezone.localdate() - datetime.timedelta(days=200),
        cohort="K60",
        date_of_birth=datetime.date(2004, 1, 1),
        expected_graduation_date=graduation,
    )
    filed(cell_a, graduation=graduation)
    # Two of cell B are 18 only after graduating: they cannot, and are listed under the panel.
    too_young = add_months(graduation, -216)
    for born in (BORN, too_young + datetime.timedelta(days=1), too_young + datetime.timedelta(2)):
        filed(cell_b, born=born, graduation=graduation)
    filed(cell_c, graduation=graduation)


def summed(rows, by):
    """The rows' counts summed by the key `by(row)`."""
    sums: dict = defaultdict(lambda: dict.fromkeys(SUMMED, 0))
    for row in rows:
        for name in SUMMED:
            sums[by(row)][name] += row[name]
    return dict(sums)


def test_the_academy_sees_a_row_per_battalion_adding_up_to_its_cells(
    academy, academy_commander, client_for
):
    client = client_for(academy_commander)
    page = client.get(FORECAST)
    table = page.context["tables"]["forecast"]
    assert table.key == BY_BATTALION
    assert "cell" not in [column.key for column in table.columns]
    assert [row["battalion"] for row in table.rows] == ["Tiểu đoàn 1", "Tiểu đoàn 2"]
    first = table.rows[0]
    assert (first["cadets"], first["members"], first["rate"]) == (5, 1, 20.0)
    assert first["projected_rate"] == round(100 * first["projected"] / 5, 1)
    # The battalions add up to the academy's cells.
    cells = admission_forecast(academy_commander, ReportFilters()).cohorts
    assert len(cells) == 3
    everything = summed(cells, lambda row: row["cohort"])
    assert summed(table.rows, lambda row: row["cohort"]) == everything
    # Each battalion opens its cells: the same panel for it, whose rows sum to the battalion's.
    body = page.content.decode()
    for row in table.rows:
        link = row["battalion_url"]
        assert link.startswith(FORECAST)
        assert f'<a href="{link.replace("&", "&amp;")}">' in body
        drilled = client.get(link).context["tables"]["forecast"]
        assert drilled.key == "forecast"
        assert {line["battalion"] for line in drilled.rows} == {row["battalion"]}
        mine = summed(drilled.rows, lambda line: line["cohort"])
        assert mine == {row["cohort"]: {name: row[name] for name in SUMMED}}


@override_settings(FORECAST_LIVE_MAX_PEOPLE=2)
def test_the_stored_forecast_is_shown_by_battalion_and_exported_by_cell(
    academy, academy_commander, client_for
):
    client = client_for(academy_commander)
    page = client.get(FORECAST)
    assert page.context["served"].computed_at is not None
    rows = page.context["tables"]["forecast"].rows
    export = client.get(reverse("reports:export", kwargs={"table": "forecast", "fmt": "csv"}))
    exported = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert {line["cell"] for line in exported} == {"Chi bộ A", "Chi bộ B", "Chi bộ C"}
    by_battalion = summed(
        [{**line, **{name: int(line[name]) for name in SUMMED}} for line in exported],
        lambda line: (line["cohort"], line["battalion"]),
    )
    assert by_battalion == summed(rows, lambda row: (row["cohort"], row["battalion"]))


def test_a_battalion_keeps_its_rows_by_cell(academy, commander, client_for):
    table = client_for(commander).get(FORECAST).context["tables"]["forecast"]
    assert table.key == "forecast"
    assert sorted(row["cell"] for row in table.rows) == ["Chi bộ A", "Chi bộ B"]


def test_the_academy_chooses_a_cell_and_sees_it(academy, academy_commander, cell_c, client_for):
    page = client_for(academy_commander).get(FORECAST, {"cell": cell_c.pk})
    table = page.context["tables"]["forecast"]
    assert table.key == "forecast"
    assert [row["cell"] for row in table.rows] == ["Chi bộ C"]


def test_the_people_listed_under_the_panel_stay_bounded(
    academy, academy_commander, client_for, monkeypatch
):
    monkeypatch.setattr("reports.views.PAGE_LIST_LIMIT", 1)
    people = client_for(academy_commander).get(FORECAST).context["tables"]["forecast_people"]
    assert len(people.rows) == 1
    assert people.total == 2


def test_the_academys_rows_by_battalion_are_paged_and_printed_whole(
    academy, academy_commander, client_for, monkeypatch
):
    monkeypatch.setattr("reports.views.PANEL_ROWS", 1)
    client = client_for(academy_commander)
    everything = client.get(FORECAST, {"in": "1"}).context["tables"]["forecast"].rows
    assert [row["battalion"] for row in everything] == ["Tiểu đoàn 1", "Tiểu đoàn 2"]
    first = client.get(FORECAST)
    assert first.context["tables"]["forecast"].rows == everything[:1]
    assert f'href="{FORECAST}?page=2"' in first.text
    second = client.get(FORECAST, {"page": "2"}, headers={"HX-Request": "true"})
    assert second.context["tables"]["forecast"].rows == everything[1:]
    assert "<html" not in second.text
    # The drill-down of a paged row does not carry the page; past the end, the last page.
    assert "page" not in second.context["tables"]["forecast"].rows[0]["battalion_url"]
    assert (
        client.get(FORECAST, {"page": "9"}).context["tables"]["forecast"].rows == (everything[1:])
    )
    assert (
        client.get(FORECAST, {"page": "x"}).context["tables"]["forecast"].rows == (everything[:1])
    )
