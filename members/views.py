"""Pages of the members app: the people list, the person's page, the step forms and the board.

Every view fetches through `visible_to(user)` first (outside the scope: 404), then checks the
role (a read-only role: 403), validates with a form and calls one service.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import (
    any_role,
    get_visible_or_404,
    reads_sensitive_details,
    records_cell_work,
    require,
    writes_records,
)
from core.forms import add_service_errors
from core.paging import list_page
from core.sorting import Sorting
from core.tables import EXPORTERS
from units.models import Battalion, PartyCell

from . import selectors, services
from .choices import PartyStatus, StudyStatus
from .exports import board_table, people_table
from .filters import PersonFilter
from .forms import (
    AssignmentForm,
    CellRatingSheet,
    EvaluationForm,
    PersonConfirmForm,
    PersonCreateForm,
    PersonEditForm,
    PersonMoveForm,
    PlanningPaceForm,
    RatingYearForm,
    StepCorrectForm,
    StepForm,
)
from .models import AdmissionStep, Person
from .plans import battalion_pace, battalion_pace_save
from .profile import shown_values
from .rules import get_rules
from .selectors import (
    BOARD_SORTS,
    PEOPLE_SORTS,
    awaiting_evaluation,
    cell_board,
    next_step_kinds,
    people_visible,
    person_record,
)
from .stored_plans import stored_plan_for
from .temporary import temporary_members_on

PAGE_SIZE = 50
# The list links every board of the user's cells up to this many; a whole academy has 1,200
# cells, whose links made a third of the list's page (issue 17): there the chosen cell's only.
BOARD_LINKS_MAX = 30


def _person_for(request, pk: int, can=any_role) -> Person:
    """The person if the user may see them (else 404) and the role allows `can` (else 403)."""
    person = get_visible_or_404(Person.objects.select_related("cell"), request.user, pk=pk)
    require(request.user, can)
    return person


def _refuse_read_only(request, person: Person):
    """The services refuse every write on a read-only person; the pages say so before a form."""
    messages.error(request, services.READ_ONLY_MESSAGE)
    return redirect("members:person_detail", pk=person.pk)


def _form_page(request, form, title: str, person: Person):
    """A form about one person, on the shared form page; cancelling goes back to the person."""
    cancel_url = reverse("members:person_detail", args=[person.pk])
    context = {"form": form, "title": title, "cancel_url": cancel_url}
    return render(request, "form_page.html", context)


def _person_filter(request, today) -> PersonFilter:
    # Graduated and withdrawn cadets stay on record but are seldom looked for: the list starts
    # with the people still in the unit, and "Tất cả" (an empty value) shows everyone.
    data = request.GET.copy()
    data.setdefault("study_status", StudyStatus.STUDYING)
    return PersonFilter(
        data,
        queryset=people_visible(request.user, today=today),
        user=request.user,
        today=today,
    )


@require_safe
def person_list(request):
    require(request.user, any_role)
    today = timezone.localdate()
    person_filter = _person_filter(request, today)
    sorting = Sorting(request.GET, PEOPLE_SORTS, default="ten")
    page = list_page(sorting.apply(person_filter.qs), request.GET.get("page"), PAGE_SIZE)
    cells = list(PartyCell.objects.visible_to(request.user)[: BOARD_LINKS_MAX + 1])
    many_cells = len(cells) > BOARD_LINKS_MAX
    if many_cells:
        chosen = person_filter.form.cleaned_data.get("cell") if person_filter.is_valid() else None
        cells = [chosen] if chosen else []
    context = {
        "filter": person_filter,
        "sorting": sorting,
        "page": page,
        "cells": cells,
        "many_cells": many_cells,
        "can_write": request.user.role_enum.writes_records,
        # On a phone the filters fold away unless some are in use.
        "filters_active": any(
            value for name, value in request.GET.items() if name not in ("page", "sap_xep")
        ),
    }
    template = "members/includes/_person_table.html" if request.htmx else "members/person_list.html"
    response = render(request, template, context)
    # The same address answers with the whole page or only the table: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def person_list_export(request, fmt: str):
    """The list with the filters and the order on screen, every page of it, as CSV or XLSX."""
    require(request.user, any_role)
    if fmt not in EXPORTERS:
        raise Http404
    today = timezone.localdate()
    person_filter = _person_filter(request, today)
    if not person_filter.is_valid():
        return HttpResponseBadRequest(person_filter.errors.as_text(), content_type="text/plain")
    sorting = Sorting(request.GET, PEOPLE_SORTS, default="ten")
    table = people_table(sorting.apply(person_filter.qs), today=today)
    return EXPORTERS[fmt](table, f"hoc-vien-{today:%Y%m%d}")


def person_create(request):
    require(request.user, writes_records)
    form = PersonCreateForm(
        request.POST or None, user=request.user, cohorts=selectors.cohorts_visible(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                cell=form.cleaned_data["cell"],
                joined_on=form.cleaned_data["joined_on"],
                **form.person_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": person.full_name})
            return redirect("members:person_detail", pk=person.pk)
    context = {
        "form": form,
        "title": _("Thêm học viên / cán bộ"),
        "cancel_url": reverse("members:person_list"),
    }
    return render(request, "form_page.html", context)


def person_edit(request, pk: int):
    person = _person_for(request, pk, writes_records)
    if person.is_read_only:
        return _refuse_read_only(request, person)
    title = _("Sửa hồ sơ %(name)s") % {"name": person.full_name}
    form = PersonEditForm(
        request.POST or None,
        instance=person,
        cohorts=selectors.cohorts_visible(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                seen_version=form.cleaned_data["seen_version"],
                **form.person_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("members:person_detail", pk=person.pk)
    return _form_page(request, form, title, person)


def person_move(request, pk: int):
    person = _person_for(request, pk, writes_records)
    if person.is_read_only:
        return _refuse_read_only(request, person)
    form = PersonMoveForm(
        request.POST or None, person=person, user=request.user, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_move(
                person=person,
                cell=form.cleaned_data["cell"],
                on=form.cleaned_data["on"],
                seen_version=form.cleaned_data["seen_version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã chuyển %(name)s sang %(cell)s.")
                % {"name": person.full_name, "cell": form.cleaned_data["cell"]},
            )
            return redirect("members:person_detail", pk=person.pk)
    title = _("Chuyển chi bộ: %(name)s (đang ở %(cell)s)") % {
        "name": person.full_name,
        "cell": person.cell,
    }
    return _form_page(request, form, title, person)


@require_safe
def person_detail(request, pk: int):
    person = _person_for(request, pk)
    role = request.user.role_enum
    editable = not person.is_read_only
    today = timezone.localdate()
    context = {
        "record": person_record(person, today=today),
        "plan": stored_plan_for(person, today=today),
        "person": person,
        "sensitive": shown_values(person, full=reads_sensitive_details(request.user)),
        # The buttons on the page (extend a deadline) send the version they were shown with.
        "confirm_form": PersonConfirmForm(record=person),
        "can_write": role.writes_records and editable,
        "can_record": role.records_cell_work and editable,
        "is_member": person.party_status in (PartyStatus.PROBATIONARY, PartyStatus.OFFICIAL),
        "is_evaluated": person.party_status in (PartyStatus.NON_MEMBER, PartyStatus.CANDIDATE),
    }
    return render(request, "members/person_detail.html", context)


def step_create(request, pk: int):
    person = _person_for(request, pk, records_cell_work)
    if person.is_read_only:
        return _refuse_read_only(request, person)
    kinds = next_step_kinds(person)
    # A link (the worklist's) may ask for one of the possible steps: it is offered first.
    asked = request.GET.get("kind")
    kinds.sort(key=lambda kind: kind.value != asked)
    if not kinds:
        messages.info(request, _("Hồ sơ đã đi hết các bước, không còn bước nào để ghi."))
        return redirect("members:person_detail", pk=person.pk)
    form = StepForm(
        request.POST or None,
        person=person,
        user=request.user,
        kinds=kinds,
        today=timezone.localdate(),
        day=_date_asked(request),
    )
    form.follow_meeting_day(request.path)
    if request.method == "POST" and form.is_valid():
        try:
            step = services.step_record(
                person=person,
                user=request.user,
                seen_version=form.cleaned_data["seen_version"],
                **form.step_details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Đã ghi bước “%(step)s”.") % {"step": step.get_kind_display()}
            )
            return redirect("members:person_detail", pk=person.pk)
    return _step_page(request, form, person)


def _step_page(request, form: StepForm, person: Person, step: AdmissionStep | None = None):
    context = {
        "form": form,
        "person": person,
        "step": step,
        "page_data": StepForm.page_data(),
        "roll": form.official_roll(),
    }
    return render(request, "members/step_form.html", context)


def _step_for(request, pk: int, can) -> AdmissionStep:
    """The step if the user may see its person (else 404) and the role allows `can` (else 403):
    the person's scope decides, as everywhere else."""
    step = get_object_or_404(
        AdmissionStep.objects.select_related("person__cell__battalion", "cell__battalion"),
        pk=pk,
        person__in=Person.objects.visible_to(request.user),
    )
    require(request.user, can)
    return step


def step_edit(request, pk: int):
    """Correct a recorded step; the whole timeline is checked again before it is saved."""
    step = _step_for(request, pk, writes_records)
    person = step.person
    if person.is_read_only:
        return _refuse_read_only(request, person)
    form = StepCorrectForm(
        request.POST or None,
        step=step,
        user=request.user,
        today=timezone.localdate(),
        day=_date_asked(request),
    )
    form.follow_meeting_day(request.path)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_correct(
                step=step, seen_version=form.cleaned_data["seen_version"], **form.correction()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Đã sửa bước “%(step)s”.") % {"step": step.get_kind_display()}
            )
            return redirect("members:person_detail", pk=person.pk)
    return _step_page(request, form, person, step)


def _date_asked(request):
    """The meeting day in ?date=dd/mm/yyyy (the step form asks for its figure when the date
    changes); a date that does not parse is ignored."""
    try:
        return forms.DateField(required=False).clean(request.GET.get("date"))
    except ValidationError:
        return None


def step_delete_last(request, pk: int):
    person = _person_for(request, pk, writes_records)
    if person.is_read_only:
        return _refuse_read_only(request, person)
    last = person.steps.select_related("cell").order_by("-date", "-id").first()
    if last is None:
        messages.info(request, _("Chưa có bước nào để xóa."))
        return redirect("members:person_detail", pk=person.pk)
    form = PersonConfirmForm(request.POST or None, record=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_delete_last(person=person, seen_version=form.cleaned_data["seen_version"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Đã xóa bước “%(step)s”.") % {"step": last.get_kind_display()}
            )
            return redirect("members:person_detail", pk=person.pk)
    context = {"person": person, "step": last, "form": form}
    return render(request, "members/step_delete_confirm.html", context)


@require_POST
def step_extend(request, pk: int):
    step = _step_for(request, pk, writes_records)
    form = PersonConfirmForm(request.POST, record=step.person)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect("members:person_detail", pk=step.person_id)
    try:
        services.step_extend_deadline(step=step, seen_version=form.cleaned_data["seen_version"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã ghi việc cấp trên gia hạn thời gian xét sau bước “%(step)s”.")
            % {"step": step.get_kind_display()},
        )
    return redirect("members:person_detail", pk=step.person_id)


@require_safe
def person_history(request, pk: int):
    person = _person_for(request, pk)
    entries = selectors.person_history(person, full=reads_sensitive_details(request.user))
    context = {"person": person, "entries": entries}
    return render(request, "members/person_history.html", context)


def assignment_create(request, pk: int):
    person = _person_for(request, pk, records_cell_work)
    if person.is_read_only:
        return _refuse_read_only(request, person)
    form = AssignmentForm(
        request.POST or None, person=person, user=request.user, today=timezone.localdate()
    )
    return _save_cell_work(
        request,
        person,
        form,
        lambda data: services.assignment_create(seen_on=person, **data),
        success=_("Đã ghi phân công giúp đỡ."),
        title=_("Phân công giúp đỡ: %(name)s") % {"name": person.full_name},
    )


def evaluation_create(request, pk: int):
    person = _person_for(request, pk, records_cell_work)
    if person.is_read_only:
        return _refuse_read_only(request, person)
    form = EvaluationForm(
        request.POST or None, initial={"date": timezone.localdate()}, person=person
    )
    return _save_cell_work(
        request,
        person,
        form,
        lambda data: services.evaluation_record(person=person, user=request.user, **data),
        success=_("Đã ghi đánh giá."),
        title=_("Chi bộ đánh giá %(name)s") % {"name": person.full_name},
    )


def _save_cell_work(request, person, form, save, *, success: str, title: str):
    """The cell's records share one flow: validate, call one service, show a refusal on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("members:person_detail", pk=person.pk)
    return _form_page(request, form, title, person)


def cell_ratings(request, pk: int):
    """A cell's yearly quality ratings on one page (?nam=year), saved and checked as one set."""
    cell = get_visible_or_404(PartyCell.objects.select_related("battalion"), request.user, pk=pk)
    require(request.user, records_cell_work)
    year_form = RatingYearForm(request.GET or {"nam": timezone.localdate().year})
    context = {"cell": cell, "year_form": year_form, "sheet": None}
    if not year_form.is_valid():
        return render(request, "members/cell_ratings.html", context)
    year = year_form.cleaned_data["nam"]
    sheet = CellRatingSheet(request.POST or None, cell=cell, year=year)
    if request.method == "POST" and sheet.is_valid():
        try:
            services.cell_ratings_record(
                cell=cell,
                year=year,
                ratings=sheet.ratings(),
                seen_version=sheet.version.cleaned_data["seen_version"],
            )
        except ValidationError as error:
            sheet.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Đã lưu xếp loại chất lượng năm %(year)s của %(cell)s.")
                % {"year": year, "cell": cell.name},
            )
            return redirect(f"{reverse('members:cell_ratings', args=[cell.pk])}?nam={year}")
    context.update(sheet=sheet, year=year, cap=get_rules().excellent_share_of_good * 100)
    return render(request, "members/cell_ratings.html", context)


@require_safe
def board(request, pk: int):
    cell = get_visible_or_404(PartyCell.objects.select_related("battalion"), request.user, pk=pk)
    today = timezone.localdate()
    rows = cell_board(cell, today=today)
    sorting = Sorting(request.GET, BOARD_SORTS)
    context = {
        "cell": cell,
        "rows": sorting.sort_rows(rows),
        "sorting": sorting,
        "awaiting": awaiting_evaluation(rows, today=today),
        "temporary_members": temporary_members_on(cell, today),
    }
    return render(request, "members/board.html", context)


def planning_pace(request, pk: int):
    """The clerk sets the battalion's pace for the admission plans (blank: its medians)."""
    battalion = get_visible_or_404(Battalion, request.user, pk=pk)
    require(request.user, writes_records)
    today = timezone.localdate()
    medians = battalion_pace([battalion.pk], today=today)[battalion.pk]
    form = PlanningPaceForm(request.POST or None, battalion=battalion, current=medians)
    if request.method == "POST" and form.is_valid():
        try:
            battalion_pace_save(
                battalion=battalion,
                pace=form.pace(),
                seen_version=form.cleaned_data.get("seen_version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu nhịp độ lập kế hoạch kết nạp."))
            return redirect("members:planning_pace", pk=battalion.pk)
    title = _("Nhịp độ lập kế hoạch kết nạp: %(battalion)s") % {"battalion": battalion.name}
    context = {"form": form, "title": title, "cancel_url": reverse("home")}
    return render(request, "form_page.html", context)


@require_safe
def board_export(request, pk: int, fmt: str):
    """The cell's board as on screen (the most urgent first, or the column sorted by), as CSV
    or XLSX."""
    require(request.user, any_role)
    if fmt not in EXPORTERS:
        raise Http404
    cell = get_visible_or_404(PartyCell.objects.all(), request.user, pk=pk)
    today = timezone.localdate()
    rows = Sorting(request.GET, BOARD_SORTS).sort_rows(cell_board(cell, today=today))
    table = board_table(rows, cell_name=cell.name, today=today)
    return EXPORTERS[fmt](table, f"bang-theo-doi-{cell.code}-{today:%Y%m%d}")
