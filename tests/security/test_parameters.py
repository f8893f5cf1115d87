"""Each parameter that once broke a page, at its boundary: the last value accepted, the first
refused (a form error or a 404, never a 500)."""

import pytest
from django.urls import reverse

from core.ranges import FIRST_YEAR, LAST_YEAR, MAX_ID, MIN_ID
from members.choices import StepKind
from tests.factories import PersonFactory, advance, make_resolution


@pytest.mark.parametrize(
    ("month", "accepted"),
    [
        (f"01/{FIRST_YEAR}", True),
        (f"12/{FIRST_YEAR - 1}", False),
        (f"12/{LAST_YEAR}", True),
        (f"01/{LAST_YEAR + 1}", False),
        ("01/0000", False),
        ("1/0001", False),
    ],
)
def test_the_conversion_list_month_is_within_the_years_of_records(
    client_for, clerk, month, accepted
):
    client = client_for(clerk)
    response = client.get(reverse("paperwork:conversion_list"), {"thang": month})
    assert response.status_code == 200
    assert ("Năm của tháng phải từ" in response.content.decode()) is not accepted
    docx = client.get(reverse("paperwork:conversion_list_docx"), {"thang": month})
    assert docx.status_code == (200 if accepted else 404)


@pytest.mark.parametrize(("year", "status"), [("2018", 200), ("all", 200), ("²", 404), ("2", 404)])
def test_the_resolution_list_year_is_one_on_record_or_all(
    client_for, clerk, battalion, year, status
):
    make_resolution(battalion, year=2018, quarter=2)
    response = client_for(clerk).get(reverse("resolutions:list"), {"year": year})
    assert response.status_code == status


@pytest.mark.parametrize(("value", "status"), [("", 200), ("²", 404), ("1" * 20, 404)])
def test_the_export_battalion_is_a_visible_one(client_for, clerk, battalion, value, status):
    response = client_for(clerk).get(reverse("spreadsheets:export_csv"), {"tieu_doan": value})
    assert response.status_code == status


def test_the_export_of_another_battalion_is_404(client_for, clerk, other_battalion):
    url = reverse("spreadsheets:export_csv")
    response = client_for(clerk).get(url, {"tieu_doan": other_battalion.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("introducer", [MAX_ID, MAX_ID + 1, 10**20, MIN_ID, MIN_ID - 1, -(10**20)])
def test_an_introducer_id_past_the_integer_range_is_a_form_error(
    client_for, clerk, cell_a, introducer
):
    # The largest id the column holds is looked up (and found to name no one); past it, the
    # form refuses before the lookup, which SQLite would answer with an OverflowError.
    person = advance(PersonFactory(cell=cell_a), StepKind.BACKGROUND_CHECK)
    url = reverse("members:step_create", args=[person.pk])
    data = {"kind": "introduction", "date": "01/01/2025", "introducers": str(introducer)}
    response = client_for(clerk).post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["introducers"]
    assert any(str(introducer) in error for error in errors)


@pytest.mark.parametrize(("length", "valid"), [(100, True), (101, False)])
def test_the_people_search_is_at_most_100_characters(client_for, clerk, cell_a, length, valid):
    response = client_for(clerk).get(reverse("members:person_list"), {"q": "x" * length})
    assert response.status_code == 200
    assert response.context["filter"].form.is_valid() is valid
