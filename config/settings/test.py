"""Settings for the test suite."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests read static files from the source folders; no collectstatic step needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]

# Browser tests serve pages from a live server thread. With SQLite's in-memory test database
# that thread shares one connection with every request thread, and pages that fire parallel
# requests (the dashboard's panels) could deadlock on it; a file gives each thread its own.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # TEST_SQLITE_PATH lets two checkouts on one machine test side by side.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": env("TEST_SQLITE_PATH", default=str(BASE_DIR / "var" / "test.sqlite3"))  # noqa: F405
    }

# The replica is Django's test mirror of the primary: the same test database under a second
# alias, so the router's choices run in every test (tests/conftest.py, tests/core/test_replica.py).
DATABASES["replica"] = {  # noqa: F405
    **DATABASES["default"],  # noqa: F405
    "ATOMIC_REQUESTS": False,
    "TEST": {**DATABASES["default"].get("TEST", {}), "MIRROR": "default"},  # noqa: F405
}

# Uploads made by tests (scans, import files) go to a temporary folder of their own,
# never into the checkout's var/media where a developer's demo files live.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="partydev-test-media-"))
