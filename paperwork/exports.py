"""The worklist as a table to download (issue 16): what is due, by when, for whom."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table

from .selectors import BattalionWork, WorkItem, WorkKind

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


def worklist_battalion_table(rows: Iterable[BattalionWork]) -> Table:
    """A whole academy's worklist: a row per battalion, its items counted by kind (the cadets
    at risk of graduating unadmitted are counted in each battalion's own worklist)."""
    kinds = [kind for kind in WorkKind if kind != WorkKind.PLAN]
    columns = [
        Column("battalion", _("Tiểu đoàn")),
        Column("total", _("Số việc"), "int"),
        Column("overdue", _("Quá hạn"), "int"),
        *(Column(kind.value, kind.label, "int") for kind in kinds),
    ]
    table_rows = [
        {
            "battalion": row.name,
            "total": row.total,
            "overdue": row.overdue,
            **{kind.value: row.counts[kind] for kind in kinds},
        }
        for row in rows
    ]
    title = _("Việc cần làm theo tiểu đoàn")
    return Table("viec-can-lam-theo-tieu-doan", title, columns, table_rows)
