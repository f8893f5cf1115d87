import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)


def _run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run_manage("check", env={"DJANGO_SECRET_KEY": "", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run_manage("check", env={"DJANGO_SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_check_deploy_is_clean():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"DJANGO_SECRET_KEY": "k3y-" + "z9Q" * 20, "ALLOWED_HOSTS": "dang.local"},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_vietnamese_is_the_default_language(client, db):
    response = client.get(reverse("login"))
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_english_is_switchable(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert "Sign in" in client.get(reverse("login")).content.decode()


def test_dates_are_written_dd_mm_yyyy_in_both_languages():
    template = Template("{{ day|date }} {{ day|date:'SHORT_DATE_FORMAT' }}")
    for language in ("vi", "en"):
        with translation.override(language):
            rendered = template.render(Context({"day": datetime.date(2017, 9, 5)}))
        assert rendered == "05/09/2017 05/09/2017"


def test_time_zone_is_hanoi():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


EXTERNAL = re.compile(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", re.IGNORECASE)


def test_no_template_or_static_file_loads_from_outside():
    files = [*ROOT.joinpath("templates").rglob("*.html")]
    files += [
        path
        for path in ROOT.joinpath("static").rglob("*")
        if path.is_file() and "vendor" not in path.parts
    ]
    offenders = [str(path) for path in files if EXTERNAL.search(path.read_text(errors="ignore"))]
    assert files
    assert offenders == []


def test_vendored_assets_are_present_with_versions():
    vendor = ROOT / "static" / "vendor"
    for asset in (
        "bootstrap/css/bootstrap.min.css",
        "bootstrap/js/bootstrap.bundle.min.js",
        "htmx/htmx.min.js",
        "chartjs/chart.umd.min.js",
    ):
        assert (vendor / asset).is_file(), asset
    versions = (vendor / "VERSIONS.md").read_text()
    assert "htmx.org" in versions
    assert "chart.js" in versions
    assert "MIT" in versions


def _catalogue_entries(path):
    """(flags, msgid, msgstr) of each entry of a .po file, strings joined across lines."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags, parts, current = "", {"msgid": "", "msgstr": ""}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith(("msgid ", "msgstr ", "msgstr[0] ")):
                current = "msgid" if line.startswith("msgid ") else "msgstr"
                parts[current] += line.split(" ", 1)[1].strip('"')
            elif line.startswith('"') and current:
                parts[current] += line.strip('"')
        if parts["msgid"]:
            yield flags, parts["msgid"], parts["msgstr"]


def test_every_message_has_a_reviewed_english_translation():
    catalogue = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    entries = list(_catalogue_entries(catalogue))
    assert len(entries) > 500
    untranslated = [msgid for _, msgid, msgstr in entries if not msgstr]
    fuzzy = [msgid for flags, msgid, _ in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == [], "a guessed translation (fuzzy) needs a human look"


def test_app_server_threads_keep_their_database_connections():
    """A connection per request cost 15–20 ms of PostgreSQL start-up (issue 17); a kept one is
    checked before it is reused, so a restarted database is not an error page."""
    for alias in ("default", "replica"):
        database = settings.DATABASES[alias]
        assert database["CONN_MAX_AGE"] > 0
        assert database["CONN_HEALTH_CHECKS"] is True
