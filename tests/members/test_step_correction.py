"""Correcting a recorded step (issue 16, item 5): any step, not only the last. The whole
timeline is checked again by the checker that recorded it; a change that would break a later
step is refused naming the field and that step; history keeps old and new; stage durations,
derived fields, tallies and the dashboard follow."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.concurrency import BY_CODE, current_version
from members.choices import AssignmentKind, PartyStatus, StepKind
from members.models import AdmissionStep, Assignment, Person
from members.selectors import person_history
from members.services import step_correct, step_record
from reports.selectors import ReportFilters, admissions_by_year
from tests.derived import assert_cohort_tallies_derived, assert_step_data_derived
from tests.factories import PersonFactory, advance, make_official_member, votes_on_record

pytestmark = pytest.mark.django_db

D = datetime.date


def step_of(person: Person, kind: StepKind) -> AdmissionStep:
    return person.steps.get(kind=kind)


def correct(step: AdmissionStep, **changes) -> AdmissionStep:
    return step_correct(step=step, seen_version=current_version(step), **changes)


def stored(person: Person) -> tuple:
    person.refresh_from_db()
    steps = list(person.steps.order_by("pk").values())
    introducers = [
        sorted(step.introducers.values_list("pk", flat=True)) for step in person.steps.all()
    ]
    return steps, introducers, person.next_due_date, person.stage


@pytest.fixture
def awaiting_ceremony(cell_a):
    """Admitted by decision on 25/11/2018 (cell vote 04/11/2018), ceremony not yet held."""
    return advance(PersonFactory(cell=cell_a), StepKind.DECISION, start=D(2018, 7, 1))


def test_a_corrected_decision_date_moves_the_tallies_and_the_dashboard(awaiting_ceremony, clerk):
    person = awaiting_ceremony
    decision = step_of(person, StepKind.DECISION)
    assert decision.date == D(2018, 11, 25)
    before = {row["year"]: row["admitted"] for row in admissions_by_year(clerk, ReportFilters())}
    assert before[2018] == 1
    due_before = person.next_due_date

    correct(decision, date=D(2019, 1, 8))

    after = {row["year"]: row["admitted"] for row in admissions_by_year(clerk, ReportFilters())}
    assert after.get(2018, 0) == 0
    assert after[2019] == 1
    person.refresh_from_db()
    assert person.stage_date == D(2019, 1, 8)
    # The ceremony is due 30 working days after the corrected decision.
    assert person.next_due_date > due_before
    assert_step_data_derived()
    assert_cohort_tallies_derived()


def test_the_history_keeps_the_old_and_the_new_value(awaiting_ceremony):
    decision = step_of(awaiting_ceremony, StepKind.DECISION)
    correct(decision, date=D(2018, 12, 3), document_number="15-QĐ/ĐU")
    changes = [
        (change.label, change.old, change.new)
        for entry in person_history(awaiting_ceremony)
        for change in entry.changes
    ]
    assert ("Ngày", "25/11/2018", "03/12/2018") in changes
    assert any(new == "15-QĐ/ĐU" for _label, _old, new in changes)


def test_a_date_on_the_next_steps_day_is_accepted(awaiting_ceremony):
    introduction = step_of(awaiting_ceremony, StepKind.INTRODUCTION)
    opinions = step_of(awaiting_ceremony, StepKind.OPINION_SUMMARY)
    correct(introduction, date=opinions.date)
    introduction.refresh_from_db()
    assert introduction.date == opinions.date
    assert_step_data_derived()


def test_a_date_past_a_later_step_is_refused_naming_the_field_and_the_step(awaiting_ceremony):
    introduction = step_of(awaiting_ceremony, StepKind.INTRODUCTION)
    opinions = step_of(awaiting_ceremony, StepKind.OPINION_SUMMARY)
    before = stored(awaiting_ceremony)
    with pytest.raises(ValidationError) as error:
        correct(introduction, date=opinions.date + datetime.timedelta(days=1))
    message = " ".join(error.value.message_dict["date"])
    assert "Không sửa được ngày" in message
    assert str(StepKind.OPINION_SUMMARY.label) in message
    assert stored(awaiting_ceremony) == before


def test_an_earlier_course_that_expires_before_the_vote_is_refused(awaiting_ceremony):
    # The certificate is valid 60 months: a course moved back 6 years breaks the cell's vote.
    course = step_of(awaiting_ceremony, StepKind.AWARENESS_COURSE)
    listed = step_of(awaiting_ceremony, StepKind.LISTED)
    correct(listed, date=D(2012, 1, 2))
    with pytest.raises(ValidationError) as error:
        correct(course, date=D(2012, 6, 1))
    assert str(StepKind.CELL_VOTE.label) in " ".join(error.value.messages)


def test_a_future_date_is_refused(awaiting_ceremony):
    decision = step_of(awaiting_ceremony, StepKind.DECISION)
    with pytest.raises(ValidationError) as error:
        correct(decision, date=timezone.localdate() + datetime.timedelta(days=1))
    assert "tương lai" in " ".join(error.value.message_dict["date"])


def test_votes_corrected_below_two_thirds_are_refused(awaiting_ceremony):
    vote = step_of(awaiting_ceremony, StepKind.CELL_VOTE)
    before = stored(awaiting_ceremony)
    with pytest.raises(ValidationError) as error:
        correct(vote, votes_for=0, votes_against=vote.votes_present)
    assert "votes_for" in error.value.message_dict
    assert stored(awaiting_ceremony) == before


def test_votes_corrected_within_two_thirds_are_saved(awaiting_ceremony, cell_a):
    vote = step_of(awaiting_ceremony, StepKind.CELL_VOTE)
    # Three members were left out of the records: the cell counted five, one absent.
    for _ in range(3):
        make_official_member(cell_a)
    figures = votes_on_record(vote.cell, vote.date, absent=1)
    correct(vote, **figures)
    vote.refresh_from_db()
    assert vote.votes_present == figures["votes_present"]


def test_an_introducer_is_replaced_by_another_official_member(awaiting_ceremony, cell_a):
    introduction = step_of(awaiting_ceremony, StepKind.INTRODUCTION)
    first, _second = introduction.introducers.all()
    newcomer = make_official_member(cell_a, full_name="Lê Văn Mới")
    correct(introduction, introducers=[first, newcomer])
    assert set(introduction.introducers.all()) == {first, newcomer}
    changes = [change for entry in person_history(awaiting_ceremony) for change in entry.changes]
    assert any("Lê Văn Mới" in change.new for change in changes)


def test_an_introducer_who_is_not_official_is_refused(awaiting_ceremony, cell_a):
    introduction = step_of(awaiting_ceremony, StepKind.INTRODUCTION)
    first, _second = introduction.introducers.all()
    candidate = PersonFactory(cell=cell_a)
    with pytest.raises(ValidationError) as error:
        correct(introduction, introducers=[first, candidate])
    assert "introducers" in error.value.message_dict
    assert candidate not in introduction.introducers.all()


def test_the_helper_named_with_the_step_is_corrected(cell_a):
    person = PersonFactory(cell=cell_a)
    first, other = make_official_member(cell_a), make_official_member(cell_a)
    listed = step_record(person=person, kind=StepKind.LISTED, date=D(2020, 3, 2), helper=first)
    correct(listed, helper=other, date=D(2020, 3, 9))
    help_given = Assignment.objects.get(mentee=person, kind=AssignmentKind.HELP_CANDIDATE)
    assert (help_given.mentor, help_given.start_date) == (other, D(2020, 3, 9))


def test_a_correction_from_a_stale_page_is_refused(awaiting_ceremony):
    decision = step_of(awaiting_ceremony, StepKind.DECISION)
    seen = current_version(decision)
    step_correct(step=decision, seen_version=seen, document_number="1-QĐ")
    with pytest.raises(ValidationError) as error:
        step_correct(step=decision, seen_version=seen, document_number="2-QĐ")
    assert "sau khi bạn mở trang" in " ".join(error.value.messages)
    decision.refresh_from_db()
    assert decision.document_number == "1-QĐ"


def test_the_clerk_corrects_a_step_from_the_person_page(awaiting_ceremony, clerk, client_for):
    client = client_for(clerk)
    decision = step_of(awaiting_ceremony, StepKind.DECISION)
    url = reverse("members:step_edit", args=[decision.pk])
    page = client.get(reverse("members:person_detail", args=[awaiting_ceremony.pk]))
    assert url in page.content.decode()
    form = client.get(url)
    assert form.status_code == 200
    assert "Sửa bước" in form.content.decode()
    data = {
        "date": "25/11/2018",
        "form_code": decision.form_code,
        "document_number": "77-QĐ/ĐU",
        "notes": "",
        "seen_version": current_version(decision),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.document_number == "77-QĐ/ĐU"
    assert awaiting_ceremony.steps.count() == 9


def test_a_refused_correction_shows_the_reason_on_the_form(awaiting_ceremony, clerk, client_for):
    client = client_for(clerk)
    introduction = step_of(awaiting_ceremony, StepKind.INTRODUCTION)
    url = reverse("members:step_edit", args=[introduction.pk])
    data = {
        "date": "20/10/2018",
        "form_code": introduction.form_code,
        "document_number": "",
        "notes": "",
        "introducers": [p.pk for p in introduction.introducers.all()],
        "seen_version": current_version(introduction),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Không sửa được ngày" in text
    assert str(StepKind.OPINION_SUMMARY.label) in text


def test_a_secretary_or_commander_may_not_correct_and_an_outsider_sees_nothing(
    awaiting_ceremony, secretary_a, commander, other_clerk, client_for
):
    url = reverse("members:step_edit", args=[step_of(awaiting_ceremony, StepKind.DECISION).pk])
    assert client_for(secretary_a).get(url).status_code == 403
    assert client_for(commander).get(url).status_code == 403
    assert client_for(other_clerk).get(url).status_code == 404


def test_a_graduate_s_step_is_not_corrected(awaiting_ceremony):
    decision = step_of(awaiting_ceremony, StepKind.DECISION)
    Person.objects.filter(pk=awaiting_ceremony.pk).update(study_status="graduated")
    with pytest.raises(ValidationError):
        step_correct(step=decision, seen_version=BY_CODE, document_number="1")
    assert awaiting_ceremony.party_status != PartyStatus.OFFICIAL
