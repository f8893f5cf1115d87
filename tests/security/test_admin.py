"""The Django admin reads but never writes: the rules live in the services it would bypass.

Who may open which admin page is in the access matrix (test_access_matrix.ADMIN_EXPECTED); this
checks every registered model, the superuser and the demo administrator.
"""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from core.concurrency import current_version
from demodata.accounts import seed_users
from demodata.units import seed_units
from members.choices import StepKind
from members.models import AdmissionStep
from members.services import person_update
from tests.factories import PersonFactory, advance, make_user


def _admins():
    for model_admin in admin.site._registry.values():
        yield model_admin
        for inline in model_admin.inlines:
            yield inline(model_admin.model, admin.site)


@pytest.mark.parametrize("role", [Role.ADMIN, "superuser"])
def test_no_registered_model_can_be_added_changed_or_deleted_in_the_admin(db, role):
    user = make_user(Role.ADMIN, is_staff=True, is_superuser=role == "superuser")
    request = RequestFactory().get("/admin/")
    request.user = user
    for model_admin in _admins():
        assert model_admin.has_view_permission(request), model_admin
        assert not model_admin.has_add_permission(request), model_admin
        assert not model_admin.has_change_permission(request, None), model_admin
        assert not model_admin.has_delete_permission(request, None), model_admin


def test_staff_without_the_administrator_role_sees_no_table(db, client):
    client.force_login(make_user(Role.CLERK, is_staff=True, battalion=None))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []


def test_a_superuser_cannot_change_a_step_in_the_admin(cell_a, client):
    person = advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    step = person.steps.get()
    client.force_login(make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    url = reverse("admin:members_admissionstep_change", args=[step.pk])
    response = client.post(url, {"person": person.pk, "kind": "decision", "date": "01/01/1900"})
    assert response.status_code == 403
    step.refresh_from_db()
    assert (step.kind, step.date) == (StepKind.LISTED, datetime.date(2018, 1, 10))


def test_the_admin_history_page_does_not_revert(cell_a, client):
    person = advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    step = person.steps.get()
    first = step.history.earliest("history_id")
    AdmissionStep.objects.filter(pk=step.pk).update(document_number="01")
    client.force_login(make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    url = reverse("admin:members_admissionstep_simple_history", args=[step.pk, first.history_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"person": person.pk, "kind": "listed", "date": "10/01/2018"})
    assert response.status_code == 403
    step.refresh_from_db()
    assert step.document_number == "01"


def test_the_demo_administrator_is_staff_not_superuser_and_manages_accounts_and_units(db, client):
    seed_units()
    User.objects.create(username="quantri", role=Role.ADMIN, is_staff=True, is_superuser=True)
    seed_users()
    quantri = User.objects.get(username="quantri")
    assert (quantri.is_staff, quantri.is_superuser) == (True, False)
    client.force_login(quantri)
    assert client.get(reverse("admin:members_person_changelist")).status_code == 200
    created = client.post(
        reverse("accounts:user_create"),
        {
            "username": "bithu_c5",
            "last_name": "Ngô Văn",
            "first_name": "Tú",
            "role": Role.SECRETARY,
            "cell": User.objects.get(username="bithu").cell_id,
            "is_active": "on",
            "password1": "mat-khau-rat-dai-2026",
            "password2": "mat-khau-rat-dai-2026",
        },
    )
    assert created.status_code == 302
    assert User.objects.filter(username="bithu_c5", role=Role.SECRETARY).exists()
    battalion = client.post(
        reverse("units:battalion_create"),
        {
            "academy": quantri.__class__.objects.get(username="troly").battalion.academy_id,
            "code": "TD3",
            "name": "Tiểu đoàn 3",
            "committee_name": "Đảng ủy Tiểu đoàn 3",
        },
    )
    assert battalion.status_code == 302


# The citizen ID and the permanent address are read in full by a clerk only (README, "Lý lịch"):
# an administrator is not the clerk of anyone's battalion, and the admin shows every person of
# the academy, so it shows them masked, as the person's page does, and in its history too.
CITIZEN_ID = "001203004789"
ADDRESS = "Số 12 ngõ 34 phố Hàng Bạc, Hoàn Kiếm, Hà Nội"
NEW_CITIZEN_ID = "001203004555"


@pytest.fixture
def profiled(cell_a):
    person = PersonFactory(cell=cell_a, citizen_id=CITIZEN_ID, permanent_address=ADDRESS)
    return person_update(
        person=person,
        seen_version=current_version(person),
        citizen_id=NEW_CITIZEN_ID,
        permanent_address=ADDRESS + ", tổ 5",
    )


def assert_masked(body: str) -> None:
    for secret in (CITIZEN_ID, NEW_CITIZEN_ID, "Hàng Bạc"):
        assert secret not in body
    assert "•••••••••555" in body


@pytest.mark.parametrize("role", [Role.ADMIN, "superuser"])
def test_the_admin_shows_a_persons_citizen_id_and_address_masked(profiled, client, role):
    client.force_login(make_user(Role.ADMIN, is_staff=True, is_superuser=role == "superuser"))
    response = client.get(reverse("admin:members_person_change", args=[profiled.pk]))
    assert response.status_code == 200
    assert_masked(response.content.decode())


def test_the_admins_history_of_a_person_masks_the_old_and_new_values(profiled, client):
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    history = client.get(reverse("admin:members_person_history", args=[profiled.pk]))
    assert history.status_code == 200
    body = history.content.decode()
    assert_masked(body)
    assert "•••••••••789" in body  # the change is still there, masked: history is kept
    for record in profiled.history.all():
        url = reverse("admin:members_person_simple_history", args=[profiled.pk, record.pk])
        version = client.get(url)
        assert version.status_code == 200
        for secret in (CITIZEN_ID, NEW_CITIZEN_ID, "Hàng Bạc"):
            assert secret not in version.content.decode()


def test_the_admin_does_not_search_people_by_citizen_id(profiled, client):
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    response = client.get(reverse("admin:members_person_changelist"), {"q": NEW_CITIZEN_ID})
    assert list(response.context["cl"].result_list) == []


def _changelist_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_every_admin_changelist_costs_the_same_queries_for_one_row_as_for_many(
    cell_a, cell_b, client
):
    """No changelist reads a related row per row shown (list_select_related)."""
    user = make_user(Role.ADMIN, is_staff=True)
    client.force_login(user)
    advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    few = {
        model: _changelist_queries(
            client, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        )
        for model in admin.site._registry
    }
    for cell in (cell_a, cell_b, cell_a):
        advance(PersonFactory(cell=cell), StepKind.LISTED)
        make_user(Role.SECRETARY, cell=cell)
    for model, queries in few.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert _changelist_queries(client, url) == queries, model


def test_a_past_version_in_the_admin_is_read_only_with_no_input(profiled, client):
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    record = profiled.history.earliest("history_id")
    url = reverse("admin:members_person_simple_history", args=[profiled.pk, record.pk])
    body = client.get(url).content.decode()
    assert profiled.full_name in body
    assert "•••••••••789" in body
    for tag in ("<input", "<select", "<textarea"):
        assert f'{tag} type="text"' not in body
        assert f"{tag} name=" not in body


def test_the_admin_names_the_sign_in_records_in_vietnamese(db, client):
    """django-axes has no Vietnamese catalogue: the project's names its tables and columns."""
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    index = client.get(reverse("admin:index")).content.decode()
    assert "Nhật ký đăng nhập" in index
    assert "Access logs" not in index
    # The app's own heading too, which django-axes leaves as "Axes".
    assert "Đăng nhập và khoá tài khoản" in index
    assert ">Axes<" not in index
    changelist = client.get(reverse("admin:axes_accesslog_changelist")).content.decode()
    assert "Địa chỉ IP" in changelist
    assert "Show counts" not in changelist
