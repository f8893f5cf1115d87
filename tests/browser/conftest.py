"""Browser tests run in Debian's Chromium against the live server; nothing may leave the machine."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.factories import PASSWORD

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def pytest_collection_modifyitems(items):
    # The live server answers from threads with connections of their own, so its report pages
    # read the replica (the test mirror) over a second connection, as a deployment does.
    browser_tests = Path(__file__).parent
    for item in items:
        if browser_tests in item.path.parents:
            databases = ["default", "replica"]
            item.add_marker(pytest.mark.django_db(transaction=True, databases=databases))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed; CI must run the browser tests.")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def external_requests():
    return []


@pytest.fixture
def page(page, external_requests):
    """Every page in a browser test records requests to non-local hosts; the test fails on any."""

    def record(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL_HOSTS:
            external_requests.append(request.url)

    page.on("request", record)
    page.set_default_timeout(10_000)
    yield page
    # Let the page's last requests finish: the database is emptied after the test, and a
    # request still running on the live server then would hold locks against it.
    page.wait_for_load_state("networkidle")
    assert external_requests == [], f"requests left the machine: {external_requests}"


@pytest.fixture
def login(page, live_server):
    """`login(user)` signs in through the login form and returns the page."""

    def sign_in(user, password=PASSWORD):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    return sign_in
