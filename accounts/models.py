"""Users, their role and the unit that bounds what they may see."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị viên")
    CLERK = "clerk", _("Trợ lý tiểu đoàn")
    SECRETARY = "secretary", _("Bí thư chi bộ")
    COMMANDER = "commander", _("Chỉ huy / Bí thư đảng ủy")

    @property
    def writes_records(self) -> bool:
        """Enters and corrects cadets and their admission steps."""
        return self == Role.CLERK

    @property
    def sees_sensitive_details(self) -> bool:
        """Reads a person's citizen ID and permanent address in full (the battalion's clerk, who
        keeps the files); every other role reads them masked."""
        return self == Role.CLERK

    @property
    def records_cell_work(self) -> bool:
        """Records steps, evaluations and reports of the cells in scope."""
        return self in (Role.CLERK, Role.SECRETARY)

    @property
    def reports_upward(self) -> bool:
        """Makes the yearly report to the superior committee: the battalion's clerk, and the
        commander or committee secretary (the dashboard's readers beyond one cell)."""
        return self in (Role.CLERK, Role.COMMANDER)

    @property
    def manages_units(self) -> bool:
        return self in (Role.ADMIN, Role.CLERK)

    @property
    def manages_accounts(self) -> bool:
        return self == Role.ADMIN


@dataclass(frozen=True)
class Scope:
    """The units a user may see: the whole academy, one battalion, or one cell."""

    role: Role
    whole_academy: bool = False
    battalion_id: int | None = None
    cell_id: int | None = None


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, blank=True)
    battalion = models.ForeignKey(
        "units.Battalion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("tiểu đoàn"),
    )
    cell = models.ForeignKey(
        "units.PartyCell",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("chi bộ"),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Vietnamese order: family and middle names (last_name) before the given name.
        return f"{self.last_name} {self.first_name}".strip()

    def clean(self) -> None:
        super().clean()
        if self.role == Role.CLERK and not self.battalion_id:
            raise ValidationError({"battalion": _("Trợ lý phải thuộc một tiểu đoàn.")})
        if self.role == Role.SECRETARY and not self.cell_id:
            raise ValidationError({"cell": _("Bí thư chi bộ phải gắn với một chi bộ.")})
        if self.role != Role.SECRETARY and self.cell_id:
            raise ValidationError({"cell": _("Chỉ bí thư chi bộ mới gắn với một chi bộ.")})

    @property
    def role_enum(self) -> Role | None:
        return Role(self.role) if self.role else None

    @cached_property
    def scope(self) -> Scope | None:
        """What this user may see; None means nothing at all (no role yet, or inactive)."""
        role = self.role_enum
        if role is None or not self.is_active:
            return None
        if role == Role.SECRETARY:
            if not self.cell_id:
                return None
            return Scope(role, battalion_id=self.cell.battalion_id, cell_id=self.cell_id)
        if role == Role.ADMIN or (role == Role.COMMANDER and not self.battalion_id):
            return Scope(role, whole_academy=True)
        if not self.battalion_id:
            return None
        return Scope(role, battalion_id=self.battalion_id)
