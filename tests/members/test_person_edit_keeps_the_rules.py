"""A person's details that the rules read (birth date, education) cannot be changed so that the
steps already recorded break them: the same check the importer runs, nothing saved on refusal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.concurrency import current_version
from members.choices import AssignmentKind, EducationLevel, StepKind, StudyStatus
from members.forms import NEW_COHORT
from members.models import Person
from members.services import assignment_create, person_update
from tests.derived import assert_dashboard_data_derived
from tests.factories import PersonFactory, advance, make_official_member
from tests.forms import post_shown
from tests.members.test_pages import person_post

# advance() records the cell vote on 16/05/2018.
VOTE_DAY = datetime.date(2018, 5, 16)


@pytest.fixture
def voted(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.CELL_VOTE)
    assert person.steps.get(kind=StepKind.CELL_VOTE).date == VOTE_DAY
    return person


def _update(person, **fields):
    return person_update(person=person, seen_version=current_version(person), **fields)


def test_a_birth_date_that_still_makes_18_at_the_cell_vote_is_accepted(voted):
    _update(voted, date_of_birth=datetime.date(2000, 5, 16))
    voted.refresh_from_db()
    assert voted.date_of_birth == datetime.date(2000, 5, 16)


def test_a_birth_date_one_day_later_is_refused_naming_the_vote(voted):
    with pytest.raises(ValidationError) as error:
        _update(voted, date_of_birth=datetime.date(2000, 5, 17))
    message = " ".join(error.value.message_dict["date_of_birth"])
    assert str(StepKind.CELL_VOTE.label) in message
    assert "16/05/2018" in message
    assert "17 tuổi 11 tháng" in message
    assert Person.objects.get(pk=voted.pk).date_of_birth == datetime.date(1998, 5, 10)


def test_lower_secondary_education_is_accepted_primary_refused(voted):
    _update(voted, education_level=EducationLevel.LOWER_SECONDARY)
    with pytest.raises(ValidationError) as error:
        _update(voted, education_level=EducationLevel.PRIMARY)
    assert "trung học cơ sở" in " ".join(error.value.message_dict["education_level"])
    voted.refresh_from_db()
    assert voted.education_level == EducationLevel.LOWER_SECONDARY


def test_both_changed_at_once_are_refused_above_the_form(voted):
    with pytest.raises(ValidationError) as error:
        _update(
            voted, date_of_birth=datetime.date(2015, 1, 1), education_level=EducationLevel.PRIMARY
        )
    assert "__all__" in error.value.message_dict


def test_without_steps_or_with_other_fields_nothing_is_rechecked(cell_a, voted):
    fresh = PersonFactory(cell=cell_a)
    _update(fresh, date_of_birth=datetime.date(2015, 1, 1), education_level=EducationLevel.PRIMARY)
    _update(voted, hometown="Nam Định")
    assert Person.objects.get(pk=voted.pk).hometown == "Nam Định"


def test_the_edit_page_shows_the_refusal_and_saves_nothing(client_for, clerk, voted):
    client = client_for(clerk)
    url = reverse("members:person_edit", args=[voted.pk])
    form = client.get(url).context["form"]
    data = person_post(
        voted.cell,
        code=voted.code,
        full_name=voted.full_name,
        date_of_birth="01/01/2015",
        seen_version=form.initial["seen_version"],
    )
    response = post_shown(client, url, data)
    assert response.status_code == 200
    assert "Không lưu được" in " ".join(response.context["form"].errors["date_of_birth"])
    assert Person.objects.get(pk=voted.pk).date_of_birth == datetime.date(1998, 5, 10)


def test_graduating_on_the_edit_page_ends_assignments_and_recounts_the_old_cohort(
    client_for, clerk, cell_a
):
    # The edit form puts the new values on the person before the service runs: the service
    # compares with what is stored.
    cadet = PersonFactory(cell=cell_a)
    helped = assignment_create(
        kind=AssignmentKind.HELP_CANDIDATE,
        mentor=make_official_member(cell_a),
        mentee=cadet,
        start_date=datetime.date(2019, 2, 1),
    )
    client = client_for(clerk)
    url = reverse("members:person_edit", args=[cadet.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        date_of_birth="10/05/1998",
        enrolment_date="01/09/2016",
        expected_graduation_date="01/07/2021",
        cohort=NEW_COHORT,
        new_cohort="K51",
        study_status=StudyStatus.GRADUATED,
    )
    assert post_shown(client, url, data).status_code == 302
    helped.refresh_from_db()
    assert helped.end_date == timezone.localdate()
    assert_dashboard_data_derived()
