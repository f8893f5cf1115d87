import datetime

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import current_version
from members.services import person_update
from tests.factories import PersonFactory


def test_save_based_on_the_latest_version_is_accepted(cell_a):
    person = PersonFactory(cell=cell_a)
    person_update(person=person, seen_version=current_version(person), hometown="Nam Định")
    person.refresh_from_db()
    assert person.hometown == "Nam Định"


def test_second_concurrent_save_is_refused_with_what_changed(cell_a):
    person = PersonFactory(cell=cell_a, hometown="Hà Nam")
    seen_by_both = current_version(person)
    person_update(person=person, seen_version=seen_by_both, hometown="Nam Định")
    stale_copy = type(person).objects.get(pk=person.pk)
    with pytest.raises(ValidationError) as error:
        person_update(
            person=stale_copy,
            seen_version=seen_by_both,
            date_of_birth=datetime.date(1999, 1, 1),
        )
    message = " ".join(error.value.messages)
    assert "“Hà Nam” → “Nam Định”" in message
    person.refresh_from_db()
    assert person.hometown == "Nam Định"
    assert person.date_of_birth != datetime.date(1999, 1, 1)
