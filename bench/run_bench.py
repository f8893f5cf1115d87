"""Benchmark: server time and query count of the main pages on PostgreSQL with N cadets.

    make bench                      # N = 100,000 cadets, 20 requests per page
    make bench BENCH_ARGS="--cadets 1000000"
    .venv/bin/python bench/run_bench.py --cadets 100000 --repeat 20

Each N has its own database, so that the sizes stand side by side without seeding again:
postgres://postgres@127.0.0.1:5432/partydev_bench for 100,000 cadets, partydev_bench_<N> for
any other N (partydev_bench_1000000 for a million); --database-url or BENCH_DATABASE_URL names
one instead. The script creates the database if missing, migrates it, fills it with
`seed_scale --cadets N` unless that many synthetic cadets are already there (--reseed: always),
then requests each page in-process with Django's test client (the whole middleware stack, no
network) and writes the table to bench/results/pages.md, beside the latest run of every other
N (kept in pages.json, keyed by N). Beside the product's pages it measures the Django admin's
list of cadets and a one-query page, the floor. --seed-only stops after seeding.

A seeding it did is recorded in bench/results/seeding.md (latest per N, kept in seeding.json):
wall time, the CPU time of this process and of its PostgreSQL backend (read from /proc when the
server runs on this machine), the load average, the rows written.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432/"
# The size the benchmark was first run at keeps its database's old name.
DEFAULT_CADETS = 100_000
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


def database_url(cadets: int) -> str:
    """The database of the run with `cadets` cadets (see the module's docstring)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    suffix = "" if cadets == DEFAULT_CADETS else f"_{cadets}"
    return f"{SERVER_URL}partydev_bench{suffix}"


def prepare(cadets: int, *, reseed: bool) -> dict | None:
    """Migrate and seed when needed; the seeding's figures (None: already there)."""
    from django.core.management import call_command
    from django.db import connection

    from demodata.synthetic import synthetic_cadets

    call_command("migrate", verbosity=0)
    seeding = None
    if reseed or synthetic_cadets() != cadets:
        seeding = timed_seeding(cadets)
    with connection.cursor() as cursor:
        # Statistics and visibility map as autovacuum leaves them on a database in use.
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        if seeding is not None:
            seeding["vacuum"] = time.perf_counter() - started
    return seeding


class Sampler(threading.Thread):
    """While the seeding runs: the one-minute load average every 5 s, and every second the CPU
    of the parallel workers PostgreSQL gives the seeding's backend (index builds), which its
    own /proc figures leave out; a worker's last second may be missed."""

    def __init__(self, leader: int | None):
        super().__init__(daemon=True)
        self.leader = leader
        self.loads = [os.getloadavg()[0]]
        self.workers: dict[tuple[int, str], float] = {}
        self.done = threading.Event()

    def run(self):
        from django.db import connection

        ticks = 0
        try:
            while not self.done.wait(1):
                ticks += 1
                if ticks % 5 == 0:
                    self.loads.append(os.getloadavg()[0])
                if self.leader is None:
                    continue
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pid FROM pg_stat_activity WHERE leader_pid = %s", [self.leader]
                    )
                    pids = [pid for (pid,) in cursor.fetchall()]
                for pid in pids:
                    fields = proc_stat(pid)
                    if fields is not None:
                        # The start time tells a new worker from an old one's reused pid.
                        key = (pid, fields[19])
                        self.workers[key] = max(self.workers.get(key, 0.0), cpu_of(fields))
        finally:
            connection.close()


def proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_of(fields: list[str]) -> float:
    """User + system seconds (fields 14 and 15 of /proc/<pid>/stat)."""
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backend() -> tuple[int | None, float | None]:
    """This connection's PostgreSQL backend and its CPU seconds so far, when the server runs on
    this machine; (None, None) otherwise."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), host(inet_server_addr())")
        pid, address = cursor.fetchone()
    fields = proc_stat(pid)
    if fields is None or address not in (None, "127.0.0.1", "::1"):
        return None, None
    return pid, cpu_of(fields)


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_seeding(cadets: int) -> dict:
    """`seed_scale --cadets N --reset`, with its wall and CPU times, load and rows."""
    from django.core.management import call_command

    from demodata.synthetic import delete_synthetic
    from members.models import AdmissionStep, Person

    # --reset deletes the previous academy first: done here, so that only seeding is timed.
    delete_synthetic()
    pid, backend_before = backend()
    sampler = Sampler(pid)
    sampler.start()
    process_before = process_cpu()
    started = time.perf_counter()
    call_command("seed_scale", cadets=cadets, reset=True)
    wall = time.perf_counter() - started
    process_after = process_cpu()
    _pid, backend_after = backend()
    sampler.done.set()
    sampler.join()
    loads = [*sampler.loads, os.getloadavg()[0]]
    return {
        "cadets": cadets,
        "date": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "wall": wall,
        "python_cpu": process_after - process_before,
        "backend_cpu": (
            None
            if backend_before is None or backend_after is None
            else backend_after - backend_before + sum(sampler.workers.values())
        ),
        "workers": len(sampler.workers),
        "load_start": loads[0],
        "load_mean": statistics.mean(loads),
        "load_max": max(loads),
        "people": Person.objects.count(),
        "steps": AdmissionStep.objects.count(),
    }


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
    worklist = reverse("paperwork:worklist")
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
        ("Home, whole academy (commander)", users["bench_academy"], reverse("home")),
        ("Home, battalion clerk", users["bench_clerk"], reverse("home")),
        ("Home, cell secretary", users["bench_secretary"], reverse("home")),
        # A row per battalion: its items counted, no cadet planned.
        ("Worklist, whole academy", users["bench_academy"], worklist),
        (
            "Worklist, whole academy, one battalion",
            users["bench_academy"],
            f"{worklist}?tieu_doan={cell.battalion_id}",
        ),
        ("Worklist, battalion clerk", users["bench_clerk"], worklist),
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


SEEDING_TARGET_S = 600  # issue 17: a million cadets seeded within 10 minutes


def record_seeding(seeding: dict, results: Path) -> None:
    """Keep `seeding` as its size's latest (seeding.json) and rewrite seeding.md."""
    kept = results / "seeding.json"
    runs = json.loads(kept.read_text(encoding="utf-8")) if kept.exists() else []
    runs = [run for run in runs if run["cadets"] != seeding["cadets"]] + [seeding]
    runs.sort(key=lambda run: run["cadets"])
    kept.write_text(json.dumps(runs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (results / "seeding.md").write_text(seeding_report(runs), encoding="utf-8")


def seeding_report(runs: list[dict]) -> str:
    lines = [
        "# `seed_scale`: seeding times",
        "",
        'Written by `bench/run_bench.py` each time it seeds (`make bench BENCH_ARGS="--cadets N '
        "--reseed --seed-only\"`); the latest run of each size. Wall time is the command's "
        "alone (the previous synthetic academy is deleted before the clock starts); CPU is this "
        "process's (user + system) and its PostgreSQL backend's, read from /proc. The machine "
        "is shared: its load average was sampled every 5 s during the run (at the start, mean, "
        "highest), and with 2 cores a load of L leaves the seeding about 2/L of a core when it "
        "is busy. PostgreSQL CPU includes the parallel workers of its index builds (sampled "
        "each second). VACUUM ANALYZE, which the benchmark runs after seeding, is timed apart.",
        "",
        "| Cadets | Date | Database | People / steps | Wall | Python CPU | PostgreSQL CPU "
        "| Load (start / mean / max) | VACUUM ANALYZE after |",
        "|---:|---|---|---|---:|---:|---:|---|---:|",
    ]
    for run in runs:
        backend = run.get("backend_cpu")
        vacuum = run.get("vacuum")
        lines.append(
            f"| {run['cadets']:,} | {run['date']} | {run.get('database', '')} "
            f"| {run['people']:,} / {run['steps']:,} | {run['wall']:.0f} s "
            f"| {run['python_cpu']:.0f} s | {'—' if backend is None else f'{backend:.0f} s'} "
            f"| {run['load_start']:.1f} / {run['load_mean']:.1f} / {run['load_max']:.1f} "
            f"| {'—' if vacuum is None else f'{vacuum:.0f} s'} |"
        )
    lines.append("")
    for run in runs:
        if run["cadets"] >= 1_000_000:
            verdict = "within" if run["wall"] <= SEEDING_TARGET_S else "over"
            lines.append(
                f"N = {run['cadets']:,}: {run['wall']:.0f} s wall, {verdict} the target of "
                f"{SEEDING_TARGET_S // 60} minutes, at a mean load of {run['load_mean']:.1f}."
            )
    lines += ["", SEEDING_NOTES]
    return "\n".join(lines)


SEEDING_NOTES = """\
How it seeds (demodata/synthetic.py, synthetic_cadets.py, stamping.py): up to 20,000 ways through
the academy are planned in Python with the rules' own functions, the cadets share them (one
each below 20,000 cadets), and the database stamps them onto the cadets with one INSERT ...
SELECT per table from small temporary tables: Python writes no row of the big tables. The loaded
tables' foreign keys and plain indexes are dropped for the load and put back after it, and the
tallies are counted by one GROUP BY each.

Where the wall time exceeds the Python and PostgreSQL CPU together, the seeding was waiting for
a core (the machine's other work) or for the disk; the CPU is what it needs of the machine. No
run on an idle machine was possible here.

Before (07/12/2026, every cadet planned in Python and its rows formatted and sent through COPY):
at load 7-11, 20,000 cadets 28 s, 100,000 160-187 s, 200,000 641 s, with 0.43 ms of Python CPU
per cadet; the same code at load 2.3: 20,000 in 7 s (3.7 s Python CPU, 2.8 s PostgreSQL CPU),
100,000 in 69 s (23 s and 17 s); 1,000,000 was not run (Python alone about 430 s of CPU). Before
that (bulk_create of model instances), issue 17 gave 1,423 s for 1,000,000.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadets", type=int, default=DEFAULT_CADETS)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reseed", action="store_true", help="seed again even if seeded")
    parser.add_argument("--seed-only", action="store_true", help="seed, record, measure no page")
    parser.add_argument(
        "--only", help="measure only the pages whose label matches this regular expression"
    )
    parser.add_argument("--database-url", help="default: one database per N, see above")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "pages.md"))
    options = parser.parse_args()

    url = options.database_url or database_url(options.cadets)
    ensure_database(url)
    setup_django(url)
    from django.test import Client
    from django.test.utils import override_settings

    seeding = prepare(options.cadets, reseed=options.reseed)
    if seeding is not None:
        seeding["database"] = urlparse(url).path.lstrip("/")
        record_seeding(seeding, Path(options.output).parent)
        print(seeding_report([seeding]))
    if options.seed_only:
        return
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
    seeded = seeding["wall"] if seeding else None
    record = run_record(rows, cadets=options.cadets, repeat=options.repeat, seeded=seeded)
    # Each size's latest run is kept, so that 100k and 1M stand side by side.
    kept = Path(options.output).with_suffix(".json")
    runs = json.loads(kept.read_text(encoding="utf-8")) if kept.exists() else []
    previous = [run for run in runs if run["cadets"] == options.cadets]
    if record["seeded"] is None:
        # Measured again on the same database: its seeding time still stands.
        seedings = Path(options.output).parent / "seeding.json"
        known = json.loads(seedings.read_text(encoding="utf-8")) if seedings.exists() else []
        walls = [run["wall"] for run in known if run["cadets"] == options.cadets]
        record["seeded"] = walls[0] if walls else (previous[0]["seeded"] if previous else None)
    runs = [run for run in runs if run["cadets"] != options.cadets] + [record]
    kept.write_text(json.dumps(runs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    text = report(runs)
    Path(options.output).write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {options.output}")


if __name__ == "__main__":
    main()
