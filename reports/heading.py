"""The printed report's header and signature, as a party committee's document carries them:
the party organisation and the issuing committee on the left, the Party's name with the place
and date on the right, the committee's signature block at the end."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from core.dates import place_and_date
from units.models import Academy, Battalion


@dataclass(frozen=True)
class ReportHeading:
    organisation: str  # 'ĐẢNG BỘ HỌC VIỆN …'
    committee: str  # 'ĐẢNG ỦY TIỂU ĐOÀN 1': who reports, and signs
    place_date: str


def report_heading(user, day: datetime.date, battalion_ids: Iterable[int]) -> ReportHeading:
    """The heading of a report printed by `user`: a battalion's committee when the user's scope
    is a battalion or one of its cells, the academy's otherwise. `battalion_ids` are those the
    user sees, in the filter form's order (it reads only their names)."""
    scope = user.scope
    battalion = None
    if scope is not None and scope.battalion_id:
        battalion = (
            Battalion.objects.select_related("academy").filter(pk=scope.battalion_id).first()
        )
    any_battalion = battalion or (
        Battalion.objects.select_related("academy")
        .filter(pk=next(iter(battalion_ids), None))
        .first()
    )
    academy = any_battalion.academy if any_battalion else Academy.objects.order_by("pk").first()
    academy_name = academy.name if academy else ""
    committee = battalion.committee_name if battalion else f"Đảng ủy {academy_name}"
    return ReportHeading(
        organisation=f"Đảng bộ {academy_name}".upper(),
        committee=committee.upper(),
        place_date=place_and_date(day),
    )
