"""Two database expressions the report aggregates need and Django does not ship.

Both work on PostgreSQL (production, benchmark) and SQLite (development, tests), so the same
queryset runs everywhere and the aggregation stays in the database.
"""

import statistics

from django.db import models


class DaysBetween(models.Func):
    """Whole days from `start` to `end` (end minus start) for two date expressions."""

    output_field = models.IntegerField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL subtracts dates into an integer number of days.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class Median(models.Aggregate):
    """The median of a numeric expression; NULLs are ignored."""

    name = "Median"
    output_field = models.FloatField()
    allow_distinct = False

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="REPORTS_MEDIAN", **extra_context)


class _SqliteMedian:
    """SQLite has no median; this aggregate is registered on each new SQLite connection."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return float(statistics.median(self.values)) if self.values else None


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: teach SQLite the median (see reports.apps)."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("REPORTS_MEDIAN", 1, _SqliteMedian)
