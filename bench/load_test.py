"""Load and crash test: nginx balancing two gunicorn servers on one PostgreSQL (issue 17, item 4).

    make load        # or: .venv/bin/python bench/load_test.py --users 100 --seconds 300

Bounded and local: everything listens on 127.0.0.1 and stops when the run ends.

1. A fresh database (partydev_scaleout_load) on the primary with the `seed_demo` data (seeded
   once into partydev_scaleout_load_seeded, cloned for each run); static files collected; one
   MEDIA_ROOT (var/load/media) for both app servers.
2. Two gunicorn instances (ports 8781 and 8782) with the same settings (bench/load_settings.py:
   production less HTTPS, which the balancer would terminate), the reports on the streaming
   replica when `make replica` has built one (127.0.0.1:5433), and nginx on 8780 in front of
   them (bench/nginx.conf.in, a private nginx: not the system's service).
3. Checks that state lives in the database and the shared media, not in one server: a session
   signed in through one server is signed in on the other; a lockout earned on one holds on the
   other; an import file uploaded to one is previewed on the other; /healthz answers on both.
4. Locust, headless (bench/locustfile.py), under `nice`: --users virtual users of the three
   roles for --seconds, --spawn-rate of them signing in a second. Halfway through, app server A
   is killed (SIGKILL to its master and workers); --down seconds later it is started again and
   /healthz is polled until it answers. The CPU seconds of locust, nginx, PostgreSQL and the app
   servers are sampled meanwhile.
5. Lost writes: every edit and evaluation the server confirmed is looked up in the database;
   a write sent without a confirmation (refused, or its answer lost with the killed server)
   may or may not be there, and is counted apart.

Writes bench/results/load.md (the summary) and bench/results/load_stats.csv (per request).
"""

import argparse
import contextlib
import csv
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
WORK = ROOT / "var" / "load"
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
BALANCER, APP_PORTS = 8780, (8781, 8782)
DATABASE = "partydev_scaleout_load"
PRIMARY_URL = f"postgres://postgres@{HOST}:5432/{DATABASE}"
REPLICA_URL = f"postgres://postgres@{HOST}:5433/{DATABASE}"
PASSWORD = "demo-dangvien-2026"
COMMENT = "Đánh giá khi chạy thử tải"


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def server_env(replica: bool) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DJANGO_SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": PRIMARY_URL,
        "MEDIA_ROOT": str(WORK / "media"),
        "SESSION_COOKIE_AGE": "3600",
        "PYTHONPATH": str(ROOT),
    }
    if replica:
        env["DATABASE_REPLICA_URL"] = REPLICA_URL
    return env


def psql(sql: str, port: int = 5432) -> str:
    return subprocess.run(
        ["psql", "-h", HOST, "-p", str(port), "-U", "postgres", "-d", DATABASE, "-Atc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def ids(sql: str) -> list[int]:
    return [int(line) for line in psql(sql).split()]


def prepare_database(env: dict) -> None:
    """A fresh copy of the seeded demo: seeded once into a template database, then cloned."""
    run = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    pg = ["-h", HOST, "-U", "postgres"]
    template = f"{DATABASE}_seeded"
    subprocess.run(["dropdb", *pg, "--if-exists", DATABASE], check=True)
    exists = subprocess.run(
        ["psql", *pg, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{template}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", *pg, DATABASE], check=True)
        subprocess.run([BIN / "python", "manage.py", "migrate", "--noinput"], **run)
        subprocess.run([BIN / "python", "manage.py", "seed_demo"], **run)
        subprocess.run(["createdb", *pg, "-T", DATABASE, template], check=True)
    else:
        subprocess.run(["createdb", *pg, "-T", template, DATABASE], check=True)
        # The template may predate a new migration.
        subprocess.run([BIN / "python", "manage.py", "migrate", "--noinput"], **run)
    subprocess.run([BIN / "python", "manage.py", "collectstatic", "--noinput"], **run)


def start_app(port: int, env: dict, workers: int, threads: int) -> subprocess.Popen:
    log = open(WORK / f"gunicorn-{port}.log", "a")  # noqa: SIM115 - lives as long as the server
    return subprocess.Popen(
        [
            BIN / "gunicorn",
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            # Longer than nginx's keepalive_timeout for its kept connections (bench/nginx.conf.in).
            "--keep-alive",
            "30",
            # Both servers would share the default socket in the home directory; unused here.
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,  # its own process group: the kill takes master and workers
    )


def wait_healthy(port: int, timeout: float = 120) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return time.perf_counter() - started
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"app server on {port} not healthy after {timeout} s")


def start_nginx() -> subprocess.Popen:
    template = (ROOT / "bench" / "nginx.conf.in").read_text()
    config = template.format(
        work=WORK, balancer=BALANCER, app_a=APP_PORTS[0], app_b=APP_PORTS[1], host=HOST
    )
    (WORK / "nginx.conf").write_text(config)
    (WORK / "nginx").mkdir(exist_ok=True)
    return subprocess.Popen(
        ["nginx", "-p", str(WORK / "nginx"), "-c", str(WORK / "nginx.conf"), "-e", "stderr"],
        stdout=subprocess.DEVNULL,
        stderr=open(WORK / "nginx-error.log", "a"),  # noqa: SIM115
        start_new_session=True,
    )


class Browser:
    """A browser's cookies against any of the servers (urllib, no redirects followed)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def send(self, port: int, path: str, data: bytes | None = None, headers=None, raw=False):
        url = f"http://{HOST}:{port}{path}"
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as answer:
                status, body, headers = answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers
        return status, body if raw else body.decode("utf-8", "replace"), headers

    def post(self, port: int, path: str, fields: dict):
        fields = {**fields, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}{path}",
        }
        return self.send(port, path, urllib.parse.urlencode(fields).encode(), headers)

    def upload(self, port: int, path: str, name: str, content: bytes):
        boundary = "----loadtest" + str(time.time_ns())
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
            f"\r\n\r\n{self.cookie('csrftoken')}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n".encode(),
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": f"http://{HOST}:{port}{path}",
        }
        return self.send(port, path, b"".join(parts), headers)

    def login(self, port: int, username: str, password: str = PASSWORD) -> int:
        self.send(port, "/login/")
        return self.post(port, "/login/", {"username": username, "password": password})[0]


def cross_server_checks() -> list[tuple[str, bool, str]]:
    """State that must not live in one app server's memory or disk."""
    a, b = APP_PORTS
    checks = []

    for port in APP_PORTS:
        status, body, _ = Browser().send(port, "/healthz")
        checks.append((f"/healthz on {port}, no sign-in", status == 200, body))

    browser = Browser()
    signed_in = browser.login(a, "chihuy") == 302
    status, _, _ = browser.send(b, "/bao-cao/")
    checks.append(("signed in on A, dashboard on B", signed_in and status == 200, str(status)))

    intruder = Browser()
    limit = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
    for attempt in range(limit):
        intruder.login((a, b)[attempt % 2], "bithu", "wrong-password")
    status_b = Browser().login(b, "bithu")
    status_a = Browser().login(a, "bithu")
    checks.append(
        (
            f"{limit} failed sign-ins alternating A/B: the right password refused on both",
            status_a != 302 and status_b != 302,
            f"A {status_a}, B {status_b}",
        )
    )
    psql("DELETE FROM axes_accessattempt")  # the lockout is not what the load is about

    clerk = Browser()
    clerk.login(a, "troly")
    _, template, _ = clerk.send(a, "/nhap-xuat/mau-nhap-hoc-vien.xlsx", raw=True)
    clerk.send(a, "/nhap-xuat/nhap/")
    status, _, headers = clerk.upload(a, "/nhap-xuat/nhap/", "tai-len.xlsx", template)
    preview = headers.get("Location", "") if status == 302 else ""
    status_b, page, _ = clerk.send(b, preview) if preview else (0, "", {})
    checks.append(
        (
            "import file uploaded to A, previewed on B (shared MEDIA_ROOT)",
            status_b == 200 and "tai-len.xlsx" in page,
            f"upload {status}, preview {status_b}",
        )
    )
    return checks


class CpuSampler(threading.Thread):
    """CPU seconds (user + system) of each group of processes, the killed ones included: every
    process seen is sampled every second and its last reading kept."""

    def __init__(self):
        super().__init__(daemon=True)
        self.groups: dict[str, list[int]] = {}
        self.seen: dict[tuple[str, int], float] = {}
        # The CPU a process had spent before the test (PostgreSQL's, running since boot).
        self.before: dict[tuple[str, int], float] = {}
        self.started = time.time()
        self.stopped = threading.Event()

    def watch(self, name: str, pid: int) -> None:
        self.groups.setdefault(name, []).append(pid)

    def watch_postgresql(self) -> None:
        """Every PostgreSQL cluster on the machine (the primary, the replica when there is one):
        its postmaster, and through it the backends, the WAL sender and the replay."""
        for process in psutil.process_iter(["name", "ppid"]):
            with contextlib.suppress(psutil.Error):
                if process.info["name"] == "postgres" and (
                    psutil.Process(process.info["ppid"]).name() != "postgres"
                ):
                    self.watch("postgresql", process.pid)

    def run(self) -> None:
        while not self.stopped.wait(1):
            for name, pids in list(self.groups.items()):
                for pid in pids:
                    with contextlib.suppress(psutil.Error):
                        root = psutil.Process(pid)
                        for process in [root, *root.children(recursive=True)]:
                            times = process.cpu_times()
                            key = name, process.pid
                            if key not in self.seen and process.create_time() < self.started:
                                self.before[key] = times.user + times.system
                            self.seen[key] = times.user + times.system

    def seconds(self) -> dict[str, float]:
        self.stopped.set()
        totals: dict[str, float] = {}
        for (name, pid), seconds in self.seen.items():
            totals[name] = totals.get(name, 0) + seconds - self.before.get((name, pid), 0)
        return totals


def lost_edits(confirmed: dict) -> tuple[list[str], int]:
    """Cadets whose stored hometown is neither the last value the server confirmed nor one sent
    after it without a confirmation; and how many of those unconfirmed values were stored (an
    edit applied by the killed server, its answer lost)."""
    edits, unconfirmed = confirmed["person_edits"], confirmed["person_edits_unconfirmed"]
    people = sorted({*edits, *unconfirmed})
    if not people:
        return [], 0
    stored = dict(
        line.split("|", 1)
        for line in psql(
            f"SELECT id, hometown FROM members_person WHERE id IN ({','.join(people)})"
        ).splitlines()
    )
    lost = [
        person
        for person, value in edits.items()
        if stored.get(person) not in (value, *unconfirmed.get(person, []))
    ]
    applied = sum(stored.get(person) in values for person, values in unconfirmed.items())
    return lost, applied


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as table:
        return list(csv.DictReader(table))


def cell(text: str) -> str:
    return re.sub(r"[|\n]", " ", text)[:80]


def now() -> str:
    return f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=300)
    # A hundred people do not all sign in within seconds, and each sign-in costs the server half
    # a second of CPU (PBKDF2): one a second takes half of one core while they arrive.
    parser.add_argument("--spawn-rate", type=float, default=1, help="users signing in a second")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--down", type=int, default=30, help="seconds server A stays down")
    parser.add_argument("--no-replica", action="store_true")
    parser.add_argument("--no-seed", action="store_true", help="reuse the database")
    options = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK / "media", ignore_errors=True)
    replica = not options.no_replica and port_open(5433)
    env = server_env(replica)
    if not options.no_seed:
        prepare_database(env)
    data = {
        "battalion_people": ids(
            "SELECT p.id FROM members_person p JOIN units_partycell c ON c.id = p.cell_id "
            "JOIN units_battalion b ON b.id = c.battalion_id "
            "WHERE b.code = 'TD1' AND p.study_status = 'studying' ORDER BY p.id"
        ),
        "cell": ids("SELECT cell_id FROM accounts_user WHERE username = 'bithu'")[0],
        "evaluation_comment": COMMENT,
    }
    data["candidates"] = ids(
        f"SELECT id FROM members_person WHERE cell_id = {data['cell']} "
        "AND party_status IN ('candidate', 'non_member') AND study_status = 'studying'"
    )
    (WORK / "data.json").write_text(json.dumps(data))
    evaluations_after = int(psql("SELECT COALESCE(max(id), 0) FROM members_evaluation"))
    load_before = os.getloadavg()[0]

    servers = {port: start_app(port, env, options.workers, options.threads) for port in APP_PORTS}
    nginx = start_nginx()
    cpu = CpuSampler()
    for port, server in servers.items():
        cpu.watch(f"gunicorn {port}", server.pid)
    cpu.watch("nginx", nginx.pid)
    cpu.watch_postgresql()
    cpu.start()
    events = []
    try:
        for port in APP_PORTS:
            wait_healthy(port)
        checks = cross_server_checks()
        locust_env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "LOAD_DATA": str(WORK / "data.json"),
            "LOAD_CONFIRMED": str(WORK / "confirmed.json"),
            "LOAD_CLERK_SLOTS": str(max(1, options.users // 3 + 1)),
        }
        started = time.time()
        # Niced: locust stands in for browsers on other machines, so the app servers and the
        # databases come first for the CPU they share with it here.
        locust = subprocess.Popen(
            [
                "nice",
                "-n",
                "10",
                BIN / "locust",
                "-f",
                ROOT / "bench" / "locustfile.py",
                "--headless",
                "--users",
                str(options.users),
                "--spawn-rate",
                str(options.spawn_rate),
                "--run-time",
                f"{options.seconds}s",
                "--host",
                f"http://{HOST}:{BALANCER}",
                "--csv",
                WORK / "locust",
                "--only-summary",
                "--stop-timeout",
                "30",
            ],
            cwd=ROOT,
            env=locust_env,
            stdout=open(WORK / "locust.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        cpu.watch("locust", locust.pid)
        time.sleep(options.seconds / 2)
        victim = servers[APP_PORTS[0]]
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
        events.append(f"{time.time() - started:.0f} s: server A ({APP_PORTS[0]}) killed (SIGKILL)")
        time.sleep(options.down)
        servers[APP_PORTS[0]] = start_app(APP_PORTS[0], env, options.workers, options.threads)
        cpu.watch(f"gunicorn {APP_PORTS[0]}", servers[APP_PORTS[0]].pid)
        events.append(f"{time.time() - started:.0f} s: server A started again")
        healthy_after = wait_healthy(APP_PORTS[0])
        events.append(
            f"{time.time() - started:.0f} s: /healthz on A answers 200"
            f" ({healthy_after:.1f} s after the start)"
        )
        locust.wait(timeout=options.seconds + 120)
        duration = time.time() - started
        load_end = os.getloadavg()[0]
        cpu_seconds = cpu.seconds()
    finally:
        for process in [*servers.values(), nginx]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*servers.values(), nginx]:
            process.wait(timeout=30)

    # Lost writes: every confirmed write must be in the database.
    confirmed = json.loads((WORK / "confirmed.json").read_text())
    lost, edits_applied_unconfirmed = lost_edits(confirmed)
    evaluated = set(
        ids(
            "SELECT person_id FROM members_evaluation "
            f"WHERE id > {evaluations_after} AND comment = '{COMMENT}'"
        )
    )
    evaluations_confirmed = set(confirmed["evaluations"])
    lost_evaluations = evaluations_confirmed - evaluated
    # Every evaluation stored was sent: confirmed, or sent without a confirmation.
    unsent = evaluated - evaluations_confirmed - set(confirmed["evaluations_unconfirmed"])

    stats = read_csv(WORK / "locust_stats.csv")
    total = next(row for row in stats if row["Name"] == "Aggregated")
    failures = read_csv(WORK / "locust_failures.csv")
    shutil.copy(WORK / "locust_stats.csv", RESULTS / "load_stats.csv")
    lag = (
        psql(
            "SELECT COALESCE(round(EXTRACT(EPOCH FROM max(replay_lag)) * 1000, 1)::text, '0') "
            "FROM pg_stat_replication"
        )
        if replica
        else "-"
    )
    locust_cpu = cpu_seconds.get("locust", 0)
    database_cpu = cpu_seconds.get("postgresql", 0)
    server_cpu = sum(value for name, value in cpu_seconds.items() if name.startswith("gunicorn"))
    requests = int(total["Request Count"])
    errors = int(total["Failure Count"])
    p95, p50 = float(total["95%"]), float(total["50%"])
    rows = [
        ("duration (s)", f"{duration:.0f}"),
        ("virtual users (clerk / secretary / commander, 1:1:1)", str(options.users)),
        ("users signing in a second (locust's spawn rate)", f"{options.spawn_rate:g}"),
        ("app servers × gunicorn workers × threads", f"2 × {options.workers} × {options.threads}"),
        ("reports on the streaming replica", "yes (127.0.0.1:5433)" if replica else "no"),
        ("requests", str(requests)),
        ("requests per second", f"{float(total['Requests/s']):.1f}"),
        ("p50 latency (ms)", f"{p50:.0f}"),
        ("p95 latency (ms)", f"{p95:.0f}"),
        ("p99 latency (ms)", f"{float(total['99%']):.0f}"),
        ("max latency (ms)", f"{float(total['Max Response Time']):.0f}"),
        ("errors", str(errors)),
        ("POSTs cut by the kill (502), submitted again", str(confirmed["resubmitted"])),
        (
            "confirmed cadet edits (distinct cadets, last value each)",
            str(len(confirmed["person_edits"])),
        ),
        ("confirmed evaluations (distinct candidates)", str(len(evaluations_confirmed))),
        (
            "writes sent without a confirmation, found applied (edits / evaluations)",
            f"{edits_applied_unconfirmed} / {len(evaluated - evaluations_confirmed)}",
        ),
        ("lost writes", str(len(lost) + len(lost_evaluations) + len(unsent))),
        (
            "CPU seconds: app servers / PostgreSQL (primary and replica) / nginx / locust",
            f"{server_cpu:.0f} / {database_cpu:.0f} / {cpu_seconds.get('nginx', 0):.0f}"
            f" / {locust_cpu:.0f}",
        ),
        ("app servers' CPU per request (ms)", f"{1000 * server_cpu / max(requests, 1):.0f}"),
        ("PostgreSQL's CPU per request (ms)", f"{1000 * database_cpu / max(requests, 1):.0f}"),
        ("load average (1 min) at the start / at the end", f"{load_before:.1f} / {load_end:.1f}"),
        ("replica replay lag at the end (ms)", lag),
    ]
    target = [
        ("p95 ≤ 300 ms", p95 <= 300),
        ("0 errors", errors == 0),
        ("0 lost writes", not lost and not lost_evaluations and not unsent),
    ]
    text = "\n".join(
        [
            f"# Load test — {now()}",
            "",
            f"nginx on {HOST}:{BALANCER} balancing two gunicorn servers ({APP_PORTS[0]} = A, "
            f"{APP_PORTS[1]} = B) on one PostgreSQL 15, all on this machine ({os.cpu_count()} "
            "cores shared with other work, load average "
            f"{os.getloadavg()[0]:.1f} at the end); locust headless, think time 1–3 s "
            "(bench/load_test.py, bench/locustfile.py). Demo data (`seed_demo`).",
            "",
            "| measure | value |",
            "|---|---|",
            *(f"| {name} | {value} |" for name, value in rows),
            "",
            "Target: " + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in target),
            "",
            "## The kill",
            "",
            *(f"- {event}" for event in events),
            "",
            "## State shared by the two servers (checked before the load)",
            "",
            "| check | passed | detail |",
            "|---|---|---|",
            *(
                f"| {name} | {'yes' if ok else 'NO'} | {cell(detail)} |"
                for name, ok, detail in checks
            ),
            "",
            "## Failures",
            "",
            *(
                f"- {row['Method']} {row['Name']}: {row['Error']} × {row['Occurrences']}"
                for row in failures
            ),
            *([] if failures else ["none"]),
            "",
            "Per request: bench/results/load_stats.csv (locust's table).",
            "",
        ]
    )
    print(text)
    (RESULTS / "load.md").write_text(text)
    ok = all(passed for _, passed in target) and all(passed for _, passed, _ in checks)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
