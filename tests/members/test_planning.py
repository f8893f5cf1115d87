"""The plan backwards from graduation (issue 18) on hand-built histories: no database, every
date worked out by hand in the comments."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from core.workdays import add_working_days
from members.choices import PROCEDURE, StepKind
from members.pipeline import StepChecker, StepDraft, of_admission_age
from members.planning import (
    DEFAULT_PACE_DAYS,
    FALLBACK_PACE_DAYS,
    Constraint,
    Introducer,
    PlanStatus,
    Projected,
    Stay,
    pace_days,
    plan_admission,
)
from members.rules import get_rules

D = datetime.date
TODAY = D(2026, 12, 7)  # a Monday
PACE = pace_days({})
BATTALION = SimpleNamespace(battalion_id=1)
CELL = SimpleNamespace(pk=10, battalion_id=1)


BORN = D(2005, 3, 1)
GRADUATION = D(2027, 4, 15)


def cadet(*, born=BORN, graduation=GRADUATION, youth_union=None, pk=1):
    return SimpleNamespace(
        pk=pk,
        full_name=f"Người {pk}",
        date_of_birth=born,
        youth_union_date=youth_union,
        expected_graduation_date=graduation,
    )


def recorded(**dates) -> dict:
    """Steps by kind name: recorded(listed=D(...), course=D(...))."""
    return {StepKind(kind): Projected(StepKind(kind), day) for kind, day in dates.items()}


FILED = {
    "listed": D(2025, 1, 1),
    "course": D(2025, 3, 1),
    "application": D(2025, 4, 1),
    "background": D(2025, 6, 1),
    "introduction": D(2026, 9, 1),
    "opinions": D(2026, 11, 20),
}


def plan(person, steps, **kwargs):
    kwargs.setdefault("rules", get_rules())
    kwargs.setdefault("pace", PACE)
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("at_risk_working_days", 10)
    return plan_admission(person, steps, **kwargs)


def dates(result):
    return {step.kind.value: (step.latest, step.earliest) for step in result.steps}


def test_the_vote_is_due_60_working_days_before_graduation_counted_across_tet_2027():
    result = plan(cadet(), recorded(**FILED))
    # Graduation Thursday 15/04/2027: the decision on that day at the latest. 60 working days
    # back: 11 in April, 23 in March, 15 in February (Tết closes 04/02–10/02), 11 in January:
    # the vote by Thursday 14/01/2027 (a week earlier than 84 calendar days would say).
    # Forwards: the summary of opinions on 20/11/2026 + 21 days = 11/12/2026, the grassroots
    # committee 14 days later and the decision 31 after it (the default paces, 45 days
    # together, within the 60 working days) on 25/01/2027. The committee resolves at the
    # latest the decision's pace before it: 15/03/2027.
    assert dates(result) == {
        "cell_vote": (D(2027, 1, 14), D(2026, 12, 11)),
        "committee_vote": (D(2027, 3, 15), D(2026, 12, 25)),
        "decision": (D(2027, 4, 15), D(2027, 1, 25)),
    }
    assert result.status == PlanStatus.ON_TRACK
    assert result.reasons == ()


def test_each_step_before_the_vote_is_due_at_the_pace_before_the_next():
    person = cadet(graduation=D(2028, 6, 30))
    steps = recorded(listed=D(2026, 10, 1))
    result = plan(person, steps, introducers=OLD_HANDS, **newcomer(D(2024, 9, 1)))
    latest = {kind: day for kind, (day, _) in dates(result).items()}
    # Friday 30/06/2028, the vote 60 working days before, then the default paces back, each
    # moved to the working day on or before it.
    assert latest["decision"] == D(2028, 6, 30)
    assert add_working_days(latest["cell_vote"], 60) <= D(2028, 6, 30)
    assert add_working_days(latest["cell_vote"] + datetime.timedelta(days=1), 60) > D(2028, 6, 30)
    assert latest["opinions"] <= latest["cell_vote"] - datetime.timedelta(days=21)
    assert latest["course"] <= latest["application"] - datetime.timedelta(days=30)
    assert result.next.kind == StepKind.AWARENESS_COURSE
    assert result.status == PlanStatus.ON_TRACK


def test_a_figure_of_the_rules_changes_the_plan():
    before = plan(cadet(), recorded(**FILED))
    with override_settings(PARTY_RULES={"decision_deadline_working_days": 45}):
        after = plan(cadet(), recorded(**FILED))
    # 45 working days back from 15/04/2027 instead of 60: 11 in April, 23 in March, 11 in
    # February back to Friday 12/02 (Tết ends on the 10th): the vote by Thursday 11/02/2027.
    assert before.next.latest == D(2027, 1, 14)
    assert after.next.latest == D(2027, 2, 11)


def test_turning_18_too_late_for_the_decision_at_the_pace_cannot_be_beaten():
    # Born 02/03/2009: 18 on 02/03/2027, the decision 45 days later on 16/04/2027, the day
    # after graduation.
    result = plan(cadet(born=D(2009, 3, 2)), recorded(**FILED))
    assert result.status == PlanStatus.CANNOT
    assert [reason.constraint for reason in result.reasons] == [Constraint.AGE]
    assert result.reasons[0].day == D(2027, 3, 2)


def test_turning_18_just_in_time_for_the_decision_is_at_risk():
    # Born 01/03/2009: the vote on 01/03/2027, the decision at the pace on graduation day, but
    # the vote comes after its latest safe date (14/01/2027, the committee's full 60 days).
    result = plan(cadet(born=D(2009, 3, 1)), recorded(**FILED))
    assert result.status == PlanStatus.AT_RISK
    assert result.steps[0].earliest == D(2027, 3, 1)
    assert result.earliest_decision == D(2027, 4, 15)


def test_the_age_the_plan_waits_for_is_the_age_the_step_checker_accepts():
    # 29/02/2008: 18 full years on 01/03/2026 (28/02/2026 is 215 months), as the checker says.
    rules = get_rules()
    person = cadet(born=D(2008, 2, 29), graduation=D(2030, 1, 1))
    steps = recorded(**{**FILED, "opinions": D(2025, 12, 1)})
    vote_day = plan(person, steps, today=D(2026, 1, 5)).steps[0].earliest
    assert vote_day == D(2026, 3, 1)
    assert of_admission_age(person.date_of_birth, vote_day, rules)
    assert not of_admission_age(person.date_of_birth, vote_day - datetime.timedelta(days=1), rules)
    checker = StepChecker(SimpleNamespace(**vars(person), education_level="thpt"), steps)
    with pytest.raises(ValidationError) as refused:
        checker.check(StepDraft(StepKind.CELL_VOTE, D(2026, 2, 28)), today=D(2026, 3, 2))
    assert "215" not in str(refused.value)  # the age message reads 17 years 11 months
    assert "17" in str(refused.value)


def test_a_higher_minimum_age_makes_the_same_cadet_too_young():
    # 19 years on 01/03/2027: the decision after graduation at the pace.
    person = cadet(born=D(2008, 3, 2))
    assert plan(person, recorded(**FILED)).status == PlanStatus.ON_TRACK
    with override_settings(PARTY_RULES={"min_age_months": 19 * 12}):
        result = plan(person, recorded(**FILED))
    assert result.status == PlanStatus.CANNOT
    assert (result.reasons[0].constraint, result.reasons[0].day) == (Constraint.AGE, D(2027, 3, 2))


def member(pk, *, since, official_on, graduation=None):
    return Introducer(
        person=SimpleNamespace(pk=pk, full_name=f"Đảng viên {pk}"),
        steps=recorded(conversion_decision=official_on),
        stays=[Stay(CELL, CELL.pk, since, graduation)],
    )


OLD_HANDS = [member(pk, since=D(2020, 9, 1), official_on=D(2022, 1, 1)) for pk in (2, 3)]
INTRO_FILED = {key: FILED[key] for key in ("listed", "course", "application", "background")}


def newcomer(start, **kwargs):
    return {"stays": [Stay(CELL, CELL.pk, start, None)], **kwargs}


def test_two_officials_with_12_months_together_introduce_when_the_pace_reaches_it():
    result = plan(
        cadet(), recorded(**INTRO_FILED), introducers=OLD_HANDS, **newcomer(D(2024, 9, 1))
    )
    # Background check 01/06/2025 + 21 days is long past: the introduction today.
    assert result.steps[0].kind == StepKind.INTRODUCTION
    assert result.steps[0].earliest == TODAY


def test_enough_introducers_on_the_day_are_found_without_reading_the_whole_pool():
    # Two old hands first (the pool is longest in the unit first), then a battalion's worth
    # of members official only after graduation: the day of the introduction is today, found
    # by asking the old hands alone; searching from the arrival (01/09/2024, when the old
    # hands had not 12 months with the cadet) would read every member on each day tried.
    asked = []

    class Counted(SimpleNamespace):
        @property
        def pk(self):
            asked.append(self.number)
            return self.number

    late = [
        Introducer(
            person=Counted(number=pk, full_name=f"Đảng viên {pk}"),
            steps=recorded(conversion_decision=D(2030, 1, 1)),
            stays=[Stay(CELL, CELL.pk, D(2020, 9, 1), None)],
        )
        for pk in range(10, 310)
    ]
    arrival = newcomer(D(2024, 9, 1))
    result = plan(cadet(), recorded(**INTRO_FILED), introducers=[*OLD_HANDS, *late], **arrival)
    assert result.steps[0].earliest == TODAY
    assert result == plan(cadet(), recorded(**INTRO_FILED), introducers=OLD_HANDS, **arrival)
    assert asked == []


def test_cadets_sharing_a_search_get_the_day_of_their_own_start():
    # Two cadets who arrived together: the first waits for the old hands' 12 months with
    # them (the search, kept in the cache), the second, a year later, has them at once; the
    # first again, planned after the second, gets the same day as alone.
    cache: dict = {}
    arrival = newcomer(D(2026, 6, 1))
    graduating = D(2028, 4, 15)
    first = plan(
        cadet(graduation=graduating),
        recorded(**INTRO_FILED),
        introducers=OLD_HANDS,
        cache=cache,
        **arrival,
    )
    later = plan(
        cadet(graduation=graduating, pk=4),
        recorded(**INTRO_FILED),
        introducers=OLD_HANDS,
        cache=cache,
        today=D(2027, 6, 7),
        **arrival,
    )
    again = plan(
        cadet(graduation=graduating),
        recorded(**INTRO_FILED),
        introducers=OLD_HANDS,
        cache=cache,
        **arrival,
    )
    assert first.steps[0].earliest == D(2027, 5, 31)
    assert later.steps[0].earliest == D(2027, 6, 7)
    assert again == first


def test_no_official_reaching_12_months_together_in_time_cannot_be_beaten():
    # Came to the battalion on 01/06/2026: 11 months and 30 days on 31/05/2027, which the
    # introducer rule counts as 12 months (30 days to a month), after graduation.
    arrival = newcomer(D(2026, 6, 1))
    result = plan(cadet(), recorded(**INTRO_FILED), introducers=OLD_HANDS, **arrival)
    assert result.status == PlanStatus.CANNOT
    assert [reason.constraint for reason in result.reasons] == [Constraint.INTRODUCERS]
    assert result.reasons[0].day == D(2027, 5, 31)


def test_a_youth_union_member_needs_one_official_introducer():
    arrival = newcomer(D(2024, 9, 1))
    one = OLD_HANDS[:1]
    alone = plan(cadet(), recorded(**INTRO_FILED), introducers=one, **arrival)
    assert alone.status == PlanStatus.CANNOT
    assert alone.reasons[0].constraint == Constraint.INTRODUCERS
    assert alone.reasons[0].day is None
    youth = cadet(youth_union=D(2021, 3, 26))
    assert plan(youth, recorded(**INTRO_FILED), introducers=one, **arrival).steps[0].earliest == (
        TODAY
    )


def test_a_member_must_be_official_on_the_day_of_the_introduction():
    # Both arrived long ago but become official only on 01/03/2027: the introduction waits.
    late = [member(pk, since=D(2020, 9, 1), official_on=D(2027, 3, 1)) for pk in (2, 3)]
    arrival = newcomer(D(2024, 9, 1))
    result = plan(cadet(), recorded(**INTRO_FILED), introducers=late, **arrival)
    assert result.steps[0].earliest == D(2027, 3, 1)
    assert result.status == PlanStatus.CANNOT
    assert result.reasons[0].constraint == Constraint.INTRODUCERS


def test_a_certificate_expiring_before_the_vote_means_the_course_again():
    # Course on 01/12/2021: valid until 01/12/2026, before the earliest vote (11/12/2026).
    steps = recorded(**{**FILED, "course": D(2021, 12, 1)})
    result = plan(cadet(), steps)
    assert result.retake_course
    assert result.status == PlanStatus.AT_RISK
    reason = result.reasons[0]
    assert (reason.constraint, reason.retake_fits) == (Constraint.CERTIFICATE, True)


def test_a_certificate_expiring_when_a_retake_no_longer_fits_cannot_be_beaten():
    steps = recorded(**{**FILED, "course": D(2021, 12, 1)})
    result = plan(cadet(), steps, course_on=D(2027, 3, 2))
    # The course again on 02/03/2027: the vote that day, the decision 45 days later, 16/04.
    assert result.status == PlanStatus.CANNOT
    reason = result.reasons[0]
    assert (reason.constraint, reason.retake_fits, reason.day) == (
        Constraint.CERTIFICATE,
        False,
        D(2027, 3, 2),
    )


def test_a_certificate_valid_at_the_vote_bounds_the_latest_vote():
    # Valid until 10/01/2027, four days before the vote would otherwise be due.
    steps = recorded(**{**FILED, "course": D(2022, 1, 10)})
    result = plan(cadet(), steps)
    assert result.steps[0].latest == D(2027, 1, 8)  # Friday before Sunday 10/01
    assert not result.retake_course


def test_the_next_step_due_within_10_working_days_is_at_risk():
    # Latest vote 14/01/2027. 10 working days after 29/12/2026 (01/01 a holiday) is 13/01,
    # after 30/12/2026 it is 14/01.
    assert plan(cadet(), recorded(**FILED), today=D(2026, 12, 29)).status == PlanStatus.ON_TRACK
    assert plan(cadet(), recorded(**FILED), today=D(2026, 12, 30)).status == PlanStatus.AT_RISK


def test_too_slow_at_the_pace_cannot_without_a_named_constraint():
    result = plan(cadet(graduation=D(2027, 1, 20)), recorded(**FILED))
    assert result.status == PlanStatus.CANNOT
    assert [reason.constraint for reason in result.reasons] == [Constraint.PACE]


def test_the_decision_recorded_is_admitted_and_no_graduation_date_no_plan():
    assert plan(
        cadet(), recorded(**FILED, cell_vote=D(2026, 12, 1), decision=D(2027, 1, 5))
    ).status == (PlanStatus.ADMITTED)
    assert plan(cadet(graduation=None), recorded(**FILED)) is None


def test_the_decision_awaited_after_an_extended_deadline_may_come_90_working_days_later():
    vote = Projected(StepKind.CELL_VOTE, D(2026, 12, 1), deadline_extended=True)
    slow = pace_days({StepKind.DECISION.value: 200})
    result = plan(cadet(), {**recorded(**FILED), StepKind.CELL_VOTE: vote}, pace=slow)
    # The grassroots committee resolves first; the decision, however slow, within the 90 days.
    committee, decision = result.steps
    assert committee.kind == StepKind.COMMITTEE_VOTE
    assert decision.earliest == add_working_days(D(2026, 12, 1), 90)


def test_the_pace_is_the_override_else_the_median_else_the_default():
    pace = pace_days({"application": 40.4, "cell_vote": 12.6}, {"cell_vote": 9})
    assert pace[StepKind.APPLICATION] == 40
    assert pace[StepKind.CELL_VOTE] == 9
    assert pace[StepKind.BACKGROUND_CHECK] == DEFAULT_PACE_DAYS["background"]
    assert StepKind.LISTED not in pace
    assert StepKind.CEREMONY not in pace


def test_the_course_date_chosen_moves_the_plan():
    steps = recorded(listed=D(2026, 10, 1))
    person = cadet(graduation=D(2027, 12, 31))
    arrival = newcomer(D(2024, 9, 1))
    at_pace = plan(person, steps, introducers=OLD_HANDS, **arrival)
    chosen = plan(person, steps, course_on=D(2027, 3, 15), introducers=OLD_HANDS, **arrival)
    assert at_pace.steps[0].earliest == TODAY
    assert chosen.steps[0].earliest == D(2027, 3, 15)
    assert chosen.earliest_decision > at_pace.earliest_decision


@pytest.mark.parametrize("graduation", [D(2027, 2, 6), D(2027, 2, 10)])
def test_a_graduation_during_tet_has_the_decision_due_the_working_day_before(graduation):
    result = plan(cadet(graduation=graduation), recorded(**FILED))
    assert result.steps[-1].latest == D(2027, 2, 3)


class AddedKind(str):
    """A step the procedure might gain later: an interview of the candidate by the cell's
    committee before the vote."""

    value = "interview"
    label = "Chi ủy gặp gỡ, trao đổi với người vào Đảng"


def test_a_step_added_to_the_procedure_is_planned_without_a_change(monkeypatch):
    added = AddedKind("interview")
    procedure = list(PROCEDURE)
    procedure.insert(procedure.index(StepKind.CELL_VOTE), added)
    monkeypatch.setattr("members.planning.PROCEDURE", procedure)
    monkeypatch.setattr("members.derived.PROCEDURE", procedure)
    pace = pace_days({})
    assert pace[added] == FALLBACK_PACE_DAYS
    result = plan(cadet(), recorded(**FILED), pace=pace)
    assert [step.kind for step in result.steps][:2] == [added, StepKind.CELL_VOTE]
    latest = {step.kind: step.latest for step in result.steps}
    earliest = {step.kind: step.earliest for step in result.steps}
    # The vote still 60 working days before the decision (14/01/2027); the interview the
    # vote's pace (21 days) before it: Thursday 24/12/2026. Forwards: the summary of opinions
    # on 20/11/2026 + 30 days (the fallback pace), then 21 days to the vote.
    assert latest[StepKind.CELL_VOTE] == D(2027, 1, 14)
    assert latest[added] == D(2026, 12, 24)
    assert earliest[added] == D(2026, 12, 20)
    assert earliest[StepKind.CELL_VOTE] == D(2027, 1, 10)
