"""The scorecard's results come from the pipeline: built here with the pipeline's factories."""

import datetime

import pytest

from core.concurrency import current_version
from members.choices import Grade, StepKind
from members.models import AdmissionStep, Evaluation
from members.services import evaluation_record, person_move
from resolutions.models import FocusArea, MinGrade
from resolutions.selectors import quarter_scorecard, targets_by_quarter
from resolutions.services import AreaGoal
from tests.factories import PersonFactory, advance, make_resolution

Q2_2018 = (datetime.date(2018, 4, 1), datetime.date(2018, 6, 30))
OLDER = datetime.date(2015, 9, 1)


def evaluate(person, day, study, training, movement):
    evaluation_record(person=person, date=day, study=study, training=training, movement=movement)


@pytest.fixture
def pipeline(cell_a, cell_b, cell_c):
    """Quarter 2/2018: cell A lists 2 and admits 1; cell B lists 1 and converts 1.

    Around them: steps of other quarters, a cadet who moved from A to B after being listed,
    evaluations in and out of the quarter, and an admission in the other battalion.
    """
    # Listed 10/01 (quarter 1), admitted 06/06 (quarter 2) in cell A.
    admitted = advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    # Listed in cell A on 02/04, then moved to cell B: the listing stays cell A's.
    moved = advance(PersonFactory(cell=cell_a), StepKind.LISTED, start=datetime.date(2018, 4, 2))
    person_move(
        person=moved, seen_version=current_version(moved), cell=cell_b, on=datetime.date(2018, 5, 2)
    )
    listed_a = advance(
        PersonFactory(cell=cell_a), StepKind.LISTED, start=datetime.date(2018, 6, 30)
    )
    listed_b = advance(
        PersonFactory(cell=cell_b), StepKind.LISTED, start=datetime.date(2018, 5, 15)
    )
    # Listed 01/12/2016; ceremony 18/05/2017; conversion decided 08/06/2018 in cell B.
    advance(
        PersonFactory(cell=cell_b, enrolment_date=OLDER),
        StepKind.CONVERSION_DECISION,
        start=datetime.date(2016, 12, 1),
    )
    # Listed on 01/07: quarter 3, not counted.
    advance(PersonFactory(cell=cell_b), StepKind.LISTED, start=datetime.date(2018, 7, 1))
    advance(PersonFactory(cell=cell_c), StepKind.DECISION)

    evaluate(listed_a, datetime.date(2018, 6, 30), Grade.GOOD, Grade.FAIR, Grade.AVERAGE)
    evaluate(
        PersonFactory(cell=cell_a), datetime.date(2018, 4, 20), Grade.FAIR, Grade.GOOD, Grade.GOOD
    )
    evaluate(listed_b, datetime.date(2018, 5, 20), Grade.WEAK, Grade.FAIR, Grade.GOOD)
    evaluate(listed_b, datetime.date(2018, 7, 2), Grade.GOOD, Grade.GOOD, Grade.GOOD)
    return {"admitted": admitted}


@pytest.fixture
def resolution(battalion, cell_a, cell_b):
    return make_resolution(
        battalion,
        year=2018,
        quarter=2,
        area_goals=[
            AreaGoal(area=FocusArea.STUDY, target_percent=50),
            AreaGoal(area=FocusArea.TRAINING, target_percent=100, min_grade=MinGrade.FAIR),
            AreaGoal(area=FocusArea.MOVEMENT, target_percent=60),
        ],
        cell_goals={
            cell_a: {"candidates": 2, "admissions": 2, "conversions": 0},
            cell_b: {"candidates": 1, "admissions": 0, "conversions": 1},
        },
    )


def test_the_scorecard_counts_each_cells_steps_and_evaluations_in_the_quarter(
    pipeline, resolution, cell_a, cell_b
):
    score = quarter_scorecard(resolution)
    a, b = score.cells
    assert (a.cell_id, b.cell_id) == (cell_a.pk, cell_b.pk)
    assert (a.candidates.result, a.admissions.result, a.conversions.result) == (2, 1, 0)
    assert (b.candidates.result, b.admissions.result, b.conversions.result) == (1, 0, 1)
    study, training, movement = (area.percent for area in a.areas)
    assert (study, training, movement) == (50.0, 100.0, 50.0)
    assert [(area.reached, area.evaluated) for area in b.areas] == [(0, 1), (1, 1), (1, 1)]
    assert (score.total.admissions.target, score.total.admissions.result) == (2, 1)


def test_the_scorecard_matches_the_pipeline_records(pipeline, resolution):
    """Counted afresh from the records, cell by cell: the same figures as the scorecard."""
    start, end = Q2_2018
    for cell in quarter_scorecard(resolution).cells:
        steps = AdmissionStep.objects.filter(cell_id=cell.cell_id, date__range=(start, end))
        assert cell.candidates.result == steps.filter(kind=StepKind.LISTED).count()
        assert cell.admissions.result == steps.filter(kind=StepKind.DECISION).count()
        assert cell.conversions.result == steps.filter(kind=StepKind.CONVERSION_DECISION).count()
        evaluations = Evaluation.objects.filter(cell_id=cell.cell_id, date__range=(start, end))
        study = cell.areas[0]
        assert study.evaluated == evaluations.count()
        assert study.reached == evaluations.filter(study=Grade.GOOD).count()


def test_targets_met_and_missed_stand_out(pipeline, resolution):
    a, b = quarter_scorecard(resolution).cells
    assert a.admissions.met is False
    assert a.candidates.met is True
    assert a.missed == ["Kết nạp", "Công tác phong trào"]
    assert b.missed == ["Học tập"]
    assert a.stands_out
    assert b.stands_out


def test_a_running_quarter_shows_targets_not_reached_yet_without_flagging_them(
    pipeline, resolution
):
    """On the quarter's last day its targets are still being worked on; the next day they are
    missed."""
    a, _b = quarter_scorecard(resolution, today=Q2_2018[1]).cells
    assert a.running
    assert a.missed == ["Kết nạp", "Công tác phong trào"]
    assert not a.stands_out
    a, _b = quarter_scorecard(resolution, today=Q2_2018[1] + datetime.timedelta(days=1)).cells
    assert not a.running
    assert a.stands_out


def test_a_cell_that_meets_every_target_does_not_stand_out(battalion, cell_a):
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    resolution = make_resolution(battalion, cell_goals={cell_a: {"admissions": 1}})
    (score,) = quarter_scorecard(resolution, today=datetime.date(2018, 7, 1)).cells
    assert score.admissions.met is True
    assert not score.missed
    assert not score.stands_out


def test_a_secretary_scorecard_has_only_their_cell(pipeline, resolution, cell_b):
    score = quarter_scorecard(resolution, cell_ids=[cell_b.pk])
    assert [cell.cell_id for cell in score.cells] == [cell_b.pk]
    assert score.total.candidates.result == 1


def test_the_scorecard_runs_a_fixed_number_of_queries(
    pipeline, resolution, django_assert_max_num_queries
):
    resolution.refresh_from_db()
    with django_assert_max_num_queries(7):
        quarter_scorecard(resolution)


def test_targets_by_quarter_sums_the_cells_and_the_supplements(
    pipeline, resolution, battalion, cell_a, other_battalion, django_assert_max_num_queries
):
    make_resolution(
        battalion,
        year=2018,
        quarter=2,
        number="9-NQ/ĐU",
        signed_on=datetime.date(2018, 5, 2),
        is_supplement=True,
        cell_goals={cell_a: {"admissions": 1}},
    )
    with django_assert_max_num_queries(3):
        rows = targets_by_quarter([battalion.pk, other_battalion.pk], [2018])
    assert [(r.battalion_id, r.quarter) for r in rows[:4]] == [
        (battalion.pk, q) for q in (1, 2, 3, 4)
    ]
    first, second, third, _fourth = rows[:4]
    assert second.resolutions == ("2-NQ/ĐU", "9-NQ/ĐU")
    assert (second.admissions.target, second.admissions.result) == (3, 1)
    assert (second.candidates.target, second.candidates.result) == (3, 3)
    assert (second.conversions.target, second.conversions.result) == (1, 1)
    # No resolution in quarter 1 or 3: results without targets.
    assert first.admissions.target is None
    assert (first.candidates.result, third.candidates.result) == (1, 1)
    other = [r for r in rows if r.battalion_id == other_battalion.pk]
    assert [r.admissions.result for r in other] == [0, 1, 0, 0]


def test_targets_by_quarter_narrowed_to_a_cell(pipeline, resolution, battalion, cell_b):
    rows = targets_by_quarter([battalion.pk], [2018], cell_ids=[cell_b.pk])
    second = rows[1]
    assert (second.candidates.target, second.candidates.result) == (1, 1)
    assert (second.admissions.target, second.admissions.result) == (0, 0)
    assert (second.conversions.target, second.conversions.result) == (1, 1)
    assert rows[2].candidates.result == 1
