"""Reports read from a streaming replica; every write, and every read soon after one, the primary.

`DATABASE_REPLICA_URL` adds the `replica` alias (config/settings/base.py). Views marked with
`@reads_from_replica` (the dashboard, the report tables and the exports) read the domain's
records there, so the heavy academy-wide queries leave the primary to the clerks' writes.

No stale page after saving: a request that may write (any method but GET/HEAD/OPTIONS/TRACE)
gets a cookie that pins its browser to the primary for `REPLICA_PIN_SECONDS` (10 s by default,
far above the lag a healthy replica on the same network shows; `/healthz` fails when the lag
exceeds `REPLICA_MAX_LAG_SECONDS`). The cookie lives in the browser, not in one server's
memory, so the pin holds whichever app server answers; it carries no data, only its expiry.
Accounts, roles, sessions and sign-in records are always read from the primary: who may see
what must take effect at once, never a replica's moment later.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "doc_chinh"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Apps whose records are never read from the replica (see the module docstring).
PRIMARY_ONLY_APPS = {"accounts", "auth", "sessions", "axes", "contenttypes", "admin"}

_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def reads_from_replica(view):
    """Mark a read-only view whose queries may be answered by the replica."""
    view.reads_from_replica = True
    return view


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db, app_label, **hints):
        # A streaming replica replays the primary's migrations; it is never migrated itself.
        return db != REPLICA


class ReplicaRoutingMiddleware:
    """Sends marked views to the replica unless the browser wrote a moment ago."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reading_replica.set(False)
        try:
            response = self.get_response(request)
        finally:
            _reading_replica.reset(token)
        if request.method not in SAFE_METHODS and replica_configured():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            getattr(view_func, "reads_from_replica", False)
            and request.method in SAFE_METHODS
            and PIN_COOKIE not in request.COOKIES
            and replica_configured()
        ):
            _reading_replica.set(True)
