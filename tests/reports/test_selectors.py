import datetime

import pytest

from core.concurrency import current_version
from core.workdays import working_days_between
from members.choices import PersonKind, QualityRating, StepKind, StudyStatus
from members.services import person_move, rating_record, step_record
from reports.selectors import (
    ReportFilters,
    admissions_by_cell,
    admissions_by_year,
    cohort_rates,
    conversions_due,
    due_to_graduate,
    duration_window,
    pipeline_funnel,
    rating_distribution,
    resolution_quarters,
    stage_durations,
)
from resolutions.models import CellTarget, Resolution
from resolutions.services import resolutions_count_targets
from tests.factories import advance

from .history import admitted, cadet, close

pytestmark = pytest.mark.django_db

YEARS = ReportFilters(year_from=2015, year_to=2018)


def counts(rows):
    return {row["year"]: row["admitted"] for row in rows}


def test_admissions_are_counted_by_year_of_the_decision(known_history, academy_commander):
    assert counts(admissions_by_year(academy_commander, YEARS)) == {
        2015: 6,
        2016: 4,
        2017: 0,
        2018: 1,
    }


def test_admissions_without_a_range_span_the_years_with_data(known_history, academy_commander):
    rows = admissions_by_year(academy_commander, ReportFilters())
    assert rows[0] == {"year": 2015, "admitted": 6}
    assert rows[-1] == {"year": 2018, "admitted": 1}


def test_a_range_with_no_admissions_shows_its_years_as_zero(known_history, academy_commander):
    assert counts(admissions_by_year(academy_commander, ReportFilters(2020, 2021))) == {
        2020: 0,
        2021: 0,
    }


def test_only_decisions_count_as_admissions(cell_a, academy_commander):
    person = cadet(cell_a)
    step_record(
        person=person, kind=StepKind.CELL_VOTE, date=datetime.date(2016, 5, 2), is_historical=True
    )
    assert counts(admissions_by_year(academy_commander, ReportFilters(2016, 2016))) == {2016: 0}


def test_a_battalion_clerk_counts_only_their_battalion(known_history, clerk, other_clerk):
    assert counts(admissions_by_year(clerk, YEARS)) == {2015: 2, 2016: 4, 2017: 0, 2018: 1}
    assert counts(admissions_by_year(other_clerk, YEARS)) == {2015: 4, 2016: 0, 2017: 0, 2018: 0}


def test_a_secretary_counts_only_their_cell(known_history, secretary_a, secretary_b):
    assert counts(admissions_by_year(secretary_a, YEARS))[2016] == 3
    assert counts(admissions_by_year(secretary_b, YEARS))[2016] == 1


def test_the_outsider_counts_nothing(known_history, outsider):
    assert admissions_by_year(outsider, ReportFilters()) == []


def test_an_admission_stays_with_the_cell_it_happened_in(cell_a, cell_b, secretary_a, secretary_b):
    person = admitted(cell_a, datetime.date(2016, 4, 1))
    person_move(
        person=person,
        seen_version=current_version(person),
        cell=cell_b,
        on=datetime.date(2017, 1, 1),
    )
    assert counts(admissions_by_year(secretary_a, ReportFilters(2016, 2016))) == {2016: 1}
    assert counts(admissions_by_year(secretary_b, ReportFilters(2016, 2016))) == {2016: 0}


def test_the_battalion_and_cell_filters_narrow_the_count(
    known_history, academy_commander, battalion, cell_b
):
    by_battalion = ReportFilters(2015, 2016, battalion_id=battalion.pk)
    by_cell = ReportFilters(2015, 2016, cell_id=cell_b.pk)
    assert counts(admissions_by_year(academy_commander, by_battalion)) == {2015: 2, 2016: 4}
    assert counts(admissions_by_year(academy_commander, by_cell)) == {2015: 0, 2016: 1}


def test_admissions_by_cell_split_each_year(known_history, clerk):
    rows = admissions_by_cell(clerk, YEARS)
    assert [(row["year"], row["cell_code"], row["admitted"]) for row in rows] == [
        (2015, "CA", 2),
        (2016, "CA", 3),
        (2016, "CB", 1),
        (2018, "CB", 1),
    ]


def test_cohort_rate_counts_members_among_cadets_not_withdrawn(cell_a, commander, today):
    graduation = datetime.date(2020, 7, 1)
    for _ in range(3):
        admitted(
            cell_a, datetime.date(2018, 5, 1), cohort="K60", expected_graduation_date=graduation
        )
    cadet(cell_a, cohort="K60", expected_graduation_date=graduation)
    cadet(
        cell_a,
        cohort="K60",
        expected_graduation_date=graduation,
        study_status=StudyStatus.WITHDRAWN,
    )
    cadet(cell_a, cohort="K60", kind=PersonKind.CADRE)
    rows = cohort_rates(commander, ReportFilters(2020, 2020, today=today))
    assert rows == [
        {
            "cohort": "K60",
            "programme": "Sĩ quan cấp phân đội trình độ đại học",
            "graduation": graduation,
            "graduated": True,
            "cadets": 4,
            "members": 3,
            "not_members": 1,
            "rate": 75.0,
            "target": 100,
        }
    ]


def test_cohorts_still_to_graduate_show_whatever_the_range(cell_a, commander, today):
    cadet(cell_a, cohort="K70", expected_graduation_date=datetime.date(2028, 7, 1))
    cadet(cell_a, cohort="K55", expected_graduation_date=datetime.date(2012, 7, 1))
    rows = cohort_rates(commander, ReportFilters(2020, 2021, today=today))
    assert [row["cohort"] for row in rows] == ["K70"]


def test_due_to_graduate_lists_non_members_within_the_horizon(cell_a, commander, today):
    soon = cadet(
        cell_a, full_name="Trần Văn Sắp", expected_graduation_date=datetime.date(2027, 3, 1)
    )
    late = cadet(cell_a, full_name="Lê Văn Trễ", expected_graduation_date=datetime.date(2026, 7, 1))
    cadet(cell_a, expected_graduation_date=datetime.date(2028, 3, 1))
    cadet(
        cell_a,
        expected_graduation_date=datetime.date(2026, 7, 1),
        study_status=StudyStatus.GRADUATED,
    )
    admitted(cell_a, datetime.date(2025, 3, 1), expected_graduation_date=datetime.date(2027, 3, 1))
    listing = due_to_graduate(commander, ReportFilters(horizon_months=6, today=today))
    assert [row["id"] for row in listing.rows] == [late.pk, soon.pk]
    assert listing.total == 2


def test_due_to_graduate_cuts_the_page_but_counts_everyone(cell_a, commander, today):
    for _ in range(3):
        cadet(cell_a, expected_graduation_date=datetime.date(2027, 1, 1))
    listing = due_to_graduate(commander, ReportFilters(today=today), limit=2)
    assert len(listing.rows) == 2
    assert listing.total == 3


def test_conversions_due_lists_probationary_members_due_or_overdue(cell_a, commander, today):
    overdue = admitted(cell_a, datetime.date(2025, 6, 2))
    due_soon = admitted(cell_a, datetime.date(2025, 11, 3))
    admitted(cell_a, datetime.date(2026, 6, 1))
    admitted(cell_a, datetime.date(2024, 6, 3), study_status=StudyStatus.GRADUATED)
    listing = conversions_due(commander, ReportFilters(today=today))
    assert [row["id"] for row in listing.rows] == [overdue.pk, due_soon.pk]
    assert listing.rows[0]["days_overdue"] == working_days_between(overdue.next_due_date, today) > 0
    assert listing.rows[1]["days_overdue"] == 0


def test_the_funnel_says_who_is_on_probation(commander, today):
    rows = {row["stage"]: row for row in pipeline_funnel(commander, ReportFilters(today=today))}
    assert rows["ceremony"]["label"].startswith("Đảng viên dự bị")
    assert rows["cell_vote"]["label"] == StepKind.CELL_VOTE.label
    assert rows["conversion_vote"]["label"] == StepKind.CONVERSION_VOTE.label


def test_funnel_counts_people_at_each_stage_and_their_median_wait(cell_a, commander, today):
    for days in (10, 20, 40):
        person = cadet(cell_a)
        step_record(person=person, kind=StepKind.LISTED, date=today - datetime.timedelta(days=days))
    graduated = cadet(cell_a)
    step_record(person=graduated, kind=StepKind.LISTED, date=datetime.date(2015, 1, 5))
    close(graduated)
    rows = {row["stage"]: row for row in pipeline_funnel(commander, ReportFilters(today=today))}
    assert rows["listed"]["people"] == 3
    assert rows["listed"]["median_waiting"] == 20
    assert rows["course"] == {
        "stage": "course",
        "label": StepKind.AWARENESS_COURSE.label,
        "people": 0,
        "overdue": 0,
        "failed_votes": 0,
        "median_waiting": None,
    }


def test_stage_durations_are_the_median_days_between_steps_in_the_window(cell_a, commander, today):
    start = today - datetime.timedelta(days=300)
    for _ in range(2):
        advance(
            cadet(cell_a, enrolment_date=datetime.date(2020, 9, 1)), StepKind.DECISION, start=start
        )
    rows = {row["stage"]: row for row in stage_durations(commander, ReportFilters(today=today))}
    # advance() spaces the steps 21 days apart.
    assert rows["listed"] == {
        "stage": "listed",
        "label": StepKind.LISTED.label,
        "closed": 2,
        "median_days": 21,
    }
    assert rows["cell_vote"]["closed"] == 2
    assert rows["decision"] == {**rows["decision"], "closed": 0, "median_days": None}


def test_stage_durations_leave_out_stages_closed_before_the_window(cell_a, commander, today):
    advance(
        cadet(cell_a, enrolment_date=datetime.date(2016, 9, 1)),
        StepKind.DECISION,
        start=datetime.date(2018, 1, 10),
    )
    rows = stage_durations(commander, ReportFilters(today=today))
    assert {row["closed"] for row in rows} == {0}
    in_2018 = stage_durations(commander, ReportFilters(2018, 2018, today=today))
    assert in_2018[0]["closed"] == 1


def test_the_duration_window_is_the_year_ending_with_the_period(today):
    assert duration_window(ReportFilters(today=today)) == (datetime.date(2025, 11, 30), today)
    assert duration_window(ReportFilters(2015, 2018, today=today)) == (
        datetime.date(2018, 1, 1),
        datetime.date(2018, 12, 31),
    )


def test_rating_distribution_counts_each_grade_per_year(cell_a, cell_c, commander):
    members = [admitted(cell_a, datetime.date(2016, 3, 1)) for _ in range(6)]
    grades = [QualityRating.EXCELLENT] + [QualityRating.GOOD] * 5
    for member, grade in zip(members, reversed(grades), strict=True):
        rating_record(person=member, year=2017, rating=grade)
    rating_record(person=members[0], year=2018, rating=QualityRating.COMPLETED)
    outside = admitted(cell_c, datetime.date(2016, 3, 1))
    rating_record(person=outside, year=2017, rating=QualityRating.NOT_COMPLETED)
    assert rating_distribution(commander, ReportFilters(2017, 2018)) == [
        {"year": 2017, "xuat_sac": 1, "tot": 5, "hoan_thanh": 0, "khong_hoan_thanh": 0, "total": 6},
        {"year": 2018, "xuat_sac": 0, "tot": 0, "hoan_thanh": 1, "khong_hoan_thanh": 0, "total": 1},
    ]


def test_yearly_totals_summed_from_the_cells_equal_the_counted_ones(known_history, clerk):
    by_cell = admissions_by_cell(clerk, ReportFilters())
    summed = admissions_by_year(clerk, ReportFilters(), by_cell=by_cell)
    assert summed == admissions_by_year(clerk, ReportFilters())


def second_quarter_resolution(cell) -> Resolution:
    """The battalion's resolution for quarter 2/2016, signed on 02/04/2016."""
    return Resolution.objects.create(
        battalion=cell.battalion,
        number="15-NQ/ĐU",
        year=2016,
        quarter=2,
        signed_on=datetime.date(2016, 4, 2),
        title="Phát triển đảng viên quý 2",
    )


def set_targets(resolution, admissions: dict) -> None:
    """Cell admission targets written directly, then counted as the service counts them."""
    for cell, target in admissions.items():
        CellTarget.objects.create(resolution=resolution, cell=cell, admissions=target)
    resolutions_count_targets([resolution.pk])


def test_quarters_set_admissions_against_the_resolution_targets(cell_a, cell_b, clerk, today):
    resolution = second_quarter_resolution(cell_a)
    set_targets(resolution, {cell_a: 3, cell_b: 1})
    for day in (datetime.date(2016, 4, 20), datetime.date(2016, 5, 20)):
        admitted(cell_a, day)
    admitted(cell_b, datetime.date(2016, 9, 1))
    rows = resolution_quarters(clerk, ReportFilters(2016, 2016, today=today))
    assert [(row["label"], row["target"], row["admitted"], row["met"]) for row in rows] == [
        ("1/2016", None, 0, None),
        ("2/2016", 4, 2, False),
        ("3/2016", None, 1, None),
        ("4/2016", None, 0, None),
    ]
    assert rows[1]["resolutions"] == "15-NQ/ĐU"
    assert rows[1]["rate"] == 50.0


def test_a_secretarys_quarters_hold_only_their_cells_target_and_admissions(
    cell_a, cell_b, secretary_b, other_clerk, today
):
    resolution = second_quarter_resolution(cell_a)
    set_targets(resolution, {cell_a: 3, cell_b: 1})
    admitted(cell_a, datetime.date(2016, 4, 20))
    second = resolution_quarters(secretary_b, ReportFilters(2016, 2016, today=today))[1]
    assert (second["target"], second["admitted"]) == (1, 0)
    outside = resolution_quarters(other_clerk, ReportFilters(2016, 2016, today=today))[1]
    assert (outside["target"], outside["admitted"], outside["resolutions"]) == (None, 0, "")
    # Another cell of the battalion, asked for by hand, is outside the secretary's scope.
    filters = ReportFilters(2016, 2016, cell_id=cell_a.pk, today=today)
    assert resolution_quarters(secretary_b, filters) == []


def test_quarters_not_yet_begun_are_left_out(cell_a, clerk):
    rows = resolution_quarters(clerk, ReportFilters(2026, 2026, today=datetime.date(2026, 5, 2)))
    assert [row["label"] for row in rows] == ["1/2026", "2/2026"]


def test_without_a_range_cohorts_of_the_last_two_years_show(cell_a, commander, today):
    for cohort, year in (("K56", 2023), ("K57", 2024), ("K58", 2025), ("K59", 2027)):
        cadet(cell_a, cohort=cohort, expected_graduation_date=datetime.date(year, 7, 1))
    rows = cohort_rates(commander, ReportFilters(today=today))
    assert [row["cohort"] for row in rows] == ["K57", "K58", "K59"]
    assert [row["graduated"] for row in rows] == [True, True, False]


def test_quarters_cover_at_most_the_last_three_years_of_the_range(cell_a, clerk, today):
    rows = resolution_quarters(clerk, ReportFilters(2010, 2020, today=today))
    assert rows[0]["label"] == "1/2018"
    assert rows[-1]["label"] == "4/2020"


def test_a_running_quarter_has_no_verdict_until_it_ends_or_reaches_its_target(cell_a, clerk):
    resolution = second_quarter_resolution(cell_a)
    set_targets(resolution, {cell_a: 2})
    admitted(cell_a, datetime.date(2016, 4, 20))

    def second_quarter(today):
        rows = resolution_quarters(clerk, ReportFilters(2016, 2016, today=today))
        return next((row["met"], row["running"]) for row in rows if row["label"] == "2/2016")

    assert second_quarter(datetime.date(2016, 6, 30)) == (None, True)
    assert second_quarter(datetime.date(2016, 7, 1)) == (False, False)
    admitted(cell_a, datetime.date(2016, 5, 20))
    assert second_quarter(datetime.date(2016, 6, 30)) == (True, True)
