"""Pages of the transfers of party activity: the list, a member's transfer, an arrival from
outside, and the receipt; and the members of other organisations attending a cell temporarily.
Fetch through visible_to (else 404), check the role (else 403), validate with a form, call one
service of members.transfers or members.temporary."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import any_role, get_visible_or_404, require, writes_records
from core.forms import add_service_errors

from . import temporary, transfers
from .choices import TransferRoute, TransferState
from .models import TemporaryMember, Transfer
from .transfer_forms import (
    TemporaryArrivalForm,
    TemporaryEndForm,
    TemporaryExtendForm,
    TransferInForm,
    TransferOutForm,
    TransferReceiveForm,
)
from .views import _person_for, _refuse_read_only


@require_safe
def transfer_list(request):
    role = require(request.user, any_role)
    context = {
        "transfers": transfers.transfers_visible(request.user),
        "can_write": role.writes_records,
        "today": timezone.localdate(),
        "sent": TransferState.SENT,
    }
    return render(request, "members/transfer_list.html", context)


def transfer_create(request, pk: int):
    person = _person_for(request, pk, writes_records)
    # A post is checked by its form first, so that a page gone stale says what changed.
    if person.is_read_only and request.method != "POST":
        return _refuse_read_only(request, person)
    form = TransferOutForm(request.POST or None, person=person, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "person": person,
            "kind": data["kind"],
            "introduced_on": data["introduced_on"],
            "letter_number": data["letter_number"],
            "until": data["until"],
            "reason": data["reason"],
            "user": request.user,
            "seen_version": data["seen_version"],
        }
        try:
            if data["route"] == TransferRoute.BETWEEN:
                transfers.transfer_between(to_battalion=data["to_battalion"], **common)
            else:
                transfers.transfer_out(
                    outside_unit=data["outside_unit"],
                    outside_committee=data["outside_committee"],
                    **common,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi chuyển sinh hoạt đảng của %(name)s; tải giấy giới thiệu bên dưới.")
                % {"name": person.full_name},
            )
            return redirect("members:person_detail", pk=person.pk)
    title = _("Chuyển sinh hoạt đảng: %(name)s (%(cell)s)") % {
        "name": person.full_name,
        "cell": person.cell,
    }
    context = {
        "form": form,
        "title": title,
        "cancel_url": reverse("members:person_detail", args=[person.pk]),
    }
    return render(request, "form_page.html", context)


def transfer_in(request):
    require(request.user, writes_records)
    form = TransferInForm(request.POST or None, user=request.user, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = transfers.transfer_in(
                cell=data["cell"],
                introduced_on=data["introduced_on"],
                arrived_on=data["arrived_on"],
                outside_unit=data["outside_unit"],
                outside_committee=data["outside_committee"],
                admitted_on=data["admitted_on"],
                admission_number=data["admission_number"],
                admitted_by=data["admitted_by"],
                ceremony_on=data["ceremony_on"],
                official_on=data["official_on"],
                official_number=data["official_number"],
                letter_number=data["letter_number"],
                user=request.user,
                **{name: data[name] for name in TransferInForm.PERSON_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã tiếp nhận %(name)s chuyển sinh hoạt đảng đến.")
                % {"name": transfer.person.full_name},
            )
            return redirect("members:person_detail", pk=transfer.person_id)
    context = {
        "form": form,
        "title": _("Tiếp nhận đảng viên chuyển sinh hoạt đảng từ ngoài Học viện đến"),
        "cancel_url": reverse("members:transfer_list"),
    }
    return render(request, "form_page.html", context)


def transfer_receive(request, pk: int):
    transfer = get_visible_or_404(
        Transfer.objects.select_related("person", "to_battalion"), request.user, pk=pk
    )
    require(request.user, writes_records)
    if transfer.state != TransferState.SENT and request.method != "POST":
        messages.error(request, _("Giấy giới thiệu này đã được tiếp nhận."))
        return redirect("members:transfer_list")
    form = TransferReceiveForm(
        request.POST or None, transfer=transfer, user=request.user, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        try:
            transfers.transfer_receive(
                transfer=transfer,
                received_on=form.cleaned_data["received_on"],
                cell=form.cleaned_data.get("cell"),
                seen_version=form.cleaned_data["seen_version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nơi đến tiếp nhận."))
            return redirect("members:transfer_list")
    title = _("Tiếp nhận: %(name)s, %(route)s") % {
        "name": transfer.person.full_name,
        "route": transfer.get_route_display().lower(),
    }
    context = {"form": form, "title": title, "cancel_url": reverse("members:transfer_list")}
    return render(request, "form_page.html", context)


@require_safe
def temporary_list(request):
    role = require(request.user, any_role)
    today = timezone.localdate()
    visible = temporary.temporary_visible(request.user)
    present = set(visible.present_on(today).values_list("pk", flat=True))
    context = {
        "attendances": visible,
        "present": present,
        "can_write": role.writes_records,
        "today": today,
    }
    return render(request, "members/temporary_list.html", context)


def temporary_create(request):
    require(request.user, writes_records)
    form = TemporaryArrivalForm(request.POST or None, user=request.user, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            attendance = temporary.temporary_arrive(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi đồng chí %(name)s sinh hoạt đảng tạm thời tại %(cell)s.")
                % {"name": attendance.full_name, "cell": attendance.cell},
            )
            return redirect("members:temporary_list")
    context = {
        "form": form,
        "title": _("Tiếp nhận đảng viên sinh hoạt đảng tạm thời"),
        "cancel_url": reverse("members:temporary_list"),
    }
    return render(request, "form_page.html", context)


def _change_attendance(request, pk: int, *, form_class, form_kwargs, change, done: str, title: str):
    """One change to a temporary attendance (end early, extend): the attendance in the user's
    scope (else 404), a clerk (else 403), the form, then `change(attendance, cleaned_data)`
    calling the service; its refusals land on the form. `title` takes %(name)s and %(cell)s."""
    attendance = get_visible_or_404(
        TemporaryMember.objects.select_related("cell"), request.user, pk=pk
    )
    require(request.user, writes_records)
    form = form_class(request.POST or None, attendance=attendance, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            change(attendance, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("members:temporary_list")
    context = {
        "form": form,
        "title": title % {"name": attendance.full_name, "cell": attendance.cell},
        "cancel_url": reverse("members:temporary_list"),
    }
    return render(request, "form_page.html", context)


def temporary_end(request, pk: int):
    return _change_attendance(
        request,
        pk,
        form_class=TemporaryEndForm,
        form_kwargs={"today": timezone.localdate()},
        change=lambda attendance, data: temporary.temporary_end(
            attendance=attendance,
            ended_on=data["ended_on"],
            end_letter_number=data["end_letter_number"],
            seen_version=data.get("seen_version"),
        ),
        done=_("Đã ghi kết thúc sinh hoạt đảng tạm thời."),
        title=_("Kết thúc sớm sinh hoạt tạm thời: %(name)s, %(cell)s"),
    )


def temporary_extend(request, pk: int):
    return _change_attendance(
        request,
        pk,
        form_class=TemporaryExtendForm,
        form_kwargs={},
        change=lambda attendance, data: temporary.temporary_extend(
            attendance=attendance,
            until=data["until"],
            extension_number=data["extension_number"],
            seen_version=data.get("seen_version"),
        ),
        done=_("Đã ghi gia hạn sinh hoạt đảng tạm thời."),
        title=_("Gia hạn sinh hoạt tạm thời: %(name)s, %(cell)s"),
    )
