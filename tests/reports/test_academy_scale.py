"""The dashboard's reads for a whole academy (issue 17): the same figures as before, from
fewer and narrower reads. Each cheaper path is held equal to the one it replaces, at the
boundaries of its years, units and scopes; on PostgreSQL, each new partial index is held able to
serve the query it was made for (its condition implied by the query's filter)."""

import datetime

import pytest
from django.db import connection
from django.utils import translation

from members.choices import StepKind
from members.models import Person
from reports.dashboard import build_dashboard
from reports.selectors import (
    ReportFilters,
    admissions_by_battalion,
    admissions_by_cell,
    cohort_panels,
    cohort_rates,
    conversions_due,
    due_to_graduate,
    other_cohort_rates,
    pipeline_funnel,
)
from resolutions.selectors import LISTED_RESOLUTIONS, admissions_by_quarter, targets_by_quarter
from tests.factories import make_resolution
from units.models import Battalion, PartyCell

from .history import admitted, cadet

pytestmark = pytest.mark.django_db


# --- admissions by battalion -----------------------------------------------------------------


def summed_by_battalion(rows: list[dict]) -> dict[tuple, int]:
    totals: dict[tuple, int] = {}
    for row in rows:
        key = (row["year"], row["battalion_id"], row["battalion_code"], row["battalion"])
        totals[key] = totals.get(key, 0) + row["admitted"]
    return totals


@pytest.mark.parametrize(
    "years", [(None, None), (2015, None), (None, 2015), (2016, 2016), (2015, 2018), (2019, 2020)]
)
@pytest.mark.parametrize("persona", ["academy_commander", "clerk", "secretary_a", "outsider"])
def test_admissions_by_battalion_are_the_rows_by_cell_summed(
    request, known_history, persona, years
):
    user = request.getfixturevalue(persona)
    filters = ReportFilters(*years, by_cell=True)
    rows = admissions_by_battalion(user, filters)
    assert {
        (row["year"], row["battalion_id"], row["battalion_code"], row["battalion"]): row["admitted"]
        for row in rows
    } == summed_by_battalion(admissions_by_cell(user, filters))
    assert rows == sorted(rows, key=lambda row: (row["year"], row["battalion_code"]))


def test_a_whole_academy_by_cell_reads_no_row_by_cell(
    known_history, academy_commander, assert_max_queries
):
    filters = ReportFilters(2015, 2016, by_cell=True)
    built = build_dashboard(academy_commander, filters, list_limit=50)
    assert "admissions_by_cell" not in built["tables"]
    grid = {row["battalion"]: row for row in built["by_cell_grid"].rows}
    for (year, _id, _code, name), admitted_count in summed_by_battalion(
        admissions_by_cell(academy_commander, filters)
    ).items():
        assert grid[name][str(year)] == admitted_count
    # The yearly totals are the battalions' rows summed.
    assert built["tables"]["admissions"].rows == [
        {"year": 2015, "admitted": 6},
        {"year": 2016, "admitted": 4},
    ]


def test_one_battalion_by_cell_still_shows_its_cells(known_history, commander):
    built = build_dashboard(commander, ReportFilters(2015, 2016, by_cell=True), list_limit=50)
    assert [column.key for column in built["by_cell_grid"].columns][:2] == ["battalion", "cell"]
    assert "admissions_by_cell" in built["tables"]


def test_an_academy_whose_admissions_are_all_in_one_battalion_shows_its_cells(
    cell_a, cell_b, cell_c, academy_commander
):
    admitted(cell_a, datetime.date(2016, 3, 1))
    admitted(cell_b, datetime.date(2016, 4, 1))
    built = build_dashboard(
        academy_commander, ReportFilters(2016, 2016, by_cell=True), list_limit=50
    )
    assert [row["cell"] for row in built["by_cell_grid"].rows] == ["Chi bộ A", "Chi bộ B"]


# --- the cohort panels --------------------------------------------------------------------


@pytest.fixture
def cohorts(cell_a, cell_c):
    """Cadets of the target programme and of another, members or not, graduating in 2024,
    2025 (the boundary of the last two years) and 2027."""
    for cell, cohort, year, programme in (
        (cell_a, "K56", 2023, "sqpd_dh"),
        (cell_a, "K57", 2024, "sqpd_dh"),
        (cell_c, "K57", 2024, "ky_su_dan_su"),
        (cell_a, "K58", 2025, "ky_su_dan_su"),
        (cell_c, "K59", 2027, "sqpd_dh"),
    ):
        graduation = datetime.date(year, 7, 1)
        cadet(cell, cohort=cohort, programme=programme, expected_graduation_date=graduation)
        admitted(
            cell,
            datetime.date(year - 2, 5, 1),
            cohort=cohort,
            programme=programme,
            expected_graduation_date=graduation,
        )


@pytest.mark.parametrize("years", [(None, None), (2024, None), (None, 2024), (2023, 2025)])
@pytest.mark.parametrize("persona", ["academy_commander", "commander", "other_clerk"])
def test_both_cohort_panels_come_from_one_query(
    request, cohorts, persona, years, today, assert_max_queries
):
    user = request.getfixturevalue(persona)
    filters = ReportFilters(*years, today=today)
    # Read first: the user's cells are then known (a query of their own, once per request).
    expected = (cohort_rates(user, filters), other_cohort_rates(user, filters))
    with assert_max_queries(1):
        target, others = cohort_panels(user, filters)
    assert (target, others) == expected
    assert all(row["target"] == 100 for row in target)
    assert all(row["target"] is None for row in others)


def test_the_cohort_panels_split_the_programmes(cohorts, academy_commander, today):
    target, others = cohort_panels(academy_commander, ReportFilters(today=today))
    assert [(row["cohort"], row["cadets"], row["members"]) for row in target] == [
        ("K57", 2, 1),
        ("K59", 2, 1),
    ]
    assert [(row["cohort"], row["cadets"]) for row in others] == [("K57", 2), ("K58", 2)]


# --- the quarters -------------------------------------------------------------------------


@pytest.fixture
def resolutions(cell_a, cell_b, cell_c, battalion, other_battalion):
    """Q2/2016: a resolution and a supplement in TD1, one in TD2; Q3/2016: TD1 only, without
    a target for cell B; Q4/2016: none. Admissions in each battalion and quarter."""
    make_resolution(battalion, year=2016, quarter=2, cell_goals={cell_a: {"admissions": 3}})
    make_resolution(
        battalion,
        year=2016,
        quarter=2,
        number="16-NQ/ĐU",
        is_supplement=True,
        cell_goals={cell_b: {"admissions": 2}},
    )
    make_resolution(other_battalion, year=2016, quarter=2, cell_goals={cell_c: {"admissions": 4}})
    make_resolution(battalion, year=2016, quarter=3, cell_goals={cell_a: {"admissions": 1}})
    for cell, day in (
        (cell_a, datetime.date(2016, 4, 20)),
        (cell_b, datetime.date(2016, 6, 30)),
        (cell_c, datetime.date(2016, 5, 2)),
        (cell_c, datetime.date(2016, 7, 1)),
        (cell_b, datetime.date(2016, 10, 1)),
    ):
        admitted(cell, day)


def quarters_summed(battalion_ids, years, cell_ids=None) -> list[tuple]:
    """What admissions_by_quarter replaces: targets_by_quarter's rows added up per quarter."""
    totals: dict[tuple, dict] = {}
    for row in targets_by_quarter(battalion_ids, years, cell_ids=cell_ids):
        total = totals.setdefault(
            (row.year, row.quarter), {"resolutions": [], "target": None, "admitted": 0}
        )
        total["resolutions"] += row.resolutions
        if row.admissions.target is not None:
            total["target"] = (total["target"] or 0) + row.admissions.target
        total["admitted"] += row.admissions.result
    return [
        (year, quarter, tuple(total["resolutions"]), total["target"], total["admitted"])
        for (year, quarter), total in sorted(totals.items())
    ]


@pytest.mark.parametrize("cells", ["all", "a", "b", "c", "none"])
@pytest.mark.parametrize("years", [[2016], [2015, 2016, 2017]])
def test_quarters_summed_by_the_database_equal_each_battalions_added_up(
    resolutions, cell_a, cell_b, cell_c, cells, years
):
    battalion_ids = list(Battalion.objects.values_list("pk", flat=True))
    cell_ids = {
        "all": None,
        "a": [cell_a.pk],
        "b": PartyCell.objects.filter(pk=cell_b.pk).values("pk"),
        "c": [cell_c.pk],
        "none": [],
    }[cells]
    rows = admissions_by_quarter(battalion_ids, years, cell_ids=cell_ids)
    summed = quarters_summed(battalion_ids, years, cell_ids)
    assert [
        (row.year, row.quarter, row.resolutions, row.target, row.admitted) for row in rows
    ] == summed
    if cells == "all":
        # Whole battalions read the sum each resolution keeps and the battalions' tallies.
        whole = admissions_by_quarter(battalion_ids, years, whole_battalions=True)
        assert [
            (row.year, row.quarter, row.resolutions, row.target, row.admitted) for row in whole
        ] == summed


def test_the_academys_quarters_add_the_battalions_up(resolutions, academy_commander, today):
    built = build_dashboard(
        academy_commander, ReportFilters(2016, 2016, today=today), list_limit=50
    )
    rows = built["tables"]["quarters"].rows
    assert [(row["label"], row["target"], row["admitted"]) for row in rows] == [
        ("1/2016", None, 0),
        ("2/2016", 9, 3),
        ("3/2016", 1, 1),
        ("4/2016", None, 1),
    ]
    assert rows[1]["resolutions"] == "2-NQ/ĐU, 16-NQ/ĐU, 2-NQ/ĐU"


@pytest.mark.parametrize(
    ("issued", "shown"),
    [
        (LISTED_RESOLUTIONS, ", ".join(f"{n}-NQ/ĐU" for n in range(1, LISTED_RESOLUTIONS + 1))),
        (LISTED_RESOLUTIONS + 1, f"{LISTED_RESOLUTIONS + 1} nghị quyết"),
    ],
)
def test_a_quarters_resolutions_are_listed_up_to_a_limit_then_counted(
    battalion, cell_a, cell_b, issued, shown
):
    """A whole academy's 200 battalions each issue a resolution a quarter: 200 numbers are not
    read, their count is; the targets are summed all the same."""
    for n in range(1, issued + 1):
        make_resolution(
            battalion,
            year=2017,
            quarter=1,
            number=f"{n}-NQ/ĐU",
            is_supplement=n > 1,
            cell_goals={cell_a: {"admissions": 1}, cell_b: {"admissions": 2}},
        )
    (row, *_rest) = admissions_by_quarter([battalion.pk], [2017])
    assert (row.resolution_count, row.target, row.resolutions_text) == (issued, 3 * issued, shown)
    with translation.override("en"):
        assert row.resolutions_text == shown.replace("nghị quyết", "resolutions")


def test_no_battalion_no_quarter():
    assert admissions_by_quarter([], [2016]) == []
    assert admissions_by_quarter([1], []) == []


# --- lists cut to a page, counted whole ----------------------------------------------------


@pytest.mark.parametrize("due", [0, 1, 2, 3])
def test_a_cut_list_counts_every_row_beyond_the_page(cell_a, commander, today, due):
    for index in range(due):
        admitted(cell_a, datetime.date(2025, 6, 2) + datetime.timedelta(days=7 * index))
    listing = conversions_due(commander, ReportFilters(today=today), limit=2)
    assert len(listing.rows) == min(due, 2)
    assert listing.total == due
    assert conversions_due(commander, ReportFilters(today=today)).total == due


def test_a_cut_list_counts_only_what_the_user_may_see(cell_a, cell_c, commander, today):
    for cell in (cell_a, cell_c, cell_c):
        admitted(cell, datetime.date(2025, 6, 2))
        cadet(cell, expected_graduation_date=datetime.date(2027, 1, 1))
    assert conversions_due(commander, ReportFilters(today=today), limit=1).total == 1
    assert due_to_graduate(commander, ReportFilters(today=today), limit=1).total == 1


# --- the partial indexes serve their queries (PostgreSQL) ----------------------------------


def captured_query(function) -> str:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return [query["sql"] for query in captured.captured_queries][-1]


def plan_of_sql(sql: str) -> str:
    """PostgreSQL's plan for `sql`, with the scans that avoid an index off, as a table of test
    size would otherwise be read whole."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("index", "read"),
    [
        ("person_probation_due", lambda user, f: conversions_due(user, f, limit=50)),
        ("person_pipeline_stage", pipeline_funnel),
        ("battalion_cohort_graduating", cohort_panels),
    ],
)
def test_the_academys_reads_can_use_their_partial_index(
    cell_a, academy_commander, today, index, read
):
    admitted(cell_a, datetime.date(2025, 6, 2))
    cadet(cell_a, cohort="K57", expected_graduation_date=datetime.date(2027, 7, 1))
    assert Person.objects.exists()
    sql = captured_query(lambda: read(academy_commander, ReportFilters(today=today)))
    if connection.vendor == "postgresql":
        assert index in plan_of_sql(sql)
    else:
        # SQLite, the embedded database of one battalion, picks its own plan at test size; the
        # partial index is there for it to choose.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s", [index]
            )
            (definition,) = cursor.fetchone()
        assert " WHERE " in definition


def test_probation_steps_are_those_after_the_ceremony_until_conversion():
    from members.choices import PROBATION_STEPS, PROCEDURE

    ceremony = PROCEDURE.index(StepKind.CEREMONY)
    assert list(PROBATION_STEPS) == PROCEDURE[ceremony + 1 :]
