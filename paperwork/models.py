"""What the reminder digest has sent (so that a second run on the same day sends nothing new), and
the signed scans of people's files."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReminderQuerySet":
        """A user's own reminders; nobody reads another's mail."""
        if not user.is_authenticated or user.scope is None:
            return self.none()
        return self.filter(user=user)


class ReminderSent(models.Model):
    """One worklist item sent to one user on one day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("người nhận"),
    )
    sent_on = models.DateField(_("ngày gửi"))
    item_key = models.CharField(_("việc"), max_length=120)
    due = models.DateField(_("hạn"))
    sent_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")
        ordering = ["-sent_on", "user", "item_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "sent_on", "item_key"], name="one_reminder_per_item_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.sent_on:%d/%m/%Y} · {self.item_key}"


def file_scan_path(instance, filename: str) -> str:
    """A random name: nothing of the uploaded file's name reaches the disk, and no name can be
    guessed (the files are served only through the scoped view anyway)."""
    extension = filename.rsplit(".", 1)[-1]
    return f"ho-so/{secrets.token_hex(16)}.{extension}"


class FileScanQuerySet(ScopedQuerySet):
    scope_cell_field = "person__cell"

    def current(self) -> "FileScanQuerySet":
        """Scans not removed: a removed scan stays on record (and its file on disk) for history."""
        return self.filter(removed_at__isnull=True)


class FileScan(models.Model):
    """A signed scan of one form of a person's file (12-HD/BTCTW), uploaded by a clerk."""

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="file_scans",
        verbose_name=_("người"),
    )
    form_code = models.CharField(_("mẫu"), max_length=20)
    file = models.FileField(_("tệp"), upload_to=file_scan_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=40)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    removed_at = models.DateTimeField(_("thời điểm gỡ"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gỡ"),
    )
    history = HistoricalRecords()

    objects = FileScanQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản quét hồ sơ")
        verbose_name_plural = _("bản quét hồ sơ")
        ordering = ["person", "form_code", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["person", "form_code"], name="file_scan_person_form")]

    def __str__(self) -> str:
        return f"{self.person} · {self.form_code} · {self.original_name}"

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1]
