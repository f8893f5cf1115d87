"""The plans read from the database: the battalion's pace, the members who could introduce,
the person's page and the pace form (issue 18)."""

import datetime
import statistics

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.concurrency import current_version
from core.workdays import add_months, add_working_days
from members.choices import StepKind
from members.models import AdmissionStep, CellMembership
from members.pipeline import introducer_problems, may_introduce
from members.planning import DEFAULT_PACE_DAYS, PlanStatus, planned_kinds
from members.plans import (
    PACE_WINDOW_MONTHS,
    battalion_medians,
    battalion_pace,
    introducer_pools,
    plans_for,
)
from members.rules import get_rules
from paperwork.selectors import WorkKind, worklist
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


def test_the_medians_taken_in_the_database_are_those_of_the_stored_durations(
    battalion, cell_a, cell_b
):
    people = [filed(cell_a), filed(cell_b), filed(cell_a), filed(cell_b)]
    # Odd and even counts, with halves: the database's median is statistics.median.
    for offset, step in enumerate(AdmissionStep.objects.filter(person__in=people).order_by("pk")):
        AdmissionStep.objects.filter(pk=step.pk).update(stage_days=10 + offset * 7 % 23)
    rows = AdmissionStep.objects.filter(
        cell__battalion=battalion,
        stage_days__isnull=False,
        date__range=(add_months(TODAY, -PACE_WINDOW_MONTHS), TODAY),
        kind__in=[kind.value for kind in planned_kinds()],
    )
    expected: dict = {}
    for kind, days in rows.values_list("kind", "stage_days"):
        expected.setdefault(kind, []).append(days)
    assert any(len(days) % 2 == 0 for days in expected.values())
    medians = battalion_medians([battalion.pk], today=TODAY)
    assert medians == {
        battalion.pk: {kind: statistics.median(days) for kind, days in expected.items()}
    }


def test_may_introduce_answers_as_the_introducer_problems_do(cell_a, cell_b):
    rules = get_rules()
    newcomer = listed_only(cell_a)
    stays = list(CellMembership.objects.filter(person=newcomer).select_related("cell"))
    make_official_member(cell_a)
    make_official_member(cell_b)
    pool = introducer_pools([cell_a.battalion_id], rules)[cell_a.battalion_id]
    assert pool
    for member in pool:
        for day in (TODAY, D(2027, 9, 2), D(2027, 12, 31), D(2030, 1, 1)):
            found = introducer_problems(
                newcomer,
                stays,
                member.person,
                member.steps,
                list(member.stays),
                day=day,
                rules=rules,
            )
            assert may_introduce(
                newcomer, stays, member.person, member.steps, member.stays, day=day, rules=rules
            ) == (not found)


def test_plans_of_many_people_take_a_fixed_number_of_queries(
    cell_a, cell_b, django_assert_max_num_queries
):
    people = [filed(cell_a), filed(cell_b), listed_only(cell_a), listed_only(cell_b)]
    make_official_member(cell_a)
    with django_assert_max_num_queries(6):
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
    with django_assert_max_num_queries(6):
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
    assert 'data-testid="plan-pace"' not in text


def test_the_clerk_finds_the_pace_from_the_plan(client_for, clerk, cell_a, battalion):
    person = filed(cell_a)
    page = client_for(clerk).get(reverse("members:person_detail", args=[person.pk]))
    assert reverse("members:planning_pace", args=[battalion.pk]) in page.content.decode()


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


# --- The board and the worklist --------------------------------------------------------------


def _cadet(cell, name, *, graduation, file_until=StepKind.OPINION_SUMMARY, days_ago=150):
    today = timezone.localdate()
    person = PersonFactory(
        cell=cell,
        full_name=name,
        date_of_birth=D(2003, 5, 10),
        enrolment_date=today - datetime.timedelta(days=1100),
        joined_on=today - datetime.timedelta(days=1100),
        expected_graduation_date=graduation,
    )
    return advance(person, file_until, start=today - datetime.timedelta(days=days_ago))


def board_cases(cell):
    """On track, at risk (the vote due within days) and cannot (graduating in two months)."""
    today = timezone.localdate()
    return {
        "on_track": _cadet(cell, "Đúng Tiến Độ", graduation=today + datetime.timedelta(days=700)),
        # 60 working days before graduation is 3 working days from today.
        "at_risk": _cadet(cell, "Nguy Cơ", graduation=add_working_days(today, 63)),
        "cannot": _cadet(
            cell,
            "Không Kịp",
            graduation=today + datetime.timedelta(days=60),
            file_until=StepKind.LISTED,
            days_ago=10,
        ),
    }


def test_the_board_puts_who_cannot_make_it_first_then_who_is_at_risk(
    client_for, secretary_a, cell_a
):
    cases = board_cases(cell_a)
    voted = advance(PersonFactory(cell=cell_a, full_name="Chờ Quyết Định"), StepKind.CELL_VOTE)
    response = client_for(secretary_a).get(reverse("members:board", args=[cell_a.pk]))
    rows = response.context["rows"]
    assert [row.person.pk for row in rows[:2]] == [cases["cannot"].pk, cases["at_risk"].pk]
    assert {row.person.pk for row in rows[2:]} == {cases["on_track"].pk, voted.pk}
    statuses = {row.person.pk: row.plan and row.plan.status for row in rows}
    assert statuses[cases["on_track"].pk] == PlanStatus.ON_TRACK
    text = response.content.decode()
    assert text.count('data-testid="plan-status"') == 3
    assert "làm trước ngày" in text


def test_the_board_reads_the_plans_in_a_fixed_number_of_queries(
    client_for, secretary_a, cell_a, django_assert_num_queries
):
    client = client_for(secretary_a)
    url = reverse("members:board", args=[cell_a.pk])
    board_cases(cell_a)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # Counted now: the log of queries is a bounded queue, which the cases below move on.
    count = len(few.captured_queries)
    board_cases(cell_a)
    # The first visit plans the new cases and stores their plans (members.stored_plans).
    client.get(url)
    with django_assert_num_queries(count):
        client.get(url)


def test_the_worklist_lists_the_cadets_at_risk_and_who_cannot_make_it(
    secretary_a, secretary_b, cell_a
):
    cases = board_cases(cell_a)
    today = timezone.localdate()
    items = [item for item in worklist(secretary_a, today=today) if item.kind == WorkKind.PLAN]
    assert sorted(item.subject for item in items) == ["Không Kịp", "Nguy Cơ"]
    at_risk = next(item for item in items if item.subject == "Nguy Cơ")
    plan = plans_for([cases["at_risk"]], today=today)[cases["at_risk"].pk]
    assert at_risk.due == plan.next.latest
    assert at_risk.url == reverse("members:person_detail", args=[cases["at_risk"].pk])
    assert not [item for item in worklist(secretary_b, today=today) if item.kind == WorkKind.PLAN]
