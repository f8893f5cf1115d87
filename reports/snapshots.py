"""Figures of a large scope computed once a day and stored (ForecastSnapshot): the admission
forecast (reports.forecast) and the stage durations (reports.durations).

What is stored is the live computation's own output, under a key made of the query that
defines the figures (the user's scope, the unit chosen, the day) and the language of its
labels; the older days' results are deleted by manage.py refresh_forecasts.
"""

import datetime
import hashlib
import pickle
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from .models import ForecastSnapshot


def snapshot_key(name: str, query: object) -> str:
    """The stored result's key: which figures (`name`), the query defining them, the language."""
    text = f"{name}|{query}|{translation.get_language()}"
    return hashlib.sha256(text.encode()).hexdigest()


def of_the_day(
    key: str, day: datetime.date, compute: Callable[[], Any]
) -> tuple[Any, datetime.datetime]:
    """The result stored under `key` for `day`, and when it was computed; computed (by
    `compute`) and stored now if the day has none yet."""
    snapshot = ForecastSnapshot.objects.filter(key=key, day=day).first()
    if snapshot is None:
        snapshot = store(key, day, compute())
    return pickle.loads(snapshot.data), snapshot.computed_at  # noqa: S301 (written by store)


def of_the_day_if_any(key: str, day: datetime.date) -> tuple[Any, datetime.datetime] | None:
    """The result stored under `key` for `day` and when it was computed; None if there is none."""
    snapshot = ForecastSnapshot.objects.filter(key=key, day=day).first()
    if snapshot is None:
        return None
    return pickle.loads(snapshot.data), snapshot.computed_at  # noqa: S301 (written by store)


def store(key: str, day: datetime.date, value: Any) -> ForecastSnapshot:
    with transaction.atomic():
        snapshot, _ = ForecastSnapshot.objects.update_or_create(
            key=key,
            defaults={"day": day, "computed_at": timezone.now(), "data": pickle.dumps(value)},
        )
    return snapshot
