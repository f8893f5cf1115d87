"""The one place views ask what a user may do.

Reads are scoped by each model's `visible_to(user)`; an object outside the scope is a 404 so its
existence does not leak. A role that may see a page but not change anything gets a 403.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Role

# What a role may do, as `require` is asked it: one predicate for each permission in models.Role.


def any_role(role: Role) -> bool:
    """Every role reads what its scope holds; the scope does the limiting."""
    return True


def writes_records(role: Role) -> bool:
    return role.writes_records


def records_cell_work(role: Role) -> bool:
    return role.records_cell_work


def sees_sensitive_details(role: Role) -> bool:
    return role.sees_sensitive_details


def reads_sensitive_details(user) -> bool:
    """Whether `user` reads the sensitive fields of the people in their scope in full (the
    people outside it they cannot open at all); masked otherwise (members.profile)."""
    role = user.role_enum if user.is_authenticated else None
    return role is not None and user.scope is not None and sees_sensitive_details(role)


def reports_upward(role: Role) -> bool:
    return role.reports_upward


def manages_units(role: Role) -> bool:
    return role.manages_units


def manages_accounts(role: Role) -> bool:
    return role.manages_accounts


def get_visible_or_404(model_or_queryset, user, **lookup):
    """Fetch one object through `visible_to(user)`: outside the user's scope it does not exist."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return get_object_or_404(queryset.visible_to(user), **lookup)


def require(user, can: Callable[[Role], bool]) -> Role:
    """Refuse (403) unless the user has a scope and a role for which `can(role)` holds."""
    role = user.role_enum if user.is_authenticated else None
    if role is None or user.scope is None or not can(role):
        raise PermissionDenied
    return role
