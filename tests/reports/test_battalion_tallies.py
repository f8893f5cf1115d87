"""The dashboard of whole battalions reads the battalions' tallies (members.tallies), which sum
their cells' (issue 17): its figures are held equal to those of the cells' tallies and to the
records counted the plain way, for every scope and filter that reads them."""

import datetime
from collections import Counter

import pytest

from members.choices import QualityRating, StepKind
from members.models import AdmissionStep, BattalionStepTally, YearlyRating
from members.services import rating_record
from reports import selectors
from reports.dashboard import build_dashboard
from reports.selectors import ReportFilters, whole_battalions
from tests.factories import make_official_member, make_resolution

from .history import admissions, cadet, close

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture
def history(cell_a, cell_b, cell_c, battalion, other_battalion):
    """Two battalions (cells A and B; cell C): admissions over years, cadets of cohorts still
    studying and graduated, ratings, and resolutions with targets."""
    for cell, years in (
        (cell_a, {2017: 2, 2025: 1}),
        (cell_b, {2025: 2, 2026: 1}),
        (cell_c, {2026: 3}),
    ):
        for year, count in years.items():
            admissions(
                cell,
                year,
                count,
                cohort=f"K{year % 100 + 40}",
                expected_graduation_date=datetime.date(year + 2, 7, 1),
            )
    for cell, cohort, year in ((cell_a, "K66", 2026), (cell_c, "K66", 2026), (cell_b, "K67", 2027)):
        cadet(cell, cohort=cohort, expected_graduation_date=datetime.date(year, 7, 1))
    close(cadet(cell_c, cohort="K64", expected_graduation_date=datetime.date(2025, 7, 1)))
    for cell, grade in ((cell_a, QualityRating.GOOD), (cell_b, QualityRating.COMPLETED)):
        rating_record(person=make_official_member(cell), year=2025, rating=grade)
    rating_record(person=make_official_member(cell_c), year=2024, rating=QualityRating.GOOD)
    make_resolution(battalion, year=2026, quarter=1, cell_goals={cell_a: {"admissions": 2}})
    make_resolution(other_battalion, year=2026, quarter=2, cell_goals={cell_c: {"admissions": 1}})


def built(user, filters: ReportFilters) -> dict:
    """The dashboard's figures: every table's rows, the grid by cell or battalion, the charts."""
    dashboard = build_dashboard(user, filters, list_limit=50)
    grid = dashboard["by_cell_grid"]
    return {
        "tables": {key: table.rows for key, table in dashboard["tables"].items()},
        "grid": grid and grid.rows,
        "charts": dashboard["charts"],
    }


FILTERS = {
    "everything": {},
    "ten years by cell": {"year_from": 2017, "by_cell": True},
    "years": {"year_from": 2025, "year_to": 2026},
    "before": {"year_to": 2025},
}


@pytest.mark.parametrize("asked", list(FILTERS))
@pytest.mark.parametrize("persona", ["academy_commander", "commander", "other_clerk"])
def test_the_battalions_tallies_give_the_figures_of_the_cells_tallies(
    request, monkeypatch, history, battalion, persona, asked
):
    user = request.getfixturevalue(persona)
    for chosen in (None, battalion.pk if persona == "academy_commander" else None):
        filters = ReportFilters(**FILTERS[asked], battalion_id=chosen, today=TODAY)
        assert whole_battalions(user, filters)
        fast = built(user, filters)
        with monkeypatch.context() as patched:
            patched.setattr(selectors, "whole_battalions", lambda user, filters: False)
            assert built(user, filters) == fast


def test_the_academys_figures_are_the_records_counted(history, academy_commander):
    dashboard = built(academy_commander, ReportFilters(year_from=2017, today=TODAY))
    decisions = AdmissionStep.objects.made_here().filter(kind=StepKind.DECISION)
    by_year = Counter(step.date.year for step in decisions)
    assert {row["year"]: row["admitted"] for row in dashboard["tables"]["admissions"]} == {
        year: by_year[year] for year in range(2017, 2027)
    }
    ratings = Counter((rating.year, rating.rating) for rating in YearlyRating.objects.all())
    assert {
        (row["year"], grade.value): row[grade.value]
        for row in dashboard["tables"]["ratings"]
        for grade in QualityRating
        if row[grade.value]
    } == dict(ratings)
    quarters = Counter((step.date.year, (step.date.month - 1) // 3 + 1) for step in decisions)
    shown = dashboard["tables"]["quarters"]
    assert [(row["year"], row["quarter"]) for row in shown][-4:] == [
        (2026, q) for q in (1, 2, 3, 4)
    ]
    assert {(row["year"], row["quarter"]): row["admitted"] for row in shown} == {
        (row["year"], row["quarter"]): quarters[(row["year"], row["quarter"])] for row in shown
    }
    assert {row["label"]: row["target"] for row in shown if row["target"] is not None} == {
        "1/2026": 2,
        "2/2026": 1,
    }
    # Ten years by cell for a whole academy: a row per battalion, its cells' decisions summed.
    grid = built(academy_commander, ReportFilters(year_from=2017, by_cell=True, today=TODAY))
    by_battalion = Counter(
        step.cell.battalion.name
        for step in decisions.filter(date__year__gte=2017).select_related("cell__battalion")
    )
    assert {row["battalion"]: row["total"] for row in grid["grid"]} == dict(by_battalion)


def test_a_cells_figures_are_read_from_the_cells_tallies(
    history, academy_commander, secretary_a, cell_a
):
    assert not whole_battalions(secretary_a, ReportFilters())
    assert not whole_battalions(academy_commander, ReportFilters(cell_id=cell_a.pk))
    in_cell_a = Counter(
        step.date.year
        for step in AdmissionStep.objects.made_here().filter(kind=StepKind.DECISION, cell=cell_a)
    )
    assert in_cell_a[2017] == 2
    for user, filters in (
        (secretary_a, ReportFilters(today=TODAY)),
        (academy_commander, ReportFilters(cell_id=cell_a.pk, today=TODAY)),
    ):
        rows = built(user, filters)["tables"]["admissions"]
        assert {row["year"]: row["admitted"] for row in rows if row["admitted"]} == in_cell_a


def test_a_battalions_tallies_are_seen_by_its_scope_only(
    history, academy_commander, commander, secretary_a, battalion, other_battalion
):
    def seen(user) -> set[int]:
        return set(BattalionStepTally.objects.visible_to(user).values_list("battalion", flat=True))

    assert seen(academy_commander) == {battalion.pk, other_battalion.pk}
    assert seen(commander) == {battalion.pk}
    # A cell's secretary sees no battalion's whole figures, only their cell's.
    assert seen(secretary_a) == set()
