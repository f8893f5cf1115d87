"""A cell vote below two thirds is a failed vote: recorded with its figures, not refused (issue
14, item 4). The person stays at the stage; the cell may vote again; after three failed
conversion votes it reports upward (Quy định 29-QĐ/TW point 4.2, continued by 24- and 294-QĐ/TW).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from core.concurrency import BY_CODE
from core.workdays import add_months, add_working_days
from members.choices import PartyStatus, StepKind
from members.services import step_delete_last, step_record
from paperwork.selectors import WorkKind, worklist
from reports.selectors import ReportFilters, pipeline_funnel
from tests.derived import assert_dashboard_data_derived
from tests.factories import PersonFactory, advance
from tests.forms import post_shown

D = datetime.date
REASON = {"votes_eligible_reason": "Đảng viên sinh hoạt tạm thời tại chi bộ"}


def _figures(votes_for: int, eligible: int = 9) -> dict:
    return {
        "votes_eligible": eligible,
        "votes_present": eligible,
        "votes_for": votes_for,
        "votes_against": eligible - votes_for,
        **REASON,
    }


@pytest.fixture
def candidate(cell_a):
    """Opinions summarised on 01/03/2018."""
    return advance(PersonFactory(cell=cell_a), StepKind.OPINION_SUMMARY)


def _vote(person, day, votes_for, kind=StepKind.CELL_VOTE):
    return step_record(person=person, kind=kind, date=day, **_figures(votes_for))


def test_one_vote_short_of_two_thirds_is_recorded_as_a_failed_vote(candidate):
    step = _vote(candidate, D(2018, 6, 1), votes_for=5)
    assert step.kind == StepKind.CELL_VOTE_FAILED
    assert (step.votes_eligible, step.votes_for, step.votes_against) == (9, 5, 4)
    assert step.vote_round == 1
    assert step.form_code == ""  # no resolution (6-KNĐ) is issued
    candidate.refresh_from_db()
    assert candidate.party_status == PartyStatus.CANDIDATE
    assert candidate.stage == StepKind.OPINION_SUMMARY
    assert candidate.next_step == StepKind.CELL_VOTE
    assert_dashboard_data_derived()


def test_two_thirds_exactly_passes(candidate):
    assert _vote(candidate, D(2018, 6, 1), votes_for=6).kind == StepKind.CELL_VOTE


def test_a_later_vote_passes_and_both_stay_on_record(candidate):
    _vote(candidate, D(2018, 6, 1), votes_for=5)
    again = _vote(candidate, D(2018, 7, 2), votes_for=7)
    assert again.kind == StepKind.CELL_VOTE
    assert again.vote_round == 2
    candidate.refresh_from_db()
    assert candidate.stage == StepKind.CELL_VOTE
    assert candidate.next_step == StepKind.COMMITTEE_VOTE
    assert candidate.next_due_date == add_working_days(D(2018, 7, 2), 60)
    kinds = list(candidate.steps.order_by("date").values_list("kind", flat=True))[-2:]
    assert kinds == [StepKind.CELL_VOTE_FAILED, StepKind.CELL_VOTE]
    assert_dashboard_data_derived()


def test_a_second_failed_vote_is_recorded_too(candidate):
    _vote(candidate, D(2018, 6, 1), votes_for=5)
    second = _vote(candidate, D(2018, 7, 2), votes_for=2)
    assert (second.kind, second.vote_round) == (StepKind.CELL_VOTE_FAILED, 2)


def test_a_vote_dated_before_the_failed_one_is_refused(candidate):
    _vote(candidate, D(2018, 6, 1), votes_for=5)
    with pytest.raises(ValidationError) as error:
        _vote(candidate, D(2018, 5, 31), votes_for=7)
    assert "lần biểu quyết trước" in " ".join(error.value.messages)


def test_figures_that_do_not_add_up_are_refused_not_recorded_as_failed(candidate):
    with pytest.raises(ValidationError) as error:
        step_record(
            person=candidate,
            kind=StepKind.CELL_VOTE,
            date=D(2018, 6, 1),
            **(_figures(5) | {"votes_present": 10}),
        )
    assert "votes_present" in error.value.message_dict
    assert not candidate.steps.filter(kind=StepKind.CELL_VOTE_FAILED).exists()


def test_a_failed_vote_is_held_under_the_vote_rules(cell_a):
    # The certificate had expired: the cell could not vote at all, passed or not.
    person = advance(PersonFactory(cell=cell_a), StepKind.OPINION_SUMMARY)
    course = person.steps.get(kind=StepKind.AWARENESS_COURSE).date
    with pytest.raises(ValidationError):
        _vote(person, add_months(course, 60) + datetime.timedelta(days=1), votes_for=1)


def test_a_failed_vote_can_be_corrected_away(candidate):
    _vote(candidate, D(2018, 6, 1), votes_for=5)
    step_delete_last(seen_version=BY_CODE, person=candidate)
    assert not candidate.steps.filter(kind=StepKind.CELL_VOTE_FAILED).exists()
    assert _vote(candidate, D(2018, 6, 1), votes_for=6).vote_round == 1


@override_settings(PARTY_RULES={"admission_revote_wait_months": 3})
def test_a_deployment_may_set_a_wait_before_voting_again(candidate):
    _vote(candidate, D(2018, 6, 1), votes_for=5)
    with pytest.raises(ValidationError) as error:
        _vote(candidate, D(2018, 8, 31), votes_for=7)
    assert "01/09/2018" in " ".join(error.value.messages)
    assert _vote(candidate, D(2018, 9, 1), votes_for=7).kind == StepKind.CELL_VOTE


# --- conversion: three votes, then the superior committees decide -------------------------------


@pytest.fixture
def probationary(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.NEW_MEMBER_COURSE)
    person.probation_end = add_months(person.steps.get(kind=StepKind.CEREMONY).date, 12)
    return person


def _conversion(person, day, votes_for):
    return _vote(person, day, votes_for, kind=StepKind.CONVERSION_VOTE)


def test_a_failed_conversion_vote_keeps_the_member_probationary(probationary):
    step = _conversion(probationary, probationary.probation_end, votes_for=5)
    assert step.kind == StepKind.CONVERSION_VOTE_FAILED
    probationary.refresh_from_db()
    assert probationary.party_status == PartyStatus.PROBATIONARY
    assert probationary.next_step == StepKind.CONVERSION_VOTE


def test_the_third_conversion_vote_may_pass(probationary):
    end = probationary.probation_end
    _conversion(probationary, end, votes_for=5)
    _conversion(probationary, end + datetime.timedelta(days=7), votes_for=5)
    third = _conversion(probationary, end + datetime.timedelta(days=14), votes_for=6)
    assert (third.kind, third.vote_round) == (StepKind.CONVERSION_VOTE, 3)
    probationary.refresh_from_db()
    assert probationary.next_step == StepKind.CONVERSION_COMMITTEE


def test_after_three_failed_conversion_votes_the_superior_committee_decides(probationary):
    end = probationary.probation_end
    for week in range(3):
        _conversion(probationary, end + datetime.timedelta(days=7 * week), votes_for=5)
    probationary.refresh_from_db()
    third = end + datetime.timedelta(days=14)
    assert probationary.next_step == StepKind.CONVERSION_DECISION
    assert probationary.next_due_date == add_working_days(third, 30)
    with pytest.raises(ValidationError) as error:
        _conversion(probationary, end + datetime.timedelta(days=21), votes_for=9)
    assert "29-QĐ/TW, điểm 4.2" in " ".join(error.value.messages)
    step_record(
        person=probationary, kind=StepKind.CONVERSION_DECISION, date=third + datetime.timedelta(9)
    )
    probationary.refresh_from_db()
    assert probationary.party_status == PartyStatus.OFFICIAL
    assert_dashboard_data_derived()


def test_before_the_referral_the_decision_needs_the_cells_vote(probationary):
    _conversion(probationary, probationary.probation_end, votes_for=5)
    with pytest.raises(ValidationError):
        step_record(
            person=probationary,
            kind=StepKind.CONVERSION_DECISION,
            date=probationary.probation_end + datetime.timedelta(days=9),
        )


# --- where it shows: the timeline, the funnel, the worklist ------------------------------------


def test_the_timeline_shows_the_failed_vote_and_the_one_that_passed(client_for, clerk, candidate):
    _vote(candidate, D(2018, 6, 1), votes_for=5)
    _vote(candidate, D(2018, 7, 2), votes_for=7)
    response = client_for(clerk).get(reverse("members:person_detail", args=[candidate.pk]))
    text = response.content.decode()
    assert "Chi bộ xét kết nạp: không đủ 2/3 tán thành" in text
    assert "không đủ 2/3, lần 1" in text
    assert "5 tán thành, 4 không tán thành, 9/9" in text
    assert "biểu quyết lần 2" in text


def test_the_vote_form_records_a_failed_vote_and_says_so(client_for, clerk, candidate):
    url = reverse("members:step_create", args=[candidate.pk])
    response = post_shown(
        client_for(clerk),
        url,
        {
            "kind": "cell_vote",
            "date": "01/06/2018",
            "form_code": "6-KNĐ",
            "votes_eligible": "9",
            "votes_present": "9",
            "votes_for": "5",
            "votes_against": "4",
            **REASON,
        },
        follow=True,
    )
    assert "không đủ 2/3 tán thành" in response.content.decode()
    assert candidate.steps.get(kind=StepKind.CELL_VOTE_FAILED).votes_for == 5


def test_the_funnel_counts_those_whose_vote_failed_until_one_passes(commander, candidate):
    today = D(2018, 8, 1)
    _vote(candidate, D(2018, 6, 1), votes_for=5)
    rows = {row["stage"]: row for row in pipeline_funnel(commander, ReportFilters(today=today))}
    assert rows[StepKind.OPINION_SUMMARY]["people"] == 1
    assert rows[StepKind.OPINION_SUMMARY]["failed_votes"] == 1
    _vote(candidate, D(2018, 7, 2), votes_for=7)
    rows = {row["stage"]: row for row in pipeline_funnel(commander, ReportFilters(today=today))}
    assert rows[StepKind.OPINION_SUMMARY]["failed_votes"] == 0
    assert rows[StepKind.CELL_VOTE]["people"] == 1
    assert rows[StepKind.CELL_VOTE]["failed_votes"] == 0


def test_the_worklist_asks_for_the_vote_again(secretary_a, candidate):
    _vote(candidate, D(2018, 6, 1), votes_for=5)
    items = [item for item in worklist(secretary_a, today=D(2018, 6, 4)) if item.kind == "revote"]
    assert len(items) == 1
    assert items[0].label == WorkKind.REVOTE.label
    assert "01/06/2018" in items[0].note
    _vote(candidate, D(2018, 7, 2), votes_for=7)
    assert not [i for i in worklist(secretary_a, today=D(2018, 7, 3)) if i.kind == "revote"]


def test_the_worklist_reports_a_referral_upward(secretary_a, probationary):
    end = probationary.probation_end
    for week in range(3):
        _conversion(probationary, end + datetime.timedelta(days=7 * week), votes_for=5)
    [item] = [
        item
        for item in worklist(secretary_a, today=end + datetime.timedelta(days=15))
        if item.kind == WorkKind.CONVERSION_DECISION
    ]
    assert "biểu quyết 3 lần không đủ 2/3" in item.note
    assert item.document_url == ""
