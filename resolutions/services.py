"""Writes to resolutions, their targets and the cells' roll-out. Every rule is checked first."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Required, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.concurrency import SeenVersion, ensure_unchanged_since
from core.dates import dmy
from core.scans import scan_extension
from units.models import Battalion

from .models import (
    AreaTarget,
    CellRollout,
    CellTarget,
    FocusArea,
    MinGrade,
    Resolution,
    summed_admission_targets,
)
from .quarters import quarter_bounds


@dataclass(frozen=True)
class AreaGoal:
    """A focus-area target: at least `target_percent`% of evaluations at `min_grade` or better."""

    area: FocusArea
    target_percent: int
    min_grade: MinGrade = MinGrade.GOOD
    criterion: str = ""


@dataclass(frozen=True)
class CellGoal:
    """How many candidates one cell is to develop, admit and convert in the quarter."""

    cell_id: int
    candidates: int = 0
    admissions: int = 0
    conversions: int = 0


class ResolutionFields(TypedDict, total=False):
    """What the clerk writes on a resolution: the same fields to issue it and to correct it."""

    number: Required[str]
    year: Required[int]
    quarter: Required[int]
    signed_on: Required[datetime.date]
    title: Required[str]
    text: str
    is_supplement: bool
    scan: UploadedFile | None
    area_goals: Iterable[AreaGoal]
    cell_goals: Iterable[CellGoal]


def today() -> datetime.date:
    return timezone.localdate()


def default_criterion(area: FocusArea, min_grade: MinGrade) -> str:
    return _("Tỷ lệ quần chúng ưu tú được đánh giá %(grade)s về %(area)s") % {
        "grade": MinGrade(min_grade).label.lower(),
        "area": FocusArea(area).label.lower(),
    }


@transaction.atomic
def resolution_issue(*, battalion: Battalion, **fields: Unpack[ResolutionFields]) -> Resolution:
    """Issue a quarterly resolution with its targets and send it to every cell of the battalion."""
    resolution = Resolution(battalion=battalion)
    _apply(resolution, fields)
    return resolution


@transaction.atomic
def resolution_update(
    *, resolution: Resolution, seen_version: SeenVersion, **fields: Unpack[ResolutionFields]
) -> Resolution:
    """Correct a resolution and its targets; a new scan replaces the old (history keeps both).

    Area targets left out are removed; cells of the battalion get a roll-out if they lack one.
    A save based on an older version than the stored one (`seen_version`) is refused.
    """
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    ensure_unchanged_since(resolution, seen_version)
    first_received = resolution.rollouts.exclude(received_on=None).order_by("received_on").first()
    if first_received and fields["signed_on"] > first_received.received_on:
        raise ValidationError(
            {
                "signed_on": _("Ngày ký không được sau ngày %(cell)s nhận nghị quyết (%(date)s).")
                % {"cell": first_received.cell, "date": dmy(first_received.received_on)}
            }
        )
    _apply(resolution, fields)
    return resolution


def _apply(resolution: Resolution, fields: ResolutionFields) -> None:
    scan = fields.get("scan")
    area_goals = list(fields.get("area_goals", ()))
    cell_goals = list(fields.get("cell_goals", ()))
    resolution.number = fields["number"]
    resolution.year = fields["year"]
    resolution.quarter = fields["quarter"]
    resolution.signed_on = fields["signed_on"]
    resolution.title = fields["title"]
    resolution.text = fields.get("text", "")
    resolution.is_supplement = fields.get("is_supplement", False)
    errors: dict[str, list[str]] = {}
    _check_period(resolution, errors)
    _check_quarter_free(resolution, errors)
    cell_ids = set(resolution.battalion.cells.values_list("pk", flat=True))
    _check_goals(area_goals, cell_goals, cell_ids, errors)
    if scan is not None:
        try:
            extension = scan_extension(scan, limit=settings.RESOLUTION_SCAN_MAX_BYTES)
        except ValidationError as error:
            errors.setdefault("scan", []).extend(error.message_dict["scan"])
        else:
            scan.name = f"scan.{extension}"
            resolution.scan = scan
    if errors:
        raise ValidationError(errors)
    resolution.full_clean(exclude=["scan"])
    resolution.save()
    _save_goals(resolution, area_goals, cell_goals)
    existing = set(resolution.rollouts.values_list("cell_id", flat=True))
    # bulk_create alone would skip the history: each roll-out's record starts here.
    bulk_create_with_history(
        [CellRollout(resolution=resolution, cell_id=cell_id) for cell_id in cell_ids - existing],
        CellRollout,
    )


def _check_period(resolution: Resolution, errors: dict) -> None:
    if resolution.quarter not in range(1, 5):
        errors.setdefault("quarter", []).append(_("Quý phải từ 1 đến 4."))
        return
    if not 2000 <= resolution.year <= today().year + 1:
        errors.setdefault("year", []).append(
            _("Năm phải từ 2000 đến %(max)s.") % {"max": today().year + 1}
        )
        return
    start, end = resolution.period
    previous_start = quarter_bounds(*_previous_quarter(resolution.year, resolution.quarter))[0]
    if resolution.signed_on > today():
        errors.setdefault("signed_on", []).append(_("Ngày ký không được ở tương lai."))
    elif not previous_start <= resolution.signed_on <= end:
        errors.setdefault("signed_on", []).append(
            _(
                "Nghị quyết quý %(quarter)s/%(year)s phải được ký trong quý đó hoặc quý liền "
                "trước (từ %(start)s đến %(end)s)."
            )
            % {
                "quarter": resolution.quarter,
                "year": resolution.year,
                "start": dmy(previous_start),
                "end": dmy(end),
            }
        )


def _previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def _check_quarter_free(resolution: Resolution, errors: dict) -> None:
    if resolution.is_supplement or "quarter" in errors or "year" in errors:
        return
    taken = (
        Resolution.objects.filter(
            battalion_id=resolution.battalion_id,
            year=resolution.year,
            quarter=resolution.quarter,
            is_supplement=False,
        )
        .exclude(pk=resolution.pk)
        .first()
    )
    if taken:
        errors.setdefault("quarter", []).append(
            _(
                "%(committee)s đã có nghị quyết quý %(quarter)s/%(year)s (số %(number)s). Mỗi "
                "quý một nghị quyết; nếu đây là nghị quyết bổ sung, hãy đánh dấu “nghị quyết "
                "bổ sung”."
            )
            % {
                "committee": resolution.battalion.committee_name,
                "quarter": resolution.quarter,
                "year": resolution.year,
                "number": taken.number,
            }
        )


def _check_goals(
    area_goals: list[AreaGoal], cell_goals: list[CellGoal], cell_ids: set[int], errors: dict
) -> None:
    areas = [FocusArea(goal.area) for goal in area_goals]
    if len(set(areas)) != len(areas):
        errors.setdefault("__all__", []).append(_("Mỗi lĩnh vực chỉ có một chỉ tiêu."))
    for goal in area_goals:
        if not 0 <= goal.target_percent <= 100:
            errors.setdefault("__all__", []).append(
                _("Chỉ tiêu %(area)s phải từ 0 đến 100%%.")
                % {"area": FocusArea(goal.area).label.lower()}
            )
    for cell_goal in cell_goals:
        if cell_goal.cell_id not in cell_ids:
            errors.setdefault("__all__", []).append(
                _("Chỉ tiêu giao cho chi bộ không thuộc tiểu đoàn ban hành nghị quyết.")
            )
        if min(cell_goal.candidates, cell_goal.admissions, cell_goal.conversions) < 0:
            errors.setdefault("__all__", []).append(_("Chỉ tiêu của chi bộ không được âm."))


def _save_goals(
    resolution: Resolution, area_goals: list[AreaGoal], cell_goals: list[CellGoal]
) -> None:
    # update_or_create, not delete-and-recreate, so each target's history reads as its changes.
    for goal in area_goals:
        AreaTarget.objects.update_or_create(
            resolution=resolution,
            area=goal.area,
            defaults={
                "target_percent": goal.target_percent,
                "min_grade": goal.min_grade,
                "criterion": goal.criterion.strip() or default_criterion(goal.area, goal.min_grade),
            },
        )
    for target in resolution.area_targets.exclude(area__in=[goal.area for goal in area_goals]):
        target.delete()
    for cell_goal in cell_goals:
        cell_target, created = CellTarget.objects.get_or_create(
            resolution=resolution,
            cell_id=cell_goal.cell_id,
            defaults={
                "candidates": cell_goal.candidates,
                "admissions": cell_goal.admissions,
                "conversions": cell_goal.conversions,
            },
        )
        figures = (cell_goal.candidates, cell_goal.admissions, cell_goal.conversions)
        current = (cell_target.candidates, cell_target.admissions, cell_target.conversions)
        if not created and current != figures:
            cell_target.candidates, cell_target.admissions, cell_target.conversions = figures
            cell_target.save()
    resolutions_count_targets([resolution.pk])


def resolutions_count_targets(resolution_ids: Iterable[int]) -> None:
    """Count again the summed cell admission targets each resolution keeps
    (`Resolution.admissions_target`), from its cell targets: after any write of them."""
    Resolution.objects.filter(pk__in=list(resolution_ids)).update(
        admissions_target=summed_admission_targets()
    )


@transaction.atomic
def rollout_record(
    *,
    rollout: CellRollout,
    received_on: datetime.date,
    discussed_on: datetime.date | None = None,
    plan: str = "",
    seen_version: SeenVersion,
) -> CellRollout:
    """Record that the cell received and discussed the resolution, and its implementation plan.

    `seen_version`: the roll-out's version the form showed (core.concurrency)."""
    rollout = (
        CellRollout.objects.select_for_update().select_related("resolution").get(pk=rollout.pk)
    )
    ensure_unchanged_since(rollout, seen_version)
    errors: dict[str, list[str]] = {}
    signed_on = rollout.resolution.signed_on
    if received_on > today():
        errors["received_on"] = [_("Ngày nhận không được ở tương lai.")]
    elif received_on < signed_on:
        errors["received_on"] = [
            _("Ngày nhận không được trước ngày ký nghị quyết (%(date)s).")
            % {"date": dmy(signed_on)}
        ]
    if discussed_on is not None:
        if discussed_on > today():
            errors["discussed_on"] = [_("Ngày quán triệt không được ở tương lai.")]
        elif discussed_on < received_on:
            errors["discussed_on"] = [_("Chi bộ quán triệt sau khi nhận nghị quyết.")]
    if rollout.reported_on and (discussed_on is None or discussed_on > rollout.reported_on):
        errors.setdefault("discussed_on", []).append(
            _("Chi bộ đã báo cáo ngày %(date)s: ngày quán triệt phải có và không sau ngày đó.")
            % {"date": dmy(rollout.reported_on)}
        )
    if errors:
        raise ValidationError(errors)
    rollout.received_on = received_on
    rollout.discussed_on = discussed_on
    rollout.plan = plan
    rollout.full_clean()
    rollout.save()
    return rollout


@transaction.atomic
def rollout_report(
    *,
    rollout: CellRollout,
    reported_on: datetime.date,
    report_text: str,
    cadets_reached: int | None = None,
    cadets_registered: int | None = None,
    seen_version: SeenVersion,
) -> CellRollout:
    """Record the cell's quarter-end report; whether it was late is worked out when read.

    `seen_version`: the roll-out's version the form showed (core.concurrency)."""
    rollout = CellRollout.objects.select_for_update().get(pk=rollout.pk)
    ensure_unchanged_since(rollout, seen_version)
    errors: dict[str, list[str]] = {}
    if rollout.discussed_on is None:
        raise ValidationError(
            _("Cần ghi ngày chi bộ nhận và quán triệt nghị quyết trước khi báo cáo kết quả.")
        )
    if reported_on > today():
        errors["reported_on"] = [_("Ngày báo cáo không được ở tương lai.")]
    elif reported_on < rollout.discussed_on:
        errors["reported_on"] = [
            _("Ngày báo cáo không được trước ngày chi bộ quán triệt (%(date)s).")
            % {"date": dmy(rollout.discussed_on)}
        ]
    if not report_text.strip():
        errors["report_text"] = [_("Cần nhập nội dung báo cáo.")]
    if errors:
        raise ValidationError(errors)
    rollout.reported_on = reported_on
    rollout.report_text = report_text
    rollout.cadets_reached = cadets_reached
    rollout.cadets_registered = cadets_registered
    rollout.full_clean()
    rollout.save()
    return rollout
