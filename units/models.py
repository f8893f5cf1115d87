"""The organisation: an academy, its battalions (each led by a party committee) and their cells.

Every scope in the product is one of these units, so each model has a `visible_to(user)`
queryset method; views fetch units only through it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class BattalionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BattalionQuerySet":
        scope = user.scope if user.is_authenticated else None
        if scope is None:
            return self.none()
        if scope.whole_academy:
            return self
        return self.filter(pk=scope.battalion_id)


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
    history = HistoricalRecords()

    objects = BattalionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiểu đoàn")
        verbose_name_plural = _("tiểu đoàn")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PartyCellQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PartyCellQuerySet":
        scope = user.scope if user.is_authenticated else None
        if scope is None:
            return self.none()
        if scope.whole_academy:
            return self
        if scope.cell_id:
            return self.filter(pk=scope.cell_id)
        return self.filter(battalion_id=scope.battalion_id)


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
