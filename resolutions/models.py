"""Quarterly resolutions of a battalion party committee, their targets and each cell's roll-out.

Results are never stored here: `resolutions.selectors` computes them from the pipeline data.
"""

import uuid

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import ranges
from core.scoping import ScopedQuerySet
from members.choices import Grade
from units.models import Battalion, PartyCell

from .quarters import quarter_bounds


class FocusArea(models.TextChoices):
    """The three areas of a resolution; each is graded in members.Evaluation under this name."""

    STUDY = "study", _("Học tập")
    TRAINING = "training", _("Rèn luyện")
    MOVEMENT = "movement", _("Công tác phong trào")


class MinGrade(models.TextChoices):
    """The grade a candidate must reach for the area target to count them."""

    GOOD = Grade.GOOD.value, _("Tốt")
    FAIR = Grade.FAIR.value, _("Khá trở lên")

    @property
    def grades(self) -> list[str]:
        """The grades at or above this one."""
        ordered = [grade.value for grade in Grade]
        return ordered[: ordered.index(self.value) + 1]


class ResolutionQuerySet(ScopedQuerySet):
    # A resolution goes to every cell of its battalion, so a secretary sees their battalion's.
    scope_battalion_field = "battalion"


def scan_path(instance, filename: str) -> str:
    """A generated name: nothing of the uploaded file's name reaches the disk."""
    extension = filename.rsplit(".", 1)[-1]
    return f"resolutions/{uuid.uuid4().hex}.{extension}"


class Resolution(models.Model):
    battalion = models.ForeignKey(
        Battalion,
        on_delete=models.PROTECT,
        related_name="resolutions",
        verbose_name=_("đảng ủy ban hành"),
    )
    number = models.CharField(_("số nghị quyết"), max_length=40, help_text=_("Ví dụ: 15-NQ/ĐU"))
    year = models.PositiveSmallIntegerField(_("năm"), validators=ranges.ANY_YEAR)
    quarter = models.PositiveSmallIntegerField(
        _("quý"), choices=[(q, format_lazy("{} {}", _("Quý"), q)) for q in range(1, 5)]
    )
    signed_on = models.DateField(_("ngày ký"), validators=ranges.ANY_DAY)
    title = models.CharField(_("trích yếu"), max_length=300)
    text = models.TextField(
        _("nội dung"), blank=True, max_length=ranges.DOCUMENT_LENGTH, validators=ranges.DOCUMENT
    )
    is_supplement = models.BooleanField(
        _("nghị quyết bổ sung"),
        default=False,
        help_text=_("Nghị quyết bổ sung không thay nghị quyết chính của quý."),
    )
    scan = models.FileField(_("bản ký (scan)"), upload_to=scan_path, blank=True)
    # The sum of its cells' admission targets, counted again by resolutions.services each time
    # they are written (never added to): a whole academy's quarterly panel reads 2,400
    # resolutions instead of summing their 14,400 cell targets (issue 17). Derived, so kept out
    # of the history, as a step's stage_days is.
    admissions_target = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["admissions_target"])

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")
        ordering = ["-year", "-quarter", "is_supplement", "signed_on"]
        # The dashboard's quarters of a whole academy: 1,600 of 20,000 resolutions, found
        # without reading the others (issue 17).
        indexes = [models.Index(fields=["year", "quarter"], name="resolution_year_quarter")]
        constraints = [
            models.UniqueConstraint(
                fields=["battalion", "year", "quarter"],
                condition=models.Q(is_supplement=False),
                name="one_resolution_per_quarter",
                violation_error_message=_(
                    "Đảng ủy đã có nghị quyết của quý này; nghị quyết thêm phải là bổ sung."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"
            ),
            ranges.year_check("year"),
            ranges.date_check("signed_on"),
            ranges.length_check("text", ranges.DOCUMENT_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.get_quarter_display()}/{self.year}"

    @property
    def period(self):
        """(first day, last day) of the quarter the resolution leads."""
        return quarter_bounds(self.year, self.quarter)


class AreaTargetQuerySet(ScopedQuerySet):
    scope_battalion_field = "resolution__battalion"


class AreaTarget(models.Model):
    """A measurable criterion of a focus area: the share of evaluations at `min_grade` or better."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="area_targets"
    )
    area = models.CharField(_("lĩnh vực"), max_length=10, choices=FocusArea.choices)
    criterion = models.CharField(_("tiêu chí"), max_length=300)
    min_grade = models.CharField(
        _("mức đánh giá"), max_length=12, choices=MinGrade.choices, default=MinGrade.GOOD
    )
    target_percent = models.PositiveSmallIntegerField(_("chỉ tiêu (%)"))
    history = HistoricalRecords()

    objects = AreaTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu lĩnh vực")
        verbose_name_plural = _("chỉ tiêu lĩnh vực")
        ordering = ["resolution", "area"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "area"], name="one_target_per_area"),
            models.CheckConstraint(
                condition=models.Q(target_percent__lte=100), name="target_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()} ≥ {self.target_percent}%"


class CellTarget(models.Model):
    """How many candidates a cell is to develop, admit and convert in the quarter."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="cell_targets"
    )
    cell = models.ForeignKey(
        PartyCell, on_delete=models.PROTECT, related_name="+", verbose_name=_("chi bộ")
    )
    candidates = models.PositiveSmallIntegerField(
        _("phát triển quần chúng ưu tú"), default=0, validators=ranges.COUNT
    )
    admissions = models.PositiveSmallIntegerField(_("kết nạp"), default=0, validators=ranges.COUNT)
    conversions = models.PositiveSmallIntegerField(
        _("chuyển đảng chính thức"), default=0, validators=ranges.COUNT
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu chi bộ")
        verbose_name_plural = _("chỉ tiêu chi bộ")
        ordering = ["resolution", "cell__code"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "cell"], name="one_target_per_cell"),
            *(ranges.count_check(name) for name in ("candidates", "admissions", "conversions")),
        ]

    def __str__(self) -> str:
        return f"{self.resolution} · {self.cell}"


def summed_admission_targets(cell_ids=None):
    """A resolution's cells' admission targets summed (only `cell_ids`' when given; 0 when
    none), for an annotation or update of resolutions: a plain SUM, read by the target's index,
    without a GROUP BY for each resolution. Coalesced, as a subquery with no cell in view is
    NULL, which PostgreSQL cannot sum again."""
    targets = CellTarget.objects.filter(resolution=models.OuterRef("pk"))
    if cell_ids is not None:
        targets = targets.filter(cell_id__in=cell_ids)
    summed = targets.order_by().annotate(sum=models.Func(models.F("admissions"), function="SUM"))
    return Coalesce(models.Subquery(summed.values("sum")), 0)


class CellRollout(models.Model):
    """One cell carrying out one resolution: received, discussed, planned, reported on."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="rollouts")
    cell = models.ForeignKey(
        PartyCell, on_delete=models.PROTECT, related_name="+", verbose_name=_("chi bộ")
    )
    received_on = models.DateField(
        _("ngày nhận nghị quyết"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    discussed_on = models.DateField(
        _("ngày chi bộ quán triệt"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    plan = models.TextField(
        _("kế hoạch thực hiện của chi bộ"),
        blank=True,
        max_length=ranges.DOCUMENT_LENGTH,
        validators=ranges.DOCUMENT,
    )
    reported_on = models.DateField(
        _("ngày báo cáo kết quả"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    report_text = models.TextField(
        _("báo cáo kết quả thực hiện"),
        blank=True,
        max_length=ranges.DOCUMENT_LENGTH,
        validators=ranges.DOCUMENT,
    )
    cadets_reached = models.PositiveSmallIntegerField(
        _("số học viên được phổ biến nghị quyết"), null=True, blank=True, validators=ranges.COUNT
    )
    cadets_registered = models.PositiveSmallIntegerField(
        _("số quần chúng đăng ký phấn đấu vào Đảng"),
        null=True,
        blank=True,
        validators=ranges.COUNT,
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("triển khai ở chi bộ")
        verbose_name_plural = _("triển khai ở chi bộ")
        ordering = ["resolution", "cell__code"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "cell"], name="one_rollout_per_cell"),
            *(ranges.date_check(name) for name in ("received_on", "discussed_on", "reported_on")),
            ranges.length_check("plan", ranges.DOCUMENT_LENGTH),
            ranges.length_check("report_text", ranges.DOCUMENT_LENGTH),
            *(ranges.count_check(name) for name in ("cadets_reached", "cadets_registered")),
            # Those who registered to strive for the Party were among the cadets reached.
            models.CheckConstraint(
                condition=models.Q(cadets_registered__lte=models.F("cadets_reached")),
                name="registered_at_most_reached",
                violation_error_message=_(
                    "Số quần chúng đăng ký phấn đấu vào Đảng không được lớn hơn số học viên "
                    "được phổ biến nghị quyết."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resolution} · {self.cell}"
