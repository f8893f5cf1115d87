"""The Django admin is a read-only window on every table, for administrators.

Every write goes through the application's pages and services, where the procedure's rules,
the scopes and the edit versions are checked; the admin checks none of them, so it may add,
change or delete nothing, not even for a superuser. The other apps register their models with
`ReadOnlyAdmin`; tests/security/test_admin.py checks that every registered model does.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import Role, User


def may_view(user) -> bool:
    """Administrators (staff with the administrator role) and superusers read the admin."""
    return user.is_active and user.is_staff and (user.is_superuser or user.role == Role.ADMIN)


class ReadOnlyPermissions:
    def has_module_permission(self, request) -> bool:
        return may_view(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_view(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyPermissions, SimpleHistoryAdmin):
    def history_form_view(self, request, *args, **kwargs):
        # django-simple-history saves a "revert" POSTed here with view permission alone.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, *args, **kwargs)


class ReadOnlyTabularInline(ReadOnlyPermissions, admin.TabularInline):
    extra = 0


@admin.register(User)
class ProductUserAdmin(ReadOnlyAdmin, UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Vai trò", {"fields": ("role", "battalion", "cell")}),)
    list_display = ("username", "last_name", "first_name", "role", "battalion", "cell")
    list_filter = ("role", "battalion")


# Roles decide what a user may do; Django's groups are not used.
admin.site.unregister(Group)

# The sign-in records of django-axes (registered before this app) stay readable; lockouts are
# lifted at Tài khoản ("Mở khóa").
for _model, _model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    admin.site.unregister(_model)
    admin.site.register(
        _model, type(_model_admin.__name__, (ReadOnlyPermissions, _model_admin), {})
    )
