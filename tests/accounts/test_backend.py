"""The sign-in backend reads what each request asks of the user at once."""

from django.contrib import auth
from django.urls import reverse

from accounts.backends import ScopedModelBackend


def test_a_secretarys_scope_needs_no_query_after_the_user_is_read(
    secretary_a, django_assert_num_queries
):
    user = ScopedModelBackend().get_user(secretary_a.pk)
    with django_assert_num_queries(0):
        assert user.scope.battalion_id == secretary_a.cell.battalion_id
        assert user.scope.cell_id == secretary_a.cell_id


def test_an_unknown_or_inactive_user_is_nobody(secretary_a):
    assert ScopedModelBackend().get_user(10**9) is None
    secretary_a.is_active = False
    secretary_a.save()
    assert ScopedModelBackend().get_user(secretary_a.pk) is None


def test_a_signed_in_secretary_is_read_by_this_backend(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert client.session[auth.BACKEND_SESSION_KEY] == "accounts.backends.ScopedModelBackend"
    assert response.wsgi_request.user.cell == secretary_a.cell
