"""Introducers and the routes of introduction (Điều lệ Đảng, Điều 4; Quy định 24-QĐ/TW, 3.1–3.2,
continued by 294-QĐ/TW): time together in the unit, separate stays adding up, a replacement
introducer, and the Youth Union route for Youth Union members in youth age."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from core.concurrency import current_version
from members.choices import ReplacementReason, StepKind
from members.services import person_move, person_update, step_record
from tests.factories import PartyCellFactory, PersonFactory, advance, make_official_member

D = datetime.date
INTRODUCED_ON = D(2018, 6, 1)


def messages_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def ready(cell, **fields):
    """A cadet of `cell` (enrolled 01/09/2016) whose background was verified on 14/03/2018."""
    return advance(PersonFactory(cell=cell, **fields), StepKind.BACKGROUND_CHECK)


def introduce(person, introducers, **details):
    return step_record(
        person=person,
        kind=StepKind.INTRODUCTION,
        date=INTRODUCED_ON,
        introducers=introducers,
        **details,
    )


@pytest.fixture
def far_cell(other_battalion):
    return PartyCellFactory(battalion=other_battalion, code="CX", name="Chi bộ X")


def arrived(cell, far_cell, on: datetime.date):
    """An official member of another battalion who moved into `cell` on `on`."""
    member = make_official_member(far_cell)
    person_move(person=member, seen_version=current_version(member), cell=cell, on=on)
    return member


# --- time together in the unit the rule names --------------------------------------------


def test_an_introducer_from_a_sibling_cell_of_the_battalion_with_24_months_is_accepted(
    cell_a, cell_b
):
    person = ready(cell_a, enrolment_date=D(2016, 6, 1))
    step = introduce(person, [make_official_member(cell_a), make_official_member(cell_b)])
    assert step.introducers.count() == 2


@override_settings(PARTY_RULES={"introducer_unit": "cell"})
def test_with_the_cell_as_the_unit_a_sibling_cell_introducer_is_refused(cell_a, cell_b):
    person = ready(cell_a)
    with pytest.raises(ValidationError) as error:
        introduce(person, [make_official_member(cell_a), make_official_member(cell_b)])
    assert "0 tháng 0 ngày trong cùng chi bộ" in messages_of(error)


def test_two_stays_of_six_months_each_add_up(cell_a, cell_b, far_cell):
    member = arrived(cell_a, far_cell, D(2017, 1, 1))
    person_move(
        person=member, seen_version=current_version(member), cell=far_cell, on=D(2017, 7, 1)
    )
    person_move(person=member, seen_version=current_version(member), cell=cell_b, on=D(2017, 12, 1))
    step = introduce(ready(cell_a), [make_official_member(cell_a), member])
    assert member in step.introducers.all()


def test_a_move_between_cells_of_the_battalion_does_not_break_the_time_together(
    cell_a, cell_b, far_cell
):
    # 6 months 15 days in cell A, then 5 months 16 days in cell B: 12 months and 0 days.
    member = arrived(cell_a, far_cell, D(2017, 5, 16))
    person_move(person=member, seen_version=current_version(member), cell=cell_b, on=D(2017, 12, 1))
    step = introduce(ready(cell_a), [make_official_member(cell_a), member])
    assert member in step.introducers.all()


def test_twelve_months_together_to_the_day_is_accepted(cell_a, far_cell):
    member = arrived(cell_a, far_cell, D(2017, 6, 1))
    step = introduce(ready(cell_a), [make_official_member(cell_a), member])
    assert member in step.introducers.all()


def test_eleven_months_and_29_days_together_is_refused(cell_a, far_cell):
    member = arrived(cell_a, far_cell, D(2017, 6, 3))
    person = ready(cell_a)
    with pytest.raises(ValidationError) as error:
        introduce(person, [make_official_member(cell_a), member])
    assert "11 tháng 29 ngày trong cùng tiểu đoàn" in messages_of(error)
    assert not person.steps.filter(kind=StepKind.INTRODUCTION).exists()


def test_time_in_another_battalion_does_not_count(cell_a, far_cell):
    person = ready(cell_a)
    with pytest.raises(ValidationError) as error:
        introduce(person, [make_official_member(cell_a), make_official_member(far_cell)])
    assert "0 tháng 0 ngày" in messages_of(error)


# --- a replacement introducer ------------------------------------------------------------


def test_a_replacement_introducer_needs_no_twelve_months_and_keeps_the_reason(cell_a, far_cell):
    replacement = arrived(cell_a, far_cell, D(2018, 5, 2))
    step = introduce(
        ready(cell_a),
        [make_official_member(cell_a), replacement],
        replacement_introducer=replacement,
        replacement_reason=ReplacementReason.TRANSFERRED,
    )
    step.refresh_from_db()
    assert step.replacement_introducer == replacement
    assert step.get_replacement_reason_display().endswith("chuyển sinh hoạt đảng đi nơi khác")


def test_the_other_introducer_still_needs_twelve_months(cell_a, far_cell):
    replacement = arrived(cell_a, far_cell, D(2018, 5, 2))
    newcomer = arrived(cell_a, far_cell, D(2018, 1, 2))
    with pytest.raises(ValidationError) as error:
        introduce(
            ready(cell_a),
            [newcomer, replacement],
            replacement_introducer=replacement,
            replacement_reason=ReplacementReason.DIED,
        )
    assert newcomer.full_name in messages_of(error)
    assert replacement.full_name not in messages_of(error)


def test_a_replacement_without_a_reason_is_refused(cell_a, far_cell):
    replacement = arrived(cell_a, far_cell, D(2018, 5, 2))
    with pytest.raises(ValidationError) as error:
        introduce(
            ready(cell_a),
            [make_official_member(cell_a), replacement],
            replacement_introducer=replacement,
        )
    assert "cần ghi lý do thay thế" in messages_of(error)


def test_a_replacement_must_be_one_of_the_introducers(cell_a, far_cell):
    outsider = arrived(cell_a, far_cell, D(2018, 5, 2))
    with pytest.raises(ValidationError) as error:
        introduce(
            ready(cell_a),
            [make_official_member(cell_a), make_official_member(cell_a)],
            replacement_introducer=outsider,
            replacement_reason=ReplacementReason.DISCIPLINED,
        )
    assert "phải là một trong những người giới thiệu" in messages_of(error)


# --- the Youth Union route ---------------------------------------------------------------

UNION = D(2005, 3, 26)


def test_a_youth_union_member_aged_30_years_11_months_may_take_the_youth_union_route(cell_a):
    person = ready(cell_a, date_of_birth=D(1987, 6, 2), youth_union_date=UNION)
    step = introduce(person, [make_official_member(cell_a)], by_youth_union=True)
    assert step.by_youth_union


def test_the_youth_union_route_is_refused_at_31_full_years(cell_a):
    person = ready(cell_a, date_of_birth=D(1987, 6, 1), youth_union_date=UNION)
    with pytest.raises(ValidationError) as error:
        introduce(person, [make_official_member(cell_a)], by_youth_union=True)
    assert "ngoài độ tuổi" in messages_of(error)


def test_a_34_year_old_is_refused_the_youth_union_route(cell_a):
    person = ready(cell_a, date_of_birth=D(1984, 1, 1), youth_union_date=UNION)
    with pytest.raises(ValidationError) as error:
        introduce(person, [make_official_member(cell_a)], by_youth_union=True)
    assert "Điều lệ Đảng, Điều 4, khoản 1" in messages_of(error)


def test_a_candidate_who_is_not_a_youth_union_member_is_refused_the_youth_union_route(cell_a):
    person = ready(cell_a)
    with pytest.raises(ValidationError) as error:
        introduce(person, [make_official_member(cell_a)], by_youth_union=True)
    assert "chưa vào Đoàn" in messages_of(error)


def test_a_candidate_who_joined_the_union_after_the_introduction_is_refused_the_route(cell_a):
    person = ready(cell_a, youth_union_date=INTRODUCED_ON + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        introduce(person, [make_official_member(cell_a)], by_youth_union=True)


def test_a_youth_union_member_in_youth_age_must_take_the_youth_union_route(cell_a):
    person = ready(cell_a, youth_union_date=UNION)
    with pytest.raises(ValidationError) as error:
        introduce(person, [make_official_member(cell_a), make_official_member(cell_a)])
    assert "phải được BCH Đoàn cơ sở và một đảng viên" in messages_of(error)


def test_where_there_is_no_grassroots_youth_union_two_members_introduce(cell_a):
    person = ready(cell_a, youth_union_date=UNION)
    step = introduce(
        person,
        [make_official_member(cell_a), make_official_member(cell_a)],
        no_youth_union_organisation=True,
    )
    assert step.no_youth_union_organisation


def test_past_youth_age_a_youth_union_member_is_introduced_by_two_members(cell_a):
    person = ready(cell_a, date_of_birth=D(1987, 6, 1), youth_union_date=UNION)
    step = introduce(person, [make_official_member(cell_a), make_official_member(cell_a)])
    assert step.introducers.count() == 2


@override_settings(PARTY_RULES={"youth_union_route_required": "false"})
def test_the_required_route_is_a_setting(cell_a):
    person = ready(cell_a, youth_union_date=UNION)
    step = introduce(person, [make_official_member(cell_a), make_official_member(cell_a)])
    assert not step.by_youth_union


def test_a_youth_union_date_that_breaks_the_recorded_introduction_is_refused(cell_a):
    person = ready(cell_a)
    introduce(person, [make_official_member(cell_a), make_official_member(cell_a)])
    with pytest.raises(ValidationError) as error:
        person_update(person=person, seen_version=current_version(person), youth_union_date=UNION)
    assert "phải được BCH Đoàn cơ sở" in messages_of(error)
    person.refresh_from_db()
    assert person.youth_union_date is None


def test_a_youth_union_date_after_the_introduction_is_accepted(cell_a):
    person = ready(cell_a)
    introduce(person, [make_official_member(cell_a), make_official_member(cell_a)])
    person_update(
        person=person,
        seen_version=current_version(person),
        youth_union_date=INTRODUCED_ON + datetime.timedelta(days=1),
    )
    person.refresh_from_db()
    assert person.youth_union_date == INTRODUCED_ON + datetime.timedelta(days=1)
