"""What the reminder digest has sent, so that a second run on the same day sends nothing new."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
