"""Two clerks recording admissions in the same cell and quarter at the same moment: the tally
must count both. Each re-count sees only committed steps besides its own, so without the lock
on the cell the second writer would count one step, not two."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from members.choices import StepKind
from members.models import StepTally
from members.services import step_record
from tests.factories import PersonFactory, advance

DECISION_DAY = datetime.date(2018, 6, 6)


def record_decision(person, *, before_commit=lambda: None, errors):
    try:
        with transaction.atomic():
            step_record(person=person, kind=StepKind.DECISION, date=DECISION_DAY)
            before_commit()
    except Exception as error:  # noqa: BLE001 - reported to the test thread
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_admissions_in_one_cell_are_both_counted(cell_a):
    # Of two cohorts, so that they share no tally but the cell's admissions of the quarter.
    first, second = (
        advance(PersonFactory(cell=cell_a, cohort=cohort), StepKind.COMMITTEE_VOTE)
        for cohort in ("K50", "K51")
    )
    recorded, release, errors = threading.Event(), threading.Event(), []

    def hold_open():
        recorded.set()
        release.wait(timeout=10)

    holder = threading.Thread(
        target=record_decision, args=(first,), kwargs={"before_commit": hold_open, "errors": errors}
    )
    holder.start()
    assert recorded.wait(timeout=10)
    other = threading.Thread(target=record_decision, args=(second,), kwargs={"errors": errors})
    other.start()
    other.join(timeout=0.5)  # it waits for the first transaction (PostgreSQL: the cell's lock)
    release.set()
    holder.join(timeout=10)
    other.join(timeout=10)

    assert errors == []
    tally = StepTally.objects.get(cell=cell_a, kind=StepKind.DECISION, year=2018)
    assert tally.count == 2
