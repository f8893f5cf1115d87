"""Load and crash test: gunicorn + PostgreSQL under a mixed workload of the three roles.

    make load        # or: .venv/bin/python bench/load_test.py --seconds 60

Bounded: it runs for --seconds (default 60) with --users virtual users and at most
--max-requests requests, against 127.0.0.1 only. A third of the way in it kills one gunicorn
worker with SIGKILL; the master starts a new one and the run must go on without errors.
After the run it compares the database with every write that the server confirmed: a write that
succeeded but is not in the database is a lost write. It prints one table and writes it to
bench/results/load.md.
"""

import argparse
import datetime
import html.parser
import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST, PORT = "127.0.0.1", 8765
DATABASE = "partydev_load"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PASSWORD = "demo-dangvien-2026"


def server_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": DATABASE_URL,
        "SECURE_SSL_REDIRECT": "False",
        "AXES_FAILURE_LIMIT": "1000",
        "SESSION_COOKIE_AGE": "3600",
    }


def manage(*args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def prepare_database() -> None:
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    manage("migrate", "--noinput")
    manage("seed_demo")
    manage("collectstatic", "--noinput")


class FormParser(html.parser.HTMLParser):
    """Collects the fields of the page's main form as the browser would submit them."""

    def __init__(self, action_contains: str):
        super().__init__()
        self.action_contains = action_contains
        self.in_form = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or ""
            posts_here = not action or self.action_contains in action
            self.in_form = posts_here and attrs.get("method", "get").lower() == "post"
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if "selected" in attrs or (not self.fields[self._select] and value):
                self.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.in_form:
            self.in_form = False
            self.action_contains = "\0"  # only the first matching form


class VirtualUser:
    """One signed-in user with its own cookies, over plain HTTP to the local server."""

    def __init__(self, username: str, results: "Results"):
        self.username = username
        self.cookies: dict[str, str] = {}
        self.results = results

    def request(self, method: str, path: str, form: dict | None = None, record=True):
        started = time.perf_counter()
        status, content = self._send(method, path, form)
        if status == 0:
            # The connection was cut (the killed worker held it): a browser user would submit
            # again. A repeated edit is safe: if the first one was saved, the form's version is
            # stale and the repeat is refused, so it is never counted twice.
            with self.results.lock:
                self.results.retried += 1
            status, content = self._send(method, path, form)
        if record:
            elapsed = time.perf_counter() - started
            self.results.add(f"{method} {path.split('?')[0]}", status, elapsed)
        return status, content

    def _send(self, method: str, path: str, form: dict | None):
        body = urllib.parse.urlencode(form) if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{PORT}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            status = response.status
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            connection.close()
        except OSError as error:
            status, content = 0, str(error)
        return status, content

    def login(self) -> None:
        self.request("GET", "/login/", record=False)
        status, _ = self.request(
            "POST",
            "/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
            record=False,
        )
        if status != 302:
            raise SystemExit(f"login failed for {self.username}: {status}")

    def submit(self, path: str, changes: dict) -> tuple[int, str]:
        """GET a form page, change some fields and POST it back, as a user would."""
        status, page = self.request("GET", path)
        if status != 200:
            return status, page
        parser = FormParser(path)
        parser.feed(page)
        fields = parser.fields | changes
        fields["csrfmiddlewaretoken"] = self.cookies.get("csrftoken", "")
        return self.request("POST", path, fields)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[str, int, float]] = []
        self.confirmed_writes: dict[int, str] = {}
        self.confirmed_evaluations = 0
        self.retried = 0

    def add(self, name: str, status: int, elapsed: float) -> None:
        with self.lock:
            self.samples.append((name, status, elapsed))

    @property
    def errors(self) -> list:
        return [sample for sample in self.samples if not 200 <= sample[1] < 400]


def people_of(scope_sql: str) -> list[int]:
    output = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DATABASE, "-Atc", scope_sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [int(line) for line in output.split()]


def clerk_work(user: VirtualUser, people: list[int], stop: float, limit, rng):
    counter = 0
    while time.time() < stop and limit():
        choice = rng.random()
        person = rng.choice(people)
        if choice < 0.4:
            user.request("GET", f"/hoc-vien/?q={rng.choice(['nguyen', 'hoai', 'dang', 'an'])}")
        elif choice < 0.7:
            user.request("GET", f"/hoc-vien/{person}/")
        else:
            counter += 1
            value = f"Tải {user.username} {counter}"
            status, _ = user.submit(f"/hoc-vien/{person}/sua/", {"hometown": value})
            if status == 302:
                with user.results.lock:
                    user.results.confirmed_writes[person] = value


def secretary_work(user: VirtualUser, candidates: list[int], cell: int, stop: float, limit, rng):
    while time.time() < stop and limit():
        choice = rng.random()
        if choice < 0.5:
            user.request("GET", f"/hoc-vien/chi-bo/{cell}/")
        elif choice < 0.8 or not candidates:
            user.request("GET", f"/hoc-vien/{rng.choice(candidates)}/")
        else:
            today = datetime.date.today().strftime("%d/%m/%Y")
            status, _ = user.submit(
                f"/hoc-vien/{rng.choice(candidates)}/danh-gia/",
                {"date": today, "comment": "Đánh giá khi chạy thử tải"},
            )
            if status == 302:
                with user.results.lock:
                    user.results.confirmed_evaluations += 1


def commander_work(user: VirtualUser, stop: float, limit, rng):
    pages = ["/bao-cao/", "/hoc-vien/", "/reports/admissions.csv", "/nghi-quyet/", "/"]
    while time.time() < stop and limit():
        user.request("GET", rng.choice(pages))


def gunicorn_workers(master_pid: int) -> list[int]:
    output = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in output.split()]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--max-requests", type=int, default=50_000)
    options = parser.parse_args()

    prepare_database()
    evaluations_before = people_of("SELECT count(*) FROM members_evaluation")[0]
    server = subprocess.Popen(
        [GUNICORN, "config.wsgi", "--bind", f"{HOST}:{PORT}", "--workers", str(options.workers)],
        cwd=ROOT,
        env=server_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection(HOST, PORT, timeout=1).request("GET", "/login/")
                break
            except OSError:
                time.sleep(0.1)
        results = Results()
        battalion_people = people_of(
            "SELECT p.id FROM members_person p JOIN units_partycell c ON c.id = p.cell_id "
            "JOIN units_battalion b ON b.id = c.battalion_id "
            "WHERE b.code = 'TD1' AND p.study_status = 'studying' ORDER BY p.id"
        )
        cell = people_of("SELECT cell_id FROM accounts_user WHERE username = 'bithu'")[0]
        candidates = people_of(
            f"SELECT id FROM members_person WHERE cell_id = {cell} "
            "AND party_status IN ('candidate', 'non_member') AND study_status = 'studying'"
        )
        stop = time.time() + options.seconds

        def limit():
            return len(results.samples) < options.max_requests

        threads = []
        for index in range(options.users):
            role = ("troly", "bithu", "chihuy")[index % 3]
            user = VirtualUser(role, results)
            user.login()
            if role == "troly":
                # Each clerk edits its own people, so a refusal can only be a real conflict.
                mine = battalion_people[index // 3 :: max(1, options.users // 3)]
                work = (clerk_work, (user, mine, stop, limit, random.Random(index)))
            elif role == "bithu":
                work = (secretary_work, (user, candidates, cell, stop, limit, random.Random(index)))
            else:
                work = (commander_work, (user, stop, limit, random.Random(index)))
            threads.append(threading.Thread(target=work[0], args=work[1]))
        started = time.time()
        for thread in threads:
            thread.start()
        time.sleep(options.seconds / 3)
        killed = gunicorn_workers(server.pid)[:1]
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        for thread in threads:
            thread.join()
        duration = time.time() - started
        after_kill = gunicorn_workers(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    lost = []
    for person, value in results.confirmed_writes.items():
        stored = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DATABASE, "-Atc",
             f"SELECT hometown FROM members_person WHERE id = {person}"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        if stored != value:
            lost.append((person, value, stored))
    evaluations_after = people_of("SELECT count(*) FROM members_evaluation")[0]
    lost_evaluations = results.confirmed_evaluations - (evaluations_after - evaluations_before)

    times = [elapsed * 1000 for _, _, elapsed in results.samples]
    rows = [
        ("duration (s)", f"{duration:.1f}"),
        ("virtual users / gunicorn workers", f"{options.users} / {options.workers}"),
        ("requests", str(len(times))),
        ("requests per second", f"{len(times) / duration:.1f}"),
        ("p50 latency (ms)", f"{statistics.median(times):.1f}" if times else "-"),
        ("p95 latency (ms)", f"{percentile(times, 0.95):.1f}"),
        ("errors (non-2xx/3xx, or cut again when repeated)", str(len(results.errors))),
        ("connections cut by the kill, then repeated", str(results.retried)),
        ("confirmed person edits", str(len(results.confirmed_writes))),
        ("confirmed evaluations", str(results.confirmed_evaluations)),
        ("lost writes", str(len(lost) + max(lost_evaluations, 0))),
        ("worker killed (SIGKILL) at 1/3 of the run", ", ".join(map(str, killed)) or "none"),
        ("workers alive at the end", str(len(after_kill))),
    ]
    table = "| measure | value |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    heading = (
        f"# Load test — {datetime.datetime.now():%Y-%m-%d %H:%M}\n\n"
        f"gunicorn + PostgreSQL on 127.0.0.1, {os.cpu_count()} cores; mixed workload of clerk,"
        " cell secretary and commander (bench/load_test.py).\n\n"
    )
    print(table)
    if results.errors:
        print("first errors:", results.errors[:5])
    (ROOT / "bench" / "results" / "load.md").write_text(heading + table + "\n")
    return 1 if results.errors or lost or lost_evaluations > 0 else 0


if __name__ == "__main__":
    sys.exit(main())
