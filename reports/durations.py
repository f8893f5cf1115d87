"""The stage durations panel as the dashboard serves it: live for a scope that admitted at
most DURATIONS_LIVE_MAX_ADMISSIONS members in the window's years, else the day's stored result.

The medians are taken over a year of closed stages: a whole academy of a million cadets closes
about 450,000 of them a year, which no index turns into a lookup (issue 17); medians over a
year hardly move within a day, and the panel says when they were computed. The stored result
is the live computation's own output (reports.selectors.stage_durations).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Sum

from members.choices import StepKind
from members.models import AdmissionStep, StepTally

from . import snapshots
from .selectors import ReportFilters, duration_window, stage_durations


@dataclass(frozen=True)
class ServedDurations:
    rows: list[dict]
    # When the stored result was computed; None: computed for this request.
    computed_at: datetime.datetime | None = None


def admissions_in_window_years(user, filters: ReportFilters) -> int:
    """The admissions of the scope and unit in the years the window spans, from the step
    tallies' index (one query): the size of the scope, which the stages it closes follow."""
    start, end = duration_window(filters)
    tallies = StepTally.objects.visible_to(user).filter(
        filters.unit_q(), kind=StepKind.DECISION, year__range=(start.year, end.year)
    )
    return tallies.aggregate(admissions=Sum("count"))["admissions"] or 0


def durations_for(user, filters: ReportFilters) -> ServedDurations:
    """The stage durations of `user`'s scope with `filters`: computed now when the scope is
    small enough, else the day's stored result (computed and stored now if none yet)."""
    if admissions_in_window_years(user, filters) <= settings.DURATIONS_LIVE_MAX_ADMISSIONS:
        return ServedDurations(stage_durations(user, filters))
    # The steps the medians are taken over define the figures: their query is the key.
    window = duration_window(filters)
    steps = AdmissionStep.objects.visible_to(user).filter(filters.unit_q(), date__range=window)
    rows, computed_at = snapshots.of_the_day(
        snapshots.snapshot_key("durations", steps.query),
        filters.today,
        lambda: stage_durations(user, filters),
    )
    return ServedDurations(rows, computed_at)
