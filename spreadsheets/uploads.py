"""Parsed uploads waiting between the preview and the confirmation.

The upload is read once, when it is received; the parsed table is kept on the server under
MEDIA_ROOT/imports/ with a random name, so the confirmation applies exactly what was previewed
and a 10,000-row file is not read three times. It is deleted once applied, and tables left
behind by abandoned previews are removed after a day.
"""

import datetime
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

from .reader import Table

TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
MAX_AGE = datetime.timedelta(days=1)


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(token: str) -> Path:
    if not TOKEN_PATTERN.match(token):
        raise FileNotFoundError(token)
    return _folder() / f"{token}.json"


def upload_store(table: Table) -> str:
    """Keep `table` under a new random token; stale uploads are cleared on the way."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - MAX_AGE.total_seconds()
    for old in folder.glob("*.json"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    _path(token).write_bytes(table.to_json())
    return token


def upload_table(token: str) -> Table:
    """The stored table; FileNotFoundError when it is gone or the token is malformed."""
    return Table.from_json(_path(token).read_bytes())


def upload_discard(token: str) -> None:
    _path(token).unlink(missing_ok=True)
