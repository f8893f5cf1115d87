"""The admission forecast on the dashboard (issue 18, items 3-4): a cohort whose projected rate
is known, the what-if of the next awareness course, the page and its exports."""

import datetime

import pytest
from django.urls import reverse

from members.choices import Programme, StepKind
from reports.selectors import ReportFilters, admission_forecast
from tests.factories import PersonFactory, advance, make_official_member

from .history import admitted
from .test_dashboard import MAX_QUERIES, PLAN_QUERIES

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 12, 7)
GRADUATION = D(2027, 4, 15)
LATER = D(2027, 9, 30)
BORN = D(2005, 3, 1)


def filed(cell, *, born=BORN, cohort="K60", graduation=GRADUATION):
    """A cadet whose file is complete (opinions on 16/11/2026)."""
    person = PersonFactory(
        cell=cell,
        cohort=cohort,
        date_of_birth=born,
        enrolment_date=D(2023, 9, 1),
        joined_on=D(2023, 9, 1),
        expected_graduation_date=graduation,
    )
    return advance(person, StepKind.OPINION_SUMMARY, start=D(2026, 8, 3))


def listed(cell, *, cohort="K61", graduation=LATER):
    person = PersonFactory(
        cell=cell,
        cohort=cohort,
        date_of_birth=D(2005, 3, 1),
        enrolment_date=D(2023, 9, 1),
        joined_on=D(2023, 9, 1),
        expected_graduation_date=graduation,
    )
    return advance(person, StepKind.LISTED, start=D(2026, 10, 1))


@pytest.fixture
def cohort(cell_a):
    """K60 graduating 15/04/2027: a member, a cadet on track, one at risk (18 on 01/03/2027:
    the decision at the pace on graduation day) and one who cannot (18 a day later)."""
    return {
        "member": admitted(
            cell_a,
            D(2026, 3, 1),
            cohort="K60",
            date_of_birth=D(2004, 1, 1),
            expected_graduation_date=GRADUATION,
        ),
        "on_track": filed(cell_a),
        "at_risk": filed(cell_a, born=D(2009, 3, 1)),
        "cannot": filed(cell_a, born=D(2009, 3, 2)),
    }


def test_the_cohort_is_projected_at_three_in_four(cohort, commander):
    forecast = admission_forecast(commander, ReportFilters(today=TODAY))
    [row] = forecast.cohorts
    assert {key: row[key] for key in ("cohort", "graduation", "cadets", "members")} == {
        "cohort": "K60",
        "graduation": GRADUATION,
        "cadets": 4,
        "members": 1,
    }
    assert (row["projected"], row["at_risk"], row["cannot"]) == (3, 1, 1)
    assert (row["rate"], row["projected_rate"], row["target"], row["met"]) == (
        25.0,
        75.0,
        100,
        False,
    )
    # The cadets who make the difference: the one who cannot first, then the one at risk.
    assert [person["id"] for person in forecast.people] == [
        cohort["cannot"].pk,
        cohort["at_risk"].pk,
    ]
    assert forecast.people[0]["reasons"] == "Đủ 18 tuổi chỉ sau khi tốt nghiệp"
    assert forecast.people[1]["latest"] == D(2027, 1, 14)


def test_a_later_awareness_course_lowers_the_forecast(cell_a, commander):
    make_official_member(cell_a)
    make_official_member(cell_a)
    person = listed(cell_a)
    at_pace = admission_forecast(commander, ReportFilters(today=TODAY))
    late = admission_forecast(commander, ReportFilters(today=TODAY, course_on=D(2027, 5, 1)))
    # At the default pace the decision comes 198 days after the course: 23/06/2027 from today,
    # 15/11/2027 from a course on 01/05/2027, after graduation on 30/09/2027.
    assert at_pace.cohorts[0]["projected_rate"] == 100.0
    assert late.cohorts[0]["projected_rate"] == 0.0
    assert [row["id"] for row in late.people] == [person.pk]
    assert late.people[0]["earliest_decision"] == D(2027, 11, 15)


def test_the_secretary_sees_only_the_own_cells_forecast(cell_a, cell_b, secretary_b):
    filed(cell_a)
    assert admission_forecast(secretary_b, ReportFilters(today=TODAY)).cohorts == []


def test_the_dashboard_shows_the_forecast_and_the_what_if(cohort, commander, client_for):
    client = client_for(commander)
    # The dashboard loads the panel in a request of its own (reports.views.forecast).
    assert 'hx-get="/bao-cao/du-bao-ket-nap/"' in client.get(reverse("reports:dashboard")).text
    body = client.get(reverse("reports:forecast")).content.decode()
    assert 'data-testid="table-forecast"' in body
    assert 'data-testid="table-forecast_people"' in body
    assert cohort["cannot"].full_name in body
    what_if = client.get(reverse("reports:forecast"), {"course_on": "01/05/2027"})
    assert what_if.context["filters"].course_on == D(2027, 5, 1)
    assert (
        "Giả định lớp bồi dưỡng nhận thức tiếp theo học ngày 01/05/2027" in what_if.content.decode()
    )


@pytest.mark.parametrize("value", ["31/12/9999", "01/01/2020", "30/02/2027", "x" * 300])
def test_a_course_date_out_of_range_is_a_form_error_not_a_failure(value, commander, client_for):
    client = client_for(commander)
    page = client.get(reverse("reports:dashboard"), {"course_on": value})
    assert page.status_code == 200
    assert 'data-testid="course-on-error"' in page.content.decode()
    export = client.get(
        reverse("reports:export", kwargs={"table": "forecast", "fmt": "csv"}),
        {"course_on": value},
    )
    assert export.status_code == 400


def test_the_forecast_query_count_does_not_grow_with_the_cadets(
    cell_a, commander, client_for, assert_max_queries
):
    client = client_for(commander)
    filed(cell_a)
    client.get(reverse("reports:dashboard"))
    for _ in range(3):
        filed(cell_a)
        listed(cell_a)
    with assert_max_queries(MAX_QUERIES + PLAN_QUERIES):
        client.get(reverse("reports:dashboard"))


def test_other_programmes_are_forecast_without_the_target(cell_a, commander):
    make_official_member(cell_a)
    make_official_member(cell_a)
    PersonFactory(
        cell=cell_a,
        cohort="DS1",
        programme=Programme.ENGINEER_CIVIL,
        date_of_birth=BORN,
        expected_graduation_date=LATER,
    )
    listed(cell_a)
    rows = admission_forecast(commander, ReportFilters(today=TODAY)).cohorts
    assert [(row["cohort"], row["target"], row["met"]) for row in rows] == [
        ("K61", 100, True),
        ("DS1", None, None),
    ]
