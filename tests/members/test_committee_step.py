"""The grassroots party committee's step (issue 14, item 5): between the cell's resolution (6-KNĐ)
and the decision, the grassroots committee's resolution (8-KNĐ; 14-KNĐ at conversion) with its
own vote, at least two thirds of its members (Điều lệ Đảng, Điều 4, khoản 3). Which committee
resolves and which decides is the battalion's setting (Quy định 332-QĐ/TW)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from core.concurrency import current_version
from core.workdays import add_working_days
from members.choices import PartyStatus, StepKind
from members.derived import stage_days, steps_by_kind
from members.models import AdmissionStep, Person
from members.services import (
    person_refresh_status,
    person_update,
    step_extend_deadline,
    step_record,
)
from paperwork import documents
from paperwork.rendering import render_docx
from paperwork.selectors import WorkKind, worklist
from tests.derived import assert_dashboard_data_derived
from tests.factories import PersonFactory, advance
from tests.paperwork.helpers import docx_text

D = datetime.date
CELL_VOTED = D(2018, 5, 16)  # advance(): the cell's resolution, 21 days after the opinions
REASON = {"votes_eligible_reason": "Một cấp ủy viên chuyển công tác, chưa bổ sung"}


def _committee(person, day, votes_for, eligible=9, kind=StepKind.COMMITTEE_VOTE, **extra):
    figures = {
        "votes_eligible": eligible,
        "votes_present": eligible,
        "votes_for": votes_for,
        "votes_against": eligible - votes_for,
    }
    return step_record(person=person, kind=kind, date=day, **(figures | extra))


@pytest.fixture
def proposed(cell_a):
    """The cell proposed the admission on 16/05/2018; the battalion's committee has 9 members."""
    person = advance(PersonFactory(cell=cell_a), StepKind.CELL_VOTE)
    assert person.steps.get(kind=StepKind.CELL_VOTE).date == CELL_VOTED
    return person


def test_after_the_cell_the_grassroots_committee_resolves_within_the_decisions_time(proposed):
    assert proposed.next_step == StepKind.COMMITTEE_VOTE
    assert proposed.next_due_date == add_working_days(CELL_VOTED, 60)


def test_two_thirds_of_the_committee_passes_with_its_date_and_number(proposed):
    step = _committee(proposed, D(2018, 5, 30), votes_for=6, document_number="12-NQ/ĐU")
    assert step.kind == StepKind.COMMITTEE_VOTE
    assert (step.form_code, step.document_number) == ("8-KNĐ", "12-NQ/ĐU")
    proposed.refresh_from_db()
    assert proposed.stage == StepKind.COMMITTEE_VOTE
    assert proposed.next_step == StepKind.DECISION
    # 294-QĐ/TW: the decision's 60 working days still count from the cell's resolution.
    assert proposed.next_due_date == add_working_days(CELL_VOTED, 60)
    assert_dashboard_data_derived()


def test_one_member_short_of_two_thirds_is_a_failed_vote_kept_on_record(proposed):
    step = _committee(proposed, D(2018, 5, 30), votes_for=5)
    assert step.kind == StepKind.COMMITTEE_VOTE_FAILED
    assert (step.vote_round, step.form_code) == (1, "")  # no 8-KNĐ is issued
    proposed.refresh_from_db()
    assert proposed.stage == StepKind.CELL_VOTE
    assert proposed.next_step == StepKind.COMMITTEE_VOTE
    assert proposed.next_due_date == add_working_days(CELL_VOTED, 60)
    assert_dashboard_data_derived()


def test_the_committee_may_vote_again_and_pass(proposed):
    _committee(proposed, D(2018, 5, 30), votes_for=5)
    again = _committee(proposed, D(2018, 6, 14), votes_for=7)
    assert (again.kind, again.vote_round) == (StepKind.COMMITTEE_VOTE, 2)
    proposed.refresh_from_db()
    assert proposed.next_step == StepKind.DECISION
    assert_dashboard_data_derived()


def test_a_vote_again_is_not_dated_before_the_failed_one(proposed):
    _committee(proposed, D(2018, 5, 30), votes_for=5)
    with pytest.raises(ValidationError) as error:
        _committee(proposed, D(2018, 5, 29), votes_for=7)
    assert "lần biểu quyết trước (30/05/2018)" in " ".join(error.value.messages)


def test_the_committees_figure_defaults_to_the_battalions_setting(proposed):
    step = step_record(
        person=proposed,
        kind=StepKind.COMMITTEE_VOTE,
        date=D(2018, 5, 30),
        votes_present=9,
        votes_for=6,
        votes_against=3,
    )
    assert step.votes_eligible == 9


def test_another_figure_needs_its_reason(proposed):
    with pytest.raises(ValidationError) as error:
        _committee(proposed, D(2018, 5, 30), votes_for=6, eligible=8)
    assert "đảng ủy cơ sở có 9 cấp ủy viên" in " ".join(error.value.messages)
    step = _committee(proposed, D(2018, 5, 30), votes_for=6, eligible=8, **REASON)
    assert step.votes_eligible == 8


def test_without_the_setting_the_figure_is_typed(proposed):
    battalion = proposed.cell.battalion
    battalion.committee_members = None
    battalion.save()
    proposed.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        step_record(
            person=proposed,
            kind=StepKind.COMMITTEE_VOTE,
            date=D(2018, 5, 30),
            votes_present=7,
            votes_for=7,
            votes_against=0,
        )
    assert "votes_eligible" in error.value.message_dict
    assert _committee(proposed, D(2018, 5, 30), votes_for=5, eligible=7).kind == (
        StepKind.COMMITTEE_VOTE
    )


def test_the_decision_needs_the_committees_resolution_first(proposed):
    with pytest.raises(ValidationError) as error:
        step_record(person=proposed, kind=StepKind.DECISION, date=D(2018, 6, 6))
    assert "Đảng ủy cơ sở xét, đề nghị kết nạp" in " ".join(error.value.messages)
    _committee(proposed, D(2018, 5, 30), votes_for=9)
    decision = step_record(person=proposed, kind=StepKind.DECISION, date=D(2018, 6, 6))
    assert decision.form_code == "9-KNĐ"


def test_the_committee_does_not_resolve_after_the_decision(proposed):
    _committee(proposed, D(2018, 5, 30), votes_for=9)
    step_record(person=proposed, kind=StepKind.DECISION, date=D(2018, 6, 6))
    with pytest.raises(ValidationError):
        _committee(proposed, D(2018, 6, 7), votes_for=9)


def test_an_extension_on_the_cell_resolution_moves_both_due_dates(proposed):
    vote = proposed.steps.get(kind=StepKind.CELL_VOTE)
    step_extend_deadline(step=vote)
    proposed.refresh_from_db()
    assert proposed.next_due_date == add_working_days(CELL_VOTED, 90)
    _committee(proposed, D(2018, 5, 30), votes_for=9)
    proposed.refresh_from_db()
    assert proposed.next_due_date == add_working_days(CELL_VOTED, 90)


def test_conversion_goes_through_the_committee_too(cell_a):
    member = advance(PersonFactory(cell=cell_a), StepKind.CONVERSION_VOTE)
    voted = member.steps.get(kind=StepKind.CONVERSION_VOTE).date
    assert member.next_step == StepKind.CONVERSION_COMMITTEE
    assert member.next_due_date == add_working_days(voted, 30)
    with pytest.raises(ValidationError):
        step_record(person=member, kind=StepKind.CONVERSION_DECISION, date=voted)
    failed = _committee(member, voted, votes_for=5, kind=StepKind.CONVERSION_COMMITTEE)
    assert failed.kind == StepKind.CONVERSION_COMMITTEE_FAILED
    passed = _committee(member, voted, votes_for=6, kind=StepKind.CONVERSION_COMMITTEE)
    assert passed.form_code == "14-KNĐ"
    member.refresh_from_db()
    assert member.next_step == StepKind.CONVERSION_DECISION
    assert member.next_due_date == add_working_days(voted, 30)
    decision = step_record(person=member, kind=StepKind.CONVERSION_DECISION, date=voted)
    assert decision.form_code == "15-KNĐ"
    member.refresh_from_db()
    assert member.party_status == PartyStatus.OFFICIAL
    assert_dashboard_data_derived()


def _decided_before_the_committee_step(cell) -> Person:
    """A decision recorded before the committee's step existed: cell vote, then decision."""
    person = advance(PersonFactory(cell=cell), StepKind.CELL_VOTE)
    AdmissionStep.objects.create(
        person=person, kind=StepKind.DECISION, date=D(2018, 6, 14), cell=cell
    )
    return person_refresh_status(person)


def test_records_decided_before_the_step_existed_stand_without_it(cell_a):
    person = _decided_before_the_committee_step(cell_a)
    assert (person.stage, person.next_step) == (StepKind.DECISION, StepKind.CEREMONY)
    steps = steps_by_kind(person.steps.all())
    assert stage_days(steps, StepKind.DECISION) == (D(2018, 6, 14) - CELL_VOTED).days
    # The rules checked again after a correction do not ask for the committee's step...
    person_update(
        person=person,
        seen_version=current_version(person),
        date_of_birth=person.date_of_birth - datetime.timedelta(days=1),
    )
    # ...and the procedure goes on.
    ceremony = step_record(person=person, kind=StepKind.CEREMONY, date=D(2018, 6, 25))
    assert ceremony.kind == StepKind.CEREMONY


def test_the_migration_makes_those_awaiting_a_decision_await_the_committee(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.CELL_VOTE)
    Person.objects.filter(pk=person.pk).update(next_step=StepKind.DECISION)
    migration = importlib.import_module("members.migrations.0021_committee_step")
    migration.wait_for_the_committee(apps, None)
    person.refresh_from_db()
    assert person.next_step == StepKind.COMMITTEE_VOTE
    assert person.next_due_date == add_working_days(CELL_VOTED, 60)


def test_the_worklist_asks_the_committee_then_the_deciding_committee(proposed, clerk):
    today = D(2018, 5, 28)
    [item] = [i for i in worklist(clerk, today=today) if i.subject == proposed.full_name]
    assert item.kind == WorkKind.COMMITTEE
    assert item.document_url  # the cell's 6-KNĐ goes up with the file
    _committee(proposed, D(2018, 5, 28), votes_for=9)
    [item] = [i for i in worklist(clerk, today=today) if i.subject == proposed.full_name]
    assert item.kind == WorkKind.DECISION
    assert item.due == add_working_days(CELL_VOTED, 60)


def test_the_conversion_resolution_names_the_deciding_committee(cell_a):
    battalion = cell_a.battalion
    battalion.deciding_committee_name = "Ban Thường vụ Đảng ủy Học viện"
    battalion.save()
    member = advance(PersonFactory(cell=cell_a), StepKind.CONVERSION_VOTE)
    text = docx_text(render_docx(documents.conversion_resolution(member)))
    assert "của Ban Thường vụ Đảng ủy Học viện" in text
    # The cell still proposes to its grassroots committee.
    assert f"Chi bộ đề nghị {battalion.committee_name} xem xét" in text


def test_without_a_deciding_committee_the_grassroots_committee_decides(cell_a):
    assert cell_a.battalion.deciding_committee == cell_a.battalion.committee_name


def test_the_migration_renumbers_the_conversion_forms(cell_a):
    member = advance(PersonFactory(cell=cell_a), StepKind.CONVERSION_DECISION)
    steps = member.steps.all()
    steps.filter(kind=StepKind.CONVERSION_COMMITTEE).update(form_code="15-KNĐ")
    steps.filter(kind=StepKind.CONVERSION_DECISION).update(form_code="16-KNĐ")
    steps.filter(kind=StepKind.CONVERSION_VOTE).update(form_code="13-KNĐ")
    migration = importlib.import_module("members.migrations.0024_conversion_form_numbers")
    migration.renumber(apps, None)
    codes = dict(member.steps.values_list("kind", "form_code"))
    assert codes[StepKind.CONVERSION_COMMITTEE] == "14-KNĐ"
    assert codes[StepKind.CONVERSION_DECISION] == "15-KNĐ"
    assert codes[StepKind.CONVERSION_VOTE] == "13-KNĐ"
