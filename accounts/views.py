from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.concurrency import record_update

from .access import manages_accounts, require
from .forms import UserCreateForm, UserEditForm
from .models import User


def _require_admin(request) -> None:
    require(request.user, manages_accounts)


@require_safe
def user_list(request):
    _require_admin(request)
    users = User.objects.select_related("battalion", "cell").order_by("role", "username")
    locked = set(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )
    return render(request, "accounts/user_list.html", {"users": users, "locked": locked})


@require_POST
def user_unlock(request, pk):
    """Lift a django-axes lockout after repeated failed logins."""
    _require_admin(request)
    account = get_object_or_404(User, pk=pk)
    axes_reset(username=account.username)
    messages.success(request, _("Đã mở khóa tài khoản %(user)s.") % {"user": account.username})
    return redirect("accounts:user_list")


def user_edit(request, pk=None):
    _require_admin(request)
    account = get_object_or_404(User, pk=pk) if pk else None
    form_class = UserEditForm if account else UserCreateForm
    form = form_class(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            if account:
                record_update(record=account, seen_version=form.cleaned_data["seen_version"])
            else:
                form.save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu tài khoản."))
            return redirect("accounts:user_list")
    title = _("Sửa tài khoản %(user)s") % {"user": account} if account else _("Thêm tài khoản")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "cancel_url": reverse("accounts:user_list")},
    )


def user_set_password(request, pk):
    _require_admin(request)
    account = get_object_or_404(User, pk=pk)
    form = SetPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã đặt lại mật khẩu cho %(user)s.") % {"user": account})
        return redirect("accounts:user_list")
    title = _("Đặt lại mật khẩu cho %(user)s") % {"user": account}
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "cancel_url": reverse("accounts:user_list")},
    )


@require_safe
def home(request):
    """Each role lands on its own page; a user without a role is told to ask an administrator."""
    role = request.user.role_enum if request.user.scope else None
    template = f"home/{role.value}.html" if role else "home/no_role.html"
    return render(request, template, {"scope": request.user.scope})
