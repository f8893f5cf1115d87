"""The plans read from the database: the battalion's pace, the members who could introduce,
the person's page and the pace form (issue 18)."""

import datetime

from django.urls import reverse

from core.concurrency import current_version
from members.choices import StepKind
from members.planning import DEFAULT_PACE_DAYS, PlanStatus
from members.plans import battalion_pace, plans_for
from tests.factories import PersonFactory, advance, make_official_member

D = datetime.date
TODAY = D(2026, 12, 7)


def filed(cell, **kwargs):
    """A cadet whose file is complete (opinions on 16/11/2026), graduating on 15/04/2027."""
    fields = {
        "date_of_birth": D(2005, 3, 1),
        "enrolment_date": D(2023, 9, 1),
        "joined_on": D(2023, 9, 1),
        "expected_graduation_date": D(2027, 4, 15),
        **kwargs,
    }
    return advance(
        PersonFactory(cell=cell, **fields), StepKind.OPINION_SUMMARY, start=D(2026, 8, 3)
    )


def listed_only(cell, **kwargs):
    person = PersonFactory(
        cell=cell,
        date_of_birth=D(2005, 3, 1),
        enrolment_date=D(2025, 9, 1),
        joined_on=D(2025, 9, 1),
        expected_graduation_date=D(2027, 12, 31),
        **kwargs,
    )
    return advance(person, StepKind.LISTED, start=D(2026, 10, 1))


def test_the_pace_is_the_battalions_median_where_it_has_one(battalion, cell_a):
    filed(cell_a)
    pace = battalion_pace([battalion.pk], today=TODAY)[battalion.pk]
    # advance() records the steps 21 days apart; the vote and decision have no median yet.
    assert pace[StepKind.APPLICATION] == 21
    assert pace[StepKind.CELL_VOTE] == DEFAULT_PACE_DAYS["cell_vote"]
    battalion.planning_pace_days = {"application": 50}
    battalion.save()
    assert battalion_pace([battalion.pk], today=TODAY)[battalion.pk][StepKind.APPLICATION] == 50


def test_plans_of_many_people_take_a_fixed_number_of_queries(
    cell_a, cell_b, django_assert_max_num_queries
):
    people = [filed(cell_a), filed(cell_b), listed_only(cell_a), listed_only(cell_b)]
    make_official_member(cell_a)
    with django_assert_max_num_queries(8):
        plans = plans_for(people, today=TODAY)
    assert set(plans) == {person.pk for person in people}
    first = plans[people[0].pk]
    # Opinions on 16/11/2026 + 21 days: the vote today at the earliest, by 14/01/2027.
    assert (first.next.kind, first.next.latest, first.next.earliest) == (
        StepKind.CELL_VOTE,
        D(2027, 1, 14),
        TODAY,
    )
    assert first.status == PlanStatus.ON_TRACK
    more = people + [listed_only(cell_a) for _ in range(3)]
    with django_assert_max_num_queries(8):
        assert len(plans_for(more, today=TODAY)) == 7


def test_a_newcomer_cannot_be_introduced_before_graduation(cell_a):
    make_official_member(cell_a)
    make_official_member(cell_a)
    person = PersonFactory(
        cell=cell_a,
        date_of_birth=D(2005, 3, 1),
        enrolment_date=D(2026, 6, 1),
        joined_on=D(2026, 6, 1),
        expected_graduation_date=D(2027, 4, 15),
    )
    advance(person, StepKind.LISTED, start=D(2026, 6, 2))
    plan = plans_for([person], today=TODAY)[person.pk]
    assert plan.status == PlanStatus.CANNOT
    assert "introducers" in [reason.constraint for reason in plan.reasons]


def test_members_and_people_without_a_graduation_date_have_no_plan(cell_a):
    member = make_official_member(cell_a)
    undated = PersonFactory(cell=cell_a, expected_graduation_date=None)
    assert plans_for([member, undated], today=TODAY) == {}


def test_the_person_page_says_by_when_the_next_step_is_due(client_for, secretary_a, cell_a):
    person = filed(cell_a)
    page = client_for(secretary_a).get(reverse("members:person_detail", args=[person.pk]))
    text = page.content.decode()
    assert 'data-testid="plan"' in text
    assert "làm trước ngày" in text
    assert 'data-testid="plan-status"' in text


def test_the_clerk_sets_the_pace_with_the_version_shown(client_for, clerk, battalion):
    url = reverse("members:planning_pace", args=[battalion.pk])
    client = client_for(clerk)
    assert client.get(url).status_code == 200
    version = current_version(battalion)
    response = client.post(url, {"seen_version": version, "application": "45"})
    assert response.status_code == 302
    battalion.refresh_from_db()
    assert battalion.planning_pace_days == {"application": 45}
    stale = client.post(url, {"seen_version": version, "application": "20"})
    assert stale.status_code == 200
    battalion.refresh_from_db()
    assert battalion.planning_pace_days == {"application": 45}
    refused = client.post(url, {"seen_version": current_version(battalion), "application": "0"})
    assert refused.status_code == 200
    assert battalion.planning_pace_days == {"application": 45}
