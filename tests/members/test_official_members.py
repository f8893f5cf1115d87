"""The cell's official members on a meeting day: people who left no longer count (issue 14.1).

Điều lệ Đảng, Điều 4: two thirds of the cell's official members. A stay in the cell (quá trình
sinh hoạt ở chi bộ) ends when the person graduates, withdraws, transfers out, dies or is struck
off; the vote form pre-fills the count on the meeting day and shows the list behind it; another
figure needs a reason.
"""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.concurrency import BY_CODE
from core.workdays import add_months
from members.choices import StepKind, StudyStatus
from members.models import CellMembership
from members.selectors import official_member_count, official_members_on
from members.services import person_update, step_delete_last, step_record
from members.tallies import rebuilt_at_end
from paperwork import documents
from paperwork.rendering import render_docx
from tests.factories import (
    UNFIT,
    PersonFactory,
    advance,
    make_official_member,
    votes_on_record,
)
from tests.paperwork.helpers import docx_text

D = datetime.date


def _official_cadet(cell, *, official_since: D, graduates: D | None = None, **kwargs):
    """A cadet who became an official member of `cell` on `official_since` (historical steps),
    and who graduated on `graduates` if given (recorded through the service, as the clerk does)."""
    person = PersonFactory(
        cell=cell,
        joined_on=official_since - datetime.timedelta(days=500),
        enrolment_date=official_since - datetime.timedelta(days=500),
        expected_graduation_date=graduates or add_months(official_since, 24),
        **kwargs,
    )
    decision = official_since - datetime.timedelta(days=400)
    for kind, day in (
        (StepKind.DECISION, decision),
        (StepKind.CEREMONY, decision + datetime.timedelta(days=10)),
        (StepKind.CONVERSION_DECISION, official_since),
    ):
        step_record(person=person, kind=kind, date=day, is_historical=True)
    if graduates is not None:
        person_update(seen_version=BY_CODE, person=person, study_status=StudyStatus.GRADUATED)
    person.refresh_from_db()
    return person


@pytest.fixture
def official_cadet(cell_a):
    return _official_cadet(cell_a, official_since=D(2019, 3, 1))


def test_graduating_ends_the_stay_on_the_graduation_date(cell_a):
    person = _official_cadet(cell_a, official_since=D(2019, 3, 1), graduates=D(2021, 7, 1))
    stay = person.memberships.get()
    assert stay.end_date == D(2021, 7, 1)
    assert person in official_members_on(cell_a, D(2021, 6, 30))
    assert person not in official_members_on(cell_a, D(2021, 7, 1))


@pytest.mark.parametrize(
    "status", [StudyStatus.WITHDRAWN, StudyStatus.TRANSFERRED, StudyStatus.DECEASED]
)
def test_leaving_the_unit_ends_the_stay_today(official_cadet, cell_a, status):
    today = timezone.localdate()
    before = official_member_count(cell_a, today)
    person_update(seen_version=BY_CODE, person=official_cadet, study_status=status)
    assert official_cadet.memberships.get().end_date == today
    assert official_member_count(cell_a, today) == before - 1
    # The day before they left, they still counted.
    assert official_cadet in official_members_on(cell_a, today - datetime.timedelta(days=1))


def test_a_correction_while_studying_keeps_the_stay_open(official_cadet):
    person_update(seen_version=BY_CODE, person=official_cadet, class_name="CNTT9")
    assert official_cadet.memberships.get().end_date is None


def test_striking_off_ends_the_stay_and_correcting_it_away_reopens_it(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    step_record(person=person, kind=StepKind.STRUCK_OFF, date=D(2019, 1, 5), **UNFIT)
    assert person.memberships.get().end_date == D(2019, 1, 5)
    step_delete_last(seen_version=BY_CODE, person=person)
    assert person.memberships.get().end_date is None


# --- the figure on the meeting day -----------------------------------------------------------


@pytest.fixture
def cell_with_graduates(cell_a):
    """12 current official members (cadres) and 150 cadets who were official members until
    they graduated two years ago."""
    today = timezone.localdate()
    graduated_on = add_months(today, -24)
    with rebuilt_at_end():
        for _ in range(12):
            make_official_member(cell_a)
        for _ in range(150):
            _official_cadet(cell_a, official_since=add_months(today, -60), graduates=graduated_on)
    return cell_a


def test_the_vote_form_counts_the_members_on_the_meeting_day(
    client_for, clerk, cell_with_graduates
):
    today = timezone.localdate()
    three_years_ago = add_months(today, -36)
    person = PersonFactory(cell=cell_with_graduates)
    # advance() has two more cadres of the cell introduce the candidate: 14 current members.
    person = advance(person, StepKind.OPINION_SUMMARY, start=add_months(today, -40))
    assert official_member_count(cell_with_graduates, today) == 14
    assert official_member_count(cell_with_graduates, three_years_ago) == 164
    client = client_for(clerk)
    url = reverse("members:step_create", args=[person.pk])
    now = client.get(url)
    assert now.context["form"]["votes_eligible"].value() == 14
    # The introducers advance() made are official members of the cell as well.
    assert len(now.context["roll"]["members"]) == 14
    then = client.get(url, {"date": three_years_ago.strftime("%d/%m/%Y")})
    assert then.context["form"]["votes_eligible"].value() == 164
    assert then.context["roll"]["day"] == three_years_ago
    assert "Theo hồ sơ, chi bộ có 164 đảng viên chính thức" in then.content.decode()


def test_the_figure_on_record_is_accepted_and_another_refused_without_a_reason(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.OPINION_SUMMARY)
    day = D(2018, 6, 1)
    on_record = official_member_count(cell_a, day)
    with pytest.raises(ValidationError) as error:
        step_record(
            person=person,
            kind=StepKind.CELL_VOTE,
            date=day,
            **(votes_on_record(cell_a, day) | {"votes_eligible": on_record + 1}),
        )
    assert f"Theo hồ sơ, chi bộ có {on_record} đảng viên chính thức" in error.value.messages[0]
    assert not person.steps.filter(kind=StepKind.CELL_VOTE).exists()
    step = step_record(
        person=person, kind=StepKind.CELL_VOTE, date=day, **votes_on_record(cell_a, day)
    )
    assert step.votes_eligible == on_record


def test_another_figure_with_its_reason_is_accepted(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.OPINION_SUMMARY)
    day = D(2018, 6, 1)
    on_record = official_member_count(cell_a, day)
    step = step_record(
        person=person,
        kind=StepKind.CELL_VOTE,
        date=day,
        votes_eligible=on_record + 1,
        votes_present=on_record + 1,
        votes_for=on_record + 1,
        votes_against=0,
        votes_eligible_reason="Một đảng viên chuyển sinh hoạt tạm thời đến chi bộ",
    )
    assert step.votes_eligible == on_record + 1


def test_a_figure_left_blank_is_the_records(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.OPINION_SUMMARY)
    day = D(2018, 6, 1)
    on_record = official_member_count(cell_a, day)
    step = step_record(
        person=person,
        kind=StepKind.CELL_VOTE,
        date=day,
        votes_present=on_record,
        votes_for=on_record,
        votes_against=0,
    )
    assert step.votes_eligible == on_record


def test_the_conversion_vote_is_measured_against_the_records_too(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.NEW_MEMBER_COURSE)
    day = add_months(person.steps.get(kind=StepKind.CEREMONY).date, 12)
    with pytest.raises(ValidationError) as error:
        step_record(
            person=person,
            kind=StepKind.CONVERSION_VOTE,
            date=day,
            **(votes_on_record(cell_a, day) | {"votes_eligible": 40}),
        )
    assert "votes_eligible" in error.value.message_dict
    step_record(
        person=person, kind=StepKind.CONVERSION_VOTE, date=day, **votes_on_record(cell_a, day)
    )


def test_the_printed_resolutions_give_the_records_figure(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.CONVERSION_VOTE)
    votes = person.steps.filter(kind__in=[StepKind.CELL_VOTE, StepKind.CONVERSION_VOTE])
    # Figures typed before the stays of those who left were ended: the records' figure prints.
    votes.update(votes_eligible=177)
    for kind, document in (
        (StepKind.CELL_VOTE, documents.admission_resolution),
        (StepKind.CONVERSION_VOTE, documents.conversion_resolution),
    ):
        on_record = official_member_count(cell_a, votes.get(kind=kind).date)
        text = docx_text(render_docx(document(person)))
        assert f"Số đảng viên chính thức của chi bộ: {on_record} đồng chí" in text
        assert "177" not in text


# --- the data migration ----------------------------------------------------------------------

end_stays_migration = importlib.import_module("members.migrations.0014_end_stays_of_those_who_left")


def test_the_migration_ends_the_stays_left_open_by_those_who_left(cell_a):
    graduate = _official_cadet(cell_a, official_since=D(2019, 3, 1), graduates=D(2021, 7, 1))
    withdrawn = _official_cadet(cell_a, official_since=D(2019, 3, 1))
    struck_off = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    step_record(person=struck_off, kind=StepKind.STRUCK_OFF, date=D(2019, 1, 5), **UNFIT)
    studying = _official_cadet(cell_a, official_since=D(2019, 3, 1))
    # As the records stood before stays were ended: everyone's stay open.
    type(withdrawn).objects.filter(pk=withdrawn.pk).update(study_status=StudyStatus.WITHDRAWN)
    CellMembership.objects.update(end_date=None)
    end_stays_migration.end_stays(django_apps, None)
    assert graduate.memberships.get().end_date == D(2021, 7, 1)
    assert struck_off.memberships.get().end_date == D(2019, 1, 5)
    assert withdrawn.memberships.get().end_date == timezone.localdate()
    assert studying.memberships.get().end_date is None
    assert graduate.memberships.get().history.first().history_change_reason
