"""The cadet list (with its filters) and a cell's board as tables to download (issue 16).

Each table carries what the page shows — status, stage, next step, due date — and the days
overdue, with cells by name, so that a clerk can sort and count in Excel what the page shows.
"""

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from core.workdays import working_days_between

from .choices import PartyStatus, StepKind
from .planning import Plan
from .selectors import BoardRow

PEOPLE_COLUMNS = [
    Column("code", _("Mã")),
    Column("full_name", _("Họ và tên")),
    Column("cell", _("Chi bộ")),
    Column("cohort", _("Khóa")),
    Column("party_status", _("Tình trạng")),
    Column("stage", _("Bước hiện tại")),
    Column("stage_date", _("Ngày của bước"), "date"),
    Column("next_step", _("Bước tiếp theo")),
    Column("due", _("Hạn"), "date"),
    Column("overdue_days", _("Quá hạn (ngày làm việc)"), "int"),
]
BOARD_COLUMNS = [
    *PEOPLE_COLUMNS,
    Column("days_in_stage", _("Số ngày ở bước"), "int"),
    # The admission plan (members.planning), for cadets not yet admitted.
    Column("plan_status", _("Kế hoạch kết nạp")),
    Column("plan_latest", _("Làm bước tiếp theo trước ngày"), "date"),
    Column("plan_reasons", _("Lý do")),
]
# The people list may hold a whole academy: rows are read in chunks, not as model objects.
CHUNK = 2000
# The person's values every row carries, read from the list's rows or the board's people.
PERSON_VALUES = ("code", "full_name", "cohort", "party_status", "stage", "stage_date")
PERSON_VALUES += ("next_step", "next_due_date")


def people_table(people: QuerySet, *, today: datetime.date) -> Table:
    """Every person of the (filtered) list, in the list's order."""
    fields = (*PERSON_VALUES, "cell__name")
    rows = [
        _row(dict(zip(fields, values, strict=True)), today)
        for values in people.values_list(*fields).iterator(chunk_size=CHUNK)
    ]
    return Table("hoc-vien", _("Học viên và cán bộ"), PEOPLE_COLUMNS, rows)


def board_table(board: Iterable[BoardRow], *, cell_name: str, today: datetime.date) -> Table:
    """The cell's board, in the board's order (overdue first)."""
    rows = []
    for entry in board:
        person = entry.person
        values = {field: getattr(person, field) for field in PERSON_VALUES}
        row = _row({**values, "cell__name": cell_name}, today)
        row["days_in_stage"] = entry.days_in_stage
        row.update(_plan(entry.plan))
        rows.append(row)
    return Table("bang-theo-doi", _("Bảng theo dõi"), BOARD_COLUMNS, rows)


def _row(values: dict, today: datetime.date) -> dict:
    due = values["next_due_date"]
    return {
        "code": values["code"],
        "full_name": values["full_name"],
        "cell": values["cell__name"],
        "cohort": values["cohort"],
        "party_status": _label(PartyStatus, values["party_status"]),
        "stage": _label(StepKind, values["stage"]),
        "stage_date": values["stage_date"],
        "next_step": _label(StepKind, values["next_step"]),
        "due": due,
        "overdue_days": working_days_between(due, today) if due and due < today else 0,
    }


def _plan(plan: Plan | None) -> dict:
    if plan is None:
        return {"plan_status": "", "plan_latest": None, "plan_reasons": ""}
    return {
        "plan_status": str(plan.status.label),
        "plan_latest": plan.next.latest if plan.next else None,
        "plan_reasons": "; ".join(reason.label for reason in plan.reasons),
    }


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else ""
