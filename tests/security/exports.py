"""Every spreadsheet the project serves, and the selector rows each must carry.

One list for the export tests: each dashboard table (reports.tables.SPECS) in each format the
report view offers, and every other URL that answers with a CSV or XLSX file. `undeclared()`
names any URL that looks like a spreadsheet download but has no entry here, so a new table or
a new download cannot be left out.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from reports.forms import ReportFilterForm
from reports.tables import SPECS, build_table
from reports.views import EXPORTERS
from spreadsheets.columns import COLUMNS
from spreadsheets.selectors import cadet_export_rows
from spreadsheets.writers import template_example
from tests.security.matrix import url_patterns

SPREADSHEET_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Export:
    name: str
    url_name: str
    url: str
    fmt: str
    # user -> (header, rows of values), as the selector that feeds the page gives them.
    expected: Callable[..., tuple[list[str], list[list]]]


def _report(table: str, fmt: str) -> Callable:
    def expected(user):
        rows = build_table(table, user, ReportFilterForm(None, user=user).filters())
        header = [column.key if fmt == "csv" else str(column.label) for column in rows.columns]
        return header, [[row.get(column.key) for column in rows.columns] for row in rows.rows]

    return expected


def _template_rows(rows: Callable) -> Callable:
    def expected(user):
        header = [column.header for column in COLUMNS]
        return header, [[row.get(column.key) for column in COLUMNS] for row in rows(user)]

    return expected


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
