"""Acceptance: after `seed_demo` the dashboard and the CSV show the article's 54 and 60.

The demo takes a while to write, so it is seeded once for the module inside a transaction that
is rolled back at the end; each test runs in a savepoint.
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import User

# The whole demo is written through the services (about 11,000 steps): minutes on a slow
# machine. One worker seeds it once for the three tests (`--dist loadgroup` in the Makefile),
# and the seed's time is not held to the per-test limit meant for single tests.
pytestmark = [pytest.mark.xdist_group("demo"), pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        # The audit trail is not what these tests check; without it the seed runs faster.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def chihuy(demo, db):
    return User.objects.get(username="chihuy")


def test_the_demo_dashboard_shows_54_in_2015_and_60_in_2016(chihuy, client_for):
    response = client_for(chihuy).get("/bao-cao/")
    years = {row["year"]: row["admitted"] for row in response.context["tables"]["admissions"].rows}
    assert (years[2015], years[2016]) == (54, 60)
    table = response.content.decode().split('data-testid="table-admissions"')[1]
    assert '<td>2015</td><td class="text-end">54</td>' in table
    assert '<td>2016</td><td class="text-end">60</td>' in table


def test_the_demo_admissions_csv_shows_54_in_2015_and_60_in_2016(chihuy, client_for):
    response = client_for(chihuy).get("/reports/admissions.csv")
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    years = {int(row["year"]): int(row["admitted"]) for row in rows}
    assert (years[2015], years[2016]) == (54, 60)


def test_every_demo_role_reaches_the_dashboard(demo, db, client_for):
    for username in ("quantri", "troly", "bithu", "chihuy"):
        user = User.objects.get(username=username)
        assert client_for(user).get("/bao-cao/").status_code == 200
