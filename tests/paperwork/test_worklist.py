"""The worklist around each deadline: due tomorrow, due today, one working day overdue across a
weekend and a public holiday. "Today" is passed in, never patched."""

import datetime
from collections import Counter

import pytest

from core.concurrency import current_version
from core.workdays import add_months, add_working_days, is_working_day
from members.choices import StepKind, StudyStatus
from members.models import Person
from members.rules import get_rules
from members.services import step_correct, step_extend_deadline, step_record
from paperwork.selectors import (
    WorkItem,
    WorkKind,
    worklist,
    worklist_by_battalion,
    worklist_totals,
)

from .helpers import STEP_GAP, VOTE_WITH_REASON, start_of

RULES = get_rules()
MONDAY = datetime.date(2025, 3, 10)
# Tuesday 29/04/2025; 30/04, 01/05 and 02/05 are public holidays, then a weekend: the next
# working day is Monday 05/05/2025.
BEFORE_HOLIDAY = datetime.date(2025, 4, 29)

TIMINGS = {
    "due tomorrow": (MONDAY, add_working_days(MONDAY, 1), 1),
    "due today": (MONDAY, MONDAY, 0),
    "one working day overdue": (add_working_days(BEFORE_HOLIDAY, 1), BEFORE_HOLIDAY, -1),
}


def test_the_overdue_case_spans_a_holiday_and_a_weekend():
    today, due, _days = TIMINGS["one working day overdue"]
    assert today == datetime.date(2025, 5, 5)
    assert (today - due).days == 6
    assert not any(is_working_day(due + datetime.timedelta(days=n)) for n in range(1, 6))


def _case(cadets, cell, kind: str, due: datetime.date):
    """A cadet whose next deadline of `kind` falls on `due`."""
    if kind in (WorkKind.COMMITTEE, WorkKind.DECISION):
        # Both count from the cell's resolution; the committee resolved on its day.
        vote = start_of(RULES.decision_deadline_working_days, due)
        stage = StepKind.CELL_VOTE if kind == WorkKind.COMMITTEE else StepKind.COMMITTEE_VOTE
        return cadets.at(cell, stage, vote)
    if kind == WorkKind.CEREMONY:
        decision = start_of(RULES.ceremony_deadline_working_days, due)
        return cadets.at(cell, StepKind.DECISION, decision)
    if kind in (WorkKind.NEW_MEMBER_COURSE, WorkKind.CONVERSION_VOTE):
        # Both due with the conversion vote; the course three weeks after the ceremony.
        ceremony = add_months(start_of(RULES.conversion_vote_deadline_working_days, due), -12)
        if kind == WorkKind.NEW_MEMBER_COURSE:
            return cadets.at(cell, StepKind.CEREMONY, ceremony)
        return cadets.at(cell, StepKind.NEW_MEMBER_COURSE, ceremony + STEP_GAP)
    if kind in (WorkKind.CONVERSION_COMMITTEE, WorkKind.CONVERSION_DECISION):
        vote = start_of(RULES.conversion_decision_deadline_working_days, due)
        if kind == WorkKind.CONVERSION_COMMITTEE:
            return cadets.at(cell, StepKind.CONVERSION_VOTE, vote)
        return cadets.at(cell, StepKind.CONVERSION_COMMITTEE, vote)
    if kind == WorkKind.PLAN:
        # The file complete: the cell's vote is due 60 working days before graduation, which is
        # then set so that this falls on `due` (a working day).
        person = cadets.at(cell, StepKind.OPINION_SUMMARY, due - 2 * STEP_GAP)
        graduation = add_working_days(due, RULES.decision_deadline_working_days)
        Person.objects.filter(pk=person.pk).update(expected_graduation_date=graduation)
        return person
    course = add_months(due, -RULES.awareness_certificate_valid_months)
    if kind == WorkKind.REVOTE:
        # The cell voted below two thirds: the next vote is due before the certificate ends.
        person = cadets.at(cell, StepKind.OPINION_SUMMARY, course + 4 * STEP_GAP)
        step_record(
            person=person,
            kind=StepKind.CELL_VOTE,
            date=course + 5 * STEP_GAP,
            **(VOTE_WITH_REASON | {"votes_for": 5, "votes_against": 3}),
        )
        assert person.steps.filter(kind=StepKind.CELL_VOTE_FAILED).exists()
        return person
    return cadets.at(cell, StepKind.AWARENESS_COURSE, course)


@pytest.mark.parametrize("timing", list(TIMINGS))
@pytest.mark.parametrize("kind", [kind.value for kind in WorkKind if kind != "resolution_report"])
def test_each_deadline_is_listed_with_the_working_days_left(
    cadets, cell_a, secretary_a, kind, timing
):
    today, due, days_left = TIMINGS[timing]
    person = _case(cadets, cell_a, kind, due)
    [item] = worklist(secretary_a, today=today)
    assert (item.kind, item.due, item.days_left) == (kind, due, days_left)
    assert item.subject == person.full_name
    assert item.url == f"/hoc-vien/{person.pk}/"
    assert item.is_overdue == (days_left < 0)


@pytest.mark.parametrize(
    ("days_left", "text"),
    [(3, "Còn 3 ngày làm việc"), (0, "Đến hạn hôm nay"), (-2, "Quá hạn 2 ngày làm việc")],
)
def test_remaining_time_reads_as_working_days(days_left, text):
    item = WorkItem(WorkKind.CEREMONY, MONDAY, days_left, "An", "Chi bộ A", "", "/", "k")
    assert item.remaining == text


def test_overdue_items_come_first_then_by_due_date(cadets, cell_a, secretary_a):
    today = datetime.date(2025, 5, 5)
    later = _case(cadets, cell_a, WorkKind.CEREMONY, add_working_days(today, 3))
    overdue = _case(cadets, cell_a, WorkKind.DECISION, BEFORE_HOLIDAY)
    soon = _case(cadets, cell_a, WorkKind.CONVERSION_DECISION, add_working_days(today, 1))
    items = worklist(secretary_a, today=today)
    assert [item.subject for item in items] == [
        overdue.full_name,
        soon.full_name,
        later.full_name,
    ]
    assert [item.days_left for item in items] == [-1, 1, 3]
    assert items[0].remaining == "Quá hạn 1 ngày làm việc"


def test_an_extended_deadline_moves_the_decision_due_date(cadets, cell_a, secretary_a):
    person = _case(cadets, cell_a, WorkKind.DECISION, MONDAY)
    step_extend_deadline(step=person.steps.get(kind=StepKind.CELL_VOTE))
    [item] = worklist(secretary_a, today=MONDAY)
    assert item.due == add_working_days(MONDAY, RULES.decision_extension_working_days)
    assert item.days_left == RULES.decision_extension_working_days


def test_a_waiting_decision_is_listed_however_far_off(cadets, cell_a, secretary_a):
    vote = datetime.date(2025, 3, 3)
    cadets.at(cell_a, StepKind.CELL_VOTE, vote)
    [item] = worklist(secretary_a, today=vote, horizon_working_days=5)
    assert item.days_left == RULES.decision_deadline_working_days


def test_a_conversion_vote_appears_once_within_the_horizon(cadets, cell_a, secretary_a):
    due = add_working_days(MONDAY, 20)
    _case(cadets, cell_a, WorkKind.CONVERSION_VOTE, due)
    assert worklist(secretary_a, today=MONDAY, horizon_working_days=19) == []
    [item] = worklist(secretary_a, today=MONDAY, horizon_working_days=20)
    assert item.kind == WorkKind.CONVERSION_VOTE
    probation_end = start_of(RULES.conversion_vote_deadline_working_days, due)
    assert item.note == f"Hết thời hạn dự bị ngày {probation_end:%d/%m/%Y}"


def test_the_horizon_defaults_to_the_setting(cadets, cell_a, secretary_a, settings):
    due = add_working_days(MONDAY, 20)
    _case(cadets, cell_a, WorkKind.CONVERSION_VOTE, due)
    settings.WORKLIST_HORIZON_WORKING_DAYS = 19
    assert worklist(secretary_a, today=MONDAY) == []
    settings.WORKLIST_HORIZON_WORKING_DAYS = 20
    assert len(worklist(secretary_a, today=MONDAY)) == 1


def test_an_expiring_certificate_is_listed_only_until_the_cell_votes(cadets, cell_a, secretary_a):
    course = add_months(add_working_days(MONDAY, 2), -RULES.awareness_certificate_valid_months)
    # cadets.at() leaves three weeks between steps: both took the course on the same day.
    waiting = cadets.at(cell_a, StepKind.OPINION_SUMMARY, course + 4 * STEP_GAP)
    voted = cadets.at(cell_a, StepKind.CELL_VOTE, course + 5 * STEP_GAP)
    kinds = {item.subject: item.kind for item in worklist(secretary_a, today=MONDAY)}
    assert kinds == {waiting.full_name: WorkKind.CERTIFICATE, voted.full_name: WorkKind.COMMITTEE}


def test_a_certificate_is_listed_once_its_expiry_is_within_the_horizon(cadets, cell_a, secretary_a):
    expires = add_working_days(MONDAY, 11)
    course = add_months(expires, -RULES.awareness_certificate_valid_months)
    cadets.at(cell_a, StepKind.APPLICATION, course + STEP_GAP)
    assert worklist(secretary_a, today=MONDAY, horizon_working_days=10) == []
    [item] = worklist(secretary_a, today=MONDAY, horizon_working_days=11)
    assert (item.kind, item.due) == (WorkKind.CERTIFICATE, expires)


def test_cadets_who_left_the_unit_are_not_listed(cadets, cell_a, secretary_a):
    person = _case(cadets, cell_a, WorkKind.CEREMONY, MONDAY)
    person.study_status = StudyStatus.GRADUATED
    person.save()
    assert worklist(secretary_a, today=MONDAY) == []


def test_a_secretary_sees_only_their_cell(cadets, cell_a, cell_b, secretary_a, secretary_b):
    mine = _case(cadets, cell_a, WorkKind.CEREMONY, MONDAY)
    _case(cadets, cell_b, WorkKind.CEREMONY, MONDAY)
    assert [item.subject for item in worklist(secretary_a, today=MONDAY)] == [mine.full_name]
    assert len(worklist(secretary_b, today=MONDAY)) == 1


def test_a_clerk_sees_their_battalion_and_not_the_other(
    cadets, cell_a, cell_b, cell_c, clerk, other_clerk, commander, academy_commander
):
    for cell in (cell_a, cell_b, cell_c):
        _case(cadets, cell, WorkKind.CEREMONY, MONDAY)
    assert len(worklist(clerk, today=MONDAY)) == 2
    assert len(worklist(commander, today=MONDAY)) == 2
    assert len(worklist(other_clerk, today=MONDAY)) == 1
    assert len(worklist(academy_commander, today=MONDAY)) == 3


def test_the_outsider_and_the_administrator_have_no_worklist(cadets, cell_a, outsider, admin_user):
    _case(cadets, cell_a, WorkKind.CEREMONY, MONDAY)
    assert worklist(outsider, today=MONDAY) == []
    assert worklist(admin_user, today=MONDAY) == []


def test_the_worklist_reads_a_bounded_number_of_queries(
    cadets, cell_a, clerk, django_assert_max_num_queries
):
    for offset in range(6):
        _case(cadets, cell_a, WorkKind.CEREMONY, add_working_days(MONDAY, offset))
        _case(cadets, cell_a, WorkKind.CERTIFICATE, add_working_days(MONDAY, offset))
    with django_assert_max_num_queries(4):
        items = worklist(clerk, today=MONDAY)
    assert len(items) == 12


def test_a_whole_academy_counts_each_battalion_as_the_battalions_worklist_lists_it(
    cadets, cell_a, cell_b, cell_c, battalion, other_battalion, academy_commander, clerk
):
    today, overdue, _days = TIMINGS["one working day overdue"]
    later = add_working_days(today, 3)
    for kind in WorkKind:
        if kind not in (WorkKind.PLAN, WorkKind.RESOLUTION_REPORT):
            _case(cadets, cell_a, kind, overdue)
    for kind in (WorkKind.CEREMONY, WorkKind.REVOTE, WorkKind.CERTIFICATE):
        _case(cadets, cell_c, kind, later)
    _case(cadets, cell_b, WorkKind.DECISION, later)
    rows = worklist_by_battalion(academy_commander, today=today)
    assert [row.battalion_id for row in rows] == [battalion.pk, other_battalion.pk]
    for row in rows:
        # The cadets at risk of graduating unadmitted are left to the battalion's own list.
        listed = [
            item
            for item in worklist(academy_commander, today=today, battalion_id=row.battalion_id)
            if item.kind != WorkKind.PLAN
        ]
        assert row.counts == Counter(item.kind for item in listed)
        assert row.overdue == sum(item.is_overdue for item in listed)
    assert (rows[0].total, rows[0].overdue, rows[1].total, rows[1].overdue) == (10, 9, 3, 0)
    assert worklist_by_battalion(clerk, today=today) == []
    # The home page's summary: the rows' sums, without the battalions.
    assert worklist_totals(academy_commander, today=today) == (13, 9)
    assert worklist_totals(clerk, today=today) == (0, 0)


def test_an_expiring_certificate_is_found_from_the_course_date_kept_on_the_person(
    cadets, cell_a, academy_commander
):
    """The certificates about to end are looked up by Person.course_date (members.derived):
    recording, moving or voting after the course keeps it, and the items, in step."""
    today, overdue, _days = TIMINGS["one working day overdue"]
    person = _case(cadets, cell_a, WorkKind.CERTIFICATE, overdue)
    course = person.steps.get(kind=StepKind.AWARENESS_COURSE)
    assert person.course_date == course.date
    assert worklist_totals(academy_commander, today=today) == (1, 1)
    assert [item.kind for item in worklist(academy_commander, today=today)] == [
        WorkKind.CERTIFICATE
    ]
    # A course recorded later: the certificate no longer ends within the horizon, anywhere.
    later = course.date + datetime.timedelta(days=120)
    step_correct(step=course, seen_version=current_version(course), date=later)
    person.refresh_from_db()
    assert person.course_date == later
    assert worklist_totals(academy_commander, today=today) == (0, 0)
    assert worklist(academy_commander, today=today) == []


def test_a_battalion_narrows_a_whole_academys_worklist(
    cadets, cell_a, cell_c, other_battalion, academy_commander, clerk
):
    _case(cadets, cell_a, WorkKind.CEREMONY, MONDAY)
    theirs = _case(cadets, cell_c, WorkKind.CEREMONY, MONDAY)
    items = worklist(academy_commander, today=MONDAY, battalion_id=other_battalion.pk)
    assert [item.subject for item in items] == [theirs.full_name]
    # Never wider than the scope: a clerk asking for another battalion sees nothing of it.
    assert worklist(clerk, today=MONDAY, battalion_id=other_battalion.pk) == []
