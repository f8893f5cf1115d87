"""Sortable columns on the cadet list and the cell board (issue 16, item 11): chosen by the
server from ?sap_xep=, ascending or descending, filters and search kept in the links, the
Vietnamese name order as the name column's, hostile values ignored, the downloads in the same
order."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.sorting import Sorting
from members.choices import StepKind
from members.models import Person
from members.selectors import PEOPLE_SORTS
from tests.factories import PersonFactory, advance

pytestmark = pytest.mark.django_db


def codes_on_page(response) -> list[str]:
    text = response.content.decode()
    return re.findall(r'data-label="Mã">(SORT-\d+)', text)


@pytest.fixture
def people(cell_a, cell_b):
    """Names whose Vietnamese order (given name first) differs from the family-name order."""
    return [
        PersonFactory(cell=cell_b, code="SORT-1", full_name="Nguyễn Văn Bình", cohort="K58"),
        PersonFactory(cell=cell_a, code="SORT-2", full_name="Trần Thị An", cohort="K59"),
        PersonFactory(cell=cell_a, code="SORT-3", full_name="Lê Đức Anh", cohort="K57"),
        PersonFactory(cell=cell_b, code="SORT-4", full_name="Đặng Văn Ánh", cohort="K58"),
    ]


def get(client, **params):
    return client.get(reverse("members:person_list"), params)


def test_the_list_opens_in_vietnamese_name_order_marked_on_the_name_column(
    client_for, clerk, people
):
    response = get(client_for(clerk), q="sort")
    # An, then Ánh (Đặng Văn) and Anh (Lê Đức) by the rest of the name before the tone, then
    # Bình: given name first, then the rest.
    assert codes_on_page(response) == ["SORT-2", "SORT-4", "SORT-3", "SORT-1"]
    text = response.content.decode()
    assert re.search(r'<th aria-sort="ascending"[^>]*data-testid="sort-ten"', text)


def test_the_name_column_sorts_descending(client_for, clerk, people):
    response = get(client_for(clerk), q="sort", sap_xep="-ten")
    assert codes_on_page(response) == ["SORT-1", "SORT-3", "SORT-4", "SORT-2"]
    assert 'aria-sort="descending"' in response.content.decode()


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("ma", ["SORT-1", "SORT-2", "SORT-3", "SORT-4"]),
        ("-ma", ["SORT-4", "SORT-3", "SORT-2", "SORT-1"]),
        # Cohort, then names in Vietnamese order within it.
        ("khoa", ["SORT-3", "SORT-4", "SORT-1", "SORT-2"]),
        ("-khoa", ["SORT-2", "SORT-1", "SORT-4", "SORT-3"]),
    ],
)
def test_a_column_sorts_the_list(client_for, clerk, people, order, expected):
    assert codes_on_page(get(client_for(clerk), q="sort", sap_xep=order)) == expected


def test_the_due_date_sorts_with_people_without_one_last(client_for, clerk, people, cell_a):
    waiting = advance(
        PersonFactory(cell=cell_a, code="SORT-5", full_name="Vũ Văn Xuân"), StepKind.CELL_VOTE
    )
    assert waiting.next_due_date is not None
    for order in ("han", "-han"):
        codes = codes_on_page(get(client_for(clerk), q="sort", sap_xep=order))
        assert codes[0] == "SORT-5"


@pytest.mark.parametrize(
    "hostile", ["", "x", "-", "--ten", "sort_name", "password", "ten;drop", "-" * 5000, "ma\x00"]
)
def test_an_unknown_order_is_ignored(client_for, clerk, people, hostile):
    response = get(client_for(clerk), q="sort", sap_xep=hostile)
    assert response.status_code == 200
    assert codes_on_page(response) == ["SORT-2", "SORT-4", "SORT-3", "SORT-1"]


def test_the_header_links_keep_the_filters_and_the_search(client_for, clerk, people, cell_a):
    text = get(client_for(clerk), q="sort", cell=cell_a.pk, page=1).content.decode()
    link = re.search(r'data-testid="sort-khoa"><a class="sort-link" href="([^"]+)"', text)[1]
    link = link.replace("&amp;", "&")
    assert "q=sort" in link
    assert f"cell={cell_a.pk}" in link
    assert "sap_xep=khoa" in link
    # Sorting again starts from the first page.
    assert "page=" not in link


def test_the_filter_form_keeps_the_order(client_for, clerk, people):
    text = get(client_for(clerk), sap_xep="-khoa").content.decode()
    assert '<input type="hidden" name="sap_xep" value="-khoa">' in text


def test_the_order_holds_across_pages(client_for, clerk, cell_a):
    for number in range(60):
        PersonFactory(cell=cell_a, code=f"SORT-{number:03}")
    client = client_for(clerk)
    first = codes_on_page(get(client, q="sort", sap_xep="-ma"))
    second = codes_on_page(get(client, q="sort", sap_xep="-ma", page=2))
    assert first[0] == "SORT-059"
    assert second[-1] == "SORT-000"
    assert len(first) + len(second) == 60


def test_the_download_has_the_order_on_screen(client_for, clerk, people):
    response = client_for(clerk).get(
        reverse("members:person_list_export", args=["csv"]), {"q": "sort", "sap_xep": "-khoa"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    codes = [row[0] for row in rows[1:]]
    assert codes == ["SORT-2", "SORT-1", "SORT-4", "SORT-3"]


def test_the_sorted_list_runs_the_same_number_of_queries(client_for, clerk, people):
    client = client_for(clerk)
    counts = []
    for order in ("", "chi_bo", "-han"):
        with CaptureQueriesContext(connection) as queries:
            assert get(client, sap_xep=order).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_the_board_sorts_by_a_column_and_goes_back_to_its_own_order(
    client_for, secretary_a, cell_a
):
    first = advance(PersonFactory(cell=cell_a, full_name="Phạm Văn Bảo"), StepKind.LISTED)
    second = advance(PersonFactory(cell=cell_a, full_name="Hồ Thị An"), StepKind.APPLICATION)
    client = client_for(secretary_a)
    url = reverse("members:board", args=[cell_a.pk])

    def names(**params):
        text = client.get(url, params).content.decode()
        return [
            name
            for name in re.findall(r"<a href=\"/hoc-vien/\d+/\">([^<]+)</a>", text)
            if name in (first.full_name, second.full_name)
        ]

    assert names(sap_xep="ten") == ["Hồ Thị An", "Phạm Văn Bảo"]
    assert names(sap_xep="-ten") == ["Phạm Văn Bảo", "Hồ Thị An"]
    text = client.get(url, {"sap_xep": "-ten"}).content.decode()
    assert 'data-testid="sort-default"' in text
    assert "sap_xep=-ten" in text  # the downloads keep it
    assert client.get(url, {"sap_xep": "<script>"}).status_code == 200


def test_the_board_download_follows_the_order(client_for, secretary_a, cell_a):
    advance(PersonFactory(cell=cell_a, full_name="Phạm Văn Bảo"), StepKind.LISTED)
    advance(PersonFactory(cell=cell_a, full_name="Hồ Thị An"), StepKind.APPLICATION)
    url = reverse("members:board_export", args=[cell_a.pk, "csv"])
    for order, expected in (
        ("ten", ["Hồ Thị An", "Phạm Văn Bảo"]),
        ("-ten", ["Phạm Văn Bảo", "Hồ Thị An"]),
    ):
        text = client_for(secretary_a).get(url, {"sap_xep": order}).content.decode("utf-8-sig")
        assert [n for n in expected if n in text] == expected
        assert text.index(expected[0]) < text.index(expected[1])


def test_sorting_reads_only_its_columns():
    sorting = Sorting({"sap_xep": "-khoa"}, PEOPLE_SORTS, default="ten")
    assert sorting.order_by(Person) == ["-cohort", "-sort_name"]
    assert Sorting({"sap_xep": "han"}, PEOPLE_SORTS).order_by(Person)[1] == "sort_name"
    assert Sorting({"sap_xep": "id"}, PEOPLE_SORTS, default="ten").key == "ten"
    assert Sorting({}, PEOPLE_SORTS).order_by(Person) == []


def test_the_board_on_the_secretary_s_home_page_has_plain_headers(client_for, secretary_a, cell_a):
    advance(PersonFactory(cell=cell_a, full_name="Phạm Văn Bảo"), StepKind.LISTED)
    text = client_for(secretary_a).get(reverse("home")).content.decode()
    assert "Phạm Văn Bảo" in text
    assert "sap_xep" not in text
