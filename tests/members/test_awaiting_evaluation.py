"""Candidates not evaluated for over a quarter are flagged on the secretary's home page."""

import datetime

from django.urls import reverse

from members.choices import Grade, StepKind
from members.selectors import awaiting_evaluation, cell_board
from members.services import evaluation_record
from tests.factories import PersonFactory, advance

TODAY = datetime.date(2018, 6, 30)
CUTOFF = datetime.date(2018, 3, 30)  # three months before TODAY
DAY = datetime.timedelta(days=1)


def listed(cell, on):
    return advance(PersonFactory(cell=cell), StepKind.LISTED, start=on)


def waiting(cell):
    rows = awaiting_evaluation(cell_board(cell, today=TODAY), today=TODAY)
    return [row.person for row in rows]


def evaluate(person, on):
    evaluation_record(
        person=person, date=on, study=Grade.GOOD, training=Grade.GOOD, movement=Grade.GOOD
    )


def test_a_quarter_without_evaluation_is_flagged_and_one_day_less_is_not(cell_a, cell_b):
    flagged = listed(cell_a, CUTOFF)
    listed(cell_a, CUTOFF + DAY)  # listed less than a quarter ago
    listed(cell_b, CUTOFF)  # another cell
    assert waiting(cell_a) == [flagged]


def test_an_evaluation_within_the_quarter_clears_the_flag_and_one_at_its_start_does_not(cell_a):
    cleared, still_waiting = (
        listed(cell_a, datetime.date(2018, 1, 10)),
        listed(cell_a, datetime.date(2018, 1, 10)),
    )
    evaluate(cleared, CUTOFF + DAY)
    evaluate(still_waiting, CUTOFF)
    assert waiting(cell_a) == [still_waiting]


def test_the_secretarys_home_names_who_waits_with_a_link_to_evaluate(
    client_for, secretary_a, cell_a
):
    waiting = listed(cell_a, datetime.date(2018, 1, 10))
    html = client_for(secretary_a).get(reverse("home")).content.decode()
    flagged = html.split('data-testid="awaiting-evaluation"', 1)[1].split("</div>", 1)[0]
    assert waiting.full_name in flagged
    assert reverse("members:evaluation_create", args=[waiting.pk]) in flagged


def test_the_secretarys_home_says_zero_overdue_when_nothing_is(client_for, secretary_a):
    html = client_for(secretary_a).get(reverse("home")).content.decode()
    badge = html.split('data-testid="overdue-count">', 1)[1].split("<", 1)[0]
    assert badge == "0 quá hạn"
    assert 'data-testid="awaiting-evaluation"' not in html
