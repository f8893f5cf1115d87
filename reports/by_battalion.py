"""A whole academy's table by cell, read a battalion at a time (issue 17): a row per battalion
summing its cells' rows, the battalion's name linking to the same page for that battalion,
which shows its cells. An academy has about 1,200 cells: a row for each made pages of
hundreds of kilobytes to megabytes that nobody reads through.

Shared by the dashboard's admissions by cell over the years (reports.dashboard) and the
admission forecast (reports.forecast); the rows they group carry `battalion_id`,
`battalion_code` and `battalion` (its name).
"""

from collections.abc import Callable
from urllib.parse import urlencode

from .selectors import ReportFilters

# The unit filters that the drill-down replaces with the battalion.
UNIT_PARAMETERS = ("battalion", "cell")


def several_battalions(rows: list[dict], filters: ReportFilters) -> bool:
    """Whether the rows are worth reading by battalion: no unit chosen, several battalions."""
    return not filters.battalion_id and len({row["battalion_id"] for row in rows}) > 1


def battalion_headings(address: str, query: dict) -> Callable[[dict], dict]:
    """The battalion of a row by battalion, for a column of kind "link": its name, its code as
    the tooltip and the address of its drill-down, `address` with the `query` asked (empty
    values left out) for that battalion. The query is encoded once for all the rows (a whole
    academy has 200 battalions)."""
    asked = urlencode(
        {key: value for key, value in query.items() if value and key not in UNIT_PARAMETERS}
    )
    suffix = f"&{asked}" if asked else ""

    def heading(row: dict) -> dict:
        return {
            "battalion": row["battalion"],
            "battalion_title": row["battalion_code"],
            "battalion_url": f"{address}?battalion={row['battalion_id']}{suffix}",
        }

    return heading
