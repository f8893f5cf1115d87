"""Graduated and withdrawn people are read-only: every write service refuses them with one message
and changes nothing; a person still studying is written, even when the write graduates them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import BY_CODE
from members import services
from members.choices import AssignmentKind, Grade, QualityRating, StepKind, StudyStatus
from members.models import AdmissionStep, Assignment, Evaluation, Person, YearlyRating
from tests.factories import PersonFactory, advance, make_official_member

pytestmark = pytest.mark.django_db

D = datetime.date
MESSAGE = str(services.READ_ONLY_MESSAGE)


def graduate(person: Person, status=StudyStatus.GRADUATED) -> Person:
    return services.person_update(seen_version=BY_CODE, person=person, study_status=status)


@pytest.fixture
def member(cell_a):
    """A probationary member, still studying; the vote step's deadline may be extended."""
    return advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)


@pytest.fixture
def others(cell_a, cell_b):
    """Who and where the writes name besides the person, made before anything is compared."""
    return {
        "cell": cell_b,
        "official": make_official_member(cell_a),
        "non_member": PersonFactory(cell=cell_a),
    }


WRITES = {
    "person_update": lambda person, others: services.person_update(
        seen_version=BY_CODE, person=person, full_name="Trần Văn Mới"
    ),
    "person_move": lambda person, others: services.person_move(
        seen_version=BY_CODE, person=person, cell=others["cell"], on=D(2024, 1, 2)
    ),
    "step_record": lambda person, others: services.step_record(
        person=person, kind=StepKind.CONVERSION_VOTE, date=D(2024, 1, 2), is_historical=True
    ),
    "step_delete_last": lambda person, others: services.step_delete_last(
        seen_version=BY_CODE, person=person
    ),
    "step_correct": lambda person, others: services.step_correct(
        seen_version=BY_CODE,
        step=person.steps.get(kind=StepKind.CEREMONY),
        document_number="99-QĐ/ĐU",
    ),
    "step_extend_deadline": lambda person, others: services.step_extend_deadline(
        step=person.steps.get(kind=StepKind.CELL_VOTE)
    ),
    "assignment_create (helped)": lambda person, others: services.assignment_create(
        kind=AssignmentKind.MENTOR_NEW_MEMBER,
        mentor=others["official"],
        mentee=person,
        start_date=D(2024, 1, 2),
    ),
    "assignment_create (helper)": lambda person, others: services.assignment_create(
        kind=AssignmentKind.CULTIVATE,
        mentor=person,
        mentee=others["non_member"],
        start_date=D(2024, 1, 2),
    ),
    "evaluation_record": lambda person, others: services.evaluation_record(
        person=person,
        date=D(2024, 1, 2),
        study=Grade.GOOD,
        training=Grade.GOOD,
        movement=Grade.GOOD,
    ),
    "rating_record": lambda person, others: services.rating_record(
        person=person, year=2023, rating=QualityRating.GOOD
    ),
}


def stored() -> tuple:
    """Everything a write on a person could change."""
    return (
        list(Person.objects.order_by("pk").values()),
        list(AdmissionStep.objects.order_by("pk").values()),
        list(Assignment.objects.order_by("pk").values()),
        Evaluation.objects.count(),
        YearlyRating.objects.count(),
    )


@pytest.mark.parametrize("status", [StudyStatus.GRADUATED, StudyStatus.WITHDRAWN])
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_refuses_a_read_only_person_with_one_message(member, others, write, status):
    person = graduate(member, status)
    before = stored()
    with pytest.raises(ValidationError) as error:
        write(person, others)
    assert error.value.messages == [MESSAGE]
    assert stored() == before


def test_the_write_that_graduates_a_person_is_accepted(member):
    person = graduate(member)
    person.refresh_from_db()
    assert person.study_status == StudyStatus.GRADUATED


def test_a_person_still_studying_is_written(member, cell_b):
    services.step_extend_deadline(step=member.steps.get(kind=StepKind.CELL_VOTE))
    services.person_move(seen_version=BY_CODE, person=member, cell=cell_b, on=D(2024, 1, 2))
    member.refresh_from_db()
    assert member.cell == cell_b
