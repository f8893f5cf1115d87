"""Browser tests run in Debian's Chromium against the live server; nothing may leave the machine."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# A cell secretary's phone.
PHONE = {"width": 390, "height": 844}


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


# Steps the browser tests share: they take the page, as a person at the keyboard would.


def switch_user(page, login, user):
    """Sign out (the session's cookie goes) and sign in as `user`."""
    page.context.clear_cookies()
    return login(user)


def record_step(page, date: str, **fields) -> None:
    """From a person's page, open the next step's form and type its date and `fields` (by
    element id); the caller picks introducers or a helper and sends it."""
    page.get_by_role("link", name="Ghi bước tiếp theo").click()
    page.locator("#id_date").fill(date)
    for element_id, value in fields.items():
        page.locator(f"#id_{element_id}").fill(value)


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url}: {width} px wide in a {viewport} px screen"


def assert_every_field_labelled(page) -> None:
    """Every visible input, select and textarea has a name a screen reader reads: a <label>,
    aria-label or aria-labelledby."""
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea")]
            .filter(field => field.type !== "hidden" && field.offsetParent !== null)
            .filter(field => !(field.labels && field.labels.length)
                && !field.getAttribute("aria-label") && !field.getAttribute("aria-labelledby"))
            .map(field => field.outerHTML.slice(0, 160))"""
    )
    assert unlabelled == [], f"{page.url}: fields without a label: {unlabelled}"


def assert_skip_link_then_content(page) -> None:
    """The first Tab stop is the skip link; it takes the focus to the main content, and the next
    Tab stays in it (the menu is not walked again)."""
    page.locator("body").focus()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    inside = page.evaluate("document.querySelector('main#main').contains(document.activeElement)")
    assert inside, f"{page.url}: after the skip link, Tab left the main content"
