"""Yearly quality ratings (Quy định 366-QĐ/TW): a cell's ratings for a year are one set, checked
as a whole at every save, whatever the order of entry (issue 14, item 9)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from core.concurrency import current_version
from members.choices import QualityRating, StudyStatus
from members.models import RatingTally, YearlyRating
from members.selectors import cell_rating_rows
from members.services import cell_ratings_record, rating_delete, rating_record
from tests.derived import assert_rating_tallies_derived
from tests.factories import PartyCellFactory, PersonFactory, make_official_member
from tests.forms import post_shown

pytestmark = pytest.mark.django_db

GOOD, EXCELLENT = QualityRating.GOOD, QualityRating.EXCELLENT
COMPLETED = QualityRating.COMPLETED


def members_of(cell, count):
    return [make_official_member(cell) for _ in range(count)]


def stored(cell, year=2024):
    return dict(YearlyRating.objects.filter(cell=cell, year=year).values_list("person", "rating"))


def texts(error) -> str:
    return " ".join(error.value.messages)


# --- the set, entered on one page -----------------------------------------------------------


@pytest.mark.parametrize("excellent_first", [True, False])
def test_one_excellent_among_five_good_is_accepted_in_either_order(cell_a, excellent_first):
    # The cap is 20% of those rated "tốt": 1 <= 5 / 5, the boundary.
    people = members_of(cell_a, 6)
    grades = {p.pk: GOOD for p in people[:5]}
    grades = (
        {people[5].pk: EXCELLENT, **grades}
        if excellent_first
        else {**grades, people[5].pk: EXCELLENT}
    )
    cell_ratings_record(cell=cell_a, year=2024, ratings=grades)
    assert stored(cell_a) == grades
    assert_rating_tallies_derived()


@pytest.mark.parametrize("excellent_first", [True, False])
def test_one_excellent_among_four_good_is_refused_and_nothing_saved(cell_a, excellent_first):
    people = members_of(cell_a, 5)
    grades = {p.pk: GOOD for p in people[:4]}
    grades = (
        {people[4].pk: EXCELLENT, **grades}
        if excellent_first
        else {**grades, people[4].pk: EXCELLENT}
    )
    with pytest.raises(ValidationError) as error:
        cell_ratings_record(cell=cell_a, year=2024, ratings=grades)
    assert "không được vượt 20%" in texts(error)
    assert stored(cell_a) == {}
    assert not RatingTally.objects.exists()


def test_the_good_entered_first_then_the_excellent_is_accepted(cell_a):
    people = members_of(cell_a, 6)
    cell_ratings_record(cell=cell_a, year=2024, ratings={p.pk: GOOD for p in people[:5]})
    cell_ratings_record(cell=cell_a, year=2024, ratings={people[5].pk: EXCELLENT})
    assert stored(cell_a)[people[5].pk] == EXCELLENT
    assert_rating_tallies_derived()


def test_the_excellent_entered_alone_first_is_refused_until_the_good_are_there(cell_a):
    people = members_of(cell_a, 6)
    with pytest.raises(ValidationError):
        rating_record(person=people[5], year=2024, rating=EXCELLENT)
    for person in people[:5]:
        rating_record(person=person, year=2024, rating=GOOD)
    rating_record(person=people[5], year=2024, rating=EXCELLENT)
    assert stored(cell_a)[people[5].pk] == EXCELLENT


def test_two_excellent_need_ten_good(cell_a):
    people = members_of(cell_a, 12)
    grades = {p.pk: GOOD for p in people[:9]} | {p.pk: EXCELLENT for p in people[9:11]}
    with pytest.raises(ValidationError):
        cell_ratings_record(cell=cell_a, year=2024, ratings=grades)
    grades[people[11].pk] = GOOD
    cell_ratings_record(cell=cell_a, year=2024, ratings=grades)
    assert list(stored(cell_a).values()).count(EXCELLENT) == 2


def test_completed_and_not_completed_need_no_good(cell_a):
    people = members_of(cell_a, 2)
    grades = {people[0].pk: COMPLETED, people[1].pk: QualityRating.NOT_COMPLETED}
    cell_ratings_record(cell=cell_a, year=2024, ratings=grades)
    assert stored(cell_a) == grades


# --- every later save re-checks the set -----------------------------------------------------


@pytest.fixture
def capped(cell_a):
    """Five "tốt" and one "xuất sắc" in cell A for 2024: the cap exactly reached."""
    people = members_of(cell_a, 6)
    grades = {p.pk: GOOD for p in people[:5]} | {people[5].pk: EXCELLENT}
    cell_ratings_record(cell=cell_a, year=2024, ratings=grades)
    return people


def test_downgrading_a_good_rating_under_the_cap_is_refused(cell_a, capped):
    with pytest.raises(ValidationError) as error:
        rating_record(person=capped[0], year=2024, rating=COMPLETED)
    assert "không được vượt 20%" in texts(error)
    with pytest.raises(ValidationError):
        cell_ratings_record(cell=cell_a, year=2024, ratings={capped[0].pk: COMPLETED})
    assert stored(cell_a)[capped[0].pk] == GOOD


def test_removing_a_good_rating_under_the_cap_is_refused(cell_a, capped):
    with pytest.raises(ValidationError):
        rating_delete(rating=YearlyRating.objects.get(person=capped[0], year=2024))
    with pytest.raises(ValidationError):
        cell_ratings_record(cell=cell_a, year=2024, ratings={capped[0].pk: None})
    assert stored(cell_a)[capped[0].pk] == GOOD


def test_downgrading_the_excellent_too_in_the_same_save_is_accepted(cell_a, capped):
    cell_ratings_record(
        cell=cell_a, year=2024, ratings={capped[0].pk: COMPLETED, capped[5].pk: GOOD}
    )
    assert stored(cell_a)[capped[0].pk] == COMPLETED
    assert_rating_tallies_derived()


def test_removing_the_excellent_then_a_good_is_accepted(cell_a, capped):
    rating_delete(rating=YearlyRating.objects.get(person=capped[5], year=2024))
    rating_delete(rating=YearlyRating.objects.get(person=capped[0], year=2024))
    assert set(stored(cell_a)) == {p.pk for p in capped[1:5]}
    assert_rating_tallies_derived()


def test_a_second_excellent_is_refused_whichever_way_it_comes(cell_a, capped):
    with pytest.raises(ValidationError):
        rating_record(person=capped[0], year=2024, rating=EXCELLENT)
    with pytest.raises(ValidationError):
        rating_record(person=make_official_member(cell_a), year=2024, rating=EXCELLENT)


def test_other_years_and_other_cells_are_separate_sets(cell_a, capped):
    other_cell = PartyCellFactory(battalion=cell_a.battalion)
    with pytest.raises(ValidationError):
        rating_record(person=make_official_member(other_cell), year=2024, rating=EXCELLENT)
    with pytest.raises(ValidationError):
        rating_record(person=capped[0], year=2023, rating=EXCELLENT)


@override_settings(PARTY_RULES={"excellent_share_of_good": "1/4"})
def test_the_cap_is_a_setting(cell_a):
    people = members_of(cell_a, 5)
    grades = {p.pk: GOOD for p in people[:4]} | {people[4].pk: EXCELLENT}
    cell_ratings_record(cell=cell_a, year=2024, ratings=grades)
    assert stored(cell_a) == grades


# --- rows -----------------------------------------------------------------------------------


def test_a_row_error_names_the_person_and_nothing_is_saved(cell_a):
    people = members_of(cell_a, 2)
    masses = PersonFactory(cell=cell_a, full_name="Quần Chúng Một")
    with pytest.raises(ValidationError) as error:
        cell_ratings_record(cell=cell_a, year=2024, ratings={people[0].pk: GOOD, masses.pk: GOOD})
    assert "Quần Chúng Một" in texts(error)
    assert stored(cell_a) == {}


def test_a_person_of_another_cell_is_not_a_row(cell_a, cell_b):
    outsider = make_official_member(cell_b)
    with pytest.raises(ValidationError):
        cell_ratings_record(cell=cell_a, year=2024, ratings={outsider.pk: GOOD})
    assert not YearlyRating.objects.exists()


def test_a_graduated_members_rating_stays_as_it_was(cell_a):
    person = make_official_member(cell_a, full_name="Đã Ra Trường")
    cell_ratings_record(cell=cell_a, year=2024, ratings={person.pk: COMPLETED})
    type(person).objects.filter(pk=person.pk).update(study_status=StudyStatus.GRADUATED)
    with pytest.raises(ValidationError) as error:
        cell_ratings_record(cell=cell_a, year=2024, ratings={person.pk: GOOD})
    assert "Đã Ra Trường" in texts(error)
    assert stored(cell_a) == {person.pk: COMPLETED}


def test_a_save_from_an_older_version_of_the_set_is_refused(cell_a):
    people = members_of(cell_a, 2)
    seen = current_version(cell_rating_rows(cell_a, 2024))
    cell_ratings_record(cell=cell_a, year=2024, ratings={people[0].pk: GOOD})
    with pytest.raises(ValidationError, match="sau khi bạn mở trang"):
        cell_ratings_record(cell=cell_a, year=2024, ratings={people[1].pk: GOOD}, seen_version=seen)
    assert stored(cell_a) == {people[0].pk: GOOD}


# --- the page ---------------------------------------------------------------------------------


def sheet_url(cell, year=2024):
    return reverse("members:cell_ratings", args=[cell.pk]) + f"?nam={year}"


def test_the_secretary_rates_the_cell_on_one_page(client_for, secretary_a, cell_a):
    people = members_of(cell_a, 6)
    url = sheet_url(cell_a)
    page = client_for(secretary_a).get(url)
    assert all(p.full_name in page.content.decode() for p in people)
    data = {f"p{p.pk}-rating": GOOD for p in people[:5]} | {f"p{people[5].pk}-rating": EXCELLENT}
    response = post_shown(client_for(secretary_a), url, data)
    assert response.status_code == 302
    assert stored(cell_a)[people[5].pk] == EXCELLENT
    assert_rating_tallies_derived()


def test_the_page_refuses_the_set_over_the_cap_and_saves_nothing(client_for, clerk, cell_a):
    people = members_of(cell_a, 5)
    data = {f"p{p.pk}-rating": GOOD for p in people[:4]} | {f"p{people[4].pk}-rating": EXCELLENT}
    response = post_shown(client_for(clerk), sheet_url(cell_a), data)
    assert response.status_code == 200
    assert "không được vượt 20%" in response.content.decode()
    assert stored(cell_a) == {}


def test_the_page_shows_a_row_error_on_its_row(client_for, clerk, cell_a):
    person = make_official_member(cell_a, full_name="Đã Ra Trường")
    cell_ratings_record(cell=cell_a, year=2024, ratings={person.pk: COMPLETED})
    type(person).objects.filter(pk=person.pk).update(study_status=StudyStatus.GRADUATED)
    # A graduated member's row is shown, not editable: a forged value changes nothing.
    response = post_shown(client_for(clerk), sheet_url(cell_a), {f"p{person.pk}-rating": GOOD})
    assert response.status_code == 302
    assert stored(cell_a) == {person.pk: COMPLETED}


@pytest.mark.parametrize(("year", "accepted"), [(1930, True), (1929, False), (2024, True)])
def test_the_year_of_the_page_is_checked(client_for, clerk, cell_a, year, accepted):
    person = make_official_member(cell_a)
    url = sheet_url(cell_a, year)
    if not accepted:
        assert "Năm phải từ 1930" in client_for(clerk).get(url).content.decode()
        return
    response = post_shown(client_for(clerk), url, {f"p{person.pk}-rating": GOOD})
    assert response.status_code == 302
    assert YearlyRating.objects.filter(person=person, year=year).exists()
