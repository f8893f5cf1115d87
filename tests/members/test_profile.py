"""The lý lịch (2-KNĐ) on a person: its rules at their boundaries, the unique citizen ID, the
masking of the sensitive fields by role, and the history of every change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.concurrency import current_version
from members.choices import Ethnicity, MilitaryRank, PoliticalTheory, Religion, StepKind
from members.models import Person
from members.profile import mask
from members.services import person_update, step_record
from tests.factories import PersonFactory, advance
from tests.forms import post_shown
from tests.members.test_pages import person_post

CITIZEN_ID = "001098004789"
ADDRESS = "Thôn Đông, xã Hải Hậu, tỉnh Ninh Bình"
MASKED_ID = "•••••••••789"
BIRTH = datetime.date(1998, 5, 10)  # PersonFactory's


def _update(person, **fields):
    return person_update(person=person, seen_version=current_version(person), **fields)


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


@pytest.fixture
def profiled(cell_a):
    return PersonFactory(cell=cell_a, citizen_id=CITIZEN_ID, permanent_address=ADDRESS)


# --- the values ------------------------------------------------------------------------


def test_a_full_profile_is_stored(cell_a):
    person = PersonFactory(
        cell=cell_a,
        ethnicity=Ethnicity.TAY,
        religion=Religion.NONE,
        citizen_id=CITIZEN_ID,
        place_of_birth="Cao Bằng",
        hometown="Cao Bằng",
        permanent_address=ADDRESS,
        military_rank=MilitaryRank.CORPORAL,
        general_education="12/12",
        professional_qualification="Kỹ sư công nghệ thông tin",
        political_theory=PoliticalTheory.ELEMENTARY,
    )
    person.refresh_from_db()
    assert (person.get_ethnicity_display(), person.get_religion_display()) == ("Tày", "Không")
    assert person.citizen_id == CITIZEN_ID


def test_every_field_of_the_profile_is_optional_and_no_ethnicity_is_assumed(cell_a):
    person = PersonFactory(cell=cell_a)
    assert (person.ethnicity, person.religion, person.citizen_id) == ("", "", None)


def test_there_are_54_ethnic_groups():
    assert len(Ethnicity) == 54
    assert len(set(Ethnicity.labels)) == 54


@pytest.mark.parametrize("citizen_id", ["001098004789", "000000000000", "999999999999"])
def test_a_citizen_id_of_twelve_digits_is_accepted(cell_a, citizen_id):
    assert PersonFactory(cell=cell_a, citizen_id=citizen_id).citizen_id == citizen_id


@pytest.mark.parametrize(
    "citizen_id", ["00109800478", "0010980047890", "00109800478a", "0010 9800478"]
)
def test_a_citizen_id_not_of_twelve_digits_is_refused(cell_a, citizen_id):
    errors = _errors(lambda: PersonFactory(cell=cell_a, citizen_id=citizen_id))
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in " ".join(errors["citizen_id"])


def test_a_citizen_id_is_unique(profiled, cell_b):
    errors = _errors(lambda: PersonFactory(cell=cell_b, citizen_id=CITIZEN_ID))
    assert "Số định danh cá nhân này đã có ở một hồ sơ khác" in " ".join(errors["citizen_id"])


def test_many_people_have_no_citizen_id(cell_a):
    PersonFactory(cell=cell_a)
    PersonFactory(cell=cell_a, citizen_id=None)
    assert Person.objects.filter(citizen_id__isnull=True).count() == 2


def test_the_form_names_the_citizen_id_on_a_clash(client_for, clerk, profiled, cell_a):
    response = client_for(clerk).post(
        reverse("members:person_create"), person_post(cell_a, citizen_id=CITIZEN_ID)
    )
    assert response.status_code == 200
    assert "Số định danh cá nhân này đã có ở một hồ sơ khác" in " ".join(
        response.context["form"].errors["citizen_id"]
    )
    assert not Person.objects.filter(code="HV9001").exists()


def test_the_form_saves_the_profile_section(client_for, clerk, cell_a):
    data = person_post(
        cell_a,
        ethnicity=Ethnicity.KINH,
        religion=Religion.BUDDHISM,
        citizen_id="",
        general_education="12/12",
        political_theory=PoliticalTheory.ELEMENTARY,
    )
    client_for(clerk).post(reverse("members:person_create"), data)
    person = Person.objects.get(code="HV9001")
    assert (person.ethnicity, person.citizen_id, person.general_education) == ("01", None, "12/12")


def test_the_form_has_a_profile_section(client_for, clerk):
    html = client_for(clerk).get(reverse("members:person_create")).content.decode()
    section = html.index("<legend>Lý lịch</legend>")
    assert section < html.index('id="id_citizen_id"') < html.index('id="id_party_file_number"')


@pytest.mark.parametrize("value", ["12/12", "1/12", "10/10", "9/12"])
def test_general_education_accepts_grades_within_the_system(cell_a, value):
    assert PersonFactory(cell=cell_a, general_education=value).general_education == value


@pytest.mark.parametrize("value", ["13/12", "0/12", "11/10", "12/11", "12", "lớp 12"])
def test_general_education_refuses_other_writings(cell_a, value):
    errors = _errors(lambda: PersonFactory(cell=cell_a, general_education=value))
    assert "ví dụ 12/12" in " ".join(errors["general_education"])


# --- dates, each rule at its boundary ----------------------------------------------------


def test_the_youth_union_date_the_day_after_birth_is_accepted(cell_a):
    day = BIRTH + datetime.timedelta(days=1)
    assert PersonFactory(cell=cell_a, youth_union_date=day).youth_union_date == day


def test_the_youth_union_date_on_the_birth_day_is_refused(cell_a):
    errors = _errors(lambda: PersonFactory(cell=cell_a, youth_union_date=BIRTH))
    assert "phải sau ngày sinh (10/05/1998)" in " ".join(errors["youth_union_date"])


def test_a_birth_date_moved_onto_the_youth_union_date_is_refused(cell_a):
    person = PersonFactory(cell=cell_a, youth_union_date=datetime.date(2014, 3, 26))
    _errors(lambda: _update(person, date_of_birth=datetime.date(2014, 3, 26)))
    assert Person.objects.get(pk=person.pk).date_of_birth == BIRTH


@pytest.fixture
def admitted(cell_a):
    """Admitted by the decision recorded by advance(): its date is `decision_day`."""
    return advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)


def decision_day(person) -> datetime.date:
    return person.steps.get(kind=StepKind.DECISION).date


def test_a_party_card_dated_the_day_of_the_admission_decision_is_accepted(admitted):
    _update(admitted, party_card_number="01234567", party_card_date=decision_day(admitted))
    admitted.refresh_from_db()
    assert admitted.party_card_date == decision_day(admitted)


def test_a_party_card_dated_the_day_before_the_admission_decision_is_refused(admitted):
    day = decision_day(admitted) - datetime.timedelta(days=1)
    errors = _errors(lambda: _update(admitted, party_card_date=day))
    assert "không được trước ngày quyết định kết nạp" in " ".join(errors["party_card_date"])
    assert Person.objects.get(pk=admitted.pk).party_card_date is None


def test_a_decision_recorded_after_the_party_card_date_is_refused(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.COMMITTEE_VOTE)
    vote = person.steps.get(kind=StepKind.COMMITTEE_VOTE).date
    _update(person, party_card_date=vote + datetime.timedelta(days=10))
    person.refresh_from_db()
    late = vote + datetime.timedelta(days=11)
    errors = _errors(lambda: step_record(person=person, kind=StepKind.DECISION, date=late))
    assert "không được trước ngày quyết định kết nạp" in " ".join(errors["date"])
    step_record(person=person, kind=StepKind.DECISION, date=late - datetime.timedelta(days=1))


def test_a_party_card_date_in_the_future_is_refused(cell_a):
    future = timezone.localdate() + datetime.timedelta(days=2)
    _errors(lambda: PersonFactory(cell=cell_a, party_card_date=future))


# --- masking by role -----------------------------------------------------------------------


def test_mask_keeps_the_last_three_digits_and_hides_the_address():
    assert mask("citizen_id", CITIZEN_ID) == MASKED_ID
    assert ADDRESS not in mask("permanent_address", ADDRESS)
    assert mask("citizen_id", None) == mask("permanent_address", "") == ""


def _page(client_for, user, person):
    return client_for(user).get(reverse("members:person_detail", args=[person.pk]))


def test_the_clerk_of_the_battalion_reads_the_sensitive_fields_in_full(client_for, clerk, profiled):
    text = _page(client_for, clerk, profiled).content.decode()
    assert CITIZEN_ID in text
    assert ADDRESS in text


@pytest.mark.parametrize("persona", ["secretary_a", "commander", "academy_commander", "admin_user"])
def test_other_roles_read_them_masked(request, client_for, profiled, persona):
    response = _page(client_for, request.getfixturevalue(persona), profiled)
    text = response.content.decode()
    assert response.status_code == 200
    assert MASKED_ID in text
    assert CITIZEN_ID not in text
    assert ADDRESS not in text


def test_the_clerk_of_another_battalion_does_not_find_the_person(client_for, other_clerk, profiled):
    assert _page(client_for, other_clerk, profiled).status_code == 404


def test_the_history_keeps_every_change_and_masks_it_like_the_page(
    client_for, clerk, secretary_a, profiled
):
    _update(profiled, citizen_id="001098004000", ethnicity=Ethnicity.MUONG)
    changed = [r for r in profiled.history.all() if r.citizen_id == "001098004000"]
    assert len(changed) == 1
    assert profiled.history.count() == 2
    url = reverse("members:person_history", args=[profiled.pk])
    for_clerk = client_for(clerk).get(url).content.decode()
    assert CITIZEN_ID in for_clerk
    assert "001098004000" in for_clerk
    assert "Mường" in for_clerk
    for_secretary = client_for(secretary_a).get(url).content.decode()
    assert CITIZEN_ID not in for_secretary
    assert "001098004000" not in for_secretary
    assert MASKED_ID in for_secretary
    assert "•••••••••000" in for_secretary


def test_the_edit_form_keeps_the_profile(client_for, clerk, profiled):
    url = reverse("members:person_edit", args=[profiled.pk])
    data = person_post(profiled.cell, code=profiled.code, cohort="K50", new_cohort="")
    data |= {"citizen_id": CITIZEN_ID, "permanent_address": ADDRESS, "religion": Religion.NONE}
    data.pop("cell")
    response = post_shown(client_for(clerk), url, data)
    assert response.status_code == 302, response.context["form"].errors
    profiled.refresh_from_db()
    assert (profiled.citizen_id, profiled.religion) == (CITIZEN_ID, Religion.NONE)
