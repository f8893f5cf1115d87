import factory

from accounts.models import Role, User
from units.models import Academy, Battalion, PartyCell

PASSWORD = "pw-test-123456"


class AcademyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academy
        django_get_or_create = ("code",)

    code = "HV"
    name = "Học viện Kỹ thuật Quân sự"


class BattalionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Battalion

    academy = factory.SubFactory(AcademyFactory)
    code = factory.Sequence(lambda n: f"TD{n + 1}")
    name = factory.LazyAttribute(lambda o: f"Tiểu đoàn {o.code[2:]}")
    committee_name = factory.LazyAttribute(lambda o: f"Đảng ủy {o.name}")
    committee_members = 9


class PartyCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCell

    battalion = factory.SubFactory(BattalionFactory)
    code = factory.Sequence(lambda n: f"C{n + 1}")
    name = factory.LazyAttribute(lambda o: f"Chi bộ {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Nguyễn Văn"
    first_name = factory.Sequence(lambda n: f"Người {n}")
    role = ""
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role: Role | str = "", **kwargs) -> User:
    return UserFactory(role=role, **kwargs)


# --- People and the admission pipeline ---------------------------------------------------

import datetime  # noqa: E402

from core.workdays import add_months  # noqa: E402
from members.choices import PROCEDURE, ExitGround, Gender, PersonKind, StepKind  # noqa: E402
from members.derived import steps_by_kind  # noqa: E402
from members.models import Person  # noqa: E402
from members.pipeline import is_youth_union_member  # noqa: E402
from members.rules import get_rules  # noqa: E402
from members.selectors import official_member_count  # noqa: E402
from members.services import person_create, step_record  # noqa: E402

GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hoài", "Hùng", "Long", "Minh"]
FAMILY_NAMES = ["Nguyễn Văn", "Trần Đức", "Lê Minh", "Phạm Quang", "Hoàng Văn", "Đặng Văn"]


class PersonFactory(factory.django.DjangoModelFactory):
    """A cadet created through the service, so their stay in the cell is recorded too."""

    class Meta:
        model = Person

    kind = PersonKind.CADET
    code = factory.Sequence(lambda n: f"HV{n + 1:05d}")
    full_name = factory.Sequence(
        lambda n: f"{FAMILY_NAMES[n % len(FAMILY_NAMES)]} {GIVEN_NAMES[n % len(GIVEN_NAMES)]}"
    )
    date_of_birth = datetime.date(1998, 5, 10)
    gender = Gender.MALE
    cohort = "K50"
    enrolment_date = datetime.date(2016, 9, 1)
    expected_graduation_date = datetime.date(2021, 7, 1)
    cell = factory.SubFactory(PartyCellFactory)

    @classmethod
    def _create(cls, model_class, *args, cell, **kwargs):
        joined_on = kwargs.pop("joined_on", None)
        return person_create(cell=cell, joined_on=joined_on, **kwargs)


def make_official_member(cell, *, since=datetime.date(2010, 1, 15), **kwargs) -> Person:
    """A cadre who has been an official member of `cell` since well before the tests' dates."""
    person = PersonFactory(
        cell=cell,
        kind=PersonKind.CADRE,
        date_of_birth=datetime.date(1980, 3, 3),
        enrolment_date=None,
        expected_graduation_date=None,
        joined_on=since - datetime.timedelta(days=400),
        **kwargs,
    )
    decision = since - datetime.timedelta(days=400)
    for kind, day in (
        (StepKind.DECISION, decision),
        (StepKind.CEREMONY, decision + datetime.timedelta(days=10)),
        (StepKind.CONVERSION_DECISION, since),
    ):
        step_record(person=person, kind=kind, date=day, is_historical=True)
    person.refresh_from_db()
    return person


def votes_on_record(cell, day, *, against: int = 0, absent: int = 0) -> dict:
    """Vote figures measured against the records' count of the cell's official members."""
    eligible = official_member_count(cell, day)
    present = eligible - absent
    return {
        "votes_eligible": eligible,
        "votes_present": present,
        "votes_for": present - against,
        "votes_against": against,
    }


def committee_votes(battalion, *, against: int = 0) -> dict:
    """The grassroots committee's vote figures: all its members present."""
    members = battalion.committee_members or 9
    return {
        "votes_eligible": members,
        "votes_present": members,
        "votes_for": members - against,
        "votes_against": against,
    }


# A probationary member struck off as unfit (Điều lệ Đảng, Điều 5, khoản 2), by decision.
UNFIT = {"exit_ground": ExitGround.PROBATION_UNFIT, "document_number": "12-QĐ/ĐU"}


def advance(person: Person, to: StepKind, *, start=datetime.date(2018, 1, 10), user=None):
    """Record valid steps for `person` from the first one up to `to`, a few weeks apart."""
    introducers = [make_official_member(person.cell), make_official_member(person.cell)]
    day = start
    for kind in PROCEDURE[: PROCEDURE.index(to) + 1]:
        # The steps of the person's current admission cycle (a second one after re-admission).
        recorded = steps_by_kind(person.steps.all())
        if kind in recorded:
            continue
        if kind == StepKind.CONVERSION_VOTE:
            ceremony = recorded[StepKind.CEREMONY].date
            day = max(day, add_months(ceremony, 12))
        details = {}
        if kind == StepKind.INTRODUCTION and is_youth_union_member(person, day, get_rules()):
            # Charter Art. 4: a Youth Union member in youth age takes the Youth Union route.
            details.update(introducers=introducers[:1], by_youth_union=True)
        elif kind == StepKind.INTRODUCTION:
            details["introducers"] = introducers
        if kind.is_committee_vote:
            # The grassroots committee resolves on the day of the cell's resolution, so that
            # the later steps keep the dates they had before the committee's step existed.
            day -= datetime.timedelta(days=21)
            details.update(committee_votes(person.cell.battalion))
        elif kind.has_vote:
            details.update(votes_on_record(person.cell, day))
        step_record(person=person, kind=kind, date=day, user=user, **details)
        day += datetime.timedelta(days=21)
    person.refresh_from_db()
    return person


# --- Quarterly resolutions ---------------------------------------------------------------

from resolutions.quarters import quarter_bounds  # noqa: E402
from resolutions.services import CellGoal, resolution_issue  # noqa: E402


def make_resolution(battalion, *, year=2018, quarter=2, cell_goals=None, **fields):
    """A resolution issued through the service, so every cell of the battalion gets its roll-out.

    `cell_goals` maps a cell to its targets: {cell_a: {"admissions": 2}}.
    """
    values = {
        "number": f"{quarter}-NQ/ĐU",
        "signed_on": quarter_bounds(year, quarter)[0],
        "title": f"Phát triển đảng viên quý {quarter}/{year}",
        **fields,
    }
    goals = [CellGoal(cell_id=cell.pk, **goal) for cell, goal in (cell_goals or {}).items()]
    return resolution_issue(
        battalion=battalion, year=year, quarter=quarter, cell_goals=goals, **values
    )
