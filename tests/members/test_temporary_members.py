"""Members of another organisation attending a cell temporarily (sinh hoạt đảng tạm thời đến,
issue 15): the clerk records the arrival from the letter, the member is on the cell's list of
temporary members for the letter's dates, is never one of the cell's official members (votes,
the 2/3 of 6-KNĐ and 13-KNĐ, reports, tallies) nor an introducer, and leaves when the period
ends or on the letter back that ends it early. Quy định 232-QĐ/TW (2025) point 6.3.2, as 24-QĐ/TW
before it: at the place of temporary attendance, the member has a member's rights "trừ quyền biểu
quyết, ứng cử và bầu cử"."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.concurrency import current_version
from core.workdays import add_months
from members.choices import PartyStatus, StepKind
from members.models import Person, TemporaryMember
from members.selectors import official_member_count
from members.temporary import (
    temporary_arrive,
    temporary_end,
    temporary_extend,
    temporary_members_on,
)
from tests.factories import PersonFactory, advance, make_official_member
from tests.forms import post_shown

D = datetime.date
START = D(2019, 3, 4)
UNTIL = D(2019, 8, 30)
LETTER = {
    "full_name": "Đinh Văn Tạm",
    "date_of_birth": D(1995, 6, 1),
    "gender": "nam",
    "party_status": PartyStatus.OFFICIAL,
    "home_unit": "Trung đoàn 141, Sư đoàn 312",
    "home_committee": "Đảng ủy Trung đoàn 141",
    "letter_number": "25-GT/ĐU",
    "start_date": START,
    "until": UNTIL,
    "reason": "Học lớp bồi dưỡng chỉ huy tham mưu",
}


def arrive(cell, **overrides) -> TemporaryMember:
    return temporary_arrive(cell=cell, **LETTER | overrides)


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


# --- the dates of the letter ------------------------------------------------------------


def test_the_member_is_on_the_cells_temporary_list_from_the_first_to_the_last_day(cell_a):
    attendance = arrive(cell_a)
    day = datetime.timedelta(days=1)
    assert list(temporary_members_on(cell_a, START)) == [attendance]
    assert list(temporary_members_on(cell_a, UNTIL)) == [attendance]
    assert not temporary_members_on(cell_a, START - day).exists()
    assert not temporary_members_on(cell_a, UNTIL + day).exists()


def test_only_on_the_cell_they_attend(cell_a, cell_b):
    arrive(cell_a)
    assert not temporary_members_on(cell_b, START).exists()


def test_a_period_of_one_day_is_accepted_and_one_ending_before_it_starts_is_refused(cell_a):
    arrive(cell_a, until=START)
    errors = _errors(lambda: arrive(cell_a, until=START - datetime.timedelta(days=1)))
    assert "until" in errors


def test_a_period_of_24_months_is_accepted_a_day_more_is_refused(cell_a):
    """Hướng dẫn 01-HD/TW point 10.2.2: courses of 3 to 24 months, stays under 12 months."""
    last = add_months(START, 24)
    arrive(cell_a, until=last)
    errors = _errors(lambda: arrive(cell_a, until=last + datetime.timedelta(days=1)))
    assert "24 tháng" in " ".join(errors["until"])


def test_an_arrival_today_is_accepted_tomorrow_is_refused(cell_a):
    today = timezone.localdate()
    arrive(cell_a, start_date=today, until=today + datetime.timedelta(days=90))
    tomorrow = today + datetime.timedelta(days=1)
    errors = _errors(lambda: arrive(cell_a, start_date=tomorrow, until=tomorrow))
    assert "start_date" in errors


@pytest.mark.parametrize("status", [PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY])
def test_official_and_probationary_members_may_attend(cell_a, status):
    assert arrive(cell_a, party_status=status).party_status == status


@pytest.mark.parametrize("status", [PartyStatus.CANDIDATE, PartyStatus.NON_MEMBER, "khac"])
def test_a_non_member_is_refused(cell_a, status):
    assert "party_status" in _errors(lambda: arrive(cell_a, party_status=status))


@pytest.mark.parametrize("field", ["full_name", "home_unit", "home_committee", "letter_number"])
def test_the_letters_details_are_required(cell_a, field):
    assert field in _errors(lambda: arrive(cell_a, **{field: "  "}))


# --- ended early by the letter back ----------------------------------------------------------


def _end(attendance, on, number="30-GT/ĐU"):
    return temporary_end(
        attendance=attendance,
        ended_on=on,
        end_letter_number=number,
        seen_version=current_version(attendance),
    )


def test_ended_early_the_member_leaves_on_that_day(cell_a):
    attendance = _end(arrive(cell_a), D(2019, 6, 3))
    assert temporary_members_on(cell_a, D(2019, 6, 2)).exists()
    assert not temporary_members_on(cell_a, D(2019, 6, 3)).exists()
    assert attendance.end_letter_number == "30-GT/ĐU"


def test_the_end_is_after_the_first_day_and_not_after_the_last(cell_a):
    attendance = arrive(cell_a)
    assert "ended_on" in _errors(lambda: _end(attendance, START))
    assert "ended_on" in _errors(lambda: _end(attendance, UNTIL + datetime.timedelta(days=1)))
    _end(attendance, START + datetime.timedelta(days=1))


def test_the_last_day_is_accepted_as_the_end(cell_a):
    _end(arrive(cell_a), UNTIL)
    assert not temporary_members_on(cell_a, UNTIL).exists()


def test_an_end_in_the_future_is_refused_and_a_period_is_ended_once(cell_a):
    today = timezone.localdate()
    attendance = arrive(
        cell_a,
        start_date=today - datetime.timedelta(days=10),
        until=today + datetime.timedelta(days=60),
    )
    assert "ended_on" in _errors(lambda: _end(attendance, today + datetime.timedelta(days=1)))
    _end(attendance, today)
    attendance.refresh_from_db()
    with pytest.raises(ValidationError):
        _end(attendance, today)


def test_history_keeps_the_arrival_and_the_end(cell_a):
    attendance = _end(arrive(cell_a), D(2019, 6, 3))
    assert attendance.history.count() == 2


# --- never one of the cell's official members ------------------------------------------------


def test_never_counted_among_the_cells_official_members(cell_a):
    make_official_member(cell_a)
    before = official_member_count(cell_a, D(2019, 5, 2))
    arrive(cell_a)
    assert official_member_count(cell_a, D(2019, 5, 2)) == before == 1
    assert Person.objects.count() == 1


def test_the_cells_vote_is_measured_without_them(cell_a):
    """The 2/3 of 6-KNĐ: the figure of official members the vote form pre-fills and checks."""
    arrive(cell_a, start_date=D(2017, 1, 2), until=D(2018, 12, 31))
    person = advance(PersonFactory(cell=cell_a), StepKind.CELL_VOTE, start=D(2018, 1, 10))
    vote = person.steps.get(kind=StepKind.CELL_VOTE)
    assert vote.votes_eligible == official_member_count(cell_a, vote.date)
    assert TemporaryMember.objects.filter(cell=cell_a).exists()


def test_they_cannot_introduce_a_candidate(client_for, clerk, cell_a):
    arrive(cell_a, start_date=D(2017, 1, 2), until=D(2018, 12, 31))
    person = advance(PersonFactory(cell=cell_a), StepKind.APPLICATION)
    page = client_for(clerk).get(
        reverse("members:step_create", args=[person.pk]), {"kind": StepKind.INTRODUCTION}
    )
    assert page.status_code == 200
    assert "Đinh Văn Tạm" not in page.content.decode()


def test_they_are_not_on_the_people_list(client_for, clerk, cell_a):
    arrive(cell_a)
    page = client_for(clerk).get(reverse("members:person_list")).content.decode()
    assert "Đinh Văn Tạm" not in page


# --- pages -----------------------------------------------------------------------------------


def _current(cell):
    today = timezone.localdate()
    return arrive(
        cell,
        start_date=today - datetime.timedelta(days=30),
        until=today + datetime.timedelta(days=60),
    )


def test_the_cells_board_lists_its_temporary_members_today(client_for, secretary_a, cell_a):
    _current(cell_a)
    arrive(cell_a, full_name="Hồ Văn Cũ")  # 2019: over
    page = client_for(secretary_a).get(reverse("members:board", args=[cell_a.pk])).content.decode()
    assert "Đinh Văn Tạm" in page
    assert "Hồ Văn Cũ" not in page
    assert "không biểu quyết" in page


def test_the_list_is_scoped(client_for, secretary_a, secretary_b, cell_a):
    _current(cell_a)
    url = reverse("members:temporary_list")
    assert "Đinh Văn Tạm" in client_for(secretary_a).get(url).content.decode()
    assert "Đinh Văn Tạm" not in client_for(secretary_b).get(url).content.decode()


def test_the_clerk_records_an_arrival(client_for, clerk, cell_a):
    response = client_for(clerk).post(
        reverse("members:temporary_create"),
        {
            "cell": cell_a.pk,
            "full_name": "Lò Văn Học",
            "date_of_birth": "01/02/1996",
            "gender": "nam",
            "party_status": PartyStatus.PROBATIONARY,
            "home_unit": "Lữ đoàn 201",
            "home_committee": "Đảng ủy Lữ đoàn 201",
            "letter_number": "3-GT/ĐU",
            "start_date": "04/03/2019",
            "until": "30/08/2019",
        },
    )
    assert response.status_code == 302
    assert TemporaryMember.objects.get().full_name == "Lò Văn Học"


def test_a_clerk_of_another_battalion_cannot_choose_the_cell(client_for, other_clerk, cell_a):
    response = client_for(other_clerk).post(
        reverse("members:temporary_create"),
        {"cell": cell_a.pk, "full_name": "X", "start_date": "04/03/2019"},
    )
    assert response.status_code == 200
    assert not TemporaryMember.objects.exists()


def test_the_clerk_ends_it_early_with_the_letter_back(client_for, clerk, cell_a):
    attendance = arrive(cell_a)
    url = reverse("members:temporary_end", args=[attendance.pk])
    response = post_shown(
        client_for(clerk), url, {"ended_on": "03/06/2019", "end_letter_number": "30-GT/ĐU"}
    )
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.ended_on == D(2019, 6, 3)


def test_a_secretary_reads_but_does_not_record(client_for, secretary_a, cell_a):
    attendance = arrive(cell_a)
    client = client_for(secretary_a)
    assert client.get(reverse("members:temporary_create")).status_code == 403
    assert client.get(reverse("members:temporary_end", args=[attendance.pk])).status_code == 403


# --- extended (Quy định 232-QĐ/TW point 6.3.2: the member asks the committee for more time) --


def _extend(attendance, until, number="40-GT/ĐU"):
    return temporary_extend(
        attendance=attendance,
        until=until,
        extension_number=number,
        seen_version=current_version(attendance),
    )


def test_an_extension_moves_the_last_day(cell_a):
    attendance = _extend(arrive(cell_a), D(2019, 12, 31))
    assert temporary_members_on(cell_a, D(2019, 12, 31)).exists()
    assert not temporary_members_on(cell_a, D(2020, 1, 1)).exists()
    assert attendance.extension_number == "40-GT/ĐU"


def test_an_extension_goes_beyond_the_last_day_and_up_to_24_months_from_the_first(cell_a):
    attendance = arrive(cell_a)
    assert "until" in _errors(lambda: _extend(attendance, UNTIL))
    last = add_months(START, 24)
    assert "until" in _errors(lambda: _extend(attendance, last + datetime.timedelta(days=1)))
    _extend(attendance, UNTIL + datetime.timedelta(days=1))
    attendance.refresh_from_db()
    _extend(attendance, last)


def test_an_ended_period_is_not_extended(cell_a):
    attendance = _end(arrive(cell_a), D(2019, 6, 3))
    with pytest.raises(ValidationError):
        _extend(attendance, D(2019, 12, 31))


def test_the_clerk_extends_it(client_for, clerk, cell_a):
    attendance = _current(cell_a)
    url = reverse("members:temporary_extend", args=[attendance.pk])
    new_until = attendance.until + datetime.timedelta(days=30)
    response = post_shown(
        client_for(clerk),
        url,
        {"until": new_until.strftime("%d/%m/%Y"), "extension_number": "40-GT/ĐU"},
    )
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.until == new_until
