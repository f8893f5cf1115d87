import functools

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import (
    any_role,
    get_visible_or_404,
    reads_sensitive_details,
    require,
    writes_records,
)
from core.replica import reads_from_replica
from units.models import Battalion, PartyCell

from .forms import ExportForm, ImportUploadForm
from .selectors import cadet_export_rows
from .services import ImportRejected, cadets_import_apply, cadets_import_preview
from .uploads import upload_discard, upload_exists, upload_store, upload_table
from .writers import CSV_TYPE, XLSX_TYPE, csv_bytes, template_example, xlsx_bytes

# Pending imports of this session: token -> battalion, file name and, once applied, the counts.
SESSION_KEY = "spreadsheet_imports"
KEPT_IMPORTS = 5


def import_start(request):
    require(request.user, writes_records)
    battalion = get_visible_or_404(Battalion, request.user, pk=request.user.battalion_id)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = request.session.get(SESSION_KEY, {})
        for abandoned in list(pending)[: -(KEPT_IMPORTS - 1)]:
            upload_discard(abandoned)
            del pending[abandoned]
        token = upload_store(form.table)
        pending[token] = {"battalion": battalion.pk, "filename": form.cleaned_data["file"].name}
        request.session[SESSION_KEY] = pending
        return redirect("spreadsheets:import_preview", token=token)
    return render(request, "spreadsheets/import_start.html", {"form": form, "battalion": battalion})


def _pending(request, token: str) -> tuple[dict, Battalion]:
    """The session's pending import `token`: another user's or a forged token is a 404."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        raise Http404
    return entry, get_visible_or_404(Battalion, request.user, pk=entry["battalion"])


# The preview's and the confirmation's choice to erase stored values with blank cells.
ERASE = "xoa_o_trong"


def import_preview(request, token):
    require(request.user, writes_records)
    entry, battalion = _pending(request, token)
    if "result" in entry:
        return redirect("spreadsheets:import_result", token=token)
    if request.method == "POST":
        if not upload_exists(token):
            raise Http404
        # The confirmation reads the table only if the preview's kept plan cannot be used.
        table = functools.partial(upload_table, token)
    else:
        try:
            table = upload_table(token)
        except FileNotFoundError as error:
            raise Http404 from error
    # Blank cells erase stored values only when the clerk asked for it on the preview, and the
    # confirmation carries the same choice: what was previewed is what is written.
    erase = (request.POST if request.method == "POST" else request.GET).get(ERASE) == "1"
    arguments = {
        "table": table,
        "filename": entry["filename"],
        "battalion": battalion,
        "user": request.user,
        "erase_blanks": erase,
        "token": token,
    }
    context = {
        "battalion": battalion,
        "filename": entry["filename"],
        "token": token,
        "erase_param": ERASE,
    }
    try:
        if request.method == "POST":
            report = cadets_import_apply(**arguments)
        else:
            report = cadets_import_preview(**arguments)
    except ImportRejected as rejected:
        messages.error(request, rejected.messages[0])
        report = rejected.report
    if report.applied:
        upload_discard(token)
        entry["result"] = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        request.session.modified = True
        messages.success(request, _("Đã nhập xong tệp %(name)s.") % {"name": entry["filename"]})
        return redirect("spreadsheets:import_result", token=token)
    return render(request, "spreadsheets/import_preview.html", {**context, "report": report})


@require_safe
def import_result(request, token):
    require(request.user, writes_records)
    entry, battalion = _pending(request, token)
    if "result" not in entry:
        return redirect("spreadsheets:import_preview", token=token)
    return render(
        request,
        "spreadsheets/import_result.html",
        {"battalion": battalion, "filename": entry["filename"], "result": entry["result"]},
    )


def _cell_codes(user, battalion: Battalion | None = None) -> list[str]:
    """The codes a spreadsheet's cell column may hold: the cells in the user's scope."""
    cells = PartyCell.objects.visible_to(user)
    if battalion is not None:
        cells = cells.filter(battalion=battalion)
    return list(cells.order_by("code").values_list("code", flat=True).distinct())


@require_safe
def template_download(request):
    require(request.user, any_role)
    content = xlsx_bytes([template_example()], cells=_cell_codes(request.user))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoc-vien.xlsx"'
    return response


@reads_from_replica
@require_safe
def export_page(request):
    require(request.user, any_role)
    battalions = Battalion.objects.visible_to(request.user)
    context = {"battalions": battalions, "offers_full": reads_sensitive_details(request.user)}
    return render(request, "spreadsheets/export.html", context)


@reads_from_replica
@require_safe
def export_download(request, fmt):
    require(request.user, any_role)
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        # Another battalion's or a malformed id: no such export.
        raise Http404
    battalion = form.cleaned_data["tieu_doan"]
    full = form.cleaned_data["day_du"] and reads_sensitive_details(request.user)
    rows = cadet_export_rows(request.user, battalion, full=full)
    if fmt == "csv":
        response = HttpResponse(csv_bytes(rows), content_type=CSV_TYPE)
    else:
        content = xlsx_bytes(rows, cells=_cell_codes(request.user, battalion))
        response = HttpResponse(content, content_type=XLSX_TYPE)
    unit = slugify(battalion.code) if battalion else "tat-ca"
    complete = "-day-du" if full else ""
    name = f"hoc-vien-{unit}{complete}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
