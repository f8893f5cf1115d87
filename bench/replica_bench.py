"""The dashboard on a streaming replica while a writer loads the primary (issue 17, item 3).

    make replica                 # once: the replica on 127.0.0.1:5433 (scripts/make_replica.sh)
    make bench-replica           # or: .venv/bin/python bench/replica_bench.py --cadets 20000

It seeds `seed_scale --cadets N` into partydev_scaleout on the primary (once), waits for the
replica to replay it, then measures the academy commander's dashboard in-process (Django's test
client, the whole middleware stack) in three runs of --repeat requests each:

1. on the replica, primary idle;
2. on the replica while --writers processes update cadets on the primary as fast as they can;
3. on the primary (the browser wrote a moment ago: the pin cookie) under the same writers.

During runs 2 and 3 it samples the replica's lag twice a second (pg_stat_replication's
replay_lag on the primary) and measures how long a committed write takes to become visible on
the replica (a marker row written on the primary, polled on the replica every millisecond).
Writes bench/results/replica.md.
"""

import argparse
import datetime
import multiprocessing
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_bench import ensure_database  # noqa: E402

PRIMARY = "postgres://postgres@127.0.0.1:5432/partydev_scaleout"
REPLICA = "postgres://postgres@127.0.0.1:5433/partydev_scaleout"


def connect(url: str):
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    return connection


def scalar(connection, sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for_replay(primary, replica, timeout: float = 600) -> float:
    """Wait until the replica has replayed everything the primary wrote so far."""
    started = time.perf_counter()
    target = scalar(primary, "SELECT pg_current_wal_lsn()::text")
    while time.perf_counter() - started < timeout:
        if scalar(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit("the replica did not catch up: is it streaming? (make replica)")


def writer(url: str, stop_at: float, seed: int, counter) -> None:
    """Updates 20 random cadets per transaction on the primary until stop_at."""
    connection = connect(url)
    connection.autocommit = False
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM members_person")
        low, high = cursor.fetchone()
        written = 0
        while time.time() < stop_at:
            ids = [rng.randint(low, high) for _ in range(20)]
            cursor.execute(
                "UPDATE members_person SET hometown = %s WHERE id = ANY(%s)",
                [f"ghi {seed} {written}", ids],
            )
            connection.commit()
            written += 1
            with counter.get_lock():
                counter.value += 20
    connection.close()


def sample_lag(stop_at: float, samples, visibility) -> None:
    """Replay lag twice a second, and how soon a committed marker is seen on the replica."""
    primary, replica = connect(PRIMARY), connect(REPLICA)
    with primary.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_replica_marker (id int PRIMARY KEY, value bigint)"
        )
        cursor.execute("INSERT INTO bench_replica_marker VALUES (1, 0) ON CONFLICT DO NOTHING")
    wait_for_replay(primary, replica)
    value = int(time.time() * 1000)
    while time.time() < stop_at:
        lag = scalar(
            primary,
            "SELECT COALESCE(EXTRACT(EPOCH FROM max(replay_lag)), 0) FROM pg_stat_replication",
        )
        samples.append(float(lag) * 1000)
        value += 1
        with primary.cursor() as cursor:
            cursor.execute("UPDATE bench_replica_marker SET value = %s WHERE id = 1", [value])
        committed = time.perf_counter()
        while scalar(replica, "SELECT value FROM bench_replica_marker WHERE id = 1") < value:
            time.sleep(0.001)
        visibility.append((time.perf_counter() - committed) * 1000)
        time.sleep(0.5)
    primary.close()
    replica.close()


def setup_django(cadets: int) -> float | None:
    os.environ["DATABASE_URL"] = PRIMARY
    os.environ["DATABASE_REPLICA_URL"] = REPLICA
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    django.setup()
    from bench.run_bench import prepare

    seeding = prepare(cadets, reseed=False)
    return seeding["wall"] if seeding else None


def timed_dashboards(client, repeat: int, *, pinned: bool) -> dict:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from core.replica import PIN_COOKIE

    times, on_primary, on_replica = [], 0, 0
    for _ in range(repeat):
        if pinned:
            client.cookies[PIN_COOKIE] = "1"
        elif PIN_COOKIE in client.cookies:
            del client.cookies[PIN_COOKIE]
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            started = time.perf_counter()
            response = client.get("/bao-cao/")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        on_primary, on_replica = len(primary), len(replica)
    return {
        "median": statistics.median(times),
        "p95": sorted(times)[max(0, int(0.95 * len(times)) - 1)],
        "primary_queries": on_primary,
        "replica_queries": on_replica,
    }


def loaded_run(client, options, *, pinned: bool) -> dict:
    from django.db import connections

    connections.close_all()  # the forked processes must not share the client's connections
    counter = multiprocessing.Value("l", 0)
    manager = multiprocessing.Manager()
    samples, visibility = manager.list(), manager.list()
    # Far enough: the writers and the sampler are stopped when the dashboards are done.
    stop_at = time.time() + 3600
    processes = [
        multiprocessing.Process(target=writer, args=(PRIMARY, stop_at, seed, counter))
        for seed in range(options.writers)
    ]
    for process in processes:
        process.start()
    sampler = multiprocessing.Process(target=sample_lag, args=(stop_at, samples, visibility))
    sampler.start()
    time.sleep(2)  # the writers get going
    started = time.time()
    result = timed_dashboards(client, options.repeat, pinned=pinned)
    seconds = time.time() - started
    for process in [*processes, sampler]:
        process.terminate()
        process.join()
    lag, seen = list(samples), list(visibility)
    result.update(
        seconds=seconds,
        lag_median=statistics.median(lag) if lag else 0.0,
        lag_max=max(lag) if lag else 0.0,
        visible_median=statistics.median(seen) if seen else 0.0,
        visible_max=max(seen) if seen else 0.0,
        rows_per_second=counter.value / (time.time() - started + 2),
    )
    return result


def now() -> str:
    return f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadets", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--writers", type=int, default=2)
    options = parser.parse_args()

    ensure_database(PRIMARY)
    seeded = setup_django(options.cadets)
    from django.test import Client

    from bench.run_bench import personas

    users, _ = personas()
    primary, replica = connect(PRIMARY), connect(REPLICA)
    caught_up = wait_for_replay(primary, replica)
    client = Client()
    client.force_login(users["bench_academy"])
    client.get("/bao-cao/")  # warm the caches and the connections

    idle = timed_dashboards(client, options.repeat, pinned=False)
    on_replica = loaded_run(client, options, pinned=False)
    on_primary = loaded_run(client, options, pinned=True)
    rate = statistics.mean([on_replica["rows_per_second"], on_primary["rows_per_second"]])

    def row(label, run, loaded=True):
        lag = (
            f"{run['lag_median']:.1f} / {run['lag_max']:.1f}"
            f" | {run['visible_median']:.1f} / {run['visible_max']:.1f}"
            if loaded
            else "- | -"
        )
        return (
            f"| {label} | {run['median']:.1f} | {run['p95']:.1f} | "
            f"{run['replica_queries']} / {run['primary_queries']} | {lag} |"
        )

    text = "\n".join(
        [
            f"# Dashboard on a streaming replica — {now()}",
            "",
            f"{options.cadets:,} synthetic cadets; the academy commander's dashboard, "
            f"{options.repeat} requests per run in-process (bench/replica_bench.py); primary "
            "127.0.0.1:5432 and replica 127.0.0.1:5433 (`make replica`), both PostgreSQL 15 "
            f"on this machine ({platform.machine()}, {os.cpu_count()} cores shared with other "
            f"work). Writers: {options.writers} processes updating 20 cadets per transaction, "
            f"about {rate:,.0f} rows a second. "
            + (f"Seeding took {seeded:.0f} s; " if seeded else "")
            + f"the replica replayed it {caught_up:.1f} s after.",
            "",
            "| run | median ms | p95 ms | queries replica / primary "
            "| replay lag ms median / max | write visible on replica ms median / max |",
            "|---|---|---|---|---|---|",
            row("replica, primary idle", idle, loaded=False),
            row("replica, writers on the primary", on_replica),
            row("primary (pinned after a write), writers on", on_primary),
            "",
            "Replay lag: pg_stat_replication.replay_lag sampled twice a second. Write visible: "
            "time from a marker row's commit on the primary to the replica returning it.",
            "",
        ]
    )
    print(text)
    (ROOT / "bench" / "results" / "replica.md").write_text(text)


if __name__ == "__main__":
    main()
