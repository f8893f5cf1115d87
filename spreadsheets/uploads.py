"""Parsed uploads waiting between the preview and the confirmation.

The upload is read once, when it is received; the parsed table is kept on the server under
MEDIA_ROOT/imports/ with a random name, so the confirmation applies exactly what was previewed
and a 10,000-row file is not read three times. The preview's checked plan is kept beside it, so
that the confirmation need not check every row again when nothing it read has changed
(`spreadsheets.services.cadets_import_apply`). Both are deleted once applied, and files left
behind by abandoned previews are removed after a day.
"""

import datetime
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from core.memory import without_cycle_collection

from .importer import Plan
from .kept_plan import plan_data, plan_json
from .reader import Table

TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
MAX_AGE = datetime.timedelta(days=1)
KINDS = ("json", "plan")
SIGNATURE_SALT = "spreadsheets.uploads.plan"
SIGNATURE_LENGTH = 64


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(token: str, kind: str = "json") -> Path:
    if not TOKEN_PATTERN.match(token):
        raise FileNotFoundError(token)
    return _folder() / f"{token}.{kind}"


@without_cycle_collection
def upload_store(table: Table) -> str:
    """Keep `table` under a new random token; stale uploads are cleared on the way."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - MAX_AGE.total_seconds()
    for kind in KINDS:
        for old in folder.glob(f"*.{kind}"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    _path(token).write_bytes(table.to_json())
    return token


@without_cycle_collection
def upload_table(token: str) -> Table:
    """The stored table; FileNotFoundError when it is gone or the token is malformed."""
    return Table.from_json(_path(token).read_bytes())


def upload_exists(token: str) -> bool:
    """Whether the upload `token` is still kept (False for a malformed token)."""
    try:
        return _path(token).is_file()
    except FileNotFoundError:
        return False


def upload_keep_plan(token: str, plan: Plan) -> None:
    """Keep the preview's checked `plan` beside the upload `token`, signed by this server."""
    data = plan_json(plan)
    _path(token, "plan").write_bytes(_signature(data) + data)


def upload_plan(token: str) -> dict | None:
    """The plan kept by the last preview of `token`, as data (`kept_plan.plan_from_data`);
    None when there is none to trust: missing, not signed by this server, or written by
    another version of the code (the confirmation then checks every row again)."""
    try:
        content = _path(token, "plan").read_bytes()
    except FileNotFoundError:
        return None
    signature, data = content[:SIGNATURE_LENGTH], content[SIGNATURE_LENGTH:]
    if not constant_time_compare(signature, _signature(data)):
        return None
    return plan_data(data)


def upload_discard(token: str) -> None:
    for kind in KINDS:
        _path(token, kind).unlink(missing_ok=True)


def _signature(data: bytes) -> bytes:
    return salted_hmac(SIGNATURE_SALT, data, algorithm="sha256").hexdigest().encode()
