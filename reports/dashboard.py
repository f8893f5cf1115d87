"""The dashboard's panels: the tables and, drawn from the very same rows, their charts."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.paging import ListPage, rows_page
from members.choices import QualityRating

from .by_battalion import battalion_headings, several_battalions
from .selectors import (
    ReportFilters,
    admissions_by_battalion,
    admissions_by_year,
    cohort_panels,
    conversions_due,
    due_to_graduate,
    duration_window,
)
from .tables import SPECS, Column, Table, build_table

# The key of the academy-wide grid of admissions (a row per battalion).
BY_BATTALION = "admissions_by_battalion"
# People listed on the page; the exports and the print view carry more.
PAGE_LIST_LIMIT = 50
PRINT_LIST_LIMIT = 300
# The academy's grid by battalion on a page (as the forecast's rows, reports.forecast); the
# print view shows them all. 200 battalions over ten years were half the page's rendering.
GRID_ROWS = 50
# The chart of that grid draws the battalions of most admissions and the others' sum: as many
# datasets as static/js/reports.js has colours, whatever the page of the grid.
CHART_BATTALIONS = 9


def build_dashboard(
    user, filters: ReportFilters, *, list_limit: int, page: str | None = None, paged: bool = False
) -> dict:
    """Every table of the dashboard and the Chart.js data derived from them; when `paged`, the
    academy's grid by battalion shows its page `page` (as the URL gives it) of GRID_ROWS rows.

    The stage durations and the admission forecast are the costliest figures (a year of steps;
    every plannable cadet's plan); the pages load them in requests of their own
    (reports.views.durations and forecast) so that the rest shows at once.
    """
    keys = ["quarters", "graduating", "funnel", "conversions", "ratings"]
    grid = None
    pager: ListPage | None = None
    tables = {key: build_table(key, user, filters, limit=list_limit) for key in keys}
    # Both cohort panels from one read of the tallies.
    for key, rows in zip(("cohorts", "cohorts_other"), cohort_panels(user, filters), strict=True):
        spec = SPECS[key]
        tables[key] = Table(key, spec.title, spec.columns, rows)
    admission_rows = None
    if filters.by_cell:
        by_battalion = None
        if _may_span_battalions(filters):
            by_battalion = admissions_by_battalion(user, filters)
        if by_battalion is not None and several_battalions(by_battalion, filters):
            # Only battalions are shown: the page reads no row by cell (the exports do).
            admission_rows = by_battalion
            years = _admission_years(tables, by_battalion, user, filters)
            grid = battalion_year_grid(by_battalion, years, filters)
            if paged and len(grid.rows) > GRID_ROWS:
                pager = rows_page(grid.rows, page, GRID_ROWS)
                grid = Table(grid.key, grid.title, grid.columns, pager.object_list)
        else:
            by_cell = build_table("admissions_by_cell", user, filters)
            tables["admissions_by_cell"] = by_cell
            admission_rows = by_cell.rows
            years = _admission_years(tables, by_cell.rows, user, filters)
            grid = cell_year_grid(by_cell, years)
    else:
        tables["admissions"] = build_table("admissions", user, filters)
    start, end = duration_window(filters)
    return {
        "tables": tables,
        "by_cell_grid": grid,
        "grid_pager": pager,
        "charts": charts(
            tables,
            admission_rows,
            by_battalion=grid is not None and grid.key == BY_BATTALION,
        ),
        "duration_window": {"start": start, "end": end},
    }


def _may_span_battalions(filters: ReportFilters) -> bool:
    """Whether the admissions by cell may be read a battalion at a time: no unit chosen, and
    a scope of several battalions (or one the caller has not read)."""
    return not (filters.battalion_id or filters.cell_id) and len(filters.scope_battalion_ids) != 1


def _admission_years(tables: dict, rows: list[dict], user, filters: ReportFilters) -> list[int]:
    """Put the yearly totals, the sums of `rows` (by cell or by battalion: one query fewer),
    in `tables`; the years they span."""
    spec = SPECS["admissions"]
    yearly = admissions_by_year(user, filters, by_cell=rows)
    tables["admissions"] = Table("admissions", spec.title, spec.columns, yearly)
    return [row["year"] for row in yearly]


def cell_year_grid(by_cell: Table, years: list[int]) -> Table:
    """The admissions by cell as people read them: a row per cell, a column per year.

    Drawn from the rows of `admissions_by_cell` (which the exports keep one row per cell and
    year, for machines); ten years of a whole academy make 120 rows instead of 1,200.
    """
    cells: dict[tuple, dict] = {}
    for row in by_cell.rows:
        key = (row["battalion_code"], row["cell_code"])
        line = cells.setdefault(
            key,
            {
                "battalion": row["battalion"],
                "battalion_title": row["battalion_code"],
                "cell": row["cell"],
                "total": 0,
            },
        )
        line[str(row["year"])] = row["admitted"]
        line["total"] += row["admitted"]
    columns = [
        Column("battalion", _("Tiểu đoàn")),
        Column("cell", _("Chi bộ")),
        *[Column(str(year), str(year), "int") for year in years],
        Column("total", _("Cộng"), "int"),
    ]
    rows = [{str(year): 0 for year in years} | cells[key] for key in sorted(cells)]
    return Table(by_cell.key, by_cell.title, columns, rows)


def battalion_year_grid(
    by_battalion: list[dict], years: list[int], filters: ReportFilters
) -> Table:
    """The admissions of a whole academy by cell, read a battalion at a time: a row per
    battalion, a column per year, each battalion linking to its own grid by cell (the same
    dashboard for that battalion). Ten years of 1,200 cells made a page of 725 KB.

    From the rows of `admissions_by_battalion` (or of `admissions_by_cell`, which it sums)."""
    query = {"by_cell": "on", "year_from": filters.year_from, "year_to": filters.year_to}
    heading = battalion_headings(reverse("reports:dashboard"), query)
    battalions: dict[str, dict] = {}
    for row in by_battalion:
        line = battalions.get(row["battalion_code"])
        if line is None:
            line = battalions[row["battalion_code"]] = {**heading(row), "total": 0}
        key = str(row["year"])
        line[key] = line.get(key, 0) + row["admitted"]
        line["total"] += row["admitted"]
    columns = [
        Column("battalion", _("Tiểu đoàn"), "link"),
        *[Column(str(year), str(year), "int") for year in years],
        Column("total", _("Cộng"), "int"),
    ]
    rows = [{str(year): 0 for year in years} | battalions[key] for key in sorted(battalions)]
    # Its own title: the rows are battalions, not the cells the grid by cell is named after.
    title = _("Kết nạp theo năm và tiểu đoàn (bấm vào tiểu đoàn để xem từng chi bộ)")
    return Table(BY_BATTALION, title, columns, rows)


def charts(
    tables: dict[str, Table],
    admission_rows: list[dict] | None = None,
    *,
    by_battalion: bool = False,
) -> dict:
    """Chart data (labels and datasets) for json_script; static/js/reports.js draws them.

    The admissions by cell (`admission_rows`, when asked for) are drawn a dataset per cell, or
    per battalion (`by_battalion`, the rows being by battalion or by cell) for a whole
    academy: the CHART_BATTALIONS of most admissions and the others' sum, the same on every
    page of the grid and in print."""
    admissions = tables["admissions"].rows
    years = [row["year"] for row in admissions]
    if admission_rows is not None:
        # Keyed by codes, which are unique; labelled with the names people read.
        labels: dict[tuple, str] = {}
        by_cell: dict[tuple, dict[int, int]] = {}
        for row in admission_rows:
            if by_battalion:
                key: tuple = (row["battalion_code"],)
                labels[key] = row["battalion"]
            else:
                key = (row["battalion_code"], row["cell_code"])
                labels[key] = f"{row['cell']} · {row['battalion']}"
            counts = by_cell.setdefault(key, {})
            counts[row["year"]] = counts.get(row["year"], 0) + row["admitted"]
        if by_battalion and len(by_cell) > CHART_BATTALIONS:
            by_cell = _top_and_others(by_cell)
            labels[OTHERS] = _("Các tiểu đoàn khác")
        admission_sets = [
            {"label": labels[key], "data": [counts.get(year, 0) for year in years]}
            for key, counts in by_cell.items()
        ]
    else:
        admission_sets = [
            {"label": _("Số kết nạp"), "data": [row["admitted"] for row in admissions]}
        ]
    quarters = tables["quarters"].rows
    cohorts = tables["cohorts"].rows
    funnel = tables["funnel"].rows
    ratings = tables["ratings"].rows
    return {
        "admissions": {"kind": "bar", "stacked": True, "labels": years, "datasets": admission_sets},
        "quarters": {
            "kind": "bar",
            "labels": [row["label"] for row in quarters],
            "datasets": [
                {"label": _("Đã kết nạp"), "data": [row["admitted"] for row in quarters]},
                {
                    "label": _("Chỉ tiêu"),
                    "type": "line",
                    "data": [row["target"] for row in quarters],
                },
            ],
        },
        "cohorts": {
            "kind": "bar",
            "percent": True,
            "labels": [row["cohort"] for row in cohorts],
            "datasets": [
                {"label": _("Tỷ lệ đảng viên (%)"), "data": [row["rate"] for row in cohorts]},
                {
                    "label": _("Chỉ tiêu (%)"),
                    "type": "line",
                    "data": [row["target"] for row in cohorts],
                },
            ],
        },
        "funnel": {
            "kind": "bar",
            "horizontal": True,
            "labels": [row["label"] for row in funnel],
            "datasets": [
                {"label": _("Đang ở bước này"), "data": [row["people"] for row in funnel]}
            ],
        },
        "ratings": {
            "kind": "bar",
            "stacked": True,
            "palette": "grades",
            "labels": [row["year"] for row in ratings],
            "datasets": [
                {"label": str(grade.label), "data": [row[grade.value] for row in ratings]}
                for grade in QualityRating
            ],
        },
    }


OTHERS: tuple = ()


def _top_and_others(
    by_battalion: dict[tuple, dict[int, int]],
) -> dict[tuple, dict[int, int]]:
    """The CHART_BATTALIONS battalions of most admissions (in their order) and, under OTHERS,
    the sum of the rest: each year's bar still adds up to the academy's admissions."""
    top = set(
        sorted(by_battalion, key=lambda key: sum(by_battalion[key].values()), reverse=True)[
            :CHART_BATTALIONS
        ]
    )
    kept = {key: counts for key, counts in by_battalion.items() if key in top}
    others: dict[int, int] = {}
    for key, counts in by_battalion.items():
        if key not in top:
            for year, admitted in counts.items():
                others[year] = others.get(year, 0) + admitted
    return kept | {OTHERS: others}


def build_summary(user) -> dict:
    """This year's and last year's admissions and the people needing attention, for home pages."""
    this_year = ReportFilters().today.year
    years = {
        row["year"]: row["admitted"]
        for row in admissions_by_year(user, ReportFilters(year_from=this_year - 1))
    }
    everything = ReportFilters()
    return {
        "this_year": this_year,
        "admitted_this_year": years.get(this_year, 0),
        "admitted_last_year": years.get(this_year - 1, 0),
        "graduating_not_members": due_to_graduate(user, everything, limit=1).total,
        "horizon_months": everything.horizon_months,
        "conversions_due": conversions_due(user, everything, limit=1).total,
    }
