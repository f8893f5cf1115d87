"""The admission forecast as the dashboard serves it: live for a scope of a few thousand cadets
to plan, read from the day's stored result above (FORECAST_LIVE_MAX_PEOPLE).

Planning a whole academy takes seconds of CPU (every plannable cadet's plan, members.planning),
too much for each dashboard request; its figures change with the steps recorded, which a day's
delay does not mislead (the panel says when they were computed). The stored result is the
live computation's own output (reports.selectors.admission_forecast), kept per scope and day.
"""

import datetime
from dataclasses import dataclass, replace

from django.conf import settings

from members.plans import plannable_q

from . import snapshots
from .models import ForecastSnapshot
from .selectors import Forecast, ReportFilters, admission_forecast, forecast_cadets


@dataclass(frozen=True)
class ServedForecast:
    forecast: Forecast
    # When the stored result was computed; None: computed for this request.
    computed_at: datetime.datetime | None = None
    # The course what-if was asked for a scope too large to plan live: not applied.
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
        "forecast", forecast_cadets(user, replace(filters, course_on=None)).query
    )


def forecast_for(user, filters: ReportFilters) -> ServedForecast:
    """The forecast of `user`'s scope with `filters`: computed now when small enough, else the
    day's stored result (computed and stored now if the day has none yet)."""
    if plannable_count(user, filters) <= settings.FORECAST_LIVE_MAX_PEOPLE:
        return ServedForecast(admission_forecast(user, filters))
    forecast, computed_at = snapshots.of_the_day(
        snapshot_key(user, filters),
        filters.today,
        lambda: admission_forecast(user, replace(filters, course_on=None)),
    )
    return ServedForecast(
        forecast, computed_at=computed_at, what_if_refused=filters.course_on is not None
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
        snapshots.store(key, today, admission_forecast(user, filters))
        done.add(key)
    return len(done)
