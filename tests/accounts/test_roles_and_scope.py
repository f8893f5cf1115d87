import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from members.models import Person
from resolutions.models import AreaTarget, FocusArea, Resolution
from tests.factories import PersonFactory, make_user
from units.models import Battalion, PartyCell


def test_clerk_sees_only_own_battalion_and_its_cells(clerk, cell_a, cell_b, cell_c):
    assert list(Battalion.objects.visible_to(clerk)) == [clerk.battalion]
    assert set(PartyCell.objects.visible_to(clerk)) == {cell_a, cell_b}


def test_secretary_sees_only_own_cell(secretary_a, cell_b, cell_c):
    assert list(PartyCell.objects.visible_to(secretary_a)) == [secretary_a.cell]


def test_academy_commander_sees_every_battalion(academy_commander, battalion, other_battalion):
    assert set(Battalion.objects.visible_to(academy_commander)) == {battalion, other_battalion}


def test_battalion_commander_sees_one_battalion(commander, other_battalion):
    assert list(Battalion.objects.visible_to(commander)) == [commander.battalion]


def test_outsider_sees_nothing(outsider, cell_a, cell_c):
    assert outsider.scope is None
    assert not Battalion.objects.visible_to(outsider).exists()
    assert not PartyCell.objects.visible_to(outsider).exists()


def test_inactive_user_sees_nothing(clerk, cell_a):
    clerk.is_active = False
    assert clerk.scope is None


def test_only_the_clerk_writes_records():
    assert [role for role in Role if role.writes_records] == [Role.CLERK]
    assert not Role.COMMANDER.records_cell_work


def test_clerk_without_battalion_is_rejected(db):
    with pytest.raises(ValidationError) as error:
        make_user(Role.CLERK).full_clean()
    assert "battalion" in error.value.message_dict


def test_secretary_without_cell_is_rejected(db):
    with pytest.raises(ValidationError) as error:
        make_user(Role.SECRETARY).full_clean()
    assert "cell" in error.value.message_dict


def test_secretary_with_cell_is_valid(secretary_a):
    secretary_a.full_clean()
    assert secretary_a.scope.cell_id == secretary_a.cell_id


def test_full_name_in_vietnamese_order(db):
    user = make_user(last_name="Nguyễn Văn", first_name="An")
    assert user.get_full_name() == "Nguyễn Văn An"


PERSONAS = ["admin_user", "academy_commander", "commander", "clerk", "secretary_a", "outsider"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_visible_to_reads_the_same_scope(request, persona, cell_a, cell_b, cell_c):
    """Units, people and resolutions through one translation of the scope: a cell's scope sees
    its own cell and people, and the resolutions of its battalion, which go to every cell."""
    user = request.getfixturevalue(persona)
    for cell in (cell_a, cell_b, cell_c):
        PersonFactory(cell=cell)
        resolution = Resolution.objects.create(
            battalion=cell.battalion,
            number=f"{cell.code}-NQ/ĐU",
            year=2016,
            quarter=2,
            signed_on=datetime.date(2016, 4, 2),
            title="Phát triển đảng viên",
            is_supplement=cell is cell_b,
        )
        AreaTarget.objects.create(
            resolution=resolution, area=FocusArea.STUDY, criterion="Học tập", target_percent=80
        )
    cells = set(PartyCell.objects.visible_to(user))
    battalions = set(Battalion.objects.visible_to(user))
    expected_cells = {
        "admin_user": {cell_a, cell_b, cell_c},
        "academy_commander": {cell_a, cell_b, cell_c},
        "commander": {cell_a, cell_b},
        "clerk": {cell_a, cell_b},
        "secretary_a": {cell_a},
        "outsider": set(),
    }[persona]
    assert cells == expected_cells
    assert battalions == {cell.battalion for cell in expected_cells}
    people = Person.objects.visible_to(user)
    assert {person.cell for person in people} == expected_cells
    resolutions = set(Resolution.objects.visible_to(user))
    assert resolutions == set(Resolution.objects.filter(battalion__in=battalions))
    targets = AreaTarget.objects.visible_to(user)
    assert {target.resolution for target in targets} == resolutions
