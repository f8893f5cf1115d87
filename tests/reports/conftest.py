import datetime
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .history import admissions

KNOWN = {
    # cell fixture name: {year: admissions}
    "cell_a": {2015: 2, 2016: 3},
    "cell_b": {2016: 1, 2018: 1},
    "cell_c": {2015: 4},
}


@pytest.fixture
def known_history(cell_a, cell_b, cell_c):
    """Admissions with known yearly counts: TD1 (cells A and B) and TD2 (cell C)."""
    cells = {"cell_a": cell_a, "cell_b": cell_b, "cell_c": cell_c}
    people = []
    for name, years in KNOWN.items():
        for year, count in years.items():
            people += admissions(cells[name], year, count)
    return people


@pytest.fixture
def today():
    return datetime.date(2026, 11, 29)


# Transaction control is not a query: BEGIN/COMMIT in production, savepoints in tests.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.fixture
def assert_max_queries():
    """`with assert_max_queries(n):` fails when the block runs more than n SQL queries."""

    @contextmanager
    def check(limit: int):
        with CaptureQueriesContext(connection) as captured:
            yield
        queries = [
            query["sql"]
            for query in captured.captured_queries
            if not query["sql"].startswith(TRANSACTION_CONTROL)
        ]
        assert len(queries) <= limit, f"{len(queries)} queries:\n" + "\n".join(queries)

    return check
