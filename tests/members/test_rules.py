"""Each rule of the admission procedure: one test that accepts, one that rejects."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from core.concurrency import current_version
from core.workdays import add_months, add_working_days
from members.choices import EducationLevel, PartyStatus, QualityRating, StepKind, StudyStatus
from members.models import AdmissionStep
from members.rules import get_rules
from members.services import (
    assignment_create,
    person_move,
    person_update,
    rating_record,
    step_delete_last,
    step_extend_deadline,
    step_record,
)
from tests.factories import (
    UNFIT,
    PartyCellFactory,
    PersonFactory,
    advance,
    make_official_member,
)

D = datetime.date
# Figures of a cell of nine, against records holding fewer: the reason makes them acceptable.
VOTE_OK = {
    "votes_eligible": 9,
    "votes_present": 8,
    "votes_for": 6,
    "votes_against": 2,
    "votes_eligible_reason": "Bảy đảng viên chuyển sinh hoạt tạm thời đến chi bộ",
}


def messages_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


@pytest.fixture
def candidate(cell_a):
    """A cadet ready for the cell vote (opinions summarised on 01/03/2018)."""
    return advance(PersonFactory(cell=cell_a), StepKind.OPINION_SUMMARY)


def _vote(person, day=None, **votes):
    day = day or D(2018, 6, 1)
    return step_record(person=person, kind=StepKind.CELL_VOTE, date=day, **(VOTE_OK | votes))


# --- order -------------------------------------------------------------------------------


def test_steps_in_order_are_accepted(cell_a):
    person = PersonFactory(cell=cell_a)
    step_record(person=person, kind=StepKind.LISTED, date=D(2018, 1, 5))
    step_record(person=person, kind=StepKind.AWARENESS_COURSE, date=D(2018, 2, 5))
    person.refresh_from_db()
    assert person.stage == StepKind.AWARENESS_COURSE
    assert person.party_status == PartyStatus.CANDIDATE


def test_a_skipped_step_is_rejected_and_nothing_saved(cell_a):
    person = PersonFactory(cell=cell_a)
    step_record(person=person, kind=StepKind.LISTED, date=D(2018, 1, 5))
    with pytest.raises(ValidationError) as error:
        step_record(person=person, kind=StepKind.APPLICATION, date=D(2018, 2, 5))
    assert "theo thứ tự" in messages_of(error)
    assert person.steps.count() == 1


def test_a_date_before_the_previous_step_is_rejected(cell_a):
    person = PersonFactory(cell=cell_a)
    step_record(person=person, kind=StepKind.LISTED, date=D(2018, 3, 5))
    with pytest.raises(ValidationError) as error:
        step_record(person=person, kind=StepKind.AWARENESS_COURSE, date=D(2018, 2, 5))
    assert "05/03/2018" in messages_of(error)


def test_a_future_date_is_rejected(cell_a):
    with pytest.raises(ValidationError) as error:
        step_record(person=PersonFactory(cell=cell_a), kind=StepKind.LISTED, date=D(2999, 1, 1))
    assert "tương lai" in messages_of(error)


def test_the_same_step_twice_is_rejected(cell_a):
    person = PersonFactory(cell=cell_a)
    step_record(person=person, kind=StepKind.LISTED, date=D(2018, 1, 5))
    with pytest.raises(ValidationError):
        step_record(person=person, kind=StepKind.LISTED, date=D(2018, 1, 6))


def test_steps_remember_the_cell_they_happened_in(cell_a, cell_b):
    person = PersonFactory(cell=cell_a)
    step_record(person=person, kind=StepKind.LISTED, date=D(2018, 1, 5))
    person_move(person=person, seen_version=current_version(person), cell=cell_b, on=D(2018, 2, 1))
    step_record(person=person, kind=StepKind.AWARENESS_COURSE, date=D(2018, 2, 5))
    assert [step.cell for step in person.steps.order_by("date")] == [cell_a, cell_b]
    assert list(person.memberships.values_list("cell", "end_date")) == [
        (cell_a.pk, D(2018, 2, 1)),
        (cell_b.pk, None),
    ]


def test_graduated_cadets_are_read_only(cell_a):
    person = PersonFactory(cell=cell_a, study_status=StudyStatus.GRADUATED)
    with pytest.raises(ValidationError) as error:
        step_record(person=person, kind=StepKind.LISTED, date=D(2018, 1, 5))
    assert "chỉ được xem" in messages_of(error)


# --- age at the cell meeting -------------------------------------------------------------


def test_age_eighteen_at_the_meeting_is_accepted(cell_a):
    person = advance(
        PersonFactory(cell=cell_a, date_of_birth=D(2000, 5, 10)), StepKind.OPINION_SUMMARY
    )
    _vote(person, day=D(2018, 5, 10))
    assert person.steps.filter(kind=StepKind.CELL_VOTE).exists()


def test_one_day_short_of_eighteen_is_rejected(cell_a):
    person = advance(
        PersonFactory(cell=cell_a, date_of_birth=D(2000, 5, 10)), StepKind.OPINION_SUMMARY
    )
    with pytest.raises(ValidationError) as error:
        _vote(person, day=D(2018, 5, 9))
    assert "17 tuổi 11 tháng" in messages_of(error)
    assert not person.steps.filter(kind=StepKind.CELL_VOTE).exists()


def test_exactly_sixty_full_years_at_the_meeting_is_accepted(cell_a):
    # "từ đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng)": 60 years and 0 months still qualifies.
    person = advance(
        PersonFactory(cell=cell_a, date_of_birth=D(1958, 6, 1)), StepKind.OPINION_SUMMARY
    )
    _vote(person, day=D(2018, 6, 1))
    assert person.steps.filter(kind=StepKind.CELL_VOTE).exists()


def test_sixty_years_and_one_month_is_rejected(cell_a):
    person = advance(
        PersonFactory(cell=cell_a, date_of_birth=D(1958, 5, 1)), StepKind.OPINION_SUMMARY
    )
    with pytest.raises(ValidationError) as error:
        _vote(person, day=D(2018, 6, 1))
    assert "60 tuổi 1 tháng" in messages_of(error)


def test_over_sixty_is_rejected(cell_a):
    person = advance(
        PersonFactory(cell=cell_a, date_of_birth=D(1957, 1, 1)), StepKind.OPINION_SUMMARY
    )
    with pytest.raises(ValidationError) as error:
        _vote(person)
    assert "từ đủ 18 tuổi đến đủ 60 tuổi" in messages_of(error)


# --- education ---------------------------------------------------------------------------


def test_primary_education_only_is_rejected(cell_a):
    person = advance(
        PersonFactory(cell=cell_a, education_level=EducationLevel.PRIMARY),
        StepKind.OPINION_SUMMARY,
    )
    with pytest.raises(ValidationError) as error:
        _vote(person)
    assert "trung học cơ sở" in messages_of(error)


def test_lower_secondary_education_is_accepted(cell_a):
    person = advance(
        PersonFactory(cell=cell_a, education_level=EducationLevel.LOWER_SECONDARY),
        StepKind.OPINION_SUMMARY,
    )
    assert _vote(person).kind == StepKind.CELL_VOTE


# --- awareness course certificate (60 months) --------------------------------------------


def _redo_file(person, *, before: datetime.date) -> None:
    """Years later the introduction and the summary of opinions have expired: redo them."""
    introducers = list(person.steps.get(kind=StepKind.INTRODUCTION).introducers.all())
    step_record(
        person=person,
        kind=StepKind.INTRODUCTION,
        date=before - datetime.timedelta(days=20),
        introducers=introducers,
    )
    step_record(
        person=person, kind=StepKind.OPINION_SUMMARY, date=before - datetime.timedelta(days=10)
    )


def test_certificate_within_sixty_months_is_accepted(candidate):
    course = candidate.steps.get(kind=StepKind.AWARENESS_COURSE).date
    _redo_file(candidate, before=add_months(course, 60))
    assert _vote(candidate, day=add_months(course, 60)).kind == StepKind.CELL_VOTE


def test_expired_certificate_is_rejected(candidate):
    course = candidate.steps.get(kind=StepKind.AWARENESS_COURSE).date
    _redo_file(candidate, before=add_months(course, 60))
    with pytest.raises(ValidationError) as error:
        _vote(candidate, day=add_months(course, 60) + datetime.timedelta(days=1))
    assert "hết hạn" in messages_of(error)


# --- introducers -------------------------------------------------------------------------


@pytest.fixture
def ready_for_introduction(cell_a):
    return advance(PersonFactory(cell=cell_a), StepKind.BACKGROUND_CHECK)


def test_two_official_members_of_the_cell_may_introduce(ready_for_introduction, cell_a):
    introducers = [make_official_member(cell_a), make_official_member(cell_a)]
    step = step_record(
        person=ready_for_introduction,
        kind=StepKind.INTRODUCTION,
        date=D(2018, 6, 1),
        introducers=introducers,
    )
    assert set(step.introducers.all()) == set(introducers)


def test_youth_union_and_one_member_may_introduce(cell_a):
    member = advance(
        PersonFactory(cell=cell_a, youth_union_date=D(2013, 3, 26)), StepKind.BACKGROUND_CHECK
    )
    step = step_record(
        person=member,
        kind=StepKind.INTRODUCTION,
        date=D(2018, 6, 1),
        introducers=[make_official_member(cell_a)],
        by_youth_union=True,
    )
    assert step.by_youth_union


def test_one_introducer_without_the_youth_union_is_rejected(ready_for_introduction, cell_a):
    with pytest.raises(ValidationError) as error:
        step_record(
            person=ready_for_introduction,
            kind=StepKind.INTRODUCTION,
            date=D(2018, 6, 1),
            introducers=[make_official_member(cell_a)],
        )
    assert "Cần 2 người giới thiệu" in messages_of(error)


def test_a_probationary_introducer_is_rejected(ready_for_introduction, cell_a):
    older = PersonFactory(cell=cell_a, date_of_birth=D(1990, 1, 1), joined_on=D(2015, 1, 1))
    probationary = advance(older, StepKind.CEREMONY, start=D(2016, 1, 5))
    with pytest.raises(ValidationError) as error:
        step_record(
            person=ready_for_introduction,
            kind=StepKind.INTRODUCTION,
            date=D(2018, 6, 1),
            introducers=[make_official_member(cell_a), probationary],
        )
    assert "chưa là đảng viên chính thức" in messages_of(error)


def test_an_introducer_with_less_than_twelve_months_together_is_rejected(
    ready_for_introduction, cell_a, other_battalion
):
    newcomer = make_official_member(PartyCellFactory(battalion=other_battalion))
    person_move(
        person=newcomer, seen_version=current_version(newcomer), cell=cell_a, on=D(2018, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        step_record(
            person=ready_for_introduction,
            kind=StepKind.INTRODUCTION,
            date=D(2018, 6, 1),
            introducers=[make_official_member(cell_a), newcomer],
        )
    assert "mới công tác, học tập cùng người vào Đảng 5 tháng 0 ngày" in messages_of(error)


# --- the cell vote: at least 2/3 of the cell's official members --------------------------


def test_two_thirds_in_favour_is_accepted(candidate):
    step = _vote(candidate, votes_eligible=9, votes_present=9, votes_for=6, votes_against=3)
    assert step.votes_for == 6


def test_less_than_two_thirds_is_a_failed_vote(candidate):
    step = _vote(candidate, votes_eligible=9, votes_present=9, votes_for=5, votes_against=4)
    assert step.kind == StepKind.CELL_VOTE_FAILED
    assert candidate.steps.filter(kind=StepKind.CELL_VOTE).count() == 0


def test_two_thirds_of_those_present_is_not_enough(candidate):
    step = _vote(candidate, votes_eligible=12, votes_present=9, votes_for=7, votes_against=2)
    assert step.kind == StepKind.CELL_VOTE_FAILED


def test_more_present_than_members_is_rejected(candidate):
    with pytest.raises(ValidationError) as error:
        _vote(candidate, votes_eligible=5, votes_present=6, votes_for=5, votes_against=0)
    assert "votes_present" in error.value.message_dict


def test_missing_vote_figures_are_rejected(candidate):
    with pytest.raises(ValidationError) as error:
        step_record(person=candidate, kind=StepKind.CELL_VOTE, date=D(2018, 6, 1))
    assert "votes_for" in error.value.message_dict


# --- probation: 12 months from the ceremony before the conversion vote -------------------


@pytest.fixture
def probationary(cell_a):
    """Admitted, the new-member course taken three weeks after the ceremony."""
    return advance(PersonFactory(cell=cell_a), StepKind.NEW_MEMBER_COURSE)


def _conversion_vote(person, day):
    return step_record(person=person, kind=StepKind.CONVERSION_VOTE, date=day, **VOTE_OK)


def test_conversion_vote_after_twelve_months_is_accepted(probationary):
    ceremony = probationary.steps.get(kind=StepKind.CEREMONY).date
    assert _conversion_vote(probationary, add_months(ceremony, 12)).kind


def test_conversion_vote_before_twelve_months_is_rejected(probationary):
    ceremony = probationary.steps.get(kind=StepKind.CEREMONY).date
    with pytest.raises(ValidationError) as error:
        _conversion_vote(probationary, add_months(ceremony, 12) - datetime.timedelta(days=1))
    assert "Chưa đủ 12 tháng dự bị" in messages_of(error)


def test_probationary_member_who_does_not_qualify_is_struck_off(probationary):
    step_record(person=probationary, kind=StepKind.STRUCK_OFF, date=D(2019, 1, 5), **UNFIT)
    probationary.refresh_from_db()
    assert probationary.party_status == PartyStatus.STRUCK_OFF
    assert probationary.next_step == ""


def test_a_candidate_cannot_be_struck_off(candidate):
    with pytest.raises(ValidationError):
        step_record(person=candidate, kind=StepKind.STRUCK_OFF, date=D(2018, 6, 1))


# --- deadlines in working days -----------------------------------------------------------


def test_decision_is_due_sixty_working_days_after_the_cell_vote(candidate):
    vote = _vote(candidate)
    candidate.refresh_from_db()
    # The grassroots committee resolves, then the decision: both within the 60 working days.
    assert candidate.next_step == StepKind.COMMITTEE_VOTE
    assert candidate.next_due_date == add_working_days(vote.date, 60)


def test_extension_adds_thirty_working_days_once(candidate):
    vote = _vote(candidate)
    step_extend_deadline(step=vote)
    candidate.refresh_from_db()
    assert candidate.next_due_date == add_working_days(vote.date, 90)
    with pytest.raises(ValidationError):
        step_extend_deadline(step=vote)


def test_ceremony_is_due_thirty_working_days_after_the_decision(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    decision = person.steps.get(kind=StepKind.DECISION).date
    assert person.next_due_date == add_working_days(decision, 30)


def test_conversion_vote_is_due_thirty_working_days_after_probation(probationary):
    ceremony = probationary.steps.get(kind=StepKind.CEREMONY).date
    assert probationary.next_step == StepKind.CONVERSION_VOTE
    assert probationary.next_due_date == add_working_days(add_months(ceremony, 12), 30)


# --- rules are data ----------------------------------------------------------------------


@override_settings(PARTY_RULES={"decision_deadline_working_days": 45})
def test_a_deployment_can_override_a_figure(candidate):
    vote = _vote(candidate)
    candidate.refresh_from_db()
    assert get_rules().decision_deadline_working_days == 45
    assert candidate.next_due_date == add_working_days(vote.date, 45)


@override_settings(PARTY_RULES={"no_such_rule": 1})
def test_an_unknown_rule_override_is_refused():
    with pytest.raises(ValueError, match="no_such_rule"):
        get_rules()


# --- historical (imported) steps ---------------------------------------------------------


def test_historical_admission_may_skip_the_intermediate_documents(cell_a):
    person = PersonFactory(cell=cell_a, date_of_birth=D(1995, 1, 1))
    for kind, day in ((StepKind.DECISION, D(2015, 5, 4)), (StepKind.CEREMONY, D(2015, 5, 19))):
        step_record(person=person, kind=kind, date=day, is_historical=True)
    person.refresh_from_db()
    assert person.party_status == PartyStatus.PROBATIONARY


def test_historical_recognition_before_twelve_months_is_rejected(cell_a):
    person = PersonFactory(cell=cell_a)
    step_record(person=person, kind=StepKind.CEREMONY, date=D(2015, 5, 19), is_historical=True)
    with pytest.raises(ValidationError):
        step_record(
            person=person,
            kind=StepKind.CONVERSION_DECISION,
            date=D(2016, 5, 1),
            is_historical=True,
        )


def test_historical_decision_checks_the_age(cell_a):
    person = PersonFactory(cell=cell_a, date_of_birth=D(2000, 1, 1))
    with pytest.raises(ValidationError):
        step_record(person=person, kind=StepKind.DECISION, date=D(2017, 1, 1), is_historical=True)


# --- corrections, mentoring, yearly rating -----------------------------------------------


def test_the_last_step_can_be_corrected_and_history_keeps_it(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.APPLICATION)
    step_delete_last(person=person, seen_version=current_version(person))
    person.refresh_from_db()
    assert person.stage == StepKind.AWARENESS_COURSE
    assert AdmissionStep.history.filter(kind=StepKind.APPLICATION, history_type="-").exists()


def test_helper_must_be_an_official_member(cell_a):
    person = PersonFactory(cell=cell_a)
    with pytest.raises(ValidationError):
        step_record(
            person=person,
            kind=StepKind.LISTED,
            date=D(2018, 1, 5),
            helper=PersonFactory(cell=cell_a),
        )
    helper = make_official_member(cell_a)
    step_record(person=person, kind=StepKind.LISTED, date=D(2018, 1, 5), helper=helper)
    assert person.mentored_by.get().mentor == helper


def test_probationary_member_cultivates_a_non_member(probationary, cell_a):
    non_member = PersonFactory(cell=cell_a)
    assignment = assignment_create(
        kind="cultivate", mentor=probationary, mentee=non_member, start_date=D(2019, 2, 1)
    )
    assert assignment.mentor == probationary
    with pytest.raises(ValidationError):
        assignment_create(
            kind="cultivate",
            mentor=make_official_member(cell_a),
            mentee=non_member,
            start_date=D(2019, 2, 1),
        )


def test_excellent_ratings_are_capped_at_twenty_percent_of_good(cell_a):
    members = [make_official_member(cell_a) for _ in range(6)]
    for member in members[:5]:
        rating_record(person=member, year=2024, rating=QualityRating.GOOD)
    rating_record(person=members[5], year=2024, rating=QualityRating.EXCELLENT)
    other = make_official_member(cell_a)
    with pytest.raises(ValidationError) as error:
        rating_record(person=other, year=2024, rating=QualityRating.EXCELLENT)
    assert "20%" in messages_of(error)


def test_other_cells_do_not_count_toward_the_cap(cell_a):
    other_cell = PartyCellFactory(battalion=cell_a.battalion)
    for _ in range(5):
        rating_record(person=make_official_member(other_cell), year=2024, rating="tot")
    with pytest.raises(ValidationError):
        rating_record(person=make_official_member(cell_a), year=2024, rating="xuat_sac")


@pytest.fixture
def helped_cadet(cell_a):
    """A cadet with an official member assigned to help, and that assignment."""
    cadet = PersonFactory(cell=cell_a)
    helped = assignment_create(
        kind="help_candidate",
        mentor=make_official_member(cell_a),
        mentee=cadet,
        start_date=D(2019, 2, 1),
    )
    return cadet, helped


def test_graduating_ends_the_cadets_open_assignments(helped_cadet):
    cadet, helped = helped_cadet
    person_update(person=cadet, seen_version=current_version(cadet), study_status="graduated")
    helped.refresh_from_db()
    assert helped.end_date == timezone.localdate()


def test_a_correction_while_studying_leaves_assignments_open(helped_cadet):
    cadet, helped = helped_cadet
    person_update(person=cadet, seen_version=current_version(cadet), hometown="Hà Nam")
    helped.refresh_from_db()
    assert helped.end_date is None
