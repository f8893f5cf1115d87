from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import any_role, get_visible_or_404, records_cell_work, require, writes_records
from core.scans import scan_content_type
from units.models import Battalion

from .forms import ALL_YEARS, ReportForm, ResolutionForm, ResolutionYearForm, RolloutForm
from .models import CellRollout, Resolution
from .selectors import (
    GOAL_LABELS,
    GOAL_STEPS,
    quarter_scorecard,
    resolution_history,
    resolution_rows,
)
from .services import resolution_issue, resolution_update, rollout_record, rollout_report


@require_safe
def resolution_list(request):
    role = require(request.user, any_role)
    visible = Resolution.objects.visible_to(request.user)
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    form = ResolutionYearForm(request.GET, years=years)
    if not form.is_valid():
        raise Http404
    # This year (or the latest before it) by default, not a future year whose resolutions
    # were issued ahead; "all" lists every year.
    chosen = form.cleaned_data["year"]
    year = None if chosen == ALL_YEARS else chosen
    if not chosen and years:
        this_year = timezone.localdate().year
        year = next((option for option in years if option <= this_year), years[-1])
    return render(
        request,
        "resolutions/resolution_list.html",
        {
            "rows": resolution_rows(request.user, year=year),
            "years": years,
            "year": year,
            "can_issue": role.writes_records,
        },
    )


def resolution_create(request):
    require(request.user, writes_records)
    battalion = get_object_or_404(
        Battalion.objects.visible_to(request.user), pk=request.user.scope.battalion_id
    )
    form = ResolutionForm(
        request.POST or None, request.FILES or None, cells=battalion.cells.order_by("code")
    )
    if request.method == "POST" and form.is_valid():
        try:
            resolution = resolution_issue(battalion=battalion, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã ban hành nghị quyết %(number)s và gửi đến %(cells)s chi bộ.")
                % {"number": resolution.number, "cells": len(form.cells)},
            )
            return redirect("resolutions:detail", pk=resolution.pk)
    return render(
        request,
        "resolutions/resolution_form.html",
        {"form": form, "title": _("Ban hành nghị quyết"), "battalion": battalion},
    )


def resolution_edit(request, pk):
    require(request.user, writes_records)
    resolution = get_visible_or_404(
        Resolution.objects.select_related("battalion"), request.user, pk=pk
    )
    form = ResolutionForm(
        request.POST or None,
        request.FILES or None,
        cells=resolution.battalion.cells.order_by("code"),
        resolution=resolution,
    )
    if request.method == "POST" and form.is_valid():
        try:
            resolution_update(
                resolution=resolution,
                seen_version=form.cleaned_data["seen_version"],
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu nghị quyết."))
            return redirect("resolutions:detail", pk=resolution.pk)
    return render(
        request,
        "resolutions/resolution_form.html",
        {
            "form": form,
            "title": _("Sửa nghị quyết %(number)s") % {"number": resolution.number},
            "battalion": resolution.battalion,
            "resolution": resolution,
        },
    )


@require_safe
def resolution_detail(request, pk):
    role = require(request.user, any_role)
    resolution = get_visible_or_404(
        Resolution.objects.select_related("battalion"), request.user, pk=pk
    )
    scope = request.user.scope
    scorecard = quarter_scorecard(resolution, cell_ids=[scope.cell_id] if scope.cell_id else None)
    chart = {
        "cells": [cell.cell_name for cell in scorecard.cells],
        "goals": [
            {
                "label": str(GOAL_LABELS[goal]),
                "targets": [getattr(cell, goal).target or 0 for cell in scorecard.cells],
                "results": [getattr(cell, goal).result for cell in scorecard.cells],
            }
            for goal in GOAL_STEPS
        ],
        "target_label": _("Chỉ tiêu"),
        "result_label": _("Kết quả"),
    }
    return render(
        request,
        "resolutions/resolution_detail.html",
        {
            "resolution": resolution,
            "scorecard": scorecard,
            "chart": chart,
            "rollouts": CellRollout.objects.visible_to(request.user)
            .filter(resolution=resolution)
            .select_related("cell")
            .order_by("cell__code"),
            "can_edit": role.writes_records,
            "can_record": role.records_cell_work,
        },
    )


@require_safe
def resolution_scan(request, pk):
    """The signed scan, only through this scoped view: MEDIA_ROOT has no public URL."""
    require(request.user, any_role)
    resolution = get_visible_or_404(Resolution, request.user, pk=pk)
    if not resolution.scan:
        raise Http404
    extension = resolution.scan.name.rsplit(".", 1)[-1]
    response = FileResponse(
        resolution.scan.open("rb"),
        content_type=scan_content_type(resolution.scan.name),
        filename=f"nghi-quyet-{resolution.pk}.{extension}",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def resolution_history_page(request, pk):
    require(request.user, any_role)
    resolution = get_visible_or_404(Resolution, request.user, pk=pk)
    return render(
        request,
        "resolutions/resolution_history.html",
        {"resolution": resolution, "entries": resolution_history(resolution, request.user)},
    )


def _rollout_for(request, pk) -> CellRollout:
    require(request.user, records_cell_work)
    return get_visible_or_404(
        CellRollout.objects.select_related("resolution__battalion", "cell"), request.user, pk=pk
    )


def _save_rollout(request, rollout: CellRollout, form, save, success: str):
    """Both roll-out forms: validate, call one service, show a refusal on the form; the
    redirect after a save, or None to show the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        save(rollout=rollout, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, success)
    return redirect("resolutions:detail", pk=rollout.resolution_id)


def rollout_edit(request, pk):
    rollout = _rollout_for(request, pk)
    initial = {
        "received_on": rollout.received_on or timezone.localdate(),
        "discussed_on": rollout.discussed_on,
        "plan": rollout.plan,
    }
    form = RolloutForm(request.POST or None, initial=initial, record=rollout)
    success = _("Đã ghi việc triển khai ở %(cell)s.") % {"cell": rollout.cell}
    if saved := _save_rollout(request, rollout, form, rollout_record, success):
        return saved
    return render(
        request,
        "resolutions/rollout_form.html",
        {
            "form": form,
            "rollout": rollout,
            "title": _("Triển khai nghị quyết ở %(cell)s") % {"cell": rollout.cell},
        },
    )


def rollout_report_edit(request, pk):
    rollout = _rollout_for(request, pk)
    initial = {
        "reported_on": rollout.reported_on or timezone.localdate(),
        "report_text": rollout.report_text,
        "cadets_reached": rollout.cadets_reached,
        "cadets_registered": rollout.cadets_registered,
    }
    form = ReportForm(request.POST or None, initial=initial, record=rollout)
    success = _("Đã ghi báo cáo kết quả của %(cell)s.") % {"cell": rollout.cell}
    if saved := _save_rollout(request, rollout, form, rollout_report, success):
        return saved
    scorecard = quarter_scorecard(rollout.resolution, cell_ids=[rollout.cell_id])
    return render(
        request,
        "resolutions/rollout_form.html",
        {
            "form": form,
            "rollout": rollout,
            "score": scorecard.cells[0],
            "scorecard": scorecard,
            "title": _("Báo cáo kết quả thực hiện nghị quyết · %(cell)s") % {"cell": rollout.cell},
        },
    )
