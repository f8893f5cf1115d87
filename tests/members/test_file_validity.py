"""The file's documents expire: an introduction (with the Youth Union's resolution) or a summary
of opinions older than 12 months at the cell vote is redone, and the newer document supersedes
the older one, which stays on record."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from core.concurrency import BY_CODE
from core.workdays import add_months
from members.choices import StepKind
from members.derived import steps_by_kind
from members.models import AdmissionStep
from members.selectors import next_step_kinds
from members.services import step_delete_last, step_record
from tests.factories import PersonFactory, advance, make_official_member

D = datetime.date
VOTES = {
    "votes_eligible": 9,
    "votes_present": 8,
    "votes_for": 7,
    "votes_against": 1,
    "votes_eligible_reason": "Bảy đảng viên chuyển sinh hoạt tạm thời đến chi bộ",
}
# advance() from 10/01/2018, three weeks apart: introduced 04/04/2018, opinions 25/04/2018.
INTRODUCED, SUMMARISED = D(2018, 4, 4), D(2018, 4, 25)


def messages_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


@pytest.fixture
def file_ready(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.OPINION_SUMMARY)
    assert person.steps.get(kind=StepKind.INTRODUCTION).date == INTRODUCED
    return person


def vote(person, day):
    return step_record(person=person, kind=StepKind.CELL_VOTE, date=day, **VOTES)


def test_a_file_twelve_months_old_to_the_day_is_still_valid(file_ready):
    assert vote(file_ready, add_months(INTRODUCED, 12)).kind == StepKind.CELL_VOTE


def test_an_introduction_a_day_past_twelve_months_is_refused(file_ready):
    day = add_months(INTRODUCED, 12) + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        vote(file_ready, day)
    assert "ngày 04/04/2018 đã quá 12 tháng" in messages_of(error)
    assert "cần làm lại" in messages_of(error)
    assert not file_ready.steps.filter(kind=StepKind.CELL_VOTE).exists()


def test_a_summary_of_opinions_past_twelve_months_is_refused(file_ready, cell_a):
    step_record(
        person=file_ready,
        kind=StepKind.INTRODUCTION,
        date=D(2018, 10, 1),
        introducers=[make_official_member(cell_a), make_official_member(cell_a)],
    )
    with pytest.raises(ValidationError) as error:
        vote(file_ready, add_months(SUMMARISED, 12) + datetime.timedelta(days=1))
    assert "“Tổng hợp ý kiến nhận xét” ngày 25/04/2018" in messages_of(error)
    assert "Giới thiệu người vào Đảng" not in messages_of(error)


def test_a_redone_file_supersedes_the_old_one_and_the_vote_passes(file_ready, cell_a):
    introducers = [make_official_member(cell_a), make_official_member(cell_a)]
    step_record(
        person=file_ready, kind=StepKind.INTRODUCTION, date=D(2019, 3, 1), introducers=introducers
    )
    step_record(person=file_ready, kind=StepKind.OPINION_SUMMARY, date=D(2019, 3, 15))
    vote(file_ready, D(2019, 6, 3))
    introductions = file_ready.steps.filter(kind=StepKind.INTRODUCTION).order_by("date")
    assert [step.date for step in introductions] == [INTRODUCED, D(2019, 3, 1)]
    assert steps_by_kind(file_ready.steps.all())[StepKind.INTRODUCTION].date == D(2019, 3, 1)
    file_ready.refresh_from_db()
    assert file_ready.stage == StepKind.CELL_VOTE


def test_a_redone_youth_union_resolution_is_named_when_it_expires(cell_a):
    member = advance(
        PersonFactory(cell=cell_a, youth_union_date=D(2013, 3, 26)), StepKind.OPINION_SUMMARY
    )
    assert member.steps.get(kind=StepKind.INTRODUCTION).by_youth_union
    with pytest.raises(ValidationError) as error:
        vote(member, D(2019, 6, 3))
    assert "Nghị quyết giới thiệu của BCH Đoàn cơ sở (4-KNĐ)" in messages_of(error)


@override_settings(PARTY_RULES={"file_valid_months": 18})
def test_the_validity_is_a_setting(file_ready):
    assert vote(file_ready, add_months(INTRODUCED, 13)).kind == StepKind.CELL_VOTE


def test_a_redone_document_must_be_dated_after_the_one_it_replaces(file_ready):
    with pytest.raises(ValidationError) as error:
        step_record(person=file_ready, kind=StepKind.OPINION_SUMMARY, date=SUMMARISED)
    assert "phải có ngày sau văn bản trước (25/04/2018)" in messages_of(error)


def test_after_the_cell_vote_the_file_is_not_redone(file_ready):
    vote(file_ready, D(2018, 6, 1))
    with pytest.raises(ValidationError) as error:
        step_record(person=file_ready, kind=StepKind.OPINION_SUMMARY, date=D(2018, 6, 5))
    assert "Chi bộ đã xét hồ sơ" in messages_of(error)


def test_other_steps_are_still_recorded_once(file_ready):
    with pytest.raises(ValidationError) as error:
        step_record(person=file_ready, kind=StepKind.BACKGROUND_CHECK, date=D(2018, 6, 5))
    assert "đã được ghi" in messages_of(error)


def test_the_step_form_offers_the_redone_documents_before_the_vote(file_ready):
    assert next_step_kinds(file_ready) == [
        StepKind.CELL_VOTE,
        StepKind.INTRODUCTION,
        StepKind.OPINION_SUMMARY,
    ]


def test_removing_the_redone_document_brings_back_the_old_one(file_ready):
    step_record(person=file_ready, kind=StepKind.OPINION_SUMMARY, date=D(2019, 3, 15))
    step_delete_last(seen_version=BY_CODE, person=file_ready)
    assert (
        AdmissionStep.objects.filter(person=file_ready, kind=StepKind.OPINION_SUMMARY).count() == 1
    )
    assert AdmissionStep.history.filter(person_id=file_ready.pk, history_type="-").count() == 1
