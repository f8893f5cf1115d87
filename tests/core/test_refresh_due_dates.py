"""Stored due dates follow the working-day calendar when it changes (`refresh_due_dates`)."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from core.workdays import add_working_days
from members.choices import StepKind
from tests.factories import PersonFactory, advance

pytestmark = pytest.mark.django_db


def voted(cell):
    return advance(PersonFactory(cell=cell), StepKind.CELL_VOTE, start=datetime.date(2024, 9, 2))


def test_a_new_day_off_moves_the_stored_due_date_after_refresh(cell_a, settings):
    person = voted(cell_a)
    vote_day = person.steps.get(kind=StepKind.CELL_VOTE).date
    before = person.next_due_date
    assert before == add_working_days(vote_day, 60)

    settings.WORKDAY_OVERRIDES = {add_working_days(vote_day, 1).isoformat(): "off"}
    with pytest.raises(CommandError, match="1"):
        call_command("refresh_due_dates", "--check")
    call_command("refresh_due_dates")
    person.refresh_from_db()
    assert person.next_due_date == add_working_days(before, 1)
    call_command("refresh_due_dates", "--check")


def test_people_whose_due_date_holds_are_not_written(cell_a):
    person = voted(cell_a)
    call_command("refresh_due_dates")
    versions = person.history.count()
    call_command("refresh_due_dates")
    assert person.history.count() == versions
