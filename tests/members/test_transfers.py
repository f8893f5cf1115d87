"""Transfers of party activity (issue 15, item 2): counts follow the dates, members transferred in
are never admissions and introduce from arrival, the letter's deadline, and the states."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from core.concurrency import current_version
from core.workdays import add_working_days
from members.choices import PartyStatus, StepKind, StudyStatus, TransferKind, TransferState
from members.models import BattalionCohortTally, StepTally, Transfer
from members.selectors import official_member_count
from members.services import step_record
from members.transfers import (
    present_by,
    transfer_between,
    transfer_in,
    transfer_out,
    transfer_receive,
)
from reports.selectors import ReportFilters, admissions_by_year
from resolutions.selectors import quarter_results
from tests.derived import assert_dashboard_data_derived
from tests.factories import PartyCellFactory, PersonFactory, advance, make_official_member

D = datetime.date
LEFT_ON = D(2019, 3, 15)


def out(person, **overrides):
    details = {
        "kind": TransferKind.OFFICIAL,
        "introduced_on": LEFT_ON,
        "outside_unit": "Lữ đoàn 201",
        "outside_committee": "Đảng ủy Lữ đoàn 201",
        "letter_number": "15-GT/ĐU",
        "seen_version": current_version(person),
    }
    return transfer_out(person=person, **details | overrides)


ARRIVAL = {
    "introduced_on": D(2018, 5, 2),
    "arrived_on": D(2018, 5, 10),
    "outside_unit": "Trung đoàn 88",
    "outside_committee": "Đảng ủy Trung đoàn 88",
    "letter_number": "7-GT/ĐU",
    "admitted_on": D(2014, 3, 1),
    "admission_number": "112-QĐ/ĐU",
    "ceremony_on": D(2014, 3, 20),
    "official_on": D(2015, 3, 20),
    "official_number": "48-QĐ/ĐU",
    "code": "CD-0099",
    "full_name": "Phạm Văn Đến",
    "date_of_birth": D(1990, 2, 2),
    "gender": "nam",
    "kind": "cadre",
}


def arrive(cell, **overrides):
    return transfer_in(cell=cell, **ARRIVAL | overrides)


@pytest.fixture
def member(cell_a):
    return make_official_member(cell_a)


# --- out of the academy --------------------------------------------------------------------


def test_an_official_transfer_out_ends_the_count_on_its_day(cell_a, member):
    out(member)
    assert official_member_count(cell_a, LEFT_ON - datetime.timedelta(days=1)) == 1
    assert official_member_count(cell_a, LEFT_ON) == 0
    member.refresh_from_db()
    assert member.study_status == StudyStatus.TRANSFERRED
    assert member.is_read_only


def test_after_a_transfer_out_the_record_is_read_only(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.NEW_MEMBER_COURSE)
    out(person)
    with pytest.raises(ValidationError) as error:
        step_record(person=person, kind=StepKind.CONVERSION_VOTE, date=D(2019, 6, 1))
    assert error.value.code == "read_only"


def test_the_letter_must_be_presented_within_30_working_days(member):
    transfer = out(member)
    assert transfer.present_by == add_working_days(LEFT_ON, 30) == present_by(LEFT_ON)
    assert transfer.state == TransferState.SENT


@override_settings(PARTY_RULES={"transfer_present_working_days": 10})
def test_the_deadline_is_a_setting(member):
    assert out(member).present_by == add_working_days(LEFT_ON, 10)


def test_a_temporary_transfer_keeps_the_member_on_the_roll(cell_a, member):
    out(member, kind=TransferKind.TEMPORARY, until=LEFT_ON + datetime.timedelta(days=1))
    assert official_member_count(cell_a, LEFT_ON + datetime.timedelta(days=30)) == 1
    member.refresh_from_db()
    assert not member.is_read_only


def test_a_temporary_transfer_ending_on_its_first_day_is_refused(member):
    with pytest.raises(ValidationError) as error:
        out(member, kind=TransferKind.TEMPORARY, until=LEFT_ON)
    assert "until" in error.value.message_dict


def test_only_members_are_transferred(cell_a):
    candidate = advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    with pytest.raises(ValidationError):
        out(candidate)
    assert not Transfer.objects.exists()


def test_a_transfer_out_names_the_unit_and_its_committee(member):
    with pytest.raises(ValidationError) as error:
        out(member, outside_unit=" ", outside_committee="")
    assert {"outside_unit", "outside_committee"} <= set(error.value.message_dict)
    member.refresh_from_db()
    assert member.study_status == StudyStatus.STUDYING


def test_a_transfer_dated_tomorrow_is_refused(member):
    with pytest.raises(ValidationError) as error:
        out(member, introduced_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "introduced_on" in error.value.message_dict


def test_the_receiving_organisation_confirms_the_arrival(member):
    transfer = out(member)
    with pytest.raises(ValidationError):
        transfer_receive(transfer=transfer, received_on=LEFT_ON - datetime.timedelta(days=1))
    transfer_receive(transfer=transfer, received_on=LEFT_ON + datetime.timedelta(days=5))
    transfer.refresh_from_db()
    assert transfer.state == TransferState.RECEIVED
    assert transfer.history.count() == 2
    with pytest.raises(ValidationError):
        transfer_receive(transfer=transfer, received_on=LEFT_ON + datetime.timedelta(days=6))


# --- in from outside -------------------------------------------------------------------------


def test_a_member_transferred_in_is_official_but_never_an_admission(cell_a, clerk):
    transfer = arrive(cell_a)
    person = transfer.person
    assert person.party_status == PartyStatus.OFFICIAL
    assert person.steps.filter(before_arrival=True).count() == 3
    assert not StepTally.objects.exists()
    assert admissions_by_year(clerk, ReportFilters(year_from=2014, year_to=2018)) == [
        {"year": year, "admitted": 0} for year in range(2014, 2019)
    ]
    results = quarter_results([cell_a.pk], 2014, 1, {})
    assert results[cell_a.pk].admissions == 0


def test_a_member_transferred_in_counts_from_arrival(cell_a):
    arrive(cell_a)
    assert official_member_count(cell_a, D(2018, 5, 9)) == 0
    assert official_member_count(cell_a, D(2018, 5, 10)) == 1


def test_a_probationary_member_transferred_in_owes_the_conversion_here(cell_a):
    person = arrive(
        cell_a,
        admitted_on=D(2018, 1, 5),
        ceremony_on=D(2018, 1, 20),
        official_on=None,
        official_number="",
    ).person
    assert person.party_status == PartyStatus.PROBATIONARY
    assert person.next_step == StepKind.NEW_MEMBER_COURSE
    assert person.next_due_date == add_working_days(D(2019, 1, 20), 30)


def test_an_arrival_without_the_admission_decision_number_is_refused(cell_a):
    with pytest.raises(ValidationError) as error:
        arrive(cell_a, admission_number="")
    assert "admission_number" in error.value.message_dict
    assert not Transfer.objects.exists()


def test_the_admission_must_precede_the_letter(cell_a):
    with pytest.raises(ValidationError) as error:
        arrive(cell_a, admitted_on=D(2018, 5, 3))
    assert "admitted_on" in error.value.message_dict


def introduce(person, introducers, on):
    return step_record(person=person, kind=StepKind.INTRODUCTION, date=on, introducers=introducers)


def test_time_with_a_candidate_counts_from_arrival_twelve_months_accepted(cell_a):
    arrived = arrive(cell_a).person
    candidate = advance(PersonFactory(cell=cell_a), StepKind.BACKGROUND_CHECK)
    step = introduce(candidate, [make_official_member(cell_a), arrived], D(2019, 5, 10))
    assert arrived in step.introducers.all()


def test_time_with_a_candidate_counts_from_arrival_a_day_short_refused(cell_a):
    # Official since 2015, but in the battalion only from 10/05/2018.
    arrived = arrive(cell_a).person
    candidate = advance(PersonFactory(cell=cell_a), StepKind.BACKGROUND_CHECK)
    with pytest.raises(ValidationError) as error:
        introduce(candidate, [make_official_member(cell_a), arrived], D(2019, 5, 9))
    assert "11 tháng 29 ngày" in " ".join(error.value.messages)


# --- between battalions ----------------------------------------------------------------------


@pytest.fixture
def far_cell(other_battalion):
    return PartyCellFactory(battalion=other_battalion, code="CX", name="Chi bộ X")


def between(person, battalion, **overrides):
    details = {
        "kind": TransferKind.OFFICIAL,
        "introduced_on": LEFT_ON,
        "seen_version": current_version(person),
    }
    return transfer_between(person=person, to_battalion=battalion, **details | overrides)


def test_between_battalions_the_counts_follow_each_day(cell_a, far_cell, member):
    transfer = between(member, far_cell.battalion)
    assert official_member_count(cell_a, LEFT_ON) == 0
    arrival = LEFT_ON + datetime.timedelta(days=7)
    transfer_receive(transfer=transfer, received_on=arrival, cell=far_cell)
    assert official_member_count(far_cell, arrival - datetime.timedelta(days=1)) == 0
    assert official_member_count(far_cell, arrival) == 1
    member.refresh_from_db()
    assert member.cell == far_cell
    assert not member.is_read_only
    # The history stays where it happened.
    assert set(member.steps.values_list("cell", flat=True)) == {cell_a.pk}


def test_between_battalions_each_battalions_tallies_follow_the_member(cell_a, far_cell, member):
    def people_in(battalion_id: int) -> int:
        counts = BattalionCohortTally.objects.filter(battalion_id=battalion_id)
        return sum(counts.values_list("count", flat=True))

    before = {pk: people_in(pk) for pk in (cell_a.battalion_id, far_cell.battalion_id)}
    transfer = between(member, far_cell.battalion)
    transfer_receive(
        transfer=transfer, received_on=LEFT_ON + datetime.timedelta(days=7), cell=far_cell
    )
    assert people_in(cell_a.battalion_id) == before[cell_a.battalion_id] - 1
    assert people_in(far_cell.battalion_id) == before[far_cell.battalion_id] + 1
    assert_dashboard_data_derived()


def test_between_battalions_the_cell_must_be_of_the_receiving_battalion(cell_a, cell_b, member):
    transfer = between(member, PartyCellFactory().battalion)
    with pytest.raises(ValidationError) as error:
        transfer_receive(transfer=transfer, received_on=LEFT_ON, cell=cell_b)
    assert "cell" in error.value.message_dict


def test_a_transfer_to_the_own_battalion_is_refused(cell_a, member):
    with pytest.raises(ValidationError) as error:
        between(member, cell_a.battalion)
    assert "to_battalion" in error.value.message_dict


def test_the_selectors_count_a_move_between_battalions_for_each_but_not_the_academy(
    cell_a, far_cell, member
):
    transfer = between(member, far_cell.battalion)
    transfer_receive(transfer=transfer, received_on=D(2019, 3, 20), cell=far_cell)
    year = (D(2019, 1, 1), D(2019, 12, 31))
    transfers = Transfer.objects.all()
    assert list(transfers.transferred_out(*year, battalion_id=cell_a.battalion_id)) == [transfer]
    assert list(transfers.transferred_in(*year, battalion_id=far_cell.battalion_id)) == [transfer]
    assert list(transfers.transferred_in(*year, cell_id=far_cell.pk)) == [transfer]
    assert not transfers.transferred_out(*year).exists()
    assert not transfers.transferred_in(*year).exists()
    assert not transfers.transferred_out(D(2019, 3, 16), D(2019, 12, 31), cell_id=cell_a.pk)


def test_the_selectors_count_the_academy_in_and_out(cell_a, member):
    gone = out(member)
    came = arrive(cell_a)
    transfers = Transfer.objects.all()
    assert list(transfers.transferred_out(LEFT_ON, LEFT_ON)) == [gone]
    assert list(transfers.transferred_in(D(2018, 5, 10), D(2018, 5, 10))) == [came]
    assert not transfers.transferred_in(D(2018, 5, 11), D(2018, 12, 31)).exists()
    temporary = make_official_member(cell_a)
    out(temporary, kind=TransferKind.TEMPORARY, until=D(2019, 9, 1))
    assert transfers.transferred_out(LEFT_ON, LEFT_ON).count() == 1


def test_transfers_are_seen_by_both_ends_only(cell_a, far_cell, member, clerk, other_clerk):
    transfer = between(member, far_cell.battalion)
    assert list(Transfer.objects.visible_to(clerk)) == [transfer]
    assert list(Transfer.objects.visible_to(other_clerk)) == [transfer]
    outsider_cell = PartyCellFactory()
    gone = out(make_official_member(outsider_cell))
    assert gone not in Transfer.objects.visible_to(clerk)
