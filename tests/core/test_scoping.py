"""A battalion's rows through its cells' ids (issue 17): the same rows as through the join."""

import pytest

from accounts.models import User
from members.models import Person
from tests.factories import PersonFactory
from units.models import PartyCell

pytestmark = pytest.mark.django_db


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_a_battalion_sees_the_rows_of_its_cells_and_no_others(clerk, cell_a, cell_b, cell_c):
    people = [
        PersonFactory(cell=cell, full_name=f"Lê Văn Minh {cell.code}")
        for cell in (cell_a, cell_b, cell_c)
    ]
    through_join = Person.objects.filter(cell__battalion_id=clerk.battalion_id)
    assert (
        _ids(Person.objects.visible_to(clerk))
        == _ids(through_join)
        == {
            people[0].pk,
            people[1].pk,
        }
    )
    searched = Person.objects.visible_to(clerk).search("minh")
    assert _ids(searched) == _ids(through_join.search("minh"))


def test_a_cell_added_to_the_battalion_is_seen_by_the_next_request(clerk, cell_a):
    PersonFactory(cell=cell_a)
    assert len(_ids(Person.objects.visible_to(clerk))) == 1
    new_cell = PartyCell.objects.create(battalion=cell_a.battalion, code="NEW", name="Chi bộ mới")
    PersonFactory(cell=new_cell)
    # The ids are kept on the user's scope, which lives as long as the request's user.
    assert len(_ids(Person.objects.visible_to(User.objects.get(pk=clerk.pk)))) == 2


def test_a_battalion_without_cells_sees_nothing(other_clerk, cell_a):
    PersonFactory(cell=cell_a)
    assert not PartyCell.objects.filter(battalion=other_clerk.battalion).exists()
    assert not Person.objects.visible_to(other_clerk).exists()
