"""The printed report's header and signature, as a party committee's document carries them:
the party organisation and the issuing committee on the left, the Party's name with the place
and date on the right, the committee's signature block at the end."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from core.dates import place_and_date
from units.models import Academy, Battalion


@dataclass(frozen=True)
class ReportHeading:
    organisation: str  # 'ĐẢNG BỘ HỌC VIỆN …'
    committee: str  # 'ĐẢNG ỦY TIỂU ĐOÀN 1': who reports, and signs
    place_date: str


def report_heading(user, day: datetime.date, battalions: Mapping[int, Battalion]) -> ReportHeading:
    """The heading of a report printed by `user`: a battalion's committee when the user's scope
    is a battalion or one of its cells, the academy's otherwise. `battalions` are those the user
    sees, with their academy (the filter form has read them)."""
    scope = user.scope
    battalion = None
    if scope is not None and scope.battalion_id:
        # A battalion without cells yet is not among those the form read.
        battalion = battalions.get(scope.battalion_id) or (
            Battalion.objects.select_related("academy").filter(pk=scope.battalion_id).first()
        )
    any_battalion = battalion or next(iter(battalions.values()), None)
    academy = any_battalion.academy if any_battalion else Academy.objects.order_by("pk").first()
    academy_name = academy.name if academy else ""
    committee = battalion.committee_name if battalion else f"Đảng ủy {academy_name}"
    return ReportHeading(
        organisation=f"Đảng bộ {academy_name}".upper(),
        committee=committee.upper(),
        place_date=place_and_date(day),
    )
