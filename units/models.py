"""The organisation: an academy, its battalions (each led by a party committee) and their cells.

Every scope in the product is one of these units, so each model has a `visible_to(user)`
queryset method; views fetch units only through it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet


class Academy(models.Model):
    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("học viện")
        verbose_name_plural = _("học viện")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BattalionQuerySet(ScopedQuerySet):
    scope_battalion_field = ""


class Battalion(models.Model):
    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="battalions", verbose_name=_("học viện")
    )
    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    committee_name = models.CharField(
        _("tên đảng ủy"),
        max_length=200,
        help_text=_("Đảng ủy lãnh đạo tiểu đoàn, cấp ban hành nghị quyết và quyết định kết nạp."),
    )
    # The admission plan's pace set by the battalion: {step kind: days from the step before},
    # overriding the median of its stage durations (members.plans).
    planning_pace_days = models.JSONField(
        _("nhịp độ lập kế hoạch kết nạp (ngày)"), default=dict, blank=True
    )
    history = HistoricalRecords()

    objects = BattalionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiểu đoàn")
        verbose_name_plural = _("tiểu đoàn")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PartyCellQuerySet(ScopedQuerySet):
    scope_cell_field = ""


class PartyCell(models.Model):
    battalion = models.ForeignKey(
        Battalion, on_delete=models.PROTECT, related_name="cells", verbose_name=_("tiểu đoàn")
    )
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên"), max_length=200)
    history = HistoricalRecords()

    objects = PartyCellQuerySet.as_manager()

    class Meta:
        verbose_name = _("chi bộ")
        verbose_name_plural = _("chi bộ")
        ordering = ["battalion__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["battalion", "code"], name="unique_cell_code"),
        ]

    def __str__(self) -> str:
        return self.name
