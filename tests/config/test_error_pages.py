"""Error pages: in Vietnamese, inside the app's layout, with a way home, nothing internal."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

HOME_LINK = f'href="{reverse("home")}"'


def _assert_error_page(response, status: int, heading: str):
    assert response.status_code == status
    body = response.content.decode()
    assert heading in body
    assert 'data-testid="error-page"' in body
    assert "navbar" in body  # the app's layout (templates/base.html)
    assert HOME_LINK in body
    assert "Traceback" not in body
    return body


def test_production_settings_show_no_debug_page():
    assert settings.DEBUG is False


def test_an_unknown_address_is_the_404_page(client_for, clerk):
    response = client_for(clerk).get("/khong-co-trang-nay/")
    body = _assert_error_page(response, 404, "Không tìm thấy trang")
    # The signed-in user keeps the menu to go on from.
    assert reverse("members:person_list") in body


def test_a_record_outside_the_scope_is_the_404_page_without_the_lookup(client_for, clerk):
    response = client_for(clerk).get(reverse("members:person_detail", args=[999999]))
    body = _assert_error_page(response, 404, "Không tìm thấy trang")
    assert "matches the given query" not in body


def test_a_forbidden_action_is_the_403_page(client_for, commander):
    response = client_for(commander).get(reverse("members:person_create"))
    _assert_error_page(response, 403, "Không có quyền")


def test_a_malformed_request_is_the_400_page(client_for, clerk):
    too_many_fields = {f"f{index}": "x" for index in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    too_many_fields["one_more"] = "x"
    response = client_for(clerk).post(reverse("members:person_create"), too_many_fields)
    _assert_error_page(response, 400, "Yêu cầu không hợp lệ")


def test_a_stale_form_is_the_csrf_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    _assert_error_page(response, 403, "Biểu mẫu đã hết hạn")


@pytest.mark.urls("tests.config.error_urls")
def test_a_failure_is_the_500_page_without_its_details(clerk):
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    body = _assert_error_page(client.get("/loi-thu/"), 500, "Lỗi hệ thống")
    assert "RuntimeError" not in body
    assert "mật khẩu-cơ-sở-dữ-liệu" not in body


def test_the_500_page_renders_without_a_request_context(db):
    # Django renders 500.html with an empty context: no user, no request, no messages.
    response = server_error(RequestFactory().get("/"))
    body = _assert_error_page(response, 500, "Lỗi hệ thống")
    assert "Về trang chủ" in body
