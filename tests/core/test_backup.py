import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from core.backup import record_counts
from members.choices import PROCEDURE, StepKind
from members.models import AdmissionStep, Person
from tests.factories import PersonFactory, advance


@pytest.fixture
def recorded_history(cell_a, clerk):
    person = advance(PersonFactory(cell=cell_a, hometown="Hà Nam"), StepKind.CEREMONY)
    person.hometown = "Nam Định"
    person.save()
    return person


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_finds_every_record_and_its_history(
    recorded_history, tmp_path
):
    backup = tmp_path / "backup.json.gz"
    before = record_counts()
    call_command("export_all", str(backup))
    call_command("flush", interactive=False, verbosity=0)
    assert not Person.objects.exists()

    call_command("import_all", str(backup))

    assert record_counts() == before
    person = Person.objects.get(code=recorded_history.code)
    assert person.hometown == "Nam Định"
    assert list(person.history.values_list("hometown", flat=True))[:2] == ["Nam Định", "Hà Nam"]
    # Every step of the procedure up to the ceremony, as `advance` recorded them.
    recorded = PROCEDURE[: PROCEDURE.index(StepKind.CEREMONY) + 1]
    assert AdmissionStep.objects.filter(person=person).count() == len(recorded)
    assert person.steps.get(kind=StepKind.INTRODUCTION).introducers.count() == 2
    assert User.objects.filter(username="troly").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_over_existing_data_is_refused(recorded_history, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("export_all", str(backup))
    count = Person.objects.count()
    with pytest.raises(CommandError, match="trống"):
        call_command("import_all", str(backup))
    assert Person.objects.count() == count
