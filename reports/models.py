"""The one table of the reports: the admission forecast of the large scopes, stored per day."""

from django.db import models


class ForecastSnapshot(models.Model):
    """The admission forecast of one scope (the people a user sees, with the dashboard's unit)
    computed on `day`: above FORECAST_LIVE_MAX_PEOPLE plannable cadets the plans take seconds,
    so they are computed once a day (manage.py refresh_forecasts, or the first request) and
    read from here. A computed figure, not a record: no history; older days are deleted."""

    key = models.CharField(max_length=64, unique=True)
    day = models.DateField(db_index=True)
    computed_at = models.DateTimeField()
    # The pickled reports.selectors.Forecast (written and read only by reports.forecast).
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.day}"
