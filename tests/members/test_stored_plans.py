"""The plans stored for the day (issue 17): equal to the live computation (members.plans), read
back in one query, and computed again after each write that changes them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.concurrency import BY_CODE
from members import stored_plans as stored_plans_module
from members.choices import StepKind, TransferKind
from members.models import Person, StoredPlan
from members.planning import DEFAULT_PACE_DAYS, PlanStatus, planned_kinds
from members.plans import battalion_pace_save, plans_for
from members.selectors import cell_board
from members.services import person_move, person_update, step_record
from members.stored_plans import (
    _plan_and_store,
    forget_plans,
    plan_basis,
    plan_from_json,
    plan_to_json,
    plans_refresh,
    stored_plans,
)
from members.transfers import transfer_out
from paperwork.selectors import WorkKind, worklist
from tests.factories import PersonFactory, advance, make_official_member, votes_on_record
from tests.members.test_plans import filed, listed_only
from units.models import PlanEpoch
from units.services import plan_epochs_raise

D = datetime.date
TODAY = D(2026, 12, 7)


def newcomer(cell, **kwargs):
    """A listed cadet who arrived on 01/09/2025: introduced once two official members of the
    battalion have had 12 months with them."""
    person = PersonFactory(
        cell=cell,
        date_of_birth=D(2005, 3, 1),
        enrolment_date=D(2025, 9, 1),
        joined_on=D(2025, 9, 1),
        expected_graduation_date=D(2027, 12, 31),
        **kwargs,
    )
    step_record(person=person, kind=StepKind.LISTED, date=D(2026, 10, 1), is_historical=True)
    return Person.objects.get(pk=person.pk)


def fresh(people):
    return [Person.objects.get(pk=person.pk) for person in people]


def assert_stored_equals_live(people, today=TODAY):
    people = fresh(people)
    live = plans_for(people, today=today)
    assert stored_plans(people, today=today) == live
    # Read back from the store: the same plans, in one query.
    with CaptureQueriesContext(connection) as queries:
        assert stored_plans(people, today=today) == live
    assert len(queries) == 1
    return live


# A pace set for every step: the battalion's medians, which move with every step recorded in
# it, are the one input a stored plan may be behind on within the day (members.stored_plans).
PACE = {kind.value: DEFAULT_PACE_DAYS[kind.value] for kind in planned_kinds()}


@pytest.fixture
def cadets(battalion, cell_a, cell_b):
    battalion_pace_save(battalion=battalion, pace=PACE, seen_version=BY_CODE)
    return [filed(cell_a), filed(cell_b), listed_only(cell_a), newcomer(cell_a), newcomer(cell_b)]


def late_newcomer(cell):
    """Arrived on 01/06/2026, graduating on 15/04/2027: nobody will have had 12 months with
    them."""
    person = PersonFactory(
        cell=cell,
        date_of_birth=D(2005, 3, 1),
        enrolment_date=D(2026, 6, 1),
        joined_on=D(2026, 6, 1),
        expected_graduation_date=D(2027, 4, 15),
    )
    return advance(person, StepKind.LISTED, start=D(2026, 6, 2))


def test_a_plan_reads_back_from_json_equal(cadets):
    plans = plans_for(fresh(cadets), today=TODAY)
    assert {plan.status for plan in plans.values()} >= {PlanStatus.ON_TRACK}
    for plan in plans.values():
        assert plan_from_json(plan_to_json(plan)) == plan


def test_stored_plans_equal_the_live_ones_and_are_read_in_one_query(cadets):
    live = assert_stored_equals_live(cadets)
    assert set(live) == {person.pk for person in cadets}
    assert StoredPlan.objects.filter(day=TODAY, basis=plan_basis()).count() == len(cadets)


def test_only_the_statuses_asked_for_are_returned(cadets):
    people = fresh(cadets)
    live = plans_for(people, today=TODAY)
    urgent = (PlanStatus.CANNOT, PlanStatus.AT_RISK)
    expected = {pk: plan for pk, plan in live.items() if plan.status in urgent}
    assert stored_plans(people, today=TODAY, statuses=urgent) == expected
    assert stored_plans(people, today=TODAY, statuses=urgent) == expected


def test_a_new_day_plans_again(cadets):
    assert_stored_equals_live(cadets)
    assert_stored_equals_live(cadets, today=TODAY + datetime.timedelta(days=200))


def test_a_step_recorded_plans_that_person_again_only(cadets, django_assert_max_num_queries):
    assert_stored_equals_live(cadets)
    day = D(2026, 12, 1)
    step_record(
        person=cadets[0], kind=StepKind.CELL_VOTE, date=day, **votes_on_record(cadets[0].cell, day)
    )
    assert StoredPlan.objects.get(pk=cadets[0].pk).day is None
    assert StoredPlan.objects.filter(day=TODAY).count() == len(cadets) - 1
    assert_stored_equals_live(cadets)


def test_a_person_edited_or_moved_is_planned_again(cadets, cell_b):
    assert_stored_equals_live(cadets)
    person_update(
        person=fresh(cadets)[2], seen_version=BY_CODE, expected_graduation_date=D(2027, 2, 1)
    )
    live = assert_stored_equals_live(cadets)
    assert live[cadets[2].pk].status != PlanStatus.ON_TRACK
    person_move(person=fresh(cadets)[3], cell=cell_b, on=TODAY, seen_version=BY_CODE)
    assert_stored_equals_live(cadets)


def test_an_edit_no_plan_reads_keeps_the_stored_plans(battalion, cadets, cell_a):
    """A hometown corrected, of a cadet or of a member who may introduce, changes no plan: the
    battalion's plans stay stored (the load test's clerks edit hometowns all day)."""
    member = make_official_member(cell_a)
    assert_stored_equals_live(cadets)
    epoch = PlanEpoch.objects.filter(battalion=battalion).values_list("number", flat=True).first()
    for person in (fresh(cadets)[1], member):
        person_update(person=person, seen_version=BY_CODE, hometown="Xã Mới, Hà Tĩnh")
    assert (
        PlanEpoch.objects.filter(battalion=battalion).values_list("number", flat=True).first()
        == epoch
    )
    assert StoredPlan.objects.filter(day=TODAY).count() == len(cadets)
    assert_stored_equals_live(cadets)
    # A field the plans read: the member's graduation (how long they stay to introduce).
    member = Person.objects.get(pk=member.pk)
    person_update(person=member, seen_version=BY_CODE, expected_graduation_date=D(2027, 1, 31))
    assert PlanEpoch.objects.get(battalion=battalion).number != epoch


def test_the_battalions_pace_plans_its_cadets_again(battalion, cadets):
    before = assert_stored_equals_live(cadets)
    slower = PACE | {"application": 200}
    battalion_pace_save(battalion=battalion, pace=slower, seen_version=BY_CODE)
    after = assert_stored_equals_live(cadets)
    assert after != before


def test_members_arriving_admitted_and_leaving_plan_the_battalion_again(battalion, cell_a, cell_b):
    battalion_pace_save(battalion=battalion, pace=PACE, seen_version=BY_CODE)
    cadets = [newcomer(cell_a), newcomer(cell_b)]
    alone = assert_stored_equals_live(cadets)
    first = make_official_member(cell_a)
    make_official_member(cell_b)
    introduced = assert_stored_equals_live(cadets)
    assert introduced != alone
    transfer_out(
        person=first,
        kind=TransferKind.OFFICIAL,
        introduced_on=TODAY,
        outside_unit="Lữ đoàn 1",
        outside_committee="Đảng ủy Lữ đoàn 1",
    )
    assert assert_stored_equals_live(cadets) == alone
    # A candidate admitted (probationary) joins those who will be official.
    candidate = advance(
        PersonFactory(
            cell=cell_a,
            date_of_birth=D(1999, 3, 1),
            enrolment_date=D(2016, 9, 1),
            joined_on=D(2016, 9, 1),
            expected_graduation_date=D(2028, 6, 30),
        ),
        StepKind.DECISION,
    )
    assert_stored_equals_live(cadets)
    epoch = PlanEpoch.objects.get(pk=battalion.pk).number
    decision = candidate.steps.get(kind=StepKind.DECISION).date
    step_record(person=candidate, kind=StepKind.CEREMONY, date=decision + datetime.timedelta(20))
    assert PlanEpoch.objects.get(pk=battalion.pk).number > epoch
    assert_stored_equals_live(cadets)


def test_an_epoch_raised_plans_the_battalion_again(battalion, cadets):
    assert_stored_equals_live(cadets)
    plan_epochs_raise([battalion.pk])
    with CaptureQueriesContext(connection) as queries:
        stored_plans(fresh(cadets), today=TODAY)
    assert len(queries) > 1
    assert_stored_equals_live(cadets)


def test_a_plan_computed_before_a_write_is_not_stored_as_valid(cadets):
    """A page read the generation, a write forgot the plan meanwhile: what the page computed
    is not stored."""
    people = fresh(cadets)
    stored_plans(people, today=TODAY)
    forget_plans([people[0].pk])
    read = StoredPlan.objects.get(pk=people[0].pk).generation
    forget_plans([people[0].pk])
    _plan_and_store({people[0].pk: read}, today=TODAY, basis=plan_basis())
    assert StoredPlan.objects.get(pk=people[0].pk).day is None
    # Never stored before: a write in between leaves a row the late page does not fill.
    other = newcomer(people[0].cell)
    StoredPlan.objects.filter(pk=other.pk).delete()
    forget_plans([other.pk])
    _plan_and_store({other.pk: 0}, today=TODAY, basis=plan_basis())
    assert StoredPlan.objects.get(pk=other.pk).day is None


def test_the_worklist_reads_the_stored_plans(clerk, cell_a, django_assert_max_num_queries):
    people = [late_newcomer(cell_a), newcomer(cell_a), filed(cell_a)]
    first = worklist(clerk, today=TODAY)
    assert [item for item in first if item.kind == WorkKind.PLAN]
    with django_assert_max_num_queries(5):
        again = worklist(clerk, today=TODAY)
    assert again == first
    assert StoredPlan.objects.filter(pk__in=[p.pk for p in people], day=TODAY).count() == 3


def test_the_nightly_job_stores_every_plannable_cadets_plan(cadets):
    assert plans_refresh(today=TODAY) == len(cadets)
    assert StoredPlan.objects.filter(day=TODAY).count() == len(cadets)
    assert_stored_equals_live(cadets)


def test_the_cell_board_reads_its_plans_with_its_people(cell_a, cadets):
    live = plans_for(fresh(cadets), today=TODAY)
    first = {row.person.pk: row.plan for row in cell_board(cell_a, today=TODAY) if row.plan}
    assert first == {pk: plan for pk, plan in live.items() if pk in first}
    assert len(first) == 3
    with CaptureQueriesContext(connection) as queries:
        again = {row.person.pk: row.plan for row in cell_board(cell_a, today=TODAY) if row.plan}
    assert again == first
    # The people with their stored plans, their evaluations.
    assert len(queries) == 2


def test_a_change_of_the_planning_code_plans_again(monkeypatch):
    """A deployment that changes how plans are made does not read the plans the old code
    stored that day."""
    before = plan_basis()
    monkeypatch.setattr(stored_plans_module, "_planning_code", lambda: "other code")
    assert plan_basis() != before


def test_the_person_page_shows_the_stored_plan_and_the_new_one_after_a_step(
    client_for, secretary_a, cell_a, monkeypatch
):
    """The person's page reads today's stored plan instead of planning on every visit, and a
    step recorded shows the plan that follows from it on the next visit."""
    person = listed_only(cell_a)
    url = reverse("members:person_detail", args=[person.pk])
    client = client_for(secretary_a)
    first = client.get(url).context["plan"]
    assert first.steps[0].kind == StepKind.AWARENESS_COURSE
    assert StoredPlan.objects.filter(pk=person.pk, day=timezone.localdate()).exists()
    planned = []
    monkeypatch.setattr(
        stored_plans_module, "plans_for", lambda people, **kw: planned.append(people) or {}
    )
    assert client.get(url).context["plan"] == first
    assert planned == []
    monkeypatch.undo()
    today = timezone.localdate()
    step_record(person=person, kind=StepKind.AWARENESS_COURSE, date=today)
    after = client.get(url).context["plan"]
    assert after == plans_for([Person.objects.get(pk=person.pk)], today=today)[person.pk]
    assert after.steps[0].kind == StepKind.APPLICATION
