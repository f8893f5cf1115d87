"""The cohorts the cadet list offers (issue 17): the academy's read along their own index give
the same list as the distinct cohorts of the tallies a narrower scope reads."""

import pytest

from members.models import CohortTally
from members.selectors import cohorts_visible

pytestmark = pytest.mark.django_db


def _tally(cell, cohort: str, count: int) -> None:
    CohortTally.objects.create(
        cell=cell,
        cohort=cohort,
        kind="cadet",
        study_status="studying",
        party_status="candidate",
        count=count,
    )


def test_the_academy_sees_each_cohort_held_once_in_order(
    academy_commander, clerk, other_clerk, cell_a, cell_b, cell_c
):
    for cell, cohort, count in [
        (cell_a, "K58", 3),
        (cell_b, "K58", 1),
        (cell_a, "K57", 2),
        (cell_c, "K60", 1),
        (cell_c, "K59", 0),  # no one left in it
        (cell_a, "", 4),  # cadre without a cohort
        (cell_b, "K100", 1),
    ]:
        _tally(cell, cohort, count)
    assert cohorts_visible(academy_commander) == ["K100", "K57", "K58", "K60"]
    assert cohorts_visible(clerk) == ["K100", "K57", "K58"]
    assert cohorts_visible(other_clerk) == ["K60"]


def test_an_academy_without_cohorts_offers_none(academy_commander):
    assert cohorts_visible(academy_commander) == []
