"""The three roles' work for the load test (bench/load_test.py starts locust with this file).

Clerks search, open and edit their battalion's cadets (each clerk its own cadets, so a refused
edit can only be a real conflict); cell secretaries open their cell and record evaluations;
commanders read the dashboard, the cadet list, the CSV export and the resolutions. Every user
signs in once through the balancer and keeps its session whichever app server answers.

The driver passes the cadets to work on in LOAD_DATA (a JSON file) and reads back the writes the
server confirmed (a redirect after the POST) from LOAD_CONFIRMED, to look for lost writes.

The users are FastHttpUser (geventhttpclient, which locust ships): they stand in for browsers on
other machines, and python-requests (HttpUser) spends several times the CPU per request, taken
from the servers under test on this one machine.
"""

import datetime
import itertools
import json
import os
import random
import threading

from locust import FastHttpUser, between, events, task

from bench.forms import FormParser

PASSWORD = "demo-dangvien-2026"
with open(os.environ["LOAD_DATA"], encoding="utf-8") as _data:
    DATA = json.load(_data)
CLERK_SLOTS = int(os.environ.get("LOAD_CLERK_SLOTS", "34"))
_clerks = itertools.count()
_lock = threading.Lock()
# Per cadet: the last hometown the server confirmed, and the ones sent after it without a
# confirmation (refused, or the answer lost): the database must hold one of these. Per
# evaluation: the candidates whose evaluation of the day was confirmed, and those sent without.
CONFIRMED = {
    "person_edits": {},
    "person_edits_unconfirmed": {},
    "evaluations": [],
    "evaluations_unconfirmed": [],
    "resubmitted": 0,
}


@events.test_stop.add_listener
def _write_confirmed(**_kwargs):
    with open(os.environ["LOAD_CONFIRMED"], "w", encoding="utf-8") as out:
        json.dump(CONFIRMED, out)


def saved(response, person: int) -> bool:
    """The server confirms a saved form by sending the browser to the person's page."""
    return (
        response is not None
        and response.status_code == 302
        and response.headers.get("Location", "").endswith(f"/hoc-vien/{person}/")
    )


def unconfirmed_edit(person: int, value: str) -> None:
    with _lock:
        CONFIRMED["person_edits_unconfirmed"].setdefault(str(person), []).append(value)


class Role(FastHttpUser):
    abstract = True
    username = ""
    # A person reads a page for one to three seconds before the next click.
    wait_time = between(1, 3)

    signed_in = False

    def csrf_token(self) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def on_start(self):
        self.sign_in()

    def sign_in(self):
        self.client.get("/login/", name="/login/")
        with self.client.post(
            "/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.csrf_token(),
            },
            name="/login/ (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.signed_in = response.status_code == 302
            if not self.signed_in:
                response.failure(f"login {self.username}: {response.status_code}")

    def signed_in_or_retry(self) -> bool:
        """A user whose sign-in failed (the server was down or too slow) signs in again."""
        if not self.signed_in:
            self.sign_in()
        return self.signed_in

    def read(self, path: str, name: str):
        if self.signed_in_or_retry():
            self.client.get(path, name=name)

    def submit(self, path: str, name: str, changes: dict):
        """GET a form, change some fields and POST it back, as a browser would; the answer, or
        None when the form was not shown (a redirect: not signed in, or a read-only person)."""
        if not self.signed_in_or_retry():
            return None
        page = self.client.get(path, name=name, allow_redirects=False)
        if page.status_code != 200:
            return None
        parser = FormParser(path)
        parser.feed(page.text)
        fields = parser.fields | changes
        fields["csrfmiddlewaretoken"] = self.csrf_token()
        headers = {"Referer": self.host + path}
        response = self.client.post(
            path, fields, name=f"{name} (POST)", allow_redirects=False, headers=headers
        )
        if response.status_code == 502:
            # The app server that held the request was killed: nginx does not resend a POST
            # (it may have been applied), the user sees the error page and submits again. A
            # repeated edit is safe: if the first was saved, the form's version is stale and the
            # repeat is refused; a repeated evaluation is refused as a duplicate of the day.
            with _lock:
                CONFIRMED["resubmitted"] += 1
            response = self.client.post(
                path, fields, name=f"{name} (POST again)", allow_redirects=False, headers=headers
            )
        return response


class Clerk(Role):
    username = "troly"

    def on_start(self):
        super().on_start()
        slot = next(_clerks) % CLERK_SLOTS
        self.people = DATA["battalion_people"][slot::CLERK_SLOTS] or DATA["battalion_people"]
        self.rng = random.Random(slot)
        self.counter = 0

    @task(4)
    def search(self):
        term = self.rng.choice(["nguyen", "hoai", "dang", "an"])
        self.read(f"/hoc-vien/?q={term}", name="/hoc-vien/?q=")

    @task(3)
    def person(self):
        self.read(f"/hoc-vien/{self.rng.choice(self.people)}/", name="/hoc-vien/[id]/")

    @task(3)
    def edit(self):
        person = self.rng.choice(self.people)
        self.counter += 1
        value = f"Tải {id(self) % 100000} {self.counter}"
        response = self.submit(
            f"/hoc-vien/{person}/sua/", "/hoc-vien/[id]/sua/", {"hometown": value}
        )
        if saved(response, person):
            with _lock:
                CONFIRMED["person_edits"][str(person)] = value
                CONFIRMED["person_edits_unconfirmed"].pop(str(person), None)
        elif response is not None:
            unconfirmed_edit(person, value)


class Secretary(Role):
    username = "bithu"

    def on_start(self):
        super().on_start()
        self.rng = random.Random()

    @task(5)
    def cell(self):
        self.read(f"/hoc-vien/chi-bo/{DATA['cell']}/", name="/hoc-vien/chi-bo/[id]/")

    @task(3)
    def candidate(self):
        person = self.rng.choice(DATA["candidates"])
        self.read(f"/hoc-vien/{person}/", name="/hoc-vien/[id]/")

    @task(2)
    def evaluate(self):
        person = self.rng.choice(DATA["candidates"])
        today = datetime.date.today().strftime("%d/%m/%Y")
        response = self.submit(
            f"/hoc-vien/{person}/danh-gia/",
            "/hoc-vien/[id]/danh-gia/",
            {"date": today, "comment": DATA["evaluation_comment"]},
        )
        if response is not None:
            with _lock:
                kept = "evaluations" if saved(response, person) else "evaluations_unconfirmed"
                CONFIRMED[kept].append(person)


class Commander(Role):
    username = "chihuy"

    @task(3)
    def dashboard(self):
        self.read("/bao-cao/", name="/bao-cao/")

    @task(2)
    def people(self):
        self.read("/hoc-vien/", name="/hoc-vien/")

    @task(1)
    def admissions(self):
        self.read("/reports/admissions.csv", name="/reports/admissions.csv")

    @task(1)
    def resolutions(self):
        self.read("/nghi-quyet/", name="/nghi-quyet/")

    @task(1)
    def home(self):
        self.read("/", name="/")
