"""Demo accounts, one per role. The password is for demonstration only and printed by seed_demo."""

from accounts.models import Role, User
from units.models import Battalion, PartyCell

DEMO_PASSWORD = "demo-dangvien-2026"

# username: (role, family and middle names, given name, battalion code, cell code)
DEMO_USERS = {
    "quantri": (Role.ADMIN, "Nguyễn Văn", "Quản", None, None),
    "troly": (Role.CLERK, "Trần Thị", "Lan", "TD1", None),
    "bithu": (Role.SECRETARY, "Lê Văn", "Hùng", "TD1", "C1"),
    "chihuy": (Role.COMMANDER, "Phạm Đức", "Thắng", "TD1", None),
}


def seed_users() -> list[User]:
    """Create the demo users if missing; existing accounts (and changed passwords) are kept."""
    users = []
    for username, (role, last_name, first_name, battalion_code, cell_code) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "last_name": last_name,
                "first_name": first_name,
                "battalion": Battalion.objects.get(code=battalion_code)
                if battalion_code and role != Role.SECRETARY
                else None,
                "cell": PartyCell.objects.get(battalion__code=battalion_code, code=cell_code)
                if cell_code
                else None,
                # Staff to read the admin; not a superuser: the role decides what they change.
                "is_staff": role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        elif user.is_superuser:
            # Earlier demos made the administrator a superuser; the role is enough.
            user.is_superuser = False
            user.save(update_fields=["is_superuser"])
        users.append(user)
    return users
