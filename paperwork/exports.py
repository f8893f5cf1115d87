"""The worklist as a table to download (issue 16): what is due, by when, for whom."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table

from .selectors import WorkItem

WORKLIST_COLUMNS = [
    Column("kind", _("Việc")),
    Column("due", _("Hạn"), "date"),
    Column("working_days_left", _("Còn (ngày làm việc)"), "int"),
    Column("overdue", _("Quá hạn"), "met"),
    Column("subject", _("Người / chi bộ")),
    Column("cell", _("Chi bộ")),
    Column("note", _("Ghi chú")),
]


def worklist_table(items: Iterable[WorkItem]) -> Table:
    rows = [
        {
            "kind": item.label,
            "due": item.due,
            "working_days_left": item.days_left,
            "overdue": item.is_overdue,
            "subject": item.subject,
            "cell": item.cell,
            "note": item.note,
        }
        for item in items
    ]
    return Table("viec-can-lam", _("Việc cần làm"), WORKLIST_COLUMNS, rows)
