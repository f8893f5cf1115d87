import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import make_user


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        (Role.ADMIN, "home-admin"),
        (Role.CLERK, "home-clerk"),
        (Role.SECRETARY, "home-secretary"),
        (Role.COMMANDER, "home-commander"),
        ("", "home-no-role"),
    ],
)
def test_each_role_signs_in_and_sees_its_home(login, cell_a, role, marker):
    scope = {Role.CLERK: {"battalion": cell_a.battalion}, Role.SECRETARY: {"cell": cell_a}}
    user = make_user(role, **scope.get(role, {}))
    page = login(user)
    expect(page.get_by_test_id(marker)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "vi"


def test_wrong_password_shows_vietnamese_message(login, clerk):
    page = login(clerk, password="sai-mat-khau")
    expect(page.get_by_text("mật khẩu chính xác")).to_be_visible()


def test_user_switches_to_english_and_signs_out(login, clerk):
    page = login(clerk)
    # Choosing a language submits the form: wait for the new page before looking at it.
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_test_id("user-menu").click()
    with page.expect_navigation(url="**/login/**"):
        page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
