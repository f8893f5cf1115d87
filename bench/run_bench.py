"""Benchmark: server time and query count of the main pages on PostgreSQL with N cadets.

    make bench                      # N = 100,000 cadets, 20 requests per page
    make bench BENCH_ARGS="--cadets 1000000"
    .venv/bin/python bench/run_bench.py --cadets 100000 --repeat 20

It creates the database if missing (default postgres://postgres@127.0.0.1:5432/partydev_bench,
or BENCH_DATABASE_URL), migrates it, fills it with `seed_scale --cadets N` unless that many
synthetic cadets are already there, then requests each page in-process with Django's test
client (the whole middleware stack, no network) and writes the table to
bench/results/pages.md, beside the latest run of every other N (kept in pages.json). Beside
the product's pages it measures the Django admin's list of cadets and a one-query page, the
floor.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/partydev_bench"
# Issue 17: at a million cadets, every page's median within 100 ms and half the admin
# changelist's, in at most 15 queries.
TARGET_QUERIES = 15
TARGET_MS = 100
TARGET_ADMIN_RATIO = 0.5


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    server = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    # Production-like: no debug toolbar-style overhead; the test client's host is allowed.
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(cadets: int, *, reseed: bool) -> float | None:
    """Migrate and seed when needed; returns the seeding time in seconds (None: already there)."""
    from django.core.management import call_command
    from django.db import connection

    from demodata.synthetic import synthetic_cadets

    call_command("migrate", verbosity=0)
    seconds = None
    if reseed or synthetic_cadets() != cadets:
        started = time.perf_counter()
        call_command("seed_scale", cadets=cadets, reset=True)
        seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Statistics and visibility map as autovacuum leaves them on a database in use.
        cursor.execute("VACUUM ANALYZE")
    return seconds


def personas():
    """Bench users of every role on the synthetic academy, created once."""
    from accounts.models import Role, User
    from demodata.synthetic import ACADEMY_CODE
    from units.models import PartyCell

    cell = (
        PartyCell.objects.filter(battalion__academy__code=ACADEMY_CODE)
        .select_related("battalion")
        .order_by("battalion__code", "code")
        .first()
    )
    specs = {
        "bench_academy": {"role": Role.COMMANDER},
        "bench_commander": {"role": Role.COMMANDER, "battalion": cell.battalion},
        "bench_clerk": {"role": Role.CLERK, "battalion": cell.battalion},
        "bench_secretary": {"role": Role.SECRETARY, "cell": cell},
        "bench_admin": {"role": Role.ADMIN, "is_staff": True, "is_superuser": True},
    }
    users = {}
    for username, fields in specs.items():
        users[username], _ = User.objects.update_or_create(username=username, defaults=fields)
    return users, cell


def pages(users, cell):
    """(label, user or None for anonymous, url) for every measured page."""
    from django.urls import reverse

    from members.choices import PartyStatus
    from members.models import Person

    person = (
        Person.objects.filter(cell=cell, party_status=PartyStatus.OFFICIAL, kind="cadet")
        .order_by("pk")
        .first()
    )
    people = reverse("members:person_list")
    this_year = datetime.date.today().year
    return [
        ("Dashboard, whole academy", users["bench_academy"], reverse("reports:dashboard")),
        ("Dashboard, one battalion", users["bench_commander"], reverse("reports:dashboard")),
        (
            "Dashboard, 10 years by cell",
            users["bench_academy"],
            reverse("reports:dashboard") + f"?year_from={this_year - 9}&by_cell=on",
        ),
        ("Dashboard, one cell (secretary)", users["bench_secretary"], reverse("reports:dashboard")),
        (
            "Dashboard's durations panel, academy",
            users["bench_academy"],
            reverse("reports:durations"),
        ),
        (
            "Dashboard's durations panel, battalion",
            users["bench_commander"],
            reverse("reports:durations"),
        ),
        (
            # Above FORECAST_LIVE_MAX_PEOPLE: the day's stored result (the warm-up stores it).
            "Dashboard's forecast panel, academy",
            users["bench_academy"],
            reverse("reports:forecast"),
        ),
        (
            "Dashboard's forecast panel, battalion",
            users["bench_commander"],
            reverse("reports:forecast"),
        ),
        ("Dashboard print view, battalion", users["bench_commander"], reverse("reports:print")),
        ("Admissions CSV, whole academy", users["bench_academy"], "/reports/admissions.csv"),
        ("Cadet list, whole academy", users["bench_academy"], people),
        (
            "Cadet list, searched and filtered",
            users["bench_academy"],
            people + "?q=nguyen+hoai&party_status=candidate",
        ),
        ("Cadet list, battalion clerk", users["bench_clerk"], people + "?q=minh&cohort="),
        ("Cadet page", users["bench_clerk"], reverse("members:person_detail", args=[person.pk])),
        (
            "Cell board (secretary)",
            users["bench_secretary"],
            reverse("members:board", args=[cell.pk]),
        ),
        ("Admin changelist of cadets", users["bench_admin"], "/admin/members/person/"),
        ("Floor: one-query page", None, "/bench/floor/"),
    ]


# Transaction control is not counted as a query (BEGIN/COMMIT of ATOMIC_REQUESTS).
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def timed_get(client, url: str) -> tuple[float, int, int]:
    """(milliseconds, queries, bytes) of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        content = response.content
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    queries = [q for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]
    return elapsed, len(queries), len(content)


def measure(targets, repeat: int) -> list[dict]:
    """Round-robin over the pages, so that a busy moment of the machine hits all of them alike."""
    for client, url in targets:
        for _ in range(2):
            timed_get(client, url)
    samples = [[] for _ in targets]
    for _ in range(repeat):
        for index, (client, url) in enumerate(targets):
            samples[index].append(timed_get(client, url))
    results = []
    for runs in samples:
        times = sorted(run[0] for run in runs)
        results.append(
            {
                "median": statistics.median(times),
                "p95": times[max(0, math.ceil(0.95 * len(times)) - 1)],
                "queries": max(run[1] for run in runs),
                "kb": runs[-1][2] / 1024,
            }
        )
    return results


def machine() -> str:
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{memory_kb / 1024 / 1024:.0f} GB RAM"
    except OSError:
        memory = "RAM unknown"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; PostgreSQL {server}"
    )


def run_record(rows, *, cadets: int, repeat: int, seeded: float | None) -> dict:
    """One run's figures and conditions, kept in pages.json beside the other sizes' runs."""
    from django import get_version

    from members.models import AdmissionStep, Person

    return {
        "cadets": cadets,
        "date": f"{datetime.datetime.now():%Y-%m-%d %H:%M}",
        "machine": f"{machine()}; Django {get_version()}",
        "load": os.getloadavg()[0],
        "people": Person.objects.count(),
        "steps": AdmissionStep.objects.count(),
        "repeat": repeat,
        "seeded": seeded,
        "rows": rows,
    }


def report(runs: list[dict]) -> str:
    """The runs side by side (smallest N first), so that the growth with N shows."""
    runs = sorted(runs, key=lambda run: run["cadets"])
    sizes = [f"{run['cadets']:,}" for run in runs]
    lines = [
        "# Page benchmark",
        "",
        "Django test client in-process (whole middleware stack, DEBUG off, no network), 2 "
        "warm-up requests then the timed ones, the pages taken in turn; queries counted "
        "without BEGIN/COMMIT. The machine is shared: the load average at the start of each "
        "run is given.",
        "",
    ]
    for run in runs:
        seeded = run["seeded"]
        seeding = (
            f"`seed_scale --cadets {run['cadets']}` took {seeded:.0f} s"
            if seeded
            else "already seeded"
        )
        lines.append(
            f"- N = {run['cadets']:,} ({run['people']:,} people, {run['steps']:,} admission "
            f"steps): {run['date']}, load average {run['load']:.1f}, {run['repeat']} timed "
            f"requests per page; seeding: {seeding}. {run['machine']}"
        )
    header = ["Page"]
    for size in sizes:
        header += [f"Median ms ({size})", f"Queries ({size})", f"KB ({size})", f"vs admin ({size})"]
    lines += ["", "| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    by_label = [{row["label"]: row for row in run["rows"]} for run in runs]
    labels = list(dict.fromkeys(row["label"] for run in runs for row in run["rows"]))
    for label in labels:
        cells = [label]
        for run, rows in zip(runs, by_label, strict=True):
            row = rows.get(label)
            admin = next(r for r in run["rows"] if r["label"].startswith("Admin"))
            if row is None:
                cells += ["—"] * 4
                continue
            cells += [
                f"{row['median']:.1f}",
                str(row["queries"]),
                f"{row['kb']:.0f}",
                f"{row['median'] / admin['median']:.2f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [""]
    for run in runs:
        rows = run["rows"]
        admin = next(row for row in rows if row["label"].startswith("Admin"))
        pages = [row for row in rows if row is not admin and not row["label"].startswith("Floor")]
        over = [
            row["label"]
            for row in pages
            if row["median"] > TARGET_MS
            or row["median"] > TARGET_ADMIN_RATIO * admin["median"]
            or row["queries"] > TARGET_QUERIES
        ]
        lines.append(
            f"N = {run['cadets']:,}: targets (median ≤ {TARGET_MS} ms, ≤ {TARGET_ADMIN_RATIO}× "
            f"the admin changelist, ≤ {TARGET_QUERIES} queries) "
            + ("met by every page." if not over else "missed by: " + "; ".join(over) + ".")
        )
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reseed", action="store_true", help="seed again even if seeded")
    parser.add_argument(
        "--only", help="measure only the pages whose label matches this regular expression"
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "pages.md"))
    options = parser.parse_args()

    ensure_database(options.database_url)
    setup_django(options.database_url)
    from django.test import Client
    from django.test.utils import override_settings

    seeded = prepare(options.cadets, reseed=options.reseed)
    users, cell = personas()
    with override_settings(ROOT_URLCONF="bench.urls"):
        labels, targets = [], []
        for label, user, url in pages(users, cell):
            if options.only and not re.search(options.only, label):
                continue
            client = Client()
            if user is not None:
                client.force_login(user)
            labels.append(label)
            targets.append((client, url))
        results = measure(targets, options.repeat)
    rows = [{"label": label, **result} for label, result in zip(labels, results, strict=True)]
    record = run_record(rows, cadets=options.cadets, repeat=options.repeat, seeded=seeded)
    # Each size's latest run is kept, so that 100k and 1M stand side by side.
    kept = Path(options.output).with_suffix(".json")
    runs = json.loads(kept.read_text(encoding="utf-8")) if kept.exists() else []
    previous = [run for run in runs if run["cadets"] == options.cadets]
    if record["seeded"] is None and previous:
        # Measured again on the same database: its seeding time still stands.
        record["seeded"] = previous[0]["seeded"]
    runs = [run for run in runs if run["cadets"] != options.cadets] + [record]
    kept.write_text(json.dumps(runs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    text = report(runs)
    Path(options.output).write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {options.output}")


if __name__ == "__main__":
    main()
