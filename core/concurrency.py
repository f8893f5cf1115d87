"""No lost updates: an edit form remembers which version of the record it showed.

The version is the id of the record's latest django-simple-history row. When another user saved
the record in the meantime, the save is refused with what they changed, so nothing is silently
overwritten. Services call `ensure_unchanged_since` inside their transaction, after locking the
row with select_for_update.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .history import display_value


def current_version(instance) -> int:
    """The id of the record's latest history row (0 for a record without history)."""
    latest = instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def ensure_unchanged_since(instance, seen_version: int | None) -> None:
    """Refuse the save if the record changed after `seen_version`; say what changed and who."""
    if seen_version is None:
        return
    newer = list(
        instance.history.filter(history_id__gt=seen_version)
        .select_related("history_user")
        .order_by("history_id")
    )
    if not newer:
        return
    seen = instance.history.filter(history_id=seen_version).first()
    changes = []
    previous = seen
    for record in newer:
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = instance._meta.get_field(change.field)
                old, new = (
                    "" if v in (None, "") else display_value(field, v)
                    for v in (change.old, change.new)
                )
                changes.append(f"{field.verbose_name}: “{old}” → “{new}”")
        previous = record
    last = newer[-1]
    who = last.history_user or _("người dùng khác")
    when = date_format(localtime(last.history_date), "SHORT_DATETIME_FORMAT")
    message = _(
        "%(who)s đã sửa hồ sơ này lúc %(when)s, sau khi bạn mở trang. Thay đổi của bạn chưa "
        "được lưu; hãy tải lại trang để xem bản mới rồi sửa lại."
    ) % {"who": who, "when": when}
    if changes:
        message += " " + _("Họ đã thay đổi: %(changes)s.") % {"changes": "; ".join(changes)}
    raise ValidationError(message, code="stale")


class VersionedFormMixin(forms.Form):
    """Adds the hidden `seen_version` field, filled with the record's version when shown."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["seen_version"] = current_version(instance)
