"""`/healthz` for the load balancer: no sign-in, no data, 503 when a check fails."""

import json

import pytest
from django.core.files.storage import default_storage

from core import health

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_healthy_without_signing_in(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "replica": True,
        "media": True,
    }
    # The media check leaves nothing behind.
    assert list(tmp_path.rglob("*.txt")) == []
    assert "no-cache" in response["Cache-Control"]


def test_the_answer_names_no_record_and_no_setting(client, settings, tmp_path, cell_a):
    settings.MEDIA_ROOT = tmp_path
    person_a = PersonFactory(cell=cell_a)
    text = client.get("/healthz").content.decode()
    for secret in (person_a.full_name, str(tmp_path), settings.DATABASES["default"]["NAME"]):
        assert str(secret) not in text


def test_a_failing_check_answers_503_with_the_kind_of_failure_only(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("/srv/media/secret-path is read-only")

    monkeypatch.setattr(default_storage, "save", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "failing"
    assert body["checks"]["media"] == {"ok": False, "error": "OSError"}
    assert body["checks"]["database"]["ok"] is True
    assert "secret-path" not in response.content.decode()


@pytest.mark.parametrize(("lag", "healthy"), [(30.0, True), (30.001, False), (None, True)])
def test_the_replica_fails_past_the_lag_bound(client, settings, monkeypatch, lag, healthy):
    settings.REPLICA_MAX_LAG_SECONDS = 30.0
    monkeypatch.setattr(health, "replica_lag_seconds", lambda: lag)
    response = client.get("/healthz")
    assert response.status_code == (200 if healthy else 503)
    assert json.loads(response.content)["checks"]["replica"] == {"ok": healthy, "lag_seconds": lag}


def test_without_a_replica_there_is_no_replica_check(client, monkeypatch):
    monkeypatch.setattr(health, "replica_configured", lambda: False)
    body = json.loads(client.get("/healthz").content)
    assert set(body["checks"]) == {"database", "media"}


def test_only_reads(client):
    assert client.post("/healthz").status_code == 405
