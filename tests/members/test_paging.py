"""The cadet list pages without counting the whole list (core.paging)."""

import pytest
from django.urls import reverse

from core import paging
from members import views

from .test_pages import many_people


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 2 and an exact count up to 3, so that a few people make a long list."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(paging, "CAP", 3)


def get(client, **params):
    return client.get(reverse("members:person_list"), params)


def test_a_list_longer_than_the_cap_says_more_than_and_pages_on(
    client_for, clerk, cell_a, small_pages
):
    many_people(cell_a, 5)
    client = client_for(clerk)
    first = get(client)
    page = first.context["page"]
    assert (page.count, len(page), page.has_next(), page.has_previous()) == (None, 2, True, False)
    text = first.content.decode()
    assert "hơn 3 người" in text
    assert "trang 1" in text
    last = get(client, page=3).context["page"]
    assert (len(last), last.has_next(), last.has_previous()) == (1, False, True)


def test_a_list_within_the_cap_has_its_exact_size_and_page_numbers(
    client_for, clerk, cell_a, small_pages
):
    many_people(cell_a, 3)
    response = get(client_for(clerk), page=2)
    page = response.context["page"]
    assert (page.count, page.num_pages, list(page.page_range)) == (3, 2, [1, 2])
    assert "trang 2/2" in response.content.decode()


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("-4", 1), ("0", 1), ("99", 2)])
def test_a_page_number_out_of_range_shows_the_first_or_last_page(
    client_for, clerk, cell_a, small_pages, asked, shown
):
    many_people(cell_a, 3)
    assert get(client_for(clerk), page=asked).context["page"].number == shown


def test_every_person_appears_once_across_the_pages(client_for, clerk, cell_a, small_pages):
    people = many_people(cell_a, 5)
    client = client_for(clerk)
    seen = [
        person.pk for number in (1, 2, 3) for person in get(client, page=number).context["page"]
    ]
    assert sorted(seen) == sorted(person.pk for person in people)
