from django.urls import reverse

from accounts.models import Role, User


def test_every_page_but_login_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_admin_creates_account_with_role_and_scope(client_for, admin_user, cell_a):
    response = client_for(admin_user).post(
        reverse("accounts:user_create"),
        {
            "username": "bithu_moi",
            "last_name": "Đỗ Thị",
            "first_name": "Hoa",
            "role": Role.SECRETARY,
            "cell": cell_a.pk,
            "is_active": "on",
            "password1": "mat-khau-rat-manh-2026",
            "password2": "mat-khau-rat-manh-2026",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="bithu_moi")
    assert created.scope.cell_id == cell_a.pk
    assert created.check_password("mat-khau-rat-manh-2026")


def test_secretary_without_cell_is_refused_with_message(client_for, admin_user, db):
    response = client_for(admin_user).post(
        reverse("accounts:user_create"),
        {
            "username": "thieu_chibo",
            "role": Role.SECRETARY,
            "password1": "mat-khau-rat-manh-2026",
            "password2": "mat-khau-rat-manh-2026",
        },
    )
    assert response.status_code == 200
    assert "Bí thư chi bộ phải gắn với một chi bộ." in response.content.decode()
    assert not User.objects.filter(username="thieu_chibo").exists()


def test_only_admin_manages_accounts(client_for, clerk, commander, secretary_a, outsider):
    for user in (clerk, commander, secretary_a, outsider):
        assert client_for(user).get(reverse("accounts:user_list")).status_code == 403


def test_admin_resets_a_password(client_for, admin_user, clerk):
    response = client_for(admin_user).post(
        reverse("accounts:user_set_password", args=[clerk.pk]),
        {"new_password1": "mat-khau-moi-2026-xyz", "new_password2": "mat-khau-moi-2026-xyz"},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("mat-khau-moi-2026-xyz")


def test_each_role_lands_on_its_home(
    client_for, admin_user, clerk, secretary_a, commander, outsider
):
    expected = {
        admin_user: "home-admin",
        clerk: "home-clerk",
        secretary_a: "home-secretary",
        commander: "home-commander",
        outsider: "home-no-role",
    }
    for user, marker in expected.items():
        assert marker in client_for(user).get(reverse("home")).content.decode()


def test_navigation_shows_only_what_the_role_may_use(client_for, admin_user, commander):
    admin_page = client_for(admin_user).get(reverse("home")).content.decode()
    assert reverse("accounts:user_list") in admin_page
    commander_page = client_for(commander).get(reverse("home")).content.decode()
    assert reverse("accounts:user_list") not in commander_page
    assert reverse("units:cell_list") not in commander_page
