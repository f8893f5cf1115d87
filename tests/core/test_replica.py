"""The router: report reads go to the replica alias; writes, and reads soon after a write, to the
primary. The replica is the test mirror of the primary with a connection of its own, so each
query shows which alias answered it (rows are committed: transaction=True)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from core.replica import PIN_COOKIE
from units.models import PartyCell

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

DASHBOARD = "/bao-cao/"
RECORD_TABLES = ("members_", "units_", "resolutions_", "reports_")


def reads(requesting):
    """Run `requesting()`; return its response and the SQL each alias answered."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = requesting()
    return response, [q["sql"] for q in primary], [q["sql"] for q in replica]


def touches_records(queries) -> bool:
    """Whether any query reads the records; the signed-in user, read from the primary with their
    cell (a secretary's scope: accounts.backends), is not a read of the records."""
    return any(
        table in sql
        for sql in queries
        if 'FROM "accounts_user"' not in sql
        for table in RECORD_TABLES
    )


def test_the_dashboard_reads_the_records_from_the_replica(cell_a, commander, client):
    PersonFactory(cell=cell_a)
    client.force_login(commander)
    response, primary, replica = reads(lambda: client.get(DASHBOARD))
    assert response.status_code == 200
    assert touches_records(replica)
    # The primary answers only for the session and the signed-in user.
    assert not touches_records(primary)


def test_exports_read_from_the_replica(cell_a, commander, client):
    client.force_login(commander)
    for url in ("/reports/admissions.csv", "/nhap-xuat/xuat/hoc-vien.csv"):
        response, primary, replica = reads(lambda url=url: client.get(url))
        assert response.status_code == 200
        assert touches_records(replica), url
        assert not touches_records(primary), url


def test_pages_that_are_not_reports_read_the_primary(cell_a, commander, client):
    PersonFactory(cell=cell_a)
    client.force_login(commander)
    response, primary, replica = reads(lambda: client.get("/hoc-vien/"))
    assert response.status_code == 200
    assert touches_records(primary)
    assert replica == []


def test_a_write_goes_to_the_primary_and_the_next_reads_follow_it(cell_a, clerk, client):
    client.force_login(clerk)
    form = {"battalion": cell_a.battalion_id, "code": "CM", "name": "Chi bộ mới"}
    response, primary, replica = reads(lambda: client.post("/don-vi/chi-bo/them/", form))
    assert response.status_code == 302
    assert any(sql.startswith("INSERT") and "units_partycell" in sql for sql in primary)
    assert replica == []
    assert PartyCell.objects.filter(code="CM").exists()
    assert PIN_COOKIE in response.cookies

    # Read after write: the same browser reads the dashboard from the primary.
    response, primary, replica = reads(lambda: client.get(DASHBOARD))
    assert response.status_code == 200
    assert touches_records(primary)
    assert replica == []

    # Once the pin has expired (the browser drops the cookie), reports go to the replica again.
    del client.cookies[PIN_COOKIE]
    response, primary, replica = reads(lambda: client.get(DASHBOARD))
    assert touches_records(replica)
    assert not touches_records(primary)


def test_a_read_only_request_does_not_pin(commander, client):
    client.force_login(commander)
    assert PIN_COOKIE not in client.get(DASHBOARD).cookies
