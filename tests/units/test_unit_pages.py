from django.db.models import Sum
from django.urls import reverse

from members.choices import StepKind
from members.models import BattalionStepTally
from members.tallies import ALL_TALLIES
from tests.derived import assert_dashboard_data_derived
from tests.factories import PersonFactory, advance
from tests.forms import post_shown
from units.models import PartyCell


def test_clerk_adds_a_cell_to_own_battalion(client_for, clerk, battalion):
    response = client_for(clerk).post(
        reverse("units:cell_create"),
        {"battalion": battalion.pk, "code": "C9", "name": "Chi bộ Đại đội 9"},
    )
    assert response.status_code == 302
    assert PartyCell.objects.filter(battalion=battalion, code="C9").exists()


def test_clerk_cannot_add_a_cell_to_another_battalion(client_for, clerk, other_battalion):
    response = client_for(clerk).post(
        reverse("units:cell_create"),
        {"battalion": other_battalion.pk, "code": "C9", "name": "Chi bộ 9"},
    )
    assert response.status_code == 200
    assert not PartyCell.objects.filter(code="C9").exists()


def test_duplicate_cell_code_gets_a_vietnamese_message(client_for, clerk, cell_a):
    response = client_for(clerk).post(
        reverse("units:cell_create"),
        {"battalion": cell_a.battalion_id, "code": cell_a.code, "name": "Trùng"},
    )
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    assert PartyCell.objects.filter(code=cell_a.code).count() == 1


def test_other_battalions_cell_is_404_for_clerk(client_for, clerk, cell_c):
    assert client_for(clerk).get(reverse("units:cell_edit", args=[cell_c.pk])).status_code == 404


def test_cell_list_shows_only_the_scope(client_for, clerk, cell_a, cell_c):
    page = client_for(clerk).get(reverse("units:cell_list")).content.decode()
    assert cell_a.name in page
    assert cell_c.name not in page


def test_read_only_roles_cannot_manage_units(client_for, commander, secretary_a, outsider, cell_a):
    for user in (commander, secretary_a, outsider):
        client = client_for(user)
        assert client.get(reverse("units:cell_list")).status_code == 403
        response = client.post(reverse("units:cell_edit", args=[cell_a.pk]), {"name": "X"})
        assert response.status_code == 403
    cell_a.refresh_from_db()
    assert cell_a.name == "Chi bộ A"


def test_cell_change_is_kept_in_history_with_the_user(client_for, clerk, cell_a):
    post_shown(
        client_for(clerk),
        reverse("units:cell_edit", args=[cell_a.pk]),
        {"battalion": cell_a.battalion_id, "code": cell_a.code, "name": "Chi bộ A mới"},
    )
    latest = cell_a.history.latest()
    assert latest.name == "Chi bộ A mới"
    assert latest.history_user == clerk


def test_a_cell_moved_to_another_battalion_takes_its_counts_along(
    client_for, admin_user, cell_a, other_battalion
):
    """The battalions' tallies (the whole academy's dashboard) are the sums of their cells'
    again, and the figures of each battalion equal its records."""
    for _ in range(2):
        advance(PersonFactory(cell=cell_a), StepKind.APPLICATION)
    moved_from = cell_a.battalion_id
    before = BattalionStepTally.objects.filter(battalion_id=moved_from).aggregate(n=Sum("count"))
    assert before["n"] > 0
    response = post_shown(
        client_for(admin_user),
        reverse("units:cell_edit", args=[cell_a.pk]),
        {"battalion": other_battalion.pk, "code": cell_a.code, "name": cell_a.name},
    )
    assert response.status_code == 302
    assert PartyCell.objects.get(pk=cell_a.pk).battalion_id == other_battalion.pk
    assert_dashboard_data_derived()
    moved = BattalionStepTally.objects.filter(battalion_id=other_battalion.pk)
    assert moved.aggregate(n=Sum("count"))["n"] >= before["n"]
    for tally in ALL_TALLIES.values():
        assert tally.mismatches() == 0
