from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.access import any_role, reports_upward, require
from core.paging import rows_page
from core.replica import reads_from_replica
from core.tables import EXPORTERS
from paperwork.rendering import DOCX_CONTENT_TYPE, render_docx

from . import yearly_documents
from .dashboard import PAGE_LIST_LIMIT, PRINT_LIST_LIMIT, build_dashboard
from .durations import durations_for
from .forecast import PANEL_ROWS, forecast_table, panel_for
from .forms import ReportFilterForm, YearlyReportForm
from .heading import report_heading
from .selectors import duration_window
from .tables import SPECS, Table, build_table
from .yearly import YearlyReport, yearly_report

# The page of the academy's grid by battalion (reports.dashboard.GRID_ROWS): not `page`, which
# the forecast panel, loaded with the dashboard's parameters, pages its own rows by.
GRID_PAGE = "battalion_page"


def _dashboard_context(request, *, list_limit: int, paged: bool) -> dict:
    require(request.user, any_role)
    form = ReportFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    query = request.GET.copy()
    asked = query.pop(GRID_PAGE, None)
    return {
        "form": form,
        "filters": filters,
        "unit_label": form.unit_label(),
        "query": query.urlencode(),
        "grid_page": GRID_PAGE,
        "reports_upward": reports_upward(request.user.role_enum),
        **build_dashboard(
            request.user,
            filters,
            list_limit=list_limit,
            page=asked[-1] if asked else None,
            paged=paged,
        ),
    }


@reads_from_replica
@require_safe
def dashboard(request):
    context = _dashboard_context(request, list_limit=PAGE_LIST_LIMIT, paged=True)
    # A filter change over htmx swaps only the panels.
    template = "reports/includes/_panels.html" if request.htmx else "reports/dashboard.html"
    return render(request, template, context)


@reads_from_replica
@require_safe
def dashboard_print(request):
    context = _dashboard_context(request, list_limit=PRINT_LIST_LIMIT, paged=False)
    context["printed_on"] = timezone.localdate()
    context["printed"] = True
    context["heading"] = report_heading(
        request.user, context["printed_on"], list(context["form"].battalions)
    )
    return render(request, "reports/print.html", context)


@reads_from_replica
@require_safe
def durations(request):
    """The stage durations panel, which the dashboard and its print view load after the rest."""
    require(request.user, any_role)
    filters = ReportFilterForm(request.GET or None, user=request.user).filters()
    served = durations_for(request.user, filters)
    spec = SPECS["durations"]
    context = {
        "table": Table("durations", spec.title, spec.columns, served.rows),
        "computed_at": served.computed_at,
        "duration_window": dict(zip(("start", "end"), duration_window(filters), strict=True)),
        "query": request.GET.urlencode(),
    }
    # Opened on its own (a bookmark, no JavaScript) it is a whole page.
    template = "reports/includes/_durations.html" if request.htmx else "reports/durations.html"
    return render(request, template, context)


@reads_from_replica
@require_safe
def forecast(request):
    """The admission forecast panel, which the dashboard and its print view load after the
    rest (see reports.forecast: live for small scopes, else the day's stored panel, which
    the first request of the day for a large scope writes, to the primary as every write).
    Its table is shown PANEL_ROWS rows a page (?page=), the print view's whole."""
    require(request.user, any_role)
    form = ReportFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    served = panel_for(request.user, filters)
    panel = served.panel
    # The print view lists as many people as its other tables (`in=1`), and every row.
    query = request.GET.copy()
    printed = bool(query.pop("in", None))
    asked = query.pop("page", None)
    limit = PRINT_LIST_LIMIT if printed else PAGE_LIST_LIMIT
    rows = panel.cohorts
    pager = None
    if not printed and len(rows) > PANEL_ROWS:
        pager = rows_page(rows, asked[-1] if asked else None, PANEL_ROWS)
        rows = pager.object_list
    spec = SPECS["forecast_people"]
    tables = {
        # A whole academy's by battalion, each opening its cells (reports.forecast).
        "forecast": forecast_table(rows, by_battalion=panel.by_battalion, query=query.dict()),
        "forecast_people": Table(
            "forecast_people", spec.title, spec.columns, panel.people[:limit], panel.people_total
        ),
    }
    context = {
        "tables": tables,
        "filters": filters,
        "served": served,
        "pager": pager,
        "query": query.urlencode(),
        "printed": printed,
    }
    template = "reports/includes/_forecast.html" if request.htmx else "reports/forecast.html"
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


def _yearly(request) -> tuple[YearlyReportForm, YearlyReport]:
    """The report the request asks for; an invalid choice (another battalion, a year to come)
    is shown on the page and refused by the downloads."""
    require(request.user, reports_upward)
    form = YearlyReportForm(request.GET or None, user=request.user)
    year, battalion = form.choice()
    report = yearly_report(request.user, year=year, battalion=battalion, today=timezone.localdate())
    return form, report


@reads_from_replica
@require_safe
def yearly(request):
    """The yearly report upward: its figures on the page, and the .docx and XLSX to send."""
    form, report = _yearly(request)
    context = {
        "form": form,
        "report": report,
        "tables": yearly_documents.tables(report),
        "make_up": yearly_documents.make_up(report),
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/yearly.html", context)


def _yearly_download(request) -> YearlyReport:
    form, report = _yearly(request)
    if form.is_bound and not form.is_valid():
        raise Http404
    return report


@reads_from_replica
@require_safe
def yearly_docx(request):
    document = yearly_documents.docx_document(_yearly_download(request))
    response = HttpResponse(render_docx(document), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


@reads_from_replica
@require_safe
def yearly_xlsx(request):
    return yearly_documents.xlsx_response(_yearly_download(request))
