"""Navigation entries for the signed-in user's role, so templates never test roles themselves."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

# (url name, label, roles that see it); later features add their entries here.
NAV_ITEMS = [
    ("home", _("Trang chủ"), set(Role)),
    ("paperwork:worklist", _("Việc cần làm"), {Role.CLERK, Role.SECRETARY, Role.COMMANDER}),
    ("members:person_list", _("Học viên"), set(Role)),
    ("resolutions:list", _("Nghị quyết"), set(Role)),
    ("reports:dashboard", _("Báo cáo"), set(Role)),
    ("spreadsheets:import_start", _("Nhập Excel"), {Role.CLERK}),
    ("spreadsheets:export", _("Xuất Excel"), set(Role)),
    ("units:cell_list", _("Đơn vị"), {Role.ADMIN, Role.CLERK}),
    ("accounts:user_list", _("Tài khoản"), {Role.ADMIN}),
]


def navigation(request):
    user = getattr(request, "user", None)
    role = user.role_enum if user is not None and user.is_authenticated else None
    if role is None or user.scope is None:
        return {"nav_items": []}
    return {
        "nav_items": [
            {"url": reverse(name), "label": label, "active": request.path == reverse(name)}
            for name, label, roles in NAV_ITEMS
            if role in roles
        ]
    }
