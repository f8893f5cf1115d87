"""The admission forecast as the dashboard serves it: live for a scope of a few thousand cadets
to plan, read from the day's stored result above (FORECAST_LIVE_MAX_PEOPLE).

Planning a whole academy takes seconds of CPU (every plannable cadet's plan, members.planning),
too much for each dashboard request; its figures change with the steps recorded, which a day's
delay does not mislead (the panel says when they were computed). The stored result is the
live computation's own output (reports.selectors.admission_forecast), kept per scope and day.

A whole academy's forecast is shown a row per cohort and battalion (the sums of its cells'
rows), each battalion opening the same panel for that battalion, which shows its cells
(reports.by_battalion, as the dashboard's admissions by cell): a row per cohort and cell of a
million cadets made a panel of 2 MB. The exports keep a row per cell (reports.tables).

What the panel shows (its rows, summed by battalion for an academy, and the first people) is
kept beside a large scope's stored result, the Panel: a whole academy's full result is 1.5 MB
to read back for a page that shows 50 of its rows. The panel's table is shown
PANEL_ROWS rows a page (the print view: all), with a pager.
"""

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from members.plans import plannable_q

from . import snapshots
from .by_battalion import battalion_headings, several_battalions
from .dashboard import PRINT_LIST_LIMIT
from .models import ForecastSnapshot
from .selectors import (
    Forecast,
    ReportFilters,
    admission_forecast,
    forecast_cadets,
    with_forecast_rates,
)
from .tables import SPECS

# The stored result's layout: raised when its rows change (2: the rows carry their battalion's
# id and code), so that a result stored by the code before is computed again, not misread.
SNAPSHOT_LAYOUT = 2
# The key of the whole academy's forecast by battalion; the figures that add up over cells.
BY_BATTALION = "forecast_by_battalion"
SUMMED = ("cadets", "members", "projected", "at_risk", "cannot")
# The stored panel's layout (see SNAPSHOT_LAYOUT); the rows of its table on a page.
PANEL_LAYOUT = 1
PANEL_ROWS = 50


@dataclass(frozen=True)
class ServedForecast:
    forecast: Forecast
    # When the stored result was computed; None: computed for this request.
    computed_at: datetime.datetime | None = None
    # The course what-if was asked for a scope too large to plan live: not applied.
    what_if_refused: bool = False


@dataclass(frozen=True)
class Panel:
    """What the panel shows of a forecast: its table's rows (by cohort and battalion when
    `by_battalion`, without their links, else by cohort and cell), the first `people` of
    those who make the difference (as many as the print view lists) and how many they are."""

    cohorts: list[dict]
    by_battalion: bool
    people: list[dict]
    people_total: int


@dataclass(frozen=True)
class ServedPanel:
    panel: Panel
    computed_at: datetime.datetime | None = None
    what_if_refused: bool = False


def plannable_count(user, filters: ReportFilters) -> int:
    """The cadets of the forecast whose plans would be computed, counted up to one more than
    FORECAST_LIVE_MAX_PEOPLE (one count): whether the scope is small is all that is asked, and
    a whole academy of a million cadets has tens of thousands to count."""
    plannable = forecast_cadets(user, filters).filter(plannable_q(filters.today))
    return plannable[: settings.FORECAST_LIVE_MAX_PEOPLE + 1].count()


def snapshot_key(user, filters: ReportFilters) -> str:
    """The stored result's key: the forecast's own query (the user's scope, the unit chosen and
    the day, whatever the role) and the language its labels are in."""
    return snapshots.snapshot_key(
        f"forecast/{SNAPSHOT_LAYOUT}", forecast_cadets(user, replace(filters, course_on=None)).query
    )


def panel_key(user, filters: ReportFilters) -> str:
    """The stored panel's key, made as snapshot_key."""
    return snapshots.snapshot_key(
        f"forecast-panel/{PANEL_LAYOUT}",
        forecast_cadets(user, replace(filters, course_on=None)).query,
    )


def _stored(user, filters: ReportFilters) -> tuple[Forecast, datetime.datetime]:
    """The day's stored forecast of the scope, computed and stored now if there is none."""
    return snapshots.of_the_day(
        snapshot_key(user, filters),
        filters.today,
        lambda: admission_forecast(user, replace(filters, course_on=None)),
    )


def forecast_for(user, filters: ReportFilters) -> ServedForecast:
    """The forecast of `user`'s scope with `filters`: computed now when small enough, else the
    day's stored result (computed and stored now if the day has none yet)."""
    if plannable_count(user, filters) <= settings.FORECAST_LIVE_MAX_PEOPLE:
        return ServedForecast(admission_forecast(user, filters))
    forecast, computed_at = _stored(user, filters)
    return ServedForecast(
        forecast, computed_at=computed_at, what_if_refused=filters.course_on is not None
    )


def panel_of(forecast: Forecast, filters: ReportFilters) -> Panel:
    """The panel of `forecast`: its rows summed by battalion for a whole academy (see
    cohorts_by_battalion), the people the print view lists."""
    by_battalion = several_battalions(forecast.cohorts, filters)
    return Panel(
        cohorts=cohorts_by_battalion(forecast.cohorts) if by_battalion else forecast.cohorts,
        by_battalion=by_battalion,
        people=forecast.people[:PRINT_LIST_LIMIT],
        people_total=len(forecast.people),
    )


def panel_for(user, filters: ReportFilters) -> ServedPanel:
    """The panel of `user`'s scope with `filters`, as forecast_for serves the forecast: the
    day's stored panel if there is one (only a large scope has one), else computed now when
    the scope is small enough, else made from the day's stored result and stored. A stored
    panel is looked up before the cadets to plan are counted: a whole academy's count takes
    longer than the stored panel."""
    stored = snapshots.of_the_day_if_any(panel_key(user, filters), filters.today)
    if stored is None:
        if plannable_count(user, filters) <= settings.FORECAST_LIVE_MAX_PEOPLE:
            return ServedPanel(panel_of(admission_forecast(user, filters), filters))
        stored = snapshots.of_the_day(
            panel_key(user, filters),
            filters.today,
            lambda: panel_of(_stored(user, filters)[0], filters),
        )
    panel, computed_at = stored
    return ServedPanel(
        panel, computed_at=computed_at, what_if_refused=filters.course_on is not None
    )


def forecasts_refresh(users, *, today: datetime.date) -> int:
    """Compute and store today's forecast of each scope among `users` that is too large to plan
    live (the whole scope, no unit chosen), once per scope; delete the older days' results.
    Returns the number of scopes stored."""
    ForecastSnapshot.objects.filter(day__lt=today).delete()
    filters = ReportFilters(today=today)
    done = set()
    for user in users:
        if user.scope is None:
            continue
        key = snapshot_key(user, filters)
        if key in done or plannable_count(user, filters) <= settings.FORECAST_LIVE_MAX_PEOPLE:
            continue
        forecast = admission_forecast(user, filters)
        snapshots.store(key, today, forecast)
        snapshots.store(panel_key(user, filters), today, panel_of(forecast, filters))
        done.add(key)
    return len(done)


def forecast_table(rows: list[dict], *, by_battalion: bool, query: dict) -> Table:
    """The forecast's table on the panel: `rows` by cohort and cell, or by cohort and
    battalion (by_battalion: cohorts_by_battalion's), each battalion then linking to the
    panel for it with the same `query`."""
    spec = SPECS["forecast"]
    if not by_battalion:
        return Table("forecast", spec.title, spec.columns, rows)
    columns = [
        Column("battalion", column.label, "link") if column.key == "battalion" else column
        for column in spec.columns
        if column.key != "cell"
    ]
    title = _(
        "Dự báo tỷ lệ đảng viên khi tốt nghiệp theo tiểu đoàn (chỉ tiêu 100%; bấm vào tiểu "
        "đoàn để xem từng chi bộ)"
    )
    address = reverse("reports:forecast")
    heading = battalion_headings(address, query)
    linked = [{**row, **heading(row)} for row in rows]
    return Table(BY_BATTALION, title, columns, linked)


def cohorts_by_battalion(rows: list[dict]) -> list[dict]:
    """The forecast's rows by cohort and cell summed by cohort and battalion, the rates
    computed again from the sums."""
    lines: dict[tuple, dict] = {}
    for row in rows:
        key = (row["cohort"], row["programme"], row["battalion_code"])
        line = lines.get(key)
        if line is None:
            line = lines[key] = {
                "cohort": row["cohort"],
                "programme": row["programme"],
                "has_target": row["has_target"],
                "graduation": row["graduation"],
                "battalion": row["battalion"],
                "battalion_id": row["battalion_id"],
                "battalion_code": row["battalion_code"],
                **dict.fromkeys(SUMMED, 0),
            }
        line["graduation"] = max(line["graduation"], row["graduation"])
        for name in SUMMED:
            line[name] += row[name]
    return [
        with_forecast_rates(line)
        for line in sorted(
            lines.values(),
            key=lambda line: (
                not line["has_target"],
                line["graduation"],
                line["cohort"],
                line["battalion_code"],
            ),
        )
    ]
