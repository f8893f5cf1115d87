"""Database-independent backup: every record and its change history, as Django fixtures.

Content types and permissions are recreated by `migrate`, so they are referred to by natural
keys and left out; sessions and login-attempt records are transient and left out too.
"""

from django.apps import apps

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
]


def record_counts() -> dict[str, int]:
    """Rows per model of the project's own apps (history tables included)."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in {"contenttypes", "sessions", "axes", "auth"}:
            continue
        counts[label] = model._default_manager.count()
    return counts


def database_is_empty() -> bool:
    """No row in any of the project's own tables (a freshly migrated database has none).

    Asked of every model rather than of named apps, so that core depends on none of the apps
    built on it.
    """
    return not any(record_counts().values())
