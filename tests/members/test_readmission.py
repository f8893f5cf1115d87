"""Re-admission (issue 14, item 8; Quy định 294-QĐ/TW point 3.5, continuing 29- and 24-QĐ/TW): at
least 36 months after leaving the Party (60 months after the record is cleared for a less
serious crime), once, never for the grounds point 3.5.2 excludes, with the written consent of
the committee the rules name. It opens a second admission cycle for the same person; the first
cycle's steps stay on record and on the timeline.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from core.concurrency import BY_CODE
from core.workdays import add_months
from members.choices import ExitGround, PartyStatus, StepKind
from members.derived import steps_by_kind
from members.selectors import next_step_kinds, official_members_on
from members.services import step_delete_last, step_record
from reports.selectors import ReportFilters, pipeline_funnel
from tests.derived import assert_dashboard_data_derived
from tests.factories import UNFIT, PersonFactory, advance

D = datetime.date
LEFT_ON = D(2020, 3, 2)
CONSENT = {"document_number": "15-CV/ĐU"}
EXCLUDED = [
    ExitGround.ABANDONED,
    ExitGround.LEFT_AT_REQUEST,
    ExitGround.DISUNITY,
    ExitGround.CORRUPTION,
    ExitGround.SERIOUS_CRIME,
]


def _leave(person, kind=StepKind.STRUCK_OFF, ground=ExitGround.DUES, on=LEFT_ON):
    step_record(person=person, kind=kind, date=on, exit_ground=ground, document_number="9-QĐ/ĐU")
    person.refresh_from_db()
    return person


def _readmit(person, on, **details):
    step = step_record(person=person, kind=StepKind.READMISSION, date=on, **{**CONSENT, **details})
    person.refresh_from_db()
    return step


def messages_of(error) -> str:
    return " ".join(error.value.messages)


@pytest.fixture
def official(cell_a):
    """An official member (conversion decided in 2019)."""
    return advance(
        PersonFactory(cell=cell_a, date_of_birth=D(1999, 4, 2)), StepKind.CONVERSION_DECISION
    )


@pytest.fixture
def struck_off(official):
    """Struck off on 02/03/2020 for not paying dues: not a ground that excludes re-admission."""
    return _leave(official)


def test_readmission_exactly_36_months_after_leaving_opens_a_second_cycle(struck_off, cell_a):
    first_cycle = list(struck_off.steps.values_list("pk", flat=True))
    step = _readmit(struck_off, add_months(LEFT_ON, 36))
    assert step.cycle == 2
    assert struck_off.party_status == PartyStatus.CANDIDATE
    assert struck_off.admission_cycle == 2
    assert (struck_off.stage, struck_off.stage_date) == (StepKind.READMISSION, D(2023, 3, 2))
    assert struck_off.next_step == StepKind.LISTED
    # The first cycle stays on record, whole.
    assert set(first_cycle) <= set(struck_off.steps.values_list("pk", flat=True))
    assert struck_off.steps.filter(cycle=1).count() == len(first_cycle)
    # Back in the cell from the day of the consent.
    stays = list(struck_off.memberships.order_by("start_date"))
    assert [(s.start_date, s.end_date) for s in stays][-1] == (D(2023, 3, 2), None)
    assert next_step_kinds(struck_off) == [StepKind.LISTED]
    assert_dashboard_data_derived()


def test_readmission_a_day_before_36_months_is_refused(struck_off):
    with pytest.raises(ValidationError) as error:
        _readmit(struck_off, add_months(LEFT_ON, 36) - datetime.timedelta(days=1))
    assert "36 tháng" in messages_of(error)
    assert "02/03/2023" in messages_of(error)
    struck_off.refresh_from_db()
    assert struck_off.party_status == PartyStatus.STRUCK_OFF


@pytest.mark.parametrize("ground", EXCLUDED)
def test_readmission_is_refused_for_the_grounds_the_rules_exclude(official, ground):
    kind = (
        StepKind.STRUCK_OFF
        if ground in (ExitGround.ABANDONED, ExitGround.LEFT_AT_REQUEST)
        else StepKind.EXPELLED
    )
    _leave(official, kind=kind, ground=ground)
    with pytest.raises(ValidationError) as error:
        _readmit(official, add_months(LEFT_ON, 48))
    assert "3.5.2" in messages_of(error)
    assert str(ground.label) in messages_of(error)


def test_leaving_for_a_familys_hardship_and_an_expulsion_for_another_violation_allow_it(
    official, cell_a
):
    _leave(official, ground=ExitGround.LEFT_FOR_FAMILY)
    assert _readmit(official, add_months(LEFT_ON, 36)).cycle == 2
    expelled = _leave(
        advance(PersonFactory(cell=cell_a), StepKind.CONVERSION_DECISION),
        kind=StepKind.EXPELLED,
        ground=ExitGround.OTHER_VIOLATION,
    )
    assert _readmit(expelled, add_months(LEFT_ON, 36)).cycle == 2


def test_a_less_serious_crime_waits_60_months_after_the_record_is_cleared(official):
    _leave(official, kind=StepKind.EXPELLED, ground=ExitGround.MINOR_CRIME)
    cleared = D(2021, 6, 30)
    with pytest.raises(ValidationError) as error:
        _readmit(official, add_months(LEFT_ON, 40))
    assert "record_cleared_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _readmit(
            official,
            add_months(cleared, 60) - datetime.timedelta(days=1),
            record_cleared_on=cleared,
        )
    assert "60 tháng" in messages_of(error)
    assert _readmit(official, add_months(cleared, 60), record_cleared_on=cleared).cycle == 2


def test_the_consent_document_is_required(struck_off):
    with pytest.raises(ValidationError) as error:
        step_record(person=struck_off, kind=StepKind.READMISSION, date=add_months(LEFT_ON, 36))
    assert "document_number" in error.value.message_dict


def test_only_those_who_left_the_party_are_readmitted(official, cell_a):
    with pytest.raises(ValidationError) as error:
        _readmit(official, D(2024, 1, 5))
    assert "đã ra khỏi Đảng" in messages_of(error)
    with pytest.raises(ValidationError):
        _readmit(PersonFactory(cell=cell_a), D(2024, 1, 5))


def _second_cycle_to(person, kind):
    return advance(person, kind, start=person.stage_date + datetime.timedelta(days=7))


def test_a_readmitted_member_goes_through_the_procedure_and_probation_again(struck_off, cell_a):
    _readmit(struck_off, add_months(LEFT_ON, 36))
    person = _second_cycle_to(struck_off, StepKind.CONVERSION_DECISION)
    assert person.party_status == PartyStatus.OFFICIAL
    assert person.admission_cycle == 2
    steps = steps_by_kind(person.steps.all())
    ceremony, converted = steps[StepKind.CEREMONY], steps[StepKind.CONVERSION_DECISION]
    assert ceremony.cycle == converted.cycle == 2
    assert converted.date >= add_months(ceremony.date, 12)
    # Both admissions are on record and counted in their year.
    assert person.steps.filter(kind=StepKind.DECISION).count() == 2
    # An official member of the cell before leaving and again after the second conversion.
    assert person in official_members_on(cell_a, LEFT_ON - datetime.timedelta(days=1))
    assert person not in official_members_on(cell_a, converted.date - datetime.timedelta(days=1))
    assert person in official_members_on(cell_a, converted.date)
    assert_dashboard_data_derived()


def test_readmission_happens_once(struck_off):
    _readmit(struck_off, add_months(LEFT_ON, 36))
    person = _second_cycle_to(struck_off, StepKind.CEREMONY)
    left_again = person.stage_date + datetime.timedelta(days=30)
    step_record(person=person, kind=StepKind.STRUCK_OFF, date=left_again, **UNFIT)
    person.refresh_from_db()
    assert next_step_kinds(person) == []
    with pytest.raises(ValidationError) as error:
        _readmit(person, add_months(left_again, 36))
    assert "một lần" in messages_of(error)


def test_correcting_a_readmission_away_restores_the_first_cycle(struck_off):
    _readmit(struck_off, add_months(LEFT_ON, 36))
    step_delete_last(person=struck_off, seen_version=BY_CODE)
    struck_off.refresh_from_db()
    assert struck_off.party_status == PartyStatus.STRUCK_OFF
    assert struck_off.admission_cycle == 1
    assert not struck_off.memberships.filter(end_date__isnull=True).exists()
    assert next_step_kinds(struck_off) == [StepKind.READMISSION]
    assert_dashboard_data_derived()


def test_the_funnel_counts_the_readmitted_at_their_stage(struck_off, commander):
    _readmit(struck_off, add_months(LEFT_ON, 36))
    rows = {
        row["stage"]: row for row in pipeline_funnel(commander, ReportFilters(today=D(2023, 4, 1)))
    }
    assert rows[StepKind.READMISSION]["people"] == 1
    assert sum(row["people"] for row in rows.values()) == 1


@override_settings(PARTY_RULES={"readmission_wait_months": 24})
def test_the_waiting_period_is_a_setting(struck_off):
    assert _readmit(struck_off, add_months(LEFT_ON, 24)).cycle == 2


def test_the_timeline_shows_both_cycles(client_for, clerk, struck_off):
    _readmit(struck_off, add_months(LEFT_ON, 36))
    person = _second_cycle_to(struck_off, StepKind.AWARENESS_COURSE)
    page = (
        client_for(clerk).get(reverse("members:person_detail", args=[person.pk])).content.decode()
    )
    assert "Lần kết nạp thứ 1" in page
    assert "Lần kết nạp thứ 2 (kết nạp lại)" in page
    assert (
        page.count("Học lớp bồi dưỡng nhận thức về Đảng") >= 2
        or page.count("Học lớp nhận thức về Đảng") >= 2
    )
    # Nothing of the first cycle is marked as superseded.
    assert "đã làm lại" not in page


def test_the_pages_show_a_readmitted_person_waiting_to_be_listed(
    client_for, clerk, commander, struck_off, cell_a
):
    struck_off.expected_graduation_date = D(2027, 7, 1)
    struck_off.save(update_fields=["expected_graduation_date"])
    _readmit(struck_off, add_months(LEFT_ON, 36))
    client = client_for(clerk)
    page = client.get(reverse("members:person_detail", args=[struck_off.pk]))
    assert page.status_code == 200
    assert "Đồng ý xét kết nạp lại" in page.content.decode()
    assert client.get(reverse("members:board", args=[cell_a.pk])).status_code == 200
    dashboard = client_for(commander).get(reverse("reports:dashboard"))
    assert dashboard.status_code == 200
    assert "Đồng ý xét kết nạp lại" in dashboard.content.decode()


# --- the party card of the former admission (issue 15, bug) ---------------------------------


def _card(person, day):
    from core.concurrency import current_version
    from members.services import person_update

    person_update(person=person, seen_version=current_version(person), party_card_date=day)
    person.refresh_from_db()


def test_the_old_party_card_does_not_block_the_new_admission_decision(struck_off):
    """The card issued after the first decision predates the second one: it belongs to the
    former admission and is not compared with the new decision."""
    first_decision = struck_off.steps.get(kind=StepKind.DECISION).date
    _card(struck_off, first_decision)
    _readmit(struck_off, add_months(LEFT_ON, 36))
    person = _second_cycle_to(struck_off, StepKind.DECISION)
    assert person.steps.filter(kind=StepKind.DECISION).count() == 2
    assert person.party_card_date == first_decision


def test_the_old_card_issued_the_day_before_the_readmission_is_the_former_one(struck_off):
    readmitted_on = add_months(LEFT_ON, 36)
    _readmit(struck_off, readmitted_on)
    # A card recorded late, dated the day before the re-admission: still the former admission's.
    _card(struck_off, readmitted_on - datetime.timedelta(days=1))
    person = _second_cycle_to(struck_off, StepKind.DECISION)
    assert person.steps.filter(kind=StepKind.DECISION, cycle=2).exists()


def test_a_card_dated_in_the_new_admission_still_may_not_predate_its_decision(struck_off):
    readmitted_on = add_months(LEFT_ON, 36)
    _readmit(struck_off, readmitted_on)
    person = _second_cycle_to(struck_off, StepKind.COMMITTEE_VOTE)
    vote = steps_by_kind(person.steps.all())[StepKind.COMMITTEE_VOTE].date
    # From the day of the re-admission on, the card is the current admission's.
    _card(person, readmitted_on)
    with pytest.raises(ValidationError) as error:
        step_record(person=person, kind=StepKind.DECISION, date=vote + datetime.timedelta(days=7))
    assert "không được trước ngày quyết định kết nạp" in messages_of(error)
