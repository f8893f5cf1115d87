from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import get_visible_or_404, manages_accounts, manages_units, require
from core.concurrency import record_update

from .forms import BattalionForm, PartyCellForm
from .models import Battalion, PartyCell
from .services import cell_save


@require_safe
def cell_list(request):
    require(request.user, manages_units)
    battalions = Battalion.objects.visible_to(request.user).prefetch_related("cells")
    return render(request, "units/cell_list.html", {"battalions": battalions})


def cell_edit(request, pk=None):
    require(request.user, manages_units)
    cell = get_visible_or_404(PartyCell, request.user, pk=pk) if pk else None
    form = PartyCellForm(request.POST or None, instance=cell, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cell_save(
                cell=form.save(commit=False),
                user=request.user,
                seen_version=form.cleaned_data.get("seen_version"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu chi bộ."))
            return redirect("units:cell_list")
    title = _("Sửa chi bộ") if cell else _("Thêm chi bộ")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "cancel_url": reverse("units:cell_list")},
    )


def battalion_edit(request, pk=None):
    require(request.user, manages_accounts)
    battalion = get_visible_or_404(Battalion, request.user, pk=pk) if pk else None
    form = BattalionForm(request.POST or None, instance=battalion)
    if request.method == "POST" and form.is_valid():
        try:
            if battalion:
                record_update(record=battalion, seen_version=form.cleaned_data["seen_version"])
            else:
                form.save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu tiểu đoàn."))
            return redirect("units:cell_list")
    title = _("Sửa tiểu đoàn") if battalion else _("Thêm tiểu đoàn")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "cancel_url": reverse("units:cell_list")},
    )
