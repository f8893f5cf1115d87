"""`/healthz`: may the balancer send this app server requests?

Open to anyone (the balancer does not sign in) and so it names no record and no setting: it
answers 200 or 503 with the state of each check and the replica's lag in seconds:

- database: the primary answers a query;
- replica: when DATABASE_REPLICA_URL is set, the replica answers and is at most
  REPLICA_MAX_LAG_SECONDS behind the primary;
- media: a file can be written to, read back from and removed from the media storage (the
  shared MEDIA_ROOT every app server must see).

django-health-check would give the same checks, but it is not in the package index this project
installs from; these three fit in a view.
"""

import time
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .replica import PRIMARY, REPLICA, replica_configured

# Seconds since the replica replayed the last transaction it received, or 0 when it has
# replayed everything it received (an idle primary sends nothing, which is not lag).
REPLICA_LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN NULL
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
    END
"""


def check_database() -> dict:
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def replica_lag_seconds() -> float | None:
    """The replica's lag, or None when the replica is not a PostgreSQL standby (tests, SQLite)."""
    connection = connections[REPLICA]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT 1")
            return None
        cursor.execute(REPLICA_LAG_SQL)
        lag = cursor.fetchone()[0]
    return None if lag is None else round(float(lag), 3)


def check_replica() -> dict:
    lag = replica_lag_seconds()
    return {"ok": lag is None or lag <= settings.REPLICA_MAX_LAG_SECONDS, "lag_seconds": lag}


def check_media() -> dict:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            ok = stored.read() == b"ok"
    finally:
        default_storage.delete(name)
    return {"ok": ok}


CHECKS = {"database": check_database, "replica": check_replica, "media": check_media}


@login_not_required
@never_cache
@require_safe
def healthz(request):
    started = time.perf_counter()
    results = {}
    for name, check in CHECKS.items():
        if name == "replica" and not replica_configured():
            continue
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means "do not send requests here"
            # The kind of failure only: the message may carry hosts, paths or settings.
            results[name] = {"ok": False, "error": type(error).__name__}
    healthy = all(result["ok"] for result in results.values())
    body = {
        "status": "ok" if healthy else "failing",
        "checks": results,
        "seconds": round(time.perf_counter() - started, 3),
    }
    return JsonResponse(body, status=200 if healthy else 503)
