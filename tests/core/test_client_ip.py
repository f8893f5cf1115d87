"""The sign-in lockout counts failures per client computer, also behind a balancer."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.client_ip import client_ip


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("10.0.0.7", "1.2.3.4")) == "10.0.0.7"


def test_behind_a_trusted_balancer_the_client_is_read_from_the_header(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(_request("127.0.0.1", "10.0.0.7")) == "10.0.0.7"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        # A client writing its own header stands left of what the balancer appends.
        ("6.6.6.6, 10.0.0.7", "10.0.0.7"),
        # A chain of trusted proxies is skipped from the right.
        ("10.0.0.7, 127.0.0.2", "10.0.0.7"),
        # Garbage in the header stops the walk: the balancer's own address is used.
        ("not-an-ip", "127.0.0.1"),
        ("", "127.0.0.1"),
    ],
)
def test_the_header_is_read_from_the_right(settings, forwarded, expected):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "127.0.0.2"]
    assert client_ip(_request("127.0.0.1", forwarded)) == expected


@pytest.mark.django_db
def test_the_lockout_behind_the_balancer_locks_one_computer_not_all(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(
            reverse("login"),
            {"username": "ketoan", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="10.0.0.7",
        )
    locked = client.post(
        reverse("login"),
        {"username": "ketoan", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.7",
    )
    elsewhere = client.post(
        reverse("login"),
        {"username": "ketoan", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.8",
    )
    assert locked.status_code == 429
    assert elsewhere.status_code == 200
