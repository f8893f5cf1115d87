"""Demo quarterly resolutions of Tiểu đoàn 1, written through the services.

The targets are derived from what the demo pipeline actually achieved in each quarter, so that
whatever the people demo contains, some cells meet their targets and others miss them; which
cells do is fixed by the cell's position and the quarter (deterministic, no randomness).
"""

import datetime

from django.utils import timezone

from core.concurrency import BY_CODE
from core.workdays import add_working_days
from resolutions.models import FocusArea, MinGrade, Resolution
from resolutions.quarters import quarter_bounds, quarter_of, report_deadline
from resolutions.selectors import quarter_results
from resolutions.services import (
    AreaGoal,
    CellGoal,
    resolution_issue,
    rollout_record,
    rollout_report,
)
from units.models import Battalion

DEMO_BATTALION = "TD1"
# From the article's first year (54 admissions in 2015) to the current quarter.
FIRST_YEAR = 2015
AREA_GRADES = {
    FocusArea.STUDY: MinGrade.GOOD,
    FocusArea.TRAINING: MinGrade.FAIR,
    FocusArea.MOVEMENT: MinGrade.GOOD,
}

TEXT = """Đảng ủy tiểu đoàn lãnh đạo các chi bộ thực hiện công tác phát triển đảng viên quý {quarter} năm {year}:

1. Học tập: mỗi quần chúng ưu tú có kế hoạch học tập cụ thể; đảng viên được phân công giúp đỡ theo dõi kết quả từng môn.
2. Rèn luyện: chấp hành nghiêm điều lệnh, kỷ luật; không có quần chúng ưu tú vi phạm kỷ luật.
3. Công tác phong trào: quần chúng ưu tú tham gia tích cực hoạt động Đoàn, văn hóa, thể thao.

Các chi bộ quán triệt nghị quyết đến từng học viên, xây dựng kế hoạch thực hiện và báo cáo kết quả khi kết thúc quý."""  # noqa: E501

PLAN = (
    "Chi bộ họp quán triệt nghị quyết đến toàn thể đảng viên; phân công đảng viên giúp đỡ từng "
    "quần chúng ưu tú; đánh giá kết quả phấn đấu hằng tháng."
)
REPORT = (
    "Chi bộ đã phổ biến nghị quyết đến các học viên trong đơn vị. Quần chúng ưu tú chấp hành tốt "
    "kỷ luật, tích cực tham gia phong trào; một số đồng chí kết quả học tập chưa cao, chi bộ "
    "tiếp tục phân công đảng viên kèm cặp trong quý tới."
)


def seed_resolutions() -> None:
    """Create a resolution for each demo quarter of Tiểu đoàn 1 with its roll-out; idempotent."""
    battalion = Battalion.objects.filter(code=DEMO_BATTALION).first()
    if battalion is None:
        return
    today = timezone.localdate()
    cells = list(battalion.cells.order_by("code"))
    for year, quarter in _demo_quarters(today):
        if Resolution.objects.filter(
            battalion=battalion, year=year, quarter=quarter, is_supplement=False
        ).exists():
            continue
        _issue(battalion, cells, year, quarter, today)


def _demo_quarters(today: datetime.date) -> list[tuple[int, int]]:
    return [
        (year, quarter)
        for year in range(FIRST_YEAR, today.year + 1)
        for quarter in range(1, 5)
        if (year, quarter) <= (today.year, quarter_of(today))
    ]


def _issue(battalion, cells, year: int, quarter: int, today: datetime.date) -> None:
    start, end = quarter_bounds(year, quarter)
    results = quarter_results([cell.pk for cell in cells], year, quarter, AREA_GRADES)
    resolution = resolution_issue(
        battalion=battalion,
        number=f"{10 + 5 * quarter}-NQ/ĐU",
        year=year,
        quarter=quarter,
        signed_on=min(add_working_days(start, 2), today),
        title=f"Về lãnh đạo công tác phát triển đảng viên quý {quarter} năm {year}",
        text=TEXT.format(quarter=quarter, year=year),
        # Evaluations were not kept before the product: no area target without them.
        area_goals=[
            AreaGoal(area=area, min_grade=grade, target_percent=_area_target(results, area))
            for area, grade in AREA_GRADES.items()
            if any(result.evaluated for result in results.values())
        ],
        cell_goals=[
            CellGoal(
                cell_id=cell.pk,
                **_cell_targets(results[cell.pk], missed=(index + year + quarter) % 3 == 1),
            )
            for index, cell in enumerate(cells)
        ],
    )
    for index, rollout in enumerate(resolution.rollouts.order_by("cell__code")):
        received = add_working_days(resolution.signed_on, 1 + index % 2)
        if received > today:
            continue
        discussed = add_working_days(received, 2 + index)
        rollout_record(
            rollout=rollout,
            seen_version=BY_CODE,
            received_on=received,
            discussed_on=discussed if discussed <= today else None,
            plan=PLAN,
        )
        # Now and then one cell reports after the deadline.
        late = (3 * index + year + quarter) % 5 == 0
        reported = (
            add_working_days(report_deadline(year, quarter), 2 + index)
            if late
            else add_working_days(end, 1 + index % 3)
        )
        if discussed <= today and reported <= today:
            rollout_report(
                rollout=rollout,
                seen_version=BY_CODE,
                reported_on=reported,
                report_text=REPORT,
                cadets_reached=40 + 3 * index,
                cadets_registered=5 + index,
            )


def _cell_targets(result, *, missed: bool) -> dict[str, int]:
    # About one cell in three was set more candidates and admissions than it reached; the others
    # were set what they reached, conversions a little less (exceeded).
    if missed:
        return {
            "candidates": result.candidates + 1,
            "admissions": result.admissions + 2,
            "conversions": result.conversions,
        }
    return {
        "candidates": result.candidates,
        "admissions": result.admissions,
        "conversions": max(result.conversions - 1, 0),
    }


def _area_target(results, area: FocusArea) -> int:
    # The second-lowest of the cells' shares: the cell below it misses the target.
    shares = sorted(
        100 * result.reached[area] / result.evaluated
        for result in results.values()
        if result.evaluated
    )
    return int(shares[1] if len(shares) > 1 else shares[0])
