"""The graduation hand-off screen and its download.

A cohort exists for the user when someone of it is in their scope (else 404). Every role reads;
only a role that writes records hands off (else 403). The screen calls one service,
members.transfers.cohort_hand_off.
"""

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import any_role, require, writes_records
from core.forms import add_service_errors
from members.choices import PersonKind, StudyStatus
from members.models import Person, Transfer
from members.names import search_key
from members.transfers import (
    MEMBER_STATUSES,
    cohort_hand_off,
    graduating_members,
    handed_off,
)

from .downloads import handoff_zip
from .forms import HandOffForm, PostingUploadForm
from .postings import read_postings

ZIP_CONTENT_TYPE = "application/zip"


@require_safe
def index(request):
    """The cohorts of the user's scope, with their members still to hand off."""
    role = require(request.user, any_role)
    cohorts = (
        Person.objects.visible_to(request.user)
        .filter(kind=PersonKind.CADET)
        .exclude(cohort="")
        .values("cohort")
        .annotate(
            graduation=Max("expected_graduation_date"),
            waiting=Count(
                "pk",
                filter=Q(study_status=StudyStatus.STUDYING, party_status__in=MEMBER_STATUSES),
            ),
            transferred=Count("pk", filter=Q(transfers__at_graduation=True)),
        )
        .order_by("-graduation", "cohort")
    )
    context = {"cohorts": cohorts, "can_write": role.writes_records, "today": timezone.localdate()}
    return render(request, "handoff/index.html", context)


def _cohort_people(request, cohort: str):
    people = Person.objects.visible_to(request.user).filter(cohort=cohort)
    if not people.exists():
        raise Http404
    return people


def cohort(request, cohort: str):
    role = require(request.user, any_role)
    people = _cohort_people(request, cohort)
    members = list(graduating_members(people, cohort).select_related("cell"))
    graduation = people.aggregate(day=Max("expected_graduation_date"))["day"]
    done = list(handed_off(Transfer.objects.visible_to(request.user), cohort))
    postings = None
    upload = PostingUploadForm()
    if request.method == "POST":
        require(request.user, writes_records)
        if "posting_list" in request.FILES:
            upload = PostingUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                file = upload.cleaned_data["posting_list"]
                try:
                    postings = read_postings(file.read(), file.name, members)
                except ValidationError as error:
                    for message in error.messages:
                        upload.add_error("posting_list", message)
                else:
                    messages.info(
                        request,
                        _("Đã đọc %(count)s dòng của danh sách; kiểm tra rồi bấm “Bàn giao”.")
                        % {"count": len(postings)},
                    )
            form = HandOffForm(members=members, graduation=graduation, postings=postings)
        else:
            form = HandOffForm(request.POST, members=members, graduation=graduation)
            if form.is_valid():
                try:
                    transfers = cohort_hand_off(
                        cohort=cohort,
                        graduation=form.cleaned_data["graduation"],
                        postings=form.postings(),
                        user=request.user,
                        seen_version=form.cleaned_data["seen_version"],
                    )
                except ValidationError as error:
                    _name_rows(form, error)
                else:
                    messages.success(
                        request,
                        _(
                            "Đã bàn giao %(count)s đảng viên khóa %(cohort)s; tải bộ giấy tờ "
                            "bên dưới."
                        )
                        % {"count": len(transfers), "cohort": cohort},
                    )
                    return redirect("handoff:cohort", cohort=cohort)
    else:
        form = HandOffForm(members=members, graduation=graduation)
    context = {
        "cohort": cohort,
        "form": form,
        "upload": upload,
        "members": members,
        "done": done,
        "can_write": role.writes_records,
        "zip_url": reverse("handoff:cohort_zip", kwargs={"cohort": cohort}),
    }
    return render(request, "handoff/cohort.html", context)


def _name_rows(form: HandOffForm, error: ValidationError) -> None:
    """The service keys a person's problems by their id: shown on the person's unit field."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for key, problems in error.message_dict.items():
        field = f"unit_{key}" if f"unit_{key}" in form.fields else None
        if key == "graduation":
            field = "graduation"
        for problem in problems:
            form.add_error(field, problem)


@require_safe
def cohort_zip(request, cohort: str):
    """Every letter, the committee's list and the probationary members' summaries, zipped."""
    require(request.user, any_role)
    transfers = list(handed_off(Transfer.objects.visible_to(request.user), cohort))
    if not transfers:
        raise Http404
    content = handoff_zip(
        transfers,
        cohort=cohort,
        graduation=transfers[0].introduced_on,
        prepared_by=request.user.get_full_name() or request.user.username,
    )
    name = slugify(search_key(f"ban giao {cohort} {transfers[0].introduced_on:%Y-%m-%d}"))
    response = FileResponse(
        BytesIO(content), as_attachment=True, filename=f"{name}.zip", content_type=ZIP_CONTENT_TYPE
    )
    # Party records are confidential: no shared or browser cache keeps a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response
