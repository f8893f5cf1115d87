import datetime
from unittest import mock

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.middleware import RENEWED_AT
from tests.factories import PASSWORD


def _fail_login(client, username, times):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "sai"})
    return response


def test_a_few_failed_logins_still_allow_the_right_password(client, clerk):
    _fail_login(client, clerk.username, settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    assert response.status_code == 302


def test_repeated_failures_lock_the_account_with_a_clear_message(client, clerk):
    response = _fail_login(client, clerk.username, settings.AXES_FAILURE_LIMIT)
    assert "Tài khoản tạm khóa" in response.content.decode()
    response = client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Tài khoản tạm khóa" in response.content.decode()


def test_admin_sees_the_lock_and_unlocks(client, admin_user, clerk):
    _fail_login(client, clerk.username, settings.AXES_FAILURE_LIMIT)
    client.force_login(admin_user)
    assert "Đang bị khóa" in client.get(reverse("accounts:user_list")).content.decode()
    response = client.post(reverse("accounts:user_unlock", args=[clerk.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=clerk.username).exists()


def test_only_admin_unlocks(client_for, commander, clerk):
    response = client_for(commander).post(reverse("accounts:user_unlock", args=[clerk.pk]))
    assert response.status_code == 403


def test_weak_password_is_refused(client_for, admin_user, clerk):
    response = client_for(admin_user).post(
        reverse("accounts:user_set_password", args=[clerk.pk]),
        {"new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_password_change_signs_out_other_sessions(client, clerk):
    other = client.__class__()
    other.force_login(clerk)
    client.force_login(clerk)
    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mat-khau-moi-2026-xyz",
            "new_password2": "mat-khau-moi-2026-xyz",
        },
    )
    assert client.get(reverse("home")).status_code == 200
    assert other.get(reverse("home")).status_code == 302


def test_sessions_expire_after_inactivity_and_on_browser_close():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_RENEW_SECONDS < settings.SESSION_COOKIE_AGE / 10
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return sum(
        query["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in query["sql"]
        for query in captured.captured_queries
    )


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_renews_the_session_once_a_minute_not_on_every_page(client, clerk):
    client.force_login(clerk)
    signed_in = client.session[RENEWED_AT]
    first_expiry = _expiry(client)
    assert _session_writes(client) == 0  # the sign-in renewed it
    just_before = signed_in + settings.SESSION_RENEW_SECONDS - 0.5
    with mock.patch("config.middleware.time.time", return_value=just_before):
        assert _session_writes(client) == 0
    due = signed_in + settings.SESSION_RENEW_SECONDS
    with mock.patch("config.middleware.time.time", return_value=due):
        assert _session_writes(client) == 1
    assert client.session[RENEWED_AT] == due
    assert _expiry(client) >= first_expiry


def test_a_renewal_stamped_by_a_clock_ahead_is_renewed_again(client, clerk):
    client.force_login(clerk)
    ahead = client.session[RENEWED_AT] + 3600
    with mock.patch("config.middleware.time.time", return_value=ahead):
        _session_writes(client)
    assert _session_writes(client) == 1


def test_signing_in_counts_as_a_renewal(client, clerk):
    response = client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    assert response.status_code == 302
    assert _session_writes(client) == 0


def test_an_inactive_session_ends_after_the_cookie_age(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("home")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(reverse("home")).status_code == 302


def test_an_anonymous_visit_writes_no_session(client, db):
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("login"))
    assert not any("django_session" in query["sql"] for query in captured.captured_queries)


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_an_over_long_user_name_is_a_form_error_not_a_sign_in_record(client, clerk):
    """AuthenticationForm does not enforce its own max_length; django-axes stored the name in
    255 characters, and PostgreSQL refused it with a 500."""
    response = client.post(reverse("login"), {"username": "x" * 100_000, "password": "sai"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()
    response = client.post(reverse("login"), {"username": "x" * 150, "password": "sai"})
    assert response.status_code == 200
    assert AccessAttempt.objects.count() == 1
