"""Personas shared by every test: who each user is and what they may see.

Battalion 1 has cells A and B; battalion 2 has cell C. Each scoping test checks that the
outsider (a user with no role) and the persona of the other unit see nothing.
"""

import os

import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation

from accounts.models import Role

from .factories import BattalionFactory, PartyCellFactory, make_user


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Each test starts in the default language: a page requested in English earlier on the
    same worker (LocaleMiddleware activates it for the thread) must not change the messages."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def replica_sees_the_test_transaction(request):
    """Give the replica alias the primary's connection in tests that do not name the replica.

    Django's TestCase keeps each test's rows in an open transaction on the primary's
    connection; the replica, a test mirror with a connection of its own, would not see them.
    Tests that name the replica (`databases=["default", "replica"]`, committed data) keep two
    connections, so they can tell which alias a query went to (tests/core/test_replica.py).
    """
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db or "replica" in ((marker and marker.kwargs.get("databases")) or ()):
        yield
        return
    # After the test case's set-up, which guards the aliases a test does not name.
    request.getfixturevalue("db")
    replica = connections["replica"]
    connections["replica"] = connections["default"]
    yield
    connections["replica"] = replica


@pytest.fixture
def battalion(db):
    return BattalionFactory(code="TD1", name="Tiểu đoàn 1")


@pytest.fixture
def other_battalion(db):
    return BattalionFactory(code="TD2", name="Tiểu đoàn 2")


@pytest.fixture
def cell_a(battalion):
    return PartyCellFactory(battalion=battalion, code="CA", name="Chi bộ A")


@pytest.fixture
def cell_b(battalion):
    return PartyCellFactory(battalion=battalion, code="CB", name="Chi bộ B")


@pytest.fixture
def cell_c(other_battalion):
    return PartyCellFactory(battalion=other_battalion, code="CC", name="Chi bộ C")


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, username="quantri", is_staff=True)


@pytest.fixture
def clerk(battalion):
    return make_user(Role.CLERK, username="troly", battalion=battalion)


@pytest.fixture
def other_clerk(other_battalion):
    return make_user(Role.CLERK, username="troly2", battalion=other_battalion)


@pytest.fixture
def secretary_a(cell_a):
    return make_user(Role.SECRETARY, username="bithu_a", cell=cell_a)


@pytest.fixture
def secretary_b(cell_b):
    return make_user(Role.SECRETARY, username="bithu_b", cell=cell_b)


@pytest.fixture
def commander(battalion):
    return make_user(Role.COMMANDER, username="chihuy", battalion=battalion)


@pytest.fixture
def academy_commander(db):
    return make_user(Role.COMMANDER, username="chihuy_hv")


@pytest.fixture
def outsider(db):
    return make_user("", username="khach")


@pytest.fixture
def client_for(client):
    """`client_for(user)` returns the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_sessionfinish(session, exitstatus):
    # CI must run every test: a skipped test there (a missing browser, say) fails the run.
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(f"CI: {skipped} test(s) skipped; every test must run in CI.", red=True)
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    # The size of the access matrix (tests/security), shown in every run's closing lines.
    from tests.security.matrix import PERSONAS, url_patterns

    urls = len(list(url_patterns()))
    terminalreporter.write_line(
        f"access matrix: {urls} URLs × {len(PERSONAS)} personas × 2 methods "
        f"= {urls * len(PERSONAS) * 2} checks"
    )
