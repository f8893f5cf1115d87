"""The planner's shortcuts give what the model's own ways give."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.choices import Gender, PersonKind
from members.models import Person
from spreadsheets.importer import NewPeople


def test_a_new_person_is_built_as_the_model_builds_it(cell_a):
    values = {
        "kind": PersonKind.CADET,
        "code": "HV001",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": datetime.date(1998, 5, 10),
        "gender": Gender.MALE,
        "cohort": "K50",
    }
    built = NewPeople().build(values, cell=cell_a)
    expected = Person(**values, cell=cell_a)
    for model_field in Person._meta.concrete_fields:
        assert getattr(built, model_field.attname) == getattr(expected, model_field.attname)
    # Nothing besides the columns and the state, as the model's __init__ sets.
    assert set(vars(built)) == set(vars(expected))
    assert built._state.adding
    assert built.pk is None
    with CaptureQueriesContext(connection) as queries:
        assert built.cell == cell_a
    assert not queries
