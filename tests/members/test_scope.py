"""Who may see and change whose records: outside the scope a record does not exist (404); a
read-only role sees it but cannot change it (403)."""

import datetime

import pytest
from django.urls import reverse

from members.choices import StepKind
from members.models import AdmissionStep, Assignment, Evaluation, Person, YearlyRating
from tests.factories import PersonFactory, advance
from tests.forms import post_shown

PERSON_PAGES = ["person_detail", "person_history"]
PERSON_ACTIONS = [
    "person_edit",
    "person_move",
    "step_create",
    "step_delete_last",
    "assignment_create",
    "evaluation_create",
]
# Corrections of the record itself are the clerk's; the secretary records the cell's work.
CLERK_ONLY_ACTIONS = ["person_edit", "person_move", "step_delete_last"]


@pytest.fixture
def voted(cell_b):
    """A candidate of cell B whose grassroots committee's resolution awaits the decision."""
    return advance(
        PersonFactory(cell=cell_b, full_name="Người Của Chi Bộ B"), StepKind.COMMITTEE_VOTE
    )


def post_refusal(name: str) -> int:
    """Read-only pages take no POST at all (405, whoever asks); actions outside scope are 404."""
    return 405 if name in PERSON_PAGES else 404


def vote_of(person) -> AdmissionStep:
    return person.steps.get(kind=StepKind.CELL_VOTE)


def record_counts() -> tuple:
    return tuple(
        model.objects.count()
        for model in (Person, AdmissionStep, Assignment, Evaluation, YearlyRating)
    )


def a_valid_step_post() -> dict:
    return {"kind": "decision", "date": "01/08/2018", "document_number": "99-QĐ/ĐU"}


@pytest.mark.parametrize("name", PERSON_PAGES + PERSON_ACTIONS)
def test_secretary_gets_404_for_any_page_or_action_on_another_cells_person(
    client_for, secretary_a, voted, name
):
    client = client_for(secretary_a)
    url = reverse(f"members:{name}", args=[voted.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, a_valid_step_post()).status_code == post_refusal(name)


@pytest.mark.parametrize("name", PERSON_PAGES + PERSON_ACTIONS)
def test_other_battalions_clerk_gets_404(client_for, other_clerk, voted, name):
    client = client_for(other_clerk)
    url = reverse(f"members:{name}", args=[voted.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, a_valid_step_post()).status_code == post_refusal(name)


def test_another_cells_board_and_steps_are_404_for_the_secretary(
    client_for, secretary_a, voted, cell_b
):
    client = client_for(secretary_a)
    assert client.get(reverse("members:board", args=[cell_b.pk])).status_code == 404
    extend = reverse("members:step_extend", args=[vote_of(voted).pk])
    assert client.post(extend).status_code == 404
    assert not vote_of(voted).deadline_extended


def test_secretary_lists_only_the_own_cell(client_for, secretary_a, cell_a, voted):
    PersonFactory(cell=cell_a, full_name="Người Của Chi Bộ A")
    text = client_for(secretary_a).get(reverse("members:person_list")).content.decode()
    assert "Người Của Chi Bộ A" in text
    assert voted.full_name not in text
    assert "Chi bộ B" not in text


def test_secretary_records_a_step_for_the_own_cell(client_for, secretary_b, voted):
    response = post_shown(
        client_for(secretary_b),
        reverse("members:step_create", args=[voted.pk]),
        a_valid_step_post(),
    )
    assert response.status_code == 302
    assert voted.steps.filter(kind=StepKind.DECISION).exists()


@pytest.mark.parametrize("name", CLERK_ONLY_ACTIONS)
def test_secretary_cannot_correct_the_own_cells_records(client_for, secretary_b, voted, name):
    client = client_for(secretary_b)
    url = reverse(f"members:{name}", args=[voted.pk])
    before = record_counts()
    assert client.get(url).status_code == 403
    assert client.post(url, {"cell": voted.cell_id, "on": "01/01/2024"}).status_code == 403
    extend = reverse("members:step_extend", args=[vote_of(voted).pk])
    assert client.post(extend).status_code == 403
    assert record_counts() == before


def test_outsider_sees_nothing(client_for, outsider, voted, cell_b):
    client = client_for(outsider)
    assert client.get(reverse("members:person_list")).status_code == 403
    assert client.get(reverse("members:person_create")).status_code == 403
    for name in PERSON_PAGES + PERSON_ACTIONS:
        url = reverse(f"members:{name}", args=[voted.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, a_valid_step_post()).status_code == post_refusal(name), name
    assert client.get(reverse("members:board", args=[cell_b.pk])).status_code == 404
    assert client.post(reverse("members:step_extend", args=[vote_of(voted).pk])).status_code == 404
    assert client.get(reverse("home")).context["nav_items"] == []


@pytest.mark.parametrize("reader", ["commander", "academy_commander", "admin_user"])
def test_read_only_roles_cannot_change_anything(client_for, request, reader, voted, cell_b):
    client = client_for(request.getfixturevalue(reader))
    before = record_counts()
    for name in PERSON_ACTIONS:
        url = reverse(f"members:{name}", args=[voted.pk])
        assert client.get(url).status_code == 403, name
        assert client.post(url, a_valid_step_post()).status_code == 403, name
    create = reverse("members:person_create")
    assert client.get(create).status_code == 403
    assert (
        client.post(create, {"code": "X1", "full_name": "X", "cell": cell_b.pk}).status_code == 403
    )
    assert client.post(reverse("members:step_extend", args=[vote_of(voted).pk])).status_code == 403
    assert record_counts() == before
    assert not vote_of(voted).deadline_extended


@pytest.mark.parametrize("reader", ["commander", "academy_commander", "admin_user"])
def test_read_only_roles_see_the_list_the_person_and_the_board(
    client_for, request, reader, voted, cell_b
):
    client = client_for(request.getfixturevalue(reader))
    assert voted.full_name in client.get(reverse("members:person_list")).content.decode()
    for url in (
        reverse("members:person_detail", args=[voted.pk]),
        reverse("members:person_history", args=[voted.pk]),
        reverse("members:board", args=[cell_b.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert voted.full_name in response.content.decode()


def test_battalion_commander_does_not_see_another_battalion(client_for, commander, cell_c):
    person = PersonFactory(cell=cell_c, full_name="Người Tiểu Đoàn 2")
    client = client_for(commander)
    assert "Người Tiểu Đoàn 2" not in client.get(reverse("members:person_list")).content.decode()
    assert client.get(reverse("members:person_detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("members:board", args=[cell_c.pk])).status_code == 404


def test_academy_commander_sees_every_battalion(client_for, academy_commander, cell_a, cell_c):
    PersonFactory(cell=cell_a, full_name="Người Tiểu Đoàn 1")
    PersonFactory(cell=cell_c, full_name="Người Tiểu Đoàn 2")
    text = client_for(academy_commander).get(reverse("members:person_list")).content.decode()
    assert "Người Tiểu Đoàn 1" in text
    assert "Người Tiểu Đoàn 2" in text


def test_clerk_cannot_move_a_person_to_another_battalion(client_for, clerk, voted, cell_c):
    response = post_shown(
        client_for(clerk),
        reverse("members:person_move", args=[voted.pk]),
        {"cell": cell_c.pk, "on": datetime.date(2024, 1, 1).strftime("%d/%m/%Y")},
    )
    assert response.status_code == 200
    voted.refresh_from_db()
    assert voted.cell.battalion_id != cell_c.battalion_id


def test_extension_is_only_posted(client_for, clerk, voted):
    url = reverse("members:step_extend", args=[vote_of(voted).pk])
    assert client_for(clerk).get(url).status_code == 405
