"""Every spreadsheet the project serves, and the selector rows each must carry.

One list for the export tests: each dashboard table (reports.tables.SPECS) in each format the
report view offers, and every other URL that answers with a CSV or XLSX file. `undeclared()`
names any URL that looks like a spreadsheet download but has no entry here, so a new table or
a new download cannot be left out.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.access import reports_upward, require
from core.tables import EXPORTERS as TABLE_FORMATS
from core.tables import Table
from members.exports import board_table, people_table
from members.filters import PersonFilter
from members.selectors import cell_board, people_visible
from paperwork.exports import worklist_battalion_table, worklist_table
from paperwork.selectors import by_battalion, has_worklist, worklist, worklist_by_battalion
from reports.forms import ReportFilterForm, YearlyReportForm
from reports.tables import SPECS, build_table
from reports.views import EXPORTERS
from reports.yearly import yearly_report
from reports.yearly_documents import tables as yearly_tables
from spreadsheets.columns import COLUMNS
from spreadsheets.selectors import cadet_export_rows
from spreadsheets.writers import template_example
from tests.security.matrix import url_patterns
from units.models import PartyCell

SPREADSHEET_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Export:
    name: str
    url_name: str
    url: str
    fmt: str
    # user -> (header, rows of values), as the selector that feeds the page gives them.
    expected: Callable[..., tuple[list[str], list[list]]]
    # user -> the address for that user, where it names an object in the user's scope.
    url_for: Callable[..., str] | None = None
    # user -> whether the user's role may download it (everyone with a role, unless given).
    allowed: Callable[..., bool] | None = None

    def address(self, user) -> str:
        return self.url_for(user) if self.url_for else self.url


def _report(table: str, fmt: str) -> Callable:
    def expected(user):
        rows = build_table(table, user, ReportFilterForm(None, user=user).filters())
        header = [column.key if fmt == "csv" else str(column.label) for column in rows.columns]
        return header, [[row.get(column.key) for column in rows.columns] for row in rows.rows]

    return expected


def _table(build: Callable[..., Table], fmt: str) -> Callable:
    def expected(user):
        table = build(user)
        header = [column.key if fmt == "csv" else str(column.label) for column in table.columns]
        return header, [[row.get(column.key) for column in table.columns] for row in table.rows]

    return expected


def _listed_people(user) -> Table:
    today = timezone.localdate()
    people = people_visible(user, today=today)
    listed = PersonFilter({"study_status": "studying"}, queryset=people, user=user, today=today)
    return people_table(listed.qs, today=today)


def _first_cell(user):
    return PartyCell.objects.visible_to(user).order_by("code").first() or PartyCell.objects.first()


def _board(user) -> Table:
    today = timezone.localdate()
    cell = _first_cell(user)
    return board_table(cell_board(cell, today=today), cell_name=cell.name, today=today)


def _board_url(fmt: str) -> Callable[..., str]:
    def url_for(user):
        return reverse("members:board_export", args=[_first_cell(user).pk, fmt])

    return url_for


def _may_see_worklist(user) -> bool:
    try:
        require(user, has_worklist)
    except PermissionDenied:
        return False
    return True


def _worklist(user) -> Table:
    """A whole academy's worklist is exported as on its page: a row per battalion."""
    if by_battalion(user):
        return worklist_battalion_table(worklist_by_battalion(user, today=timezone.localdate()))
    return worklist_table(worklist(user, today=timezone.localdate()))


def _template_rows(rows: Callable) -> Callable:
    def expected(user):
        header = [column.header for column in COLUMNS]
        return header, [[row.get(column.key) for column in COLUMNS] for row in rows(user)]

    return expected


def _reports_upward(user) -> bool:
    try:
        require(user, reports_upward)
    except PermissionDenied:
        return False
    return True


def _yearly(user):
    """The yearly report's first sheet: this year, for the user's unit (the form's defaults)."""
    year, battalion = YearlyReportForm(None, user=user).choice()
    report = yearly_report(user, year=year, battalion=battalion, today=timezone.localdate())
    [summary, *_others] = yearly_tables(report)
    header = [str(column.label) for column in summary.columns]
    return header, [[row.get(column.key) for column in summary.columns] for row in summary.rows]


def exports() -> list[Export]:
    found = [
        Export(
            f"reports:{table}.{fmt}",
            "reports:export",
            reverse("reports:export", kwargs={"table": table, "fmt": fmt}),
            fmt,
            _report(table, fmt),
        )
        for table in SPECS
        for fmt in EXPORTERS
    ]
    for fmt in TABLE_FORMATS:
        found.append(
            Export(
                f"members:person_list_export.{fmt}",
                "members:person_list_export",
                reverse("members:person_list_export", args=[fmt]),
                fmt,
                _table(_listed_people, fmt),
            )
        )
        found.append(
            Export(
                f"members:board_export.{fmt}",
                "members:board_export",
                "",
                fmt,
                _table(_board, fmt),
                url_for=_board_url(fmt),
            )
        )
        found.append(
            Export(
                f"paperwork:worklist_export.{fmt}",
                "paperwork:worklist_export",
                reverse("paperwork:worklist_export", args=[fmt]),
                fmt,
                _table(_worklist, fmt),
                allowed=_may_see_worklist,
            )
        )
    found.append(
        Export(
            "admissions_csv",
            "admissions_csv",
            reverse("admissions_csv"),
            "csv",
            _report("admissions", "csv"),
        )
    )
    for fmt in SPREADSHEET_FORMATS:
        found.append(
            Export(
                f"spreadsheets:export_{fmt}",
                f"spreadsheets:export_{fmt}",
                reverse(f"spreadsheets:export_{fmt}"),
                fmt,
                _template_rows(cadet_export_rows),
            )
        )
    found.append(
        Export(
            "reports:yearly_xlsx",
            "reports:yearly_xlsx",
            reverse("reports:yearly_xlsx"),
            "xlsx",
            _yearly,
            allowed=_reports_upward,
        )
    )
    found.append(
        Export(
            "spreadsheets:template",
            "spreadsheets:template",
            reverse("spreadsheets:template"),
            "xlsx",
            _template_rows(lambda user: [template_example()]),
        )
    )
    return found


def undeclared() -> list[str]:
    """URL names that serve spreadsheets (by their address or a format argument) but are not
    listed by `exports()`."""
    declared = {export.url_name for export in exports()}
    return [
        name
        for name, pattern in url_patterns()
        if name not in declared
        and (
            str(pattern.pattern).endswith(tuple(f".{fmt}" for fmt in SPREADSHEET_FORMATS))
            or "fmt" in pattern.pattern.converters
        )
    ]
