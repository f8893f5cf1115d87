"""Members of another organisation attending a cell temporarily (sinh hoạt đảng tạm thời đến):
the writes, and the reads pages need.

Quy định 232-QĐ/TW (2025) point 6.3.2, as 24-QĐ/TW (2021) before it: a member transferred
temporarily keeps every duty and right at their official organisation; "ở nơi sinh hoạt tạm thời
thì trừ quyền biểu quyết, ứng cử và bầu cử" — at the cell they attend they speak but do not vote,
stand or elect, and they are not counted in its membership. They are therefore kept apart from
Person: no count of the cell's official members, no vote's 2/3, no report, tally or introducer
list reads TemporaryMember. Hướng dẫn 01-HD/TW (2021) point 10.2.2 sets the periods (3 to under
12 months; courses of 3 to 24 months): rules.temporary_attendance_max_months.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import BY_CODE, SeenVersion, lock_unchanged_since
from core.dates import dmy
from core.workdays import add_months
from units.models import PartyCell

from . import services
from .choices import PartyStatus
from .models import TemporaryMember
from .rules import get_rules

REQUIRED = {
    "full_name": gettext_lazy("Ghi họ và tên đảng viên."),
    "home_unit": gettext_lazy("Ghi đơn vị nơi đảng viên sinh hoạt chính thức."),
    "home_committee": gettext_lazy("Ghi cấp ủy nơi đảng viên sinh hoạt chính thức."),
    "letter_number": gettext_lazy("Ghi số giấy giới thiệu sinh hoạt đảng tạm thời."),
}


@transaction.atomic
def temporary_arrive(
    *,
    cell: PartyCell,
    full_name: str,
    date_of_birth: datetime.date,
    gender: str,
    party_status: str,
    home_unit: str,
    home_committee: str,
    letter_number: str,
    start_date: datetime.date,
    until: datetime.date,
    reason: str = "",
    user=None,
) -> TemporaryMember:
    """Record a member of another organisation who attends `cell` from `start_date` to `until`
    (both included) with their letter of temporary transfer."""
    attendance = TemporaryMember(
        cell=cell,
        full_name=full_name.strip(),
        date_of_birth=date_of_birth,
        gender=gender,
        party_status=party_status,
        home_unit=home_unit.strip(),
        home_committee=home_committee.strip(),
        letter_number=letter_number.strip(),
        start_date=start_date,
        until=until,
        reason=reason.strip(),
        recorded_by=user,
    )
    errors: dict[str, list[str]] = {
        field: [str(message)]
        for field, message in REQUIRED.items()
        if not getattr(attendance, field)
    }
    if party_status not in (PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY):
        errors["party_status"] = [
            _("Chỉ đảng viên (dự bị hoặc chính thức) mới sinh hoạt đảng tạm thời.")
        ]
    if start_date > services.today():
        errors["start_date"] = [_("Ngày bắt đầu sinh hoạt tạm thời không được ở tương lai.")]
    too_long = _beyond_longest_period(start_date, until)
    if until < start_date:
        errors["until"] = [_("Ngày kết thúc không được trước ngày bắt đầu.")]
    elif too_long:
        errors["until"] = [too_long]
    if errors:
        raise ValidationError(errors)
    attendance.full_clean(exclude=["recorded_by"])
    attendance.save()
    return attendance


def _beyond_longest_period(start_date: datetime.date, until: datetime.date) -> str:
    """The refusal when `until` lies past the longest temporary stay counted from `start_date`
    (an arrival and an extension are held to the same limit), else ""."""
    months = get_rules().temporary_attendance_max_months
    last = add_months(start_date, months)
    if until <= last:
        return ""
    return _(
        "Thời hạn sinh hoạt tạm thời dài nhất %(months)s tháng, đến ngày %(last)s "
        "(Hướng dẫn 01-HD/TW, điểm 10.2.2)."
    ) % {"months": months, "last": dmy(last)}


def _lock_open(attendance: TemporaryMember, seen_version: SeenVersion) -> None:
    """Lock the attendance as the form saw it and read it again; one already ended changes no
    more (end early and extend both start here)."""
    lock_unchanged_since(attendance, seen_version)
    attendance.refresh_from_db()
    if attendance.ended_on is not None:
        raise ValidationError(
            _("Thời gian sinh hoạt tạm thời này đã kết thúc ngày %(date)s.")
            % {"date": dmy(attendance.ended_on)},
            code="ended",
        )


@transaction.atomic
def temporary_end(
    *,
    attendance: TemporaryMember,
    ended_on: datetime.date,
    end_letter_number: str = "",
    seen_version: SeenVersion = BY_CODE,
) -> TemporaryMember:
    """The period ends early on `ended_on` (the letter back to the member's organisation): the
    member no longer attends from that day. `seen_version`: the version the form showed."""
    _lock_open(attendance, seen_version)
    errors: dict[str, list[str]] = {}
    if ended_on <= attendance.start_date:
        errors["ended_on"] = [
            _("Ngày kết thúc phải sau ngày bắt đầu (%(date)s).")
            % {"date": dmy(attendance.start_date)}
        ]
    elif ended_on > attendance.until:
        errors["ended_on"] = [
            _("Thời hạn đã hết ngày %(date)s; không cần ghi kết thúc sớm.")
            % {"date": dmy(attendance.until)}
        ]
    elif ended_on > services.today():
        errors["ended_on"] = [_("Ngày kết thúc không được ở tương lai.")]
    if errors:
        raise ValidationError(errors)
    attendance.ended_on = ended_on
    attendance.end_letter_number = end_letter_number.strip()
    attendance.save(update_fields=["ended_on", "end_letter_number"])
    return attendance


@transaction.atomic
def temporary_extend(
    *,
    attendance: TemporaryMember,
    until: datetime.date,
    extension_number: str = "",
    seen_version: SeenVersion = BY_CODE,
) -> TemporaryMember:
    """The period is extended to `until` ("nếu cần kéo dài thời hạn sinh hoạt đảng tạm thời thì
    đảng viên phải báo cáo với cấp ủy … để xin gia hạn", 232-QĐ/TW point 6.3.2): later than the
    present last day, within the longest period counted from the first day (our reading: an
    extension does not make a longer temporary stay than one letter may)."""
    _lock_open(attendance, seen_version)
    if until <= attendance.until:
        raise ValidationError(
            {
                "until": _("Ngày gia hạn phải sau ngày kết thúc hiện tại (%(date)s).")
                % {"date": dmy(attendance.until)}
            }
        )
    too_long = _beyond_longest_period(attendance.start_date, until)
    if too_long:
        raise ValidationError({"until": too_long})
    attendance.until = until
    attendance.extension_number = extension_number.strip()
    attendance.save(update_fields=["until", "extension_number"])
    return attendance


def temporary_members_on(cell: PartyCell, day: datetime.date) -> QuerySet:
    """The members of other organisations attending `cell` on `day`, by name."""
    return TemporaryMember.objects.filter(cell=cell).present_on(day).order_by("full_name", "pk")


def temporary_visible(user) -> QuerySet:
    """Every temporary attendance the user may see, newest first, with its cell."""
    return TemporaryMember.objects.visible_to(user).select_related("cell")
