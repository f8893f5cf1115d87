"""The organisation: an academy, its battalions (each led by a party committee) and their cells.

Every scope in the product is one of these units, so each model has a `visible_to(user)`
queryset method; views fetch units only through it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import ranges
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


class SignerTitle(models.TextChoices):
    """Who signs for a party committee (T/M ĐẢNG ỦY): its secretary or a deputy secretary."""

    SECRETARY = "bi_thu", _("Bí thư")
    DEPUTY = "pho_bi_thu", _("Phó bí thư")


# The title line under "T/M ĐẢNG ỦY" on a document, in Vietnamese whatever the UI language.
SIGNER_TITLE_LINES = {SignerTitle.SECRETARY: "BÍ THƯ", SignerTitle.DEPUTY: "PHÓ BÍ THƯ"}


class BattalionQuerySet(ScopedQuerySet):
    scope_battalion_field = ""


class Battalion(models.Model):
    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="battalions", verbose_name=_("học viện")
    )
    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    # Quy định 332-QĐ/TW lets the Army set which committee is the grassroots committee and which
    # decides admissions and conversions: both are per battalion, printed as the issuers.
    committee_name = models.CharField(
        _("tên đảng ủy cơ sở"),
        max_length=200,
        help_text=_(
            "Đảng ủy cơ sở lãnh đạo các chi bộ của tiểu đoàn: xét, ra nghị quyết đề nghị kết nạp "
            "(8-KNĐ) và công nhận đảng viên chính thức (14-KNĐ); ban hành nghị quyết quý."
        ),
    )
    committee_members = models.PositiveSmallIntegerField(
        _("số ủy viên đảng ủy cơ sở"),
        null=True,
        blank=True,
        validators=ranges.COUNT,
        help_text=_(
            "Nghị quyết của đảng ủy cơ sở cần ít nhất 2/3 số cấp ủy viên tán thành; để trống thì "
            "nhập số cấp ủy viên mỗi lần biểu quyết."
        ),
    )
    deciding_committee_name = models.CharField(
        _("cấp ủy quyết định kết nạp"),
        max_length=200,
        blank=True,
        help_text=_(
            "Cấp ủy có thẩm quyền quyết định kết nạp (9-KNĐ) và công nhận đảng viên chính thức "
            "(15-KNĐ) theo Quy định 332-QĐ/TW; để trống nếu chính đảng ủy cơ sở quyết định."
        ),
    )
    # Who signs for the committees (8-, 14-KNĐ and the transfer letters; 9-, 15-KNĐ when the
    # grassroots committee decides itself). A blank name leaves the line to write by hand; a
    # change is kept in the battalion's history, so an earlier document's signer can be traced.
    committee_signer_name = models.CharField(
        _("người ký thay mặt đảng ủy cơ sở"),
        max_length=120,
        blank=True,
        help_text=_(
            "Họ tên bí thư (hoặc phó bí thư) ký 8-KNĐ, 14-KNĐ và giấy giới thiệu sinh hoạt "
            "đảng; để trống thì để dòng trống viết tay."
        ),
    )
    committee_signer_title = models.CharField(
        _("chức danh người ký (đảng ủy cơ sở)"),
        max_length=12,
        choices=SignerTitle.choices,
        default=SignerTitle.SECRETARY,
    )
    deciding_signer_name = models.CharField(
        _("người ký thay mặt cấp ủy quyết định kết nạp"),
        max_length=120,
        blank=True,
        help_text=_(
            "Họ tên người ký 9-KNĐ và 15-KNĐ khi cấp ủy quyết định kết nạp là cấp ủy khác; "
            "để trống thì để dòng trống viết tay."
        ),
    )
    deciding_signer_title = models.CharField(
        _("chức danh người ký (cấp ủy quyết định kết nạp)"),
        max_length=12,
        choices=SignerTitle.choices,
        default=SignerTitle.SECRETARY,
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

    @property
    def deciding_committee(self) -> str:
        """The committee that decides admissions and conversions (the issuer of 9-KNĐ)."""
        return self.deciding_committee_name or self.committee_name

    def committee_signer(self) -> tuple[str, str]:
        """(title line, name) of who signs for the grassroots committee; the name blank when
        unset, to be written by hand."""
        return SIGNER_TITLE_LINES[SignerTitle(self.committee_signer_title)], (
            self.committee_signer_name.strip()
        )

    def deciding_on_behalf(self) -> str:
        """The first line of the decisions' signature: the collective the signer represents
        (Hướng dẫn 36-HD/VPTW) — the standing committee when it is the one that decides."""
        if self.deciding_committee.strip().lower().startswith("ban thường vụ"):
            return "T/M BAN THƯỜNG VỤ"
        return "T/M ĐẢNG ỦY"

    def deciding_signer(self) -> tuple[str, str]:
        """(title line, name) of who signs the deciding committee's decisions: the grassroots
        committee's signer when it decides itself (no other deciding committee set)."""
        if not self.deciding_committee_name:
            return self.committee_signer()
        return SIGNER_TITLE_LINES[SignerTitle(self.deciding_signer_title)], (
            self.deciding_signer_name.strip()
        )


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
        # The cadet list sorted by cell (?sap_xep=chi_bo) walks the cells in name order and
        # each cell's people by its index on the person's cell: no sort of the whole list.
        indexes = [models.Index(fields=["name"], name="cell_name")]
        constraints = [
            models.UniqueConstraint(fields=["battalion", "code"], name="unique_cell_code"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanEpoch(models.Model):
    """Raised by each write that changes the admission plans of a whole battalion (its pace,
    who may introduce, its cells): the plans stored under an earlier number are computed
    again (members.stored_plans)."""

    battalion = models.OneToOneField(
        Battalion, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.battalion_id}: {self.number}"
