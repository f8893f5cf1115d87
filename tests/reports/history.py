"""Histories with known figures for the report tests, recorded through the members services.

Historical steps (is_historical) may skip the steps before them, so one call records an
admission in a given year without the whole procedure: the counts stay easy to reason about.
"""

import datetime

from core.concurrency import current_version
from members.choices import StepKind, StudyStatus
from members.services import person_update, step_record
from tests.factories import PersonFactory


def cadet(cell, **fields):
    defaults = {
        "date_of_birth": datetime.date(1990, 1, 1),
        "enrolment_date": datetime.date(2010, 9, 1),
        "expected_graduation_date": datetime.date(2015, 7, 1),
    }
    return PersonFactory(cell=cell, **{**defaults, **fields})


def close(person, status: StudyStatus = StudyStatus.GRADUATED):
    """Graduate (or withdraw) a cadet once their steps are recorded: the record is then closed."""
    return person_update(person=person, seen_version=current_version(person), study_status=status)


def admitted(cell, decided_on: datetime.date, *, ceremony: bool = True, **fields):
    """A cadet of `cell` whose admission decision is dated `decided_on`."""
    status = fields.pop("study_status", None)
    person = cadet(cell, **fields)
    step_record(person=person, kind=StepKind.DECISION, date=decided_on, is_historical=True)
    if ceremony:
        step_record(
            person=person,
            kind=StepKind.CEREMONY,
            date=decided_on + datetime.timedelta(days=14),
            is_historical=True,
        )
    person.refresh_from_db()
    return close(person, status) if status else person


def admissions(cell, year: int, count: int, **fields) -> list:
    """`count` cadets of `cell` admitted in `year`, on different days."""
    return [
        admitted(cell, datetime.date(year, 3, 1) + datetime.timedelta(days=20 * index), **fields)
        for index in range(count)
    ]
