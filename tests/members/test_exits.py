"""Striking off and expulsion (issue 14, item 8): official members as well as probationary ones,
on the grounds the rules list (Điều lệ Đảng, Điều 8; Điều 5, khoản 2; Điều 35, khoản 2), by the
competent committee's decision. The person's status, the cell stay, the counts and the tallies
follow.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.concurrency import BY_CODE
from members.choices import ExitGround, PartyStatus, StepKind
from members.selectors import next_step_kinds, official_member_count, official_members_on
from members.services import step_delete_last, step_record
from reports.selectors import ReportFilters, pipeline_funnel
from tests.derived import assert_dashboard_data_derived
from tests.factories import UNFIT, PersonFactory, advance, make_official_member
from tests.forms import post_shown

D = datetime.date
DECISION = {"document_number": "45-QĐ/ĐU"}


@pytest.fixture
def official(cell_a):
    """Recognised as an official member by the decision of the conversion (2019)."""
    return advance(PersonFactory(cell=cell_a), StepKind.CONVERSION_DECISION)


def _converted_on(person) -> datetime.date:
    return person.steps.get(kind=StepKind.CONVERSION_DECISION).date


def messages_of(error) -> str:
    return " ".join(error.value.messages)


def test_an_official_member_is_struck_off_on_a_ground_of_article_8(official, cell_a):
    on = _converted_on(official) + datetime.timedelta(days=200)
    before = official_member_count(cell_a, on - datetime.timedelta(days=1))
    step = step_record(
        person=official, kind=StepKind.STRUCK_OFF, date=on, exit_ground=ExitGround.DUES, **DECISION
    )
    assert (step.exit_ground, step.document_number) == (ExitGround.DUES, "45-QĐ/ĐU")
    official.refresh_from_db()
    assert official.party_status == PartyStatus.STRUCK_OFF
    assert (official.stage, official.stage_date) == (StepKind.STRUCK_OFF, on)
    assert (official.next_step, official.next_due_date) == ("", None)
    assert official.memberships.get().end_date == on
    assert official_member_count(cell_a, on) == before - 1
    assert official in official_members_on(cell_a, on - datetime.timedelta(days=1))
    # Re-admission is the only step that may follow (Quy định 294-QĐ/TW, 3.5).
    assert next_step_kinds(official) == [StepKind.READMISSION]
    assert_dashboard_data_derived()


def test_an_official_member_is_expelled(official, cell_a):
    on = _converted_on(official) + datetime.timedelta(days=30)
    step_record(
        person=official,
        kind=StepKind.EXPELLED,
        date=on,
        exit_ground=ExitGround.CORRUPTION,
        **DECISION,
    )
    official.refresh_from_db()
    assert official.party_status == PartyStatus.EXPELLED
    assert official.stage == StepKind.EXPELLED
    assert official.next_step == ""
    assert official.memberships.get().end_date == on
    assert official not in official_members_on(cell_a, on)
    assert_dashboard_data_derived()


def test_the_exit_may_be_dated_the_day_of_the_conversion_decision_not_before(official):
    converted = _converted_on(official)
    with pytest.raises(ValidationError) as error:
        step_record(
            person=official,
            kind=StepKind.EXPELLED,
            date=converted - datetime.timedelta(days=1),
            exit_ground=ExitGround.SERIOUS_CRIME,
            **DECISION,
        )
    assert "Ngày không được trước ngày của bước" in messages_of(error)
    step_record(
        person=official,
        kind=StepKind.EXPELLED,
        date=converted,
        exit_ground=ExitGround.SERIOUS_CRIME,
        **DECISION,
    )


def test_a_probationary_member_is_struck_off_not_expelled(cell_a):
    probationary = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    with pytest.raises(ValidationError) as error:
        step_record(
            person=probationary,
            kind=StepKind.EXPELLED,
            date=D(2019, 1, 5),
            exit_ground=ExitGround.SERIOUS_CRIME,
            **DECISION,
        )
    assert "Điều 35, khoản 2" in messages_of(error)
    step_record(
        person=probationary,
        kind=StepKind.STRUCK_OFF,
        date=D(2019, 1, 5),
        exit_ground=ExitGround.SERIOUS_CRIME,
        **DECISION,
    )
    probationary.refresh_from_db()
    assert probationary.party_status == PartyStatus.STRUCK_OFF


def test_unfit_in_probation_is_a_ground_for_probationary_members_only(official, cell_a):
    with pytest.raises(ValidationError) as error:
        step_record(
            person=official, kind=StepKind.STRUCK_OFF, date=_converted_on(official), **UNFIT
        )
    assert "chỉ dành cho đảng viên dự bị" in messages_of(error)
    probationary = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    step_record(person=probationary, kind=StepKind.STRUCK_OFF, date=D(2019, 1, 5), **UNFIT)


@pytest.mark.parametrize(
    ("details", "field"),
    [({"exit_ground": ExitGround.DUES}, "document_number"), (DECISION, "exit_ground")],
)
def test_the_ground_and_the_decision_number_are_required(official, details, field):
    with pytest.raises(ValidationError) as error:
        step_record(
            person=official, kind=StepKind.STRUCK_OFF, date=_converted_on(official), **details
        )
    assert field in error.value.message_dict


def test_a_candidate_is_neither_struck_off_nor_expelled(cell_a):
    candidate = advance(PersonFactory(cell=cell_a), StepKind.CELL_VOTE)
    for kind in (StepKind.STRUCK_OFF, StepKind.EXPELLED):
        with pytest.raises(ValidationError) as error:
            step_record(
                person=candidate,
                kind=kind,
                date=D(2019, 1, 5),
                exit_ground=ExitGround.DUES,
                **DECISION,
            )
        assert "người đã được kết nạp" in messages_of(error)


def test_nothing_is_recorded_after_an_exit(official):
    on = _converted_on(official)
    step_record(
        person=official,
        kind=StepKind.EXPELLED,
        date=on,
        exit_ground=ExitGround.DISUNITY,
        **DECISION,
    )
    with pytest.raises(ValidationError) as error:
        step_record(
            person=official,
            kind=StepKind.STRUCK_OFF,
            date=on,
            exit_ground=ExitGround.DUES,
            **DECISION,
        )
    assert "đã ra khỏi Đảng" in messages_of(error)


def test_correcting_an_expulsion_away_restores_the_member_and_the_stay(official, cell_a):
    on = _converted_on(official) + datetime.timedelta(days=10)
    step_record(
        person=official,
        kind=StepKind.EXPELLED,
        date=on,
        exit_ground=ExitGround.CORRUPTION,
        **DECISION,
    )
    step_delete_last(person=official, seen_version=BY_CODE)
    official.refresh_from_db()
    assert official.party_status == PartyStatus.OFFICIAL
    assert official.memberships.get().end_date is None
    assert official in official_members_on(cell_a, on)
    assert_dashboard_data_derived()


def test_an_official_member_may_be_struck_off_or_expelled_next(official):
    assert next_step_kinds(official) == [StepKind.STRUCK_OFF, StepKind.EXPELLED]


def test_those_who_left_are_not_in_the_funnel(commander, cell_a):
    member = make_official_member(cell_a)
    step_record(
        person=member,
        kind=StepKind.EXPELLED,
        date=D(2019, 1, 5),
        exit_ground=ExitGround.CORRUPTION,
        **DECISION,
    )
    struck = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    step_record(person=struck, kind=StepKind.STRUCK_OFF, date=D(2019, 1, 5), **UNFIT)
    rows = pipeline_funnel(commander, ReportFilters(today=D(2019, 2, 1)))
    assert sum(row["people"] for row in rows) == 0


def test_the_clerk_expels_an_official_member_on_the_step_form(client_for, clerk, official):
    url = reverse("members:step_create", args=[official.pk])
    client = client_for(clerk)
    on = _converted_on(official)
    response = post_shown(
        client,
        url,
        {
            "kind": StepKind.EXPELLED,
            "date": on.strftime("%d/%m/%Y"),
            "document_number": "7-QĐ/ĐU",
            "exit_ground": ExitGround.SERIOUS_CRIME,
        },
    )
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.party_status == PartyStatus.EXPELLED
    assert official.steps.get(kind=StepKind.EXPELLED).exit_ground == ExitGround.SERIOUS_CRIME
    page = client.get(reverse("members:person_detail", args=[official.pk])).content.decode()
    assert "Bị kết án về tội phạm nghiêm trọng trở lên" in page
