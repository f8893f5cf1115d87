"""Every date, year, count and text has a range (core/ranges.py): the last value accepted, the
first refused with a Vietnamese message, and the database refusing what gets past the forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core import ranges
from core.concurrency import BY_CODE
from members.choices import PartyStatus, QualityRating, StepKind
from members.models import AdmissionStep, Evaluation, Person, YearlyRating
from members.services import evaluation_record, person_move, rating_record
from resolutions.models import CellRollout
from resolutions.services import rollout_record, rollout_report
from tests.factories import PartyCellFactory, PersonFactory, advance, make_resolution
from tests.forms import post_shown

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
GRADES = {"study": "tot", "training": "kha", "movement": "tot"}


def messages(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


def person_form(cell, **changes) -> dict:
    return {
        "kind": "cadet",
        "code": "HV-RANGE",
        "full_name": "Nguyễn Văn Biên",
        "cell": cell.pk,
        "date_of_birth": "10/05/2000",
        "gender": "nam",
        "education_level": "thpt",
        "programme": "khac",
        "study_status": "studying",
        **changes,
    }


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "accepted"),
    [
        (ranges.FIRST_DAY, True),
        (ranges.FIRST_DAY - DAY, False),
        (TODAY, True),
        (TODAY + DAY, False),
        (datetime.date(1, 1, 1), False),
        (datetime.date(9999, 12, 31), False),
    ],
)
def test_a_birth_date_is_from_1930_to_today(cell_a, birth, accepted):
    if accepted:
        assert PersonFactory(cell=cell_a, date_of_birth=birth).date_of_birth == birth
        return
    with pytest.raises(ValidationError) as error:
        PersonFactory(cell=cell_a, date_of_birth=birth)
    assert "Ngày phải từ 01/01/1930 đến hôm nay" in messages(error.value, "date_of_birth")


@pytest.mark.parametrize(("birth", "status"), [("01/01/0001", 200), ("31/12/9999", 200)])
def test_the_person_form_names_the_birth_date(client_for, clerk, cell_a, birth, status):
    response = client_for(clerk).post(
        reverse("members:person_create"), person_form(cell_a, date_of_birth=birth)
    )
    assert response.status_code == status
    assert "Ngày phải từ 01/01/1930" in " ".join(response.context["form"].errors["date_of_birth"])
    assert not Person.objects.filter(code="HV-RANGE").exists()


@pytest.mark.parametrize(
    ("graduation", "accepted"),
    [(ranges.LAST_DAY, True), (ranges.LAST_DAY + DAY, False)],
)
def test_a_planned_graduation_is_at_most_2100(cell_a, graduation, accepted):
    if accepted:
        PersonFactory(cell=cell_a, expected_graduation_date=graduation)
        return
    with pytest.raises(ValidationError) as error:
        PersonFactory(cell=cell_a, expected_graduation_date=graduation)
    assert "31/12/2100" in messages(error.value, "expected_graduation_date")


@pytest.mark.parametrize(
    ("day", "accepted"),
    [(TODAY, True), (TODAY + DAY, False), (datetime.date(2099, 6, 1), False)],
)
def test_an_evaluation_is_dated_today_at_the_latest(cell_a, secretary_a, day, accepted):
    candidate = advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    if accepted:
        evaluation_record(person=candidate, user=secretary_a, date=day, **GRADES)
        return
    with pytest.raises(ValidationError) as error:
        evaluation_record(person=candidate, user=secretary_a, date=day, **GRADES)
    assert "đến hôm nay" in messages(error.value, "date")


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("01/01/0001", "không được trước ngày vào chi bộ"),
        ("31/12/9999", "Ngày phải từ 01/01/1930 đến 31/12/2100."),
    ],
)
def test_a_move_date_out_of_range_is_a_form_error(client_for, clerk, cell_a, on, message):
    person = PersonFactory(cell=cell_a)
    other = PartyCellFactory(battalion=cell_a.battalion)
    response = post_shown(
        client_for(clerk),
        reverse("members:person_move", args=[person.pk]),
        {"cell": other.pk, "on": on},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["on"])
    person.refresh_from_db()
    assert person.cell == cell_a


def test_a_move_on_the_last_day_of_2100_is_accepted(cell_a):
    person = PersonFactory(cell=cell_a)
    other = PartyCellFactory(battalion=cell_a.battalion)
    moved = person_move(person=person, cell=other, on=ranges.LAST_DAY, seen_version=BY_CODE)
    assert moved.cell == other


# --- years -----------------------------------------------------------------------------


@pytest.fixture
def member(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    assert person.party_status == PartyStatus.PROBATIONARY
    return person


@pytest.mark.parametrize(
    ("year", "accepted"),
    [
        (ranges.FIRST_YEAR, True),
        (ranges.FIRST_YEAR - 1, False),
        (TODAY.year, True),
        (TODAY.year + 1, False),
        (0, False),
        (32768, False),
        (99999, False),
    ],
)
def test_a_rating_year_is_from_1930_to_this_year(client_for, clerk, member, year, accepted):
    url = reverse("members:cell_ratings", args=[member.cell_id]) + f"?nam={year}"
    client = client_for(clerk)
    if accepted:
        post_shown(client, url, {f"p{member.pk}-rating": QualityRating.GOOD})
    else:
        errors = client.get(url).context["year_form"].errors["nam"]
        assert errors == [f"Năm phải từ 1930 đến {TODAY.year}."]
    assert YearlyRating.objects.filter(person=member, year=year).exists() is accepted


def test_a_rating_year_past_the_range_is_refused_by_the_service(member):
    with pytest.raises(ValidationError) as error:
        rating_record(person=member, year=TODAY.year + 1, rating=QualityRating.GOOD)
    assert "Năm phải từ 1930" in messages(error.value, "year")


# --- texts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "accepted"),
    [(ranges.NOTE_LENGTH, True), (ranges.NOTE_LENGTH + 1, False), (2 * 1024 * 1024, False)],
)
def test_an_evaluation_comment_is_at_most_2000_characters(
    client_for, secretary_a, cell_a, length, accepted
):
    candidate = advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    url = reverse("members:evaluation_create", args=[candidate.pk])
    data = {"date": TODAY.strftime("%d/%m/%Y"), "comment": "x" * length, **GRADES}
    response = post_shown(client_for(secretary_a), url, data)
    assert Evaluation.objects.filter(person=candidate).exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert "2000" in " ".join(response.context["form"].errors["comment"])


# --- counts ----------------------------------------------------------------------------


@pytest.fixture
def rollout(cell_a):
    resolution = make_resolution(cell_a.battalion, year=2018, quarter=2)
    rollout = resolution.rollouts.get(cell=cell_a)
    return rollout_record(
        rollout=rollout,
        received_on=datetime.date(2018, 4, 2),
        discussed_on=datetime.date(2018, 4, 5),
        seen_version=BY_CODE,
    )


def report(rollout, **counts) -> CellRollout:
    return rollout_report(
        rollout=rollout,
        reported_on=datetime.date(2018, 6, 30),
        report_text="Đã làm.",
        seen_version=BY_CODE,
        **counts,
    )


@pytest.mark.parametrize(
    ("reached", "registered", "accepted"),
    [
        (ranges.MAX_COUNT, ranges.MAX_COUNT, True),
        (5, 5, True),
        (5, 6, False),
        (ranges.MAX_COUNT + 1, 0, False),
        (5, 99_999_999, False),
    ],
)
def test_a_report_counts_at_most_999_and_no_more_registered_than_reached(
    rollout, reached, registered, accepted
):
    if accepted:
        report(rollout, cadets_reached=reached, cadets_registered=registered)
        return
    with pytest.raises(ValidationError) as error:
        report(rollout, cadets_reached=reached, cadets_registered=registered)
    assert any("999" in text or "không được lớn hơn" in text for text in error.value.messages)
    rollout.refresh_from_db()
    assert rollout.reported_on is None


def test_the_report_page_refuses_99999999_registered_for_5_reached(
    client_for, secretary_a, rollout
):
    url = reverse("resolutions:report", args=[rollout.pk])
    data = {
        "reported_on": "30/06/2018",
        "report_text": "Đã làm.",
        "cadets_reached": "5",
        "cadets_registered": "99999999",
    }
    client = client_for(secretary_a)
    response = post_shown(client, url, data)
    assert response.status_code == 200
    assert "999" in " ".join(response.context["form"].errors["cadets_registered"])
    data["cadets_registered"] = "6"
    response = post_shown(client, url, data)
    assert "không được lớn hơn" in response.content.decode()
    rollout.refresh_from_db()
    assert rollout.reported_on is None


# --- the database --------------------------------------------------------------------


def _refused_by_the_database(queryset, **values) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


def test_the_database_refuses_what_gets_past_the_forms(cell_a, secretary_a, member):
    people = Person.objects.filter(pk=member.pk)
    _refused_by_the_database(people, date_of_birth=datetime.date(1, 1, 1))
    _refused_by_the_database(people, expected_graduation_date=datetime.date(9999, 12, 31))
    ratings = YearlyRating.objects.filter(
        pk=rating_record(person=member, year=2020, rating=QualityRating.GOOD).pk
    )
    _refused_by_the_database(ratings, year=0)
    _refused_by_the_database(ratings, year=32767)
    vote = AdmissionStep.objects.filter(person=member, kind=StepKind.CELL_VOTE)
    _refused_by_the_database(vote, votes_present=10, votes_eligible=9)
    _refused_by_the_database(vote, votes_for=8, votes_against=1, votes_present=8)
    _refused_by_the_database(vote, votes_eligible=ranges.MAX_COUNT + 1)
    _refused_by_the_database(vote, notes="x" * (ranges.NOTE_LENGTH + 1))
    candidate = advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    evaluation = evaluation_record(person=candidate, user=secretary_a, date=TODAY, **GRADES)
    evaluations = Evaluation.objects.filter(pk=evaluation.pk)
    _refused_by_the_database(evaluations, comment="x" * (ranges.NOTE_LENGTH + 1))
    _refused_by_the_database(evaluations, date=datetime.date(2101, 1, 1))


def test_the_database_refuses_a_report_with_more_registered_than_reached(rollout):
    rollouts = CellRollout.objects.filter(pk=rollout.pk)
    _refused_by_the_database(rollouts, cadets_reached=5, cadets_registered=99)
    _refused_by_the_database(rollouts, plan="x" * (ranges.DOCUMENT_LENGTH + 1))
    rollouts.update(cadets_reached=5, cadets_registered=5)


# --- the models' validation compares the range in Python, as the database would -------------


def _range_checks():
    from django.apps import apps

    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, ranges.RangeCheck):
                yield pytest.param(model, constraint, id=constraint.name)


def _around_the_bounds(check: ranges.RangeCheck) -> list:
    if check.measure is len:
        return ["", "x" * check.high, "x" * (check.high + 1)]
    step = DAY if isinstance(check.low, datetime.date) else 1
    return [None, check.low - step, check.low, check.high, check.high + step]


@pytest.mark.parametrize(("model", "check"), list(_range_checks()))
def test_each_range_check_judges_in_python_as_the_database_does(db, model, check):
    """Python's verdict at and just past each bound equals the query Django would have run."""
    for value in _around_the_bounds(check):
        instance = model(**{check.field: value})
        verdicts = []
        for validate in (check.validate, super(ranges.RangeCheck, check).validate):
            try:
                validate(model, instance)
                verdicts.append(True)
            except ValidationError:
                verdicts.append(False)
        assert verdicts[0] == verdicts[1], (check.name, value, verdicts)
        measured = len(value) if check.measure else value
        assert verdicts[0] == (value is None or check.low <= measured <= check.high)


def test_range_checks_cover_every_bounded_model(db):
    """Each app's bounded dates, counts and texts go through RangeCheck (no plain query)."""
    checked = {check.values[1].name for check in _range_checks()}
    assert {"members_person_date_of_birth_range", "members_admissionstep_notes_length"} <= checked
    assert len(checked) >= 20


def test_validating_a_cadet_asks_the_database_nothing(cell_a, django_assert_num_queries):
    """Five range checks on a cadet were five queries on every save (ten with the form's)."""
    person = PersonFactory(cell=cell_a)
    with django_assert_num_queries(0):
        person.validate_constraints()
    person.date_of_birth = ranges.FIRST_DAY - DAY
    with django_assert_num_queries(0), pytest.raises(ValidationError):
        person.validate_constraints()


def test_a_value_not_yet_converted_is_judged_by_the_database(cell_a):
    person = PersonFactory(cell=cell_a)
    person.date_of_birth = datetime.datetime(2000, 1, 1, 12, 0)  # noqa: DTZ001 - a raw value
    check = next(c for c in Person._meta.constraints if c.field == "date_of_birth")
    check.validate(Person, person)  # no TypeError: the database's query decides
