"""A cell secretary's phone, 390 × 844 (issue 16, item 6): the cadet list, the cell board and
the worklist are cards with the due date and the overdue mark first, the list's filters fold
away, and no page scrolls sideways."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.choices import StepKind
from tests.browser.conftest import PHONE, assert_no_sideways_scroll
from tests.factories import PersonFactory, advance

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def overdue_cadets(cell_a):
    """Candidates of cell A whose superior decision is long overdue, with long names."""
    return [
        advance(
            PersonFactory(cell=cell_a, full_name=f"Nguyễn Thị Phương Thảo Nguyên {number}"),
            StepKind.CELL_VOTE,
        )
        for number in range(3)
    ]


def first_line_of_the_card(row) -> str:
    """The first visible cell of the card as "label: text" (the cards reorder the cells with CSS
    and write the label before the value)."""
    return row.evaluate(
        """row => [...row.children]
            .filter(cell => cell.offsetHeight > 0)
            .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
            .map(cell => `${cell.dataset.label}: ${cell.innerText}`)[0]"""
    )


@pytest.mark.parametrize(
    ("persona", "url_of", "row_id"),
    [
        ("clerk", lambda cell: reverse("members:person_list"), "person-row"),
        ("secretary_a", lambda cell: reverse("members:board", args=[cell.pk]), "board-row"),
        ("secretary_a", lambda cell: reverse("paperwork:worklist"), "worklist-item"),
    ],
    ids=["cadet-list", "cell-board", "worklist"],
)
def test_on_a_phone_the_page_is_cards_with_the_due_date_first(
    request, login, live_server, page, cell_a, overdue_cadets, persona, url_of, row_id
):
    page.set_viewport_size(PHONE)
    login(request.getfixturevalue(persona))
    page.goto(live_server.url + url_of(cell_a))
    rows = page.get_by_test_id(row_id)
    expect(rows.first).to_be_visible()
    first = first_line_of_the_card(rows.first)
    assert first.startswith("Hạn:"), first
    expect(rows.first).to_contain_text("Quá hạn")
    assert_no_sideways_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"phone-{request.node.callspec.id}.png"), full_page=True)


def test_on_a_phone_the_worklists_filters_fold_away(
    login, live_server, page, secretary_a, cell_a, overdue_cadets
):
    page.set_viewport_size(PHONE)
    login(secretary_a)
    page.goto(live_server.url + reverse("paperwork:worklist"))
    expect(page.get_by_test_id("worklist-filter")).to_be_hidden()
    page.get_by_test_id("filter-toggle").click()
    expect(page.get_by_test_id("worklist-filter")).to_be_visible()
    assert_no_sideways_scroll(page)


def test_on_a_phone_the_filters_fold_away(login, live_server, page, clerk, cell_a, overdue_cadets):
    page.set_viewport_size(PHONE)
    login(clerk)
    page.goto(live_server.url + reverse("members:person_list"))
    search = page.get_by_label("Tìm kiếm")
    expect(search).to_be_hidden()
    page.get_by_test_id("filter-toggle").click()
    expect(search).to_be_visible()
    search.fill("phuong thao")
    expect(page.get_by_test_id("person-row")).to_have_count(len(overdue_cadets))
    assert_no_sideways_scroll(page)


def test_on_a_desk_the_filters_and_the_table_stay(
    login, live_server, page, clerk, cell_a, overdue_cadets
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(clerk)
    page.goto(live_server.url + reverse("members:person_list"))
    expect(page.get_by_label("Tìm kiếm")).to_be_visible()
    expect(page.get_by_test_id("filter-toggle")).to_be_hidden()
    expect(page.get_by_role("columnheader", name="Hạn")).to_be_visible()


@pytest.mark.parametrize(
    ("persona", "url_of"),
    [
        ("clerk", lambda cell: reverse("members:person_list")),
        ("secretary_a", lambda cell: reverse("members:board", args=[cell.pk])),
    ],
    ids=["cadet-list", "cell-board"],
)
def test_on_a_phone_the_sortable_columns_stay_as_links_above_the_cards(
    request, login, live_server, page, cell_a, overdue_cadets, persona, url_of
):
    """The cards hide the table's headers; the sortable ones stay visible after 'Sắp xếp theo:'
    (they were focusable but invisible links), and sort as on a wide screen."""
    page.set_viewport_size(PHONE)
    login(request.getfixturevalue(persona))
    page.goto(live_server.url + url_of(cell_a))
    name = page.get_by_test_id("sort-ten")
    expect(name).to_be_visible()
    expect(page.get_by_test_id("sort-han")).to_be_visible()
    # Drawn, not clipped to the 1-pixel box that hides the other headers.
    assert page.get_by_test_id("sort-han").bounding_box()["width"] > 20
    page.get_by_test_id("sort-han").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"sap_xep="))
    expect(page.get_by_test_id("sort-han")).to_have_attribute("aria-sort", re.compile("ending$"))
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize(
    ("persona", "url_of", "shown"),
    [
        ("secretary_a", lambda cell: reverse("paperwork:candidate_list", args=[cell.pk]), ".paper"),
        ("admin_user", lambda cell: reverse("accounts:user_list"), "table"),
    ],
    ids=["candidate-list-paper", "accounts"],
)
def test_on_a_phone_a_wide_table_scrolls_in_its_place_not_the_page(
    request, login, live_server, page, cell_a, overdue_cadets, persona, url_of, shown
):
    """The cell's list of outstanding candidates is a document of many columns laid out as on
    paper, the accounts a table of six: on a phone the table scrolls sideways in its place."""
    page.set_viewport_size(PHONE)
    login(request.getfixturevalue(persona))
    page.goto(live_server.url + url_of(cell_a))
    expect(page.locator(shown).first).to_be_visible()
    assert_no_sideways_scroll(page)
