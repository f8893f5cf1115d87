"""The new-member course (lớp bồi dưỡng đảng viên mới, issue 14, item 7): a probationary member
attends it and its certificate belongs in the conversion file, so the cell votes on the
conversion only once it is recorded (Hướng dẫn 01-HD/TW (2021), point 4 (1), continued by
Hướng dẫn 06-HD/TW (2025); 12-HD/BTCTW (2022), the conversion file)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from core.concurrency import current_version
from core.workdays import add_months, add_working_days
from members.choices import PartyStatus, StepKind
from members.derived import stage_days, steps_by_kind
from members.models import AdmissionStep, Person
from members.services import person_refresh_status, person_update, step_record
from paperwork import documents
from paperwork.rendering import render_docx
from paperwork.selectors import WorkKind, worklist
from tests.derived import assert_dashboard_data_derived
from tests.factories import PersonFactory, advance, votes_on_record
from tests.paperwork.helpers import docx_text

D = datetime.date


@pytest.fixture
def admitted(cell_a):
    """Admitted at the ceremony of 27/06/2018 (advance(): steps three weeks apart)."""
    person = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    assert person.steps.get(kind=StepKind.CEREMONY).date == CEREMONY
    return person


CEREMONY = D(2018, 6, 27)
PROBATION_END = add_months(CEREMONY, 12)


def _course(person, day, number="125/GCN-TTCT"):
    return step_record(
        person=person, kind=StepKind.NEW_MEMBER_COURSE, date=day, document_number=number
    )


def _conversion_vote(person, day):
    return step_record(
        person=person,
        kind=StepKind.CONVERSION_VOTE,
        date=day,
        **votes_on_record(person.cell, day),
    )


def test_after_the_ceremony_the_course_comes_before_the_conversion_vote(admitted):
    assert admitted.next_step == StepKind.NEW_MEMBER_COURSE
    # No time of its own in the texts: it is due when the conversion vote is.
    assert admitted.next_due_date == add_working_days(PROBATION_END, 30)


def test_the_certificate_is_recorded_with_its_number_and_date(admitted):
    step = _course(admitted, D(2018, 11, 20), number="37/GCN-TTCT")
    assert (step.kind, step.date, step.document_number) == (
        StepKind.NEW_MEMBER_COURSE,
        D(2018, 11, 20),
        "37/GCN-TTCT",
    )
    admitted.refresh_from_db()
    assert admitted.party_status == PartyStatus.PROBATIONARY
    assert admitted.stage == StepKind.NEW_MEMBER_COURSE
    assert admitted.next_step == StepKind.CONVERSION_VOTE
    assert admitted.next_due_date == add_working_days(PROBATION_END, 30)
    assert_dashboard_data_derived()


def test_a_course_on_the_day_of_the_ceremony_is_accepted(admitted):
    assert _course(admitted, CEREMONY).date == CEREMONY


def test_a_course_the_day_before_the_ceremony_is_refused(admitted):
    with pytest.raises(ValidationError) as error:
        _course(admitted, CEREMONY - datetime.timedelta(days=1))
    assert "Lễ kết nạp" in " ".join(error.value.messages)


def test_a_course_before_admission_is_refused(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    with pytest.raises(ValidationError):
        _course(person, D(2018, 8, 1))


def test_the_conversion_vote_without_the_certificate_is_refused(admitted):
    with pytest.raises(ValidationError) as error:
        _conversion_vote(admitted, PROBATION_END)
    messages = " ".join(error.value.messages)
    assert "lớp bồi dưỡng đảng viên mới" in messages
    assert "01-HD/TW" in messages
    assert not admitted.steps.filter(kind=StepKind.CONVERSION_VOTE).exists()


def test_the_vote_on_the_day_of_the_certificate_is_accepted(admitted):
    _course(admitted, PROBATION_END)
    assert _conversion_vote(admitted, PROBATION_END).kind == StepKind.CONVERSION_VOTE


def test_a_vote_dated_before_the_certificate_is_refused(admitted):
    _course(admitted, PROBATION_END)
    with pytest.raises(ValidationError):
        _conversion_vote(admitted, PROBATION_END - datetime.timedelta(days=1))


def test_the_course_is_not_recorded_after_the_conversion_vote(admitted):
    _course(admitted, D(2018, 11, 20))
    _conversion_vote(admitted, PROBATION_END)
    with pytest.raises(ValidationError):
        _course(admitted, PROBATION_END, number="again")


def test_the_course_is_recorded_once(admitted):
    _course(admitted, D(2018, 11, 20))
    with pytest.raises(ValidationError):
        _course(admitted, D(2018, 12, 20))


def test_the_worklist_asks_for_the_course_with_the_conversion_vote(admitted, clerk):
    today = add_working_days(PROBATION_END, 25)
    [item] = [i for i in worklist(clerk, today=today) if i.subject == admitted.full_name]
    assert item.kind == WorkKind.NEW_MEMBER_COURSE
    _course(admitted, D(2018, 11, 20))
    [item] = [i for i in worklist(clerk, today=today) if i.subject == admitted.full_name]
    assert item.kind == WorkKind.CONVERSION_VOTE


def test_members_converted_before_the_course_was_recorded_stand(cell_a):
    """A conversion voted before this step existed: the record holds without the course."""
    person = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    AdmissionStep.objects.create(
        person=person,
        kind=StepKind.CONVERSION_VOTE,
        date=PROBATION_END,
        cell=cell_a,
        **votes_on_record(cell_a, PROBATION_END),
    )
    person = person_refresh_status(person)
    assert person.next_step == StepKind.CONVERSION_COMMITTEE
    steps = steps_by_kind(person.steps.all())
    assert stage_days(steps, StepKind.CONVERSION_VOTE) == (PROBATION_END - CEREMONY).days
    person_update(
        person=person,
        seen_version=current_version(person),
        date_of_birth=person.date_of_birth - datetime.timedelta(days=1),
    )


def test_a_historical_conversion_needs_no_course(cell_a):
    person = PersonFactory(cell=cell_a)
    for kind, day in (
        (StepKind.DECISION, D(2019, 3, 1)),
        (StepKind.CEREMONY, D(2019, 3, 20)),
        (StepKind.CONVERSION_DECISION, D(2020, 4, 1)),
    ):
        step_record(person=person, kind=kind, date=day, is_historical=True)
    person.refresh_from_db()
    assert person.party_status == PartyStatus.OFFICIAL


def test_the_conversion_resolution_prints_the_certificate(admitted):
    _course(admitted, D(2018, 11, 20), number="37/GCN-TTCT")
    _conversion_vote(admitted, PROBATION_END)
    text = docx_text(render_docx(documents.conversion_resolution(admitted)))
    assert (
        "Học lớp bồi dưỡng đảng viên mới: giấy chứng nhận số 37/GCN-TTCT, ngày 20 tháng 11 năm "
        "2018." in text
    )


def test_the_migration_makes_those_awaiting_the_vote_take_the_course_first(admitted):
    Person.objects.filter(pk=admitted.pk).update(next_step=StepKind.CONVERSION_VOTE)
    migration = importlib.import_module("members.migrations.0023_new_member_course")
    migration.take_the_course_first(apps, None)
    admitted.refresh_from_db()
    assert admitted.next_step == StepKind.NEW_MEMBER_COURSE
    assert admitted.next_due_date == add_working_days(PROBATION_END, 30)
