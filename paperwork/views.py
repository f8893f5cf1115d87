"""Document downloads, their print-friendly pages, the documents page and the worklist.

Every object is fetched through `get_visible_or_404`, so a document about someone outside the
user's scope does not exist for them. Documents are reads: every role with a scope may print
what it may see.
"""

from io import BytesIO
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import (
    any_role,
    get_visible_or_404,
    records_cell_work,
    require,
    writes_records,
)
from core.forms import add_service_errors
from core.scans import scan_content_type
from core.tables import EXPORTERS
from core.workdays import add_months
from members.choices import StepKind, TransferRoute
from members.models import Person, Transfer
from members.names import search_key
from resolutions.models import Resolution
from units.models import PartyCell

from . import documents, files, knd, services, transfer_documents
from .documents import Document, DocumentUnavailable
from .exports import worklist_battalion_table, worklist_table
from .forms import ConversionListForm, FileScanForm, WorklistFilterForm
from .rendering import DOCX_CONTENT_TYPE, render_docx
from .selectors import WorkKind, by_battalion, has_worklist, worklist, worklist_by_battalion

# The documents page offers the scorecards of the latest quarters; older ones are a click away
# on each resolution's page.
RECENT_RESOLUTIONS = 8


def _respond(request, document: Document, *, as_docx: bool, docx_url: str, **extra):
    """The .docx download, or the same content as a page to read and print."""
    if as_docx:
        response = FileResponse(
            BytesIO(render_docx(document)),
            as_attachment=True,
            filename=document.filename,
            content_type=DOCX_CONTENT_TYPE,
        )
        # Party records are confidential: no shared or browser cache keeps a copy.
        patch_cache_control(response, private=True, no_store=True)
        return response
    context = {**document.context, "document": document, "docx_url": docx_url, **extra}
    return render(request, f"paperwork/print/{document.template}.html", context)


def _person_document(request, pk: int, build, url_name: str, as_docx: bool):
    require(request.user, any_role)
    person = get_visible_or_404(Person.objects.select_related("cell"), request.user, pk=pk)
    try:
        document = build(person)
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error
    return _respond(
        request,
        document,
        as_docx=as_docx,
        docx_url=reverse(f"paperwork:{url_name}_docx", args=[pk]),
        back_url=reverse("members:person_detail", args=[pk]),
    )


@require_safe
def admission_resolution(request, pk: int, as_docx: bool = False):
    return _person_document(
        request, pk, documents.admission_resolution, "admission_resolution", as_docx
    )


@require_safe
def transfer_letter_docx(request, pk: int):
    """The introduction letter of a transfer that leaves a cell of the academy."""
    require(request.user, any_role)
    transfer = get_visible_or_404(
        Transfer.objects.exclude(route=TransferRoute.IN).select_related(
            "person", "from_cell__battalion__academy", "to_battalion__academy", "to_cell"
        ),
        request.user,
        pk=pk,
    )
    return _respond(
        request, transfer_documents.transfer_letter(transfer), as_docx=True, docx_url=""
    )


@require_safe
def conversion_resolution(request, pk: int, as_docx: bool = False):
    return _person_document(
        request, pk, documents.conversion_resolution, "conversion_resolution", as_docx
    )


@require_safe
def candidate_list(request, cell_pk: int, as_docx: bool = False):
    require(request.user, any_role)
    cells = PartyCell.objects.select_related("battalion")
    cell = get_visible_or_404(cells, request.user, pk=cell_pk)
    document = documents.candidate_list(cell, today=timezone.localdate())
    return _respond(
        request,
        document,
        as_docx=as_docx,
        docx_url=reverse("paperwork:candidate_list_docx", args=[cell_pk]),
        back_url=reverse("paperwork:index"),
    )


@require_safe
def resolution_scorecard(request, pk: int, as_docx: bool = False):
    require(request.user, any_role)
    resolutions = Resolution.objects.select_related("battalion__academy")
    resolution = get_visible_or_404(resolutions, request.user, pk=pk)
    document = documents.resolution_scorecard(resolution, request.user, today=timezone.localdate())
    return _respond(
        request,
        document,
        as_docx=as_docx,
        docx_url=reverse("paperwork:resolution_scorecard_docx", args=[pk]),
        back_url=reverse("resolutions:detail", args=[pk]),
    )


def _next_month(today) -> str:
    following = add_months(today.replace(day=1), 1)
    return f"{following.month:02d}/{following.year}"


@require_safe
def conversion_list(request, as_docx: bool = False):
    require(request.user, any_role)
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("thang", _next_month(today))
    form = ConversionListForm(data, user=request.user)
    if not form.is_valid():
        if as_docx:
            raise Http404
        return render(request, "paperwork/print/chuyen-dang.html", {"form": form})
    month, cell = form.cleaned_data["thang"], form.cleaned_data["chi_bo"]
    document = documents.conversion_list(
        request.user, year=month.year, month=month.month, cell=cell, today=today
    )
    query = data.urlencode()
    return _respond(
        request,
        document,
        as_docx=as_docx,
        docx_url=f"{reverse('paperwork:conversion_list_docx')}?{query}",
        back_url=reverse("paperwork:index"),
        form=form,
    )


@require_safe
def index(request):
    """Every document the user may print, gathered in one place."""
    require(request.user, any_role)
    today = timezone.localdate()
    people = Person.objects.visible_to(request.user).select_related("cell")
    context = {
        "cells": PartyCell.objects.visible_to(request.user).select_related("battalion"),
        # The cell's resolution goes up while the committee resolves and the decision is taken.
        "awaiting_admission": people.filter(
            next_step__in=[StepKind.COMMITTEE_VOTE, StepKind.DECISION]
        ),
        "awaiting_conversion": people.filter(
            next_step__in=[StepKind.CONVERSION_COMMITTEE, StepKind.CONVERSION_DECISION]
        ),
        "resolutions": Resolution.objects.visible_to(request.user).select_related("battalion")[
            :RECENT_RESOLUTIONS
        ],
        "form": ConversionListForm(initial={"thang": _next_month(today)}, user=request.user),
        "show_worklist": has_worklist(request.user.role_enum),
    }
    return render(request, "paperwork/index.html", context)


def _filtered_worklist(request, today):
    """The filter form, the user's worklist and, for a whole academy with no unit chosen, its
    rows by battalion instead of the items (the cadets of a battalion are planned when it is
    chosen). None for both when the filter is bad."""
    user = request.user
    form = WorklistFilterForm(
        request.GET or None, user=user, kinds=WorkKind.choices, by_battalion=by_battalion(user)
    )
    if form.is_bound and not form.is_valid():
        return form, None, None
    battalion_id = form.battalion_id()
    if battalion_id is None and by_battalion(user):
        return form, [], form.keep_rows(worklist_by_battalion(user, today=today))
    return form, form.keep(worklist(user, today=today, battalion_id=battalion_id)), None


@require_safe
def worklist_page(request):
    require(request.user, has_worklist)
    today = timezone.localdate()
    form, items, battalions = _filtered_worklist(request, today)
    if items is None:
        return HttpResponseBadRequest(form.errors.as_text(), content_type="text/plain")
    kind = form.kind()
    return render(
        request,
        "paperwork/worklist.html",
        {
            "items": items,
            "battalions": battalions,
            "total": sum(row.total for row in battalions) if battalions else len(items),
            "overdue": sum(row.overdue for row in battalions)
            if battalions
            else sum(1 for item in items if item.is_overdue),
            # The battalion's own worklist, the kind chosen kept.
            "drill_query": f"&{urlencode({'viec': kind})}" if kind else "",
            "today": today,
            "filter_form": form,
            "can_act": records_cell_work(request.user.role_enum),
        },
    )


@require_safe
def worklist_export(request, fmt: str):
    """The worklist as on screen, as CSV or XLSX."""
    require(request.user, has_worklist)
    if fmt not in EXPORTERS:
        raise Http404
    today = timezone.localdate()
    form, items, battalions = _filtered_worklist(request, today)
    if items is None:
        return HttpResponseBadRequest(form.errors.as_text(), content_type="text/plain")
    if battalions is not None:
        table = worklist_battalion_table(battalions)
    else:
        table = worklist_table(items)
    return EXPORTERS[fmt](table, f"viec-can-lam-{today:%Y%m%d}")


@require_safe
def person_form(request, pk: int, key: str, as_docx: bool = False):
    """A form of the person's file (12-HD/BTCTW) filled from the records: the print page, or
    the .docx. A form the records cannot fill yet does not exist (404)."""
    person = _file_person(request, pk)
    try:
        document = knd.person_form(person, key)
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error
    return _respond(
        request,
        document,
        as_docx=as_docx,
        docx_url=reverse("dossier:form_docx", args=[pk, key]),
        back_url=reverse("dossier:file", args=[pk]),
    )


def _file_person(request, pk: int, can=any_role) -> Person:
    """The person whose file it is, through the user's scope (404 outside it, as on the person's
    page), for a role that `can` (403 otherwise)."""
    person = get_visible_or_404(Person.objects.select_related("cell"), request.user, pk=pk)
    require(request.user, can)
    return person


def _file_page(request, person: Person, form=None, status: int = 200):
    items = files.person_file(person)
    can_upload = writes_records(request.user.role_enum)
    if can_upload and form is None:
        form = FileScanForm(codes=files.file_codes(person))
    context = {
        "person": person,
        "items": items,
        "present": sum(1 for item in items if item.present),
        "missing": [item for item in items if not item.present],
        "form": form if can_upload else None,
        "can_upload": can_upload,
    }
    return render(request, "paperwork/file.html", context, status=status)


@require_safe
def person_file(request, pk: int):
    """The person's file: every form the procedure needs so far, present or missing."""
    return _file_page(request, _file_person(request, pk))


@require_safe
def person_file_zip(request, pk: int):
    """The whole file in one zip: the generated forms (.docx) and the signed scans."""
    person = _file_person(request, pk)
    response = FileResponse(
        BytesIO(files.file_zip(person, files.person_file(person))),
        as_attachment=True,
        filename=f"ho-so_{slugify(search_key(person.full_name))}_{person.code}.zip",
        content_type="application/zip",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def file_scan_upload(request, pk: int):
    person = _file_person(request, pk, writes_records)
    form = FileScanForm(request.POST, request.FILES, codes=files.file_codes(person))
    if form.is_valid():
        try:
            scan = services.file_scan_upload(
                person=person,
                form_code=form.cleaned_data["form_code"],
                upload=form.cleaned_data["file"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã lưu bản quét %(code)s (%(name)s).")
                % {"code": scan.form_code, "name": scan.original_name},
            )
            return redirect("dossier:file", pk=person.pk)
    return _file_page(request, person, form)


@require_safe
def file_scan(request, pk: int, scan_pk: int):
    """A signed scan, only through this scoped view: MEDIA_ROOT has no public URL."""
    person = _file_person(request, pk)
    scan = get_object_or_404(person.file_scans.current(), pk=scan_pk)
    response = FileResponse(
        scan.file.open("rb"),
        content_type=scan_content_type(scan.file.name),
        filename=f"{files.ascii_code(scan.form_code)}_ban-ky-{scan.pk}.{scan.extension}",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def file_scan_delete(request, pk: int, scan_pk: int):
    person = _file_person(request, pk, writes_records)
    scan = get_object_or_404(person.file_scans.current(), pk=scan_pk)
    services.file_scan_remove(scan=scan, user=request.user)
    messages.success(
        request,
        _("Đã gỡ bản quét %(code)s (%(name)s); lịch sử vẫn giữ.")
        % {"code": scan.form_code, "name": scan.original_name},
    )
    return redirect("dossier:file", pk=person.pk)
