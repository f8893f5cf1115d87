"""No lost updates: every edit form carries the version of what it showed, and a save made
from an older version, or from none, is refused with what changed meanwhile (who, when, which
fields), changing nothing.

The version is the id of the latest django-simple-history row of the record (or of the rows a
form adds to, such as a person's ratings): every save writes one, so it needs no column of its
own, and the history that says what changed is the one that moves the version. The form
requires it and checks it first, so the user reads why; the service checks it again inside its
transaction with the row locked (select_for_update), where a racing save waits and is then
refused. Only code that showed no page (the import, the demo data) passes BY_CODE.
"""

import enum

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .history import ChangeReader

MISSING_VERSION = gettext_lazy(
    "Trang sửa này không cho biết bạn đã xem phiên bản nào của hồ sơ nên chưa lưu gì; hãy tải "
    "lại trang rồi sửa lại."
)


class Unshown(enum.Enum):
    """An addition made by code that showed no page (the import, the demo data, factories):
    there is no version to check. Forms always send one."""

    BY_CODE = "by code"


BY_CODE = Unshown.BY_CODE
# What a write is given: the version its form showed (None when the post left it out).
SeenVersion = int | None | Unshown


def history_of(source) -> QuerySet:
    """The history rows a version counts: a record's own, or a given queryset of history rows
    (a person's ratings, say, for a form that adds one)."""
    return source if isinstance(source, QuerySet) else source.history.all()


def current_version(source) -> int:
    """The id of the latest history row of `source` (0 when it has none)."""
    latest = history_of(source).order_by("-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


def lock_unchanged_since(record, seen_version: SeenVersion, rows=None) -> None:
    """Lock `record`'s row until the transaction ends, then ensure_unchanged_since on `rows`
    (the record's own history when not given): a save racing this one waits, then is refused."""
    type(record)._default_manager.select_for_update().filter(pk=record.pk).first()
    ensure_unchanged_since(record if rows is None else rows, seen_version)


def ensure_unchanged_since(source, seen_version: SeenVersion) -> None:
    """Refuse the save unless `seen_version` is the version of `source` (a record or history
    rows, see history_of); say what changed, who changed it and when."""
    if seen_version is BY_CODE:
        return
    if seen_version is None:
        raise ValidationError(MISSING_VERSION, code="missing_version")
    rows = history_of(source)
    newer = list(
        rows.filter(history_id__gt=seen_version)
        .select_related("history_user")
        .order_by("history_id")
    )
    if not newer:
        return
    # Each newer row is compared with the row before it of the same record.
    seen = rows.filter(id__in={row.id for row in newer}, history_id__lte=seen_version)
    before = {row.id: row for row in seen.order_by("history_id")}
    reader = ChangeReader([*before.values(), *newer], derived=True)
    changes = []
    for row in newer:
        changes += [
            f"{change.label}: “{change.old}” → “{change.new}”"
            for change in reader.changes(row, before.get(row.id))
        ]
        before[row.id] = row
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


@transaction.atomic
def record_update(*, record, seen_version: SeenVersion):
    """Save a record that has no rule beyond its model's (an account, a battalion), its form
    having set the new values, unless someone saved it after `seen_version`."""
    lock_unchanged_since(record, seen_version)
    record.full_clean()
    record.save()
    return record


class VersionedFormMixin(forms.Form):
    """The hidden `seen_version` of an edit form, filled with the version of the record shown:
    the ModelForm's instance, or `record` for other forms (a record or history rows, see
    history_of). A post without it is refused."""

    # Bounded so a hostile value is a form error, not an integer the database cannot compare.
    seen_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**63 - 1
    )

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record if record is not None else getattr(self, "instance", None)
        if self.record is None or getattr(self.record, "pk", 0) is None:
            # The same form adds a record: there is no version yet.
            del self.fields["seen_version"]
        elif not self.is_bound:
            self.initial["seen_version"] = current_version(self.record)

    def clean(self):
        data = super().clean()
        if "seen_version" in self.fields:
            # Said above the form (the hidden field has no place for its own error), and first:
            # what changed meanwhile may be why another field no longer fits. The service checks
            # again with the row locked.
            ensure_unchanged_since(self.record, data.get("seen_version"))
        return data
