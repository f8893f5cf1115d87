"""The same people built through the services, the import and seed_scale's generator end with the
same derived fields (status, stage, next step, due date, name keys, stage days) and tallies: the
three writers take them from one place (members.derived, members.names, members.tallies)."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone

from core.dates import dmy
from demodata.synthetic import AcademyGenerator, PlannedStep
from members.choices import Gender, PersonKind, StepKind
from members.derived import PERSON_FIELDS
from members.models import AdmissionStep, Person
from members.services import person_create, step_record
from members.tallies import rebuild_all
from spreadsheets.reader import read_table
from spreadsheets.services import cadets_import_apply
from tests.derived import by_battalion_tallied, people_tallied, tallied
from tests.spreadsheets.files import cadet, xlsx

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@dataclass(frozen=True)
class History:
    code: str
    full_name: str
    steps: dict


# The steps the import's columns carry: course, decision, ceremony, conversion.
IMPORTABLE = [
    History("HV001", "Nguyễn Văn An", {}),
    History("HV002", "Đặng Thị Hoài", {StepKind.AWARENESS_COURSE: days_ago(200)}),
    # Admitted two years ago and never given the ceremony: overdue by far.
    History(
        "HV003",
        "Trần Đức Ánh",
        {StepKind.AWARENESS_COURSE: days_ago(900), StepKind.DECISION: days_ago(730)},
    ),
    # Probationary, conversion not yet due.
    History(
        "HV004",
        "Lê Minh Ước",
        {
            StepKind.AWARENESS_COURSE: days_ago(400),
            StepKind.DECISION: days_ago(120),
            StepKind.CEREMONY: days_ago(100),
        },
    ),
    # Probation over more than 30 working days ago without the conversion: overdue.
    History(
        "HV005",
        "Phạm Quang Đạt",
        {
            StepKind.AWARENESS_COURSE: days_ago(1000),
            StepKind.DECISION: days_ago(700),
            StepKind.CEREMONY: days_ago(680),
        },
    ),
    History(
        "HV006",
        "Vũ Hữu Bình",
        {
            StepKind.AWARENESS_COURSE: days_ago(1400),
            StepKind.DECISION: days_ago(1200),
            StepKind.CEREMONY: days_ago(1180),
            StepKind.CONVERSION_DECISION: days_ago(800),
        },
    ),
]
# The import has no column for striking off: compared between the services and the generator.
STRUCK_OFF = History(
    "HV007",
    "Hoàng Văn Mạnh",
    {
        StepKind.AWARENESS_COURSE: days_ago(1000),
        StepKind.DECISION: days_ago(700),
        StepKind.CEREMONY: days_ago(680),
        StepKind.STRUCK_OFF: days_ago(500),
    },
)
DETAILS = {
    "kind": PersonKind.CADET,
    "date_of_birth": datetime.date(2000, 5, 10),
    "gender": Gender.MALE,
    "cohort": "K55",
    "enrolment_date": days_ago(1500),
    "expected_graduation_date": TODAY + datetime.timedelta(days=300),
}
COLUMN_OF = {
    StepKind.AWARENESS_COURSE: "course",
    StepKind.DECISION: "decision",
    StepKind.CEREMONY: "ceremony",
    StepKind.CONVERSION_DECISION: "conversion",
}


def through_the_services(histories, cell, clerk) -> None:
    for history in histories:
        person = person_create(cell=cell, code=history.code, full_name=history.full_name, **DETAILS)
        for kind, day in history.steps.items():
            step_record(person=person, kind=kind, date=day, user=clerk, is_historical=True)


def through_the_import(histories, cell, clerk) -> None:
    rows = [
        cadet(
            code=history.code,
            full_name=history.full_name,
            date_of_birth=dmy(DETAILS["date_of_birth"]),
            cell=cell.code,
            cohort=DETAILS["cohort"],
            enrolment_date=dmy(DETAILS["enrolment_date"]),
            expected_graduation_date=dmy(DETAILS["expected_graduation_date"]),
            decision_number="",
            **{
                column: dmy(history.steps[kind]) if kind in history.steps else ""
                for kind, column in COLUMN_OF.items()
            },
        )
        for history in histories
    ]
    report = cadets_import_apply(
        table=read_table(xlsx(rows), "hoc-vien.xlsx"),
        filename="hoc-vien.xlsx",
        battalion=cell.battalion,
        user=clerk,
    )
    assert report.applied, report.errors
    assert report.created == len(histories), report.errors


def through_the_generator(histories, cell, clerk) -> None:
    people = [
        Person(cell=cell, code=history.code, full_name=history.full_name, **DETAILS)
        for history in histories
    ]
    plans = [
        [PlannedStep(kind, day) for kind, day in history.steps.items()] for history in histories
    ]
    AcademyGenerator(0, today=TODAY).write(people, plans, historical=True)
    rebuild_all([cell.pk])


def built(path, histories, cell, clerk) -> dict:
    """What `path` stores for `histories`, then undone so that the next path starts afresh."""
    with transaction.atomic():
        path(histories, cell, clerk)
        stored = {
            "people": {
                person.code: {
                    name: getattr(person, name)
                    for name in (*PERSON_FIELDS, "sort_name", "search_text")
                }
                for person in Person.objects.all()
            },
            "steps": {
                (step.person.code, step.kind): (step.date, step.stage_days)
                for step in AdmissionStep.objects.select_related("person")
            },
            "step tallies": tallied(),
            "cohort tallies": people_tallied(),
            "battalion tallies": {
                name: by_battalion_tallied(name) for name in ("steps", "cohorts")
            },
        }
        transaction.set_rollback(True)
    return stored


def test_the_services_the_import_and_the_generator_derive_the_same(cell_a, clerk):
    by_service = built(through_the_services, IMPORTABLE, cell_a, clerk)
    assert len(by_service["people"]) == len(IMPORTABLE)
    assert {
        fields["next_due_date"] < TODAY
        for fields in by_service["people"].values()
        if fields["next_due_date"]
    } == {True, False}
    assert built(through_the_import, IMPORTABLE, cell_a, clerk) == by_service
    assert built(through_the_generator, IMPORTABLE, cell_a, clerk) == by_service


def test_the_services_and_the_generator_derive_the_same_for_a_member_struck_off(cell_a, clerk):
    histories = [*IMPORTABLE, STRUCK_OFF]
    by_service = built(through_the_services, histories, cell_a, clerk)
    assert by_service["people"][STRUCK_OFF.code]["party_status"] == "struck_off"
    assert built(through_the_generator, histories, cell_a, clerk) == by_service
