from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.access import any_role, require
from core.replica import reads_from_replica
from core.tables import EXPORTERS

from .dashboard import PAGE_LIST_LIMIT, PRINT_LIST_LIMIT, build_dashboard
from .forms import ReportFilterForm
from .heading import report_heading
from .selectors import duration_window
from .tables import SPECS, build_table


def _dashboard_context(request, *, list_limit: int) -> dict:
    require(request.user, any_role)
    form = ReportFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    return {
        "form": form,
        "filters": filters,
        "unit_label": form.unit_label(),
        "query": request.GET.urlencode(),
        **build_dashboard(request.user, filters, list_limit=list_limit),
    }


@reads_from_replica
@require_safe
def dashboard(request):
    context = _dashboard_context(request, list_limit=PAGE_LIST_LIMIT)
    # A filter change over htmx swaps only the panels.
    template = "reports/includes/_panels.html" if request.htmx else "reports/dashboard.html"
    return render(request, template, context)


@reads_from_replica
@require_safe
def dashboard_print(request):
    context = _dashboard_context(request, list_limit=PRINT_LIST_LIMIT)
    context["printed_on"] = timezone.localdate()
    context["heading"] = report_heading(
        request.user, context["printed_on"], context["form"].battalions
    )
    return render(request, "reports/print.html", context)


@reads_from_replica
@require_safe
def durations(request):
    """The stage durations panel, which the dashboard and its print view load after the rest."""
    require(request.user, any_role)
    filters = ReportFilterForm(request.GET or None, user=request.user).filters()
    context = {
        "table": build_table("durations", request.user, filters),
        "duration_window": dict(zip(("start", "end"), duration_window(filters), strict=True)),
        "query": request.GET.urlencode(),
    }
    # Opened on its own (a bookmark, no JavaScript) it is a whole page.
    template = "reports/includes/_durations.html" if request.htmx else "reports/durations.html"
    return render(request, template, context)


@reads_from_replica
@require_safe
def export(request, table: str, fmt: str):
    """Any dashboard table, with the dashboard's filters, as CSV or XLSX."""
    require(request.user, any_role)
    if table not in SPECS or fmt not in EXPORTERS:
        raise Http404
    form = ReportFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text(), content_type="text/plain")
    rows = build_table(table, request.user, form.filters())
    filename = f"{table}-{timezone.localdate():%Y%m%d}"
    return EXPORTERS[fmt](rows, filename)
