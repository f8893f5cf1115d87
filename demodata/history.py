"""Demo seeding writes its history in bulk.

Writing a history row on every save makes the demo (thousands of steps) slow to seed; instead the
demo is written with history switched off and every new record then gets one "created" history
row, in bulk, naming the demo's clerk. Records entered by users keep their full history.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db.models import Max
from django.test.utils import override_settings


def _tracked_models() -> list:
    return [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


@contextmanager
def history_written_in_bulk(*, user=None, reason: str = "") -> Iterator[None]:
    models = _tracked_models()
    before = {model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in models}
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield
    for model in models:
        manager = getattr(model, model._meta.simple_history_manager_attribute)
        created = model.objects.filter(pk__gt=before[model]).exclude(pk__in=manager.values("id"))
        manager.bulk_history_create(
            created.iterator(chunk_size=2000),
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
        )
