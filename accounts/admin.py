"""The Django admin is a read-only window on every table, for administrators.

Every write goes through the application's pages and services, where the procedure's rules,
the scopes and the edit versions are checked; the admin checks none of them, so it may add,
change or delete nothing, not even for a superuser. The other apps register their models with
`ReadOnlyAdmin`; tests/security/test_admin.py checks that every registered model does.
"""

from collections.abc import Callable

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

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


class _ConcealedChanges(HistoricalRecordContextHelper):
    """The history page's "changes" column, with the concealed fields' values masked."""

    def __init__(self, model, historical_record, *, conceal: dict[str, Callable]):
        super().__init__(model, historical_record)
        self.conceal = conceal

    def prepare_delta_change_value(self, change, value):
        if change.field in self.conceal:
            return self.conceal[change.field](value)
        return super().prepare_delta_change_value(change, value)


def _concealed(name: str, label, hide: Callable) -> Callable:
    """A read-only field showing the model field `name` masked by `hide`."""

    @admin.display(description=label)
    def shown(obj) -> str:
        return hide(getattr(obj, name))

    shown.__name__ = f"{name}_masked"
    return shown


class ReadOnlyAdmin(ReadOnlyPermissions, SimpleHistoryAdmin):
    # {field name: function masking a stored value}: fields an administrator may not read in
    # full. The change page and a past version show them masked where the field stood, the
    # history's changes mask their old and new values, and the search never looks in them.
    conceal: dict[str, Callable] = {}

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self._concealed = {
            name: _concealed(name, capfirst(model._meta.get_field(name).verbose_name), hide)
            for name, hide in self.conceal.items()
        }

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self.conceal]

    def get_readonly_fields(self, request, obj=None):
        shown = [*super().get_readonly_fields(request, obj), *self._concealed.values()]
        if not getattr(request, "reads_past_version", False):
            return shown
        # A past version reads as the change page does: every field shown, none an input
        # (Django makes the change page read-only itself, the past version's page it does not).
        excluded = {*(self.get_exclude(request, obj) or ()), *shown}
        opts = self.model._meta
        return [
            *(
                field.name
                for field in (*opts.fields, *opts.many_to_many)
                if field.editable and not field.auto_created and field.name not in excluded
            ),
            *shown,
        ]

    def get_fields(self, request, obj=None):
        masked = list(self._concealed.values())
        fields = [field for field in super().get_fields(request, obj) if field not in masked]
        if not masked:
            return fields
        # Each masked value where its field stands in the model, after the field before it.
        order = [field.name for field in self.model._meta.fields]
        for name, shown in self._concealed.items():
            before = set(order[: order.index(name)])
            at = max((i + 1 for i, field in enumerate(fields) if field in before), default=0)
            fields.insert(at, shown)
        return fields

    def get_search_fields(self, request):
        searched = super().get_search_fields(request)
        return [field for field in searched if field.lstrip("^=@") not in self.conceal]

    def get_historical_record_context_helper(self, request, historical_record):
        return _ConcealedChanges(self.model, historical_record, conceal=self.conceal)

    def history_form_view(self, request, *args, **kwargs):
        # django-simple-history saves a "revert" POSTed here with view permission alone.
        if request.method != "GET":
            raise PermissionDenied
        request.reads_past_version = True
        return super().history_form_view(request, *args, **kwargs)


class ReadOnlyTabularInline(ReadOnlyPermissions, admin.TabularInline):
    extra = 0


@admin.register(User)
class ProductUserAdmin(ReadOnlyAdmin, UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Vai trò", {"fields": ("role", "battalion", "cell")}),)
    list_display = ("username", "last_name", "first_name", "role", "battalion", "cell")
    list_filter = ("role", "battalion")
    # Both may be empty, which Django's automatic select_related() does not follow.
    list_select_related = ("battalion", "cell")


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
