"""A synthetic academy of N cadets for measuring the product at scale (`seed_scale`).

Speed matters more than the audit trail here: a million cadets make some twenty million rows,
written in bulk without the services or history. The cadets are not planned one by one: up to
PLANS ways through the academy are planned here, with the rules' own functions (steps in order
and within their deadlines, derived fields from members.derived, name keys from members.names,
stage days), and the database stamps them onto the cadets, each with an identity, a cell and a
decision number of its own (`demodata.synthetic_cadets`). Introducers and helpers are official
members of the cell; at most 20% "xuất sắc" of "tốt" per cell and year, as members.ratings caps
them. Everything lives under its own academy and codes (prefix SX), apart from the demo data.
"""

import datetime
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from core.workdays import add_months
from demodata.people import ETHNICITIES, RELIGIONS
from members import derived
from members.choices import (
    PROCEDURE,
    AssignmentKind,
    EducationLevel,
    ExitGround,
    Gender,
    Grade,
    PersonKind,
    Programme,
    QualityRating,
    StepKind,
    StudyStatus,
)
from members.derived import stage_days
from members.models import (
    VOTE_COLUMNS,
    AdmissionStep,
    Assignment,
    BattalionCohortTally,
    BattalionRatingTally,
    BattalionStepTally,
    CellMembership,
    CohortTally,
    Evaluation,
    Person,
    RatingTally,
    StepTally,
    StoredPlan,
    YearlyRating,
)
from members.names import name_keys
from members.ratings import excellent_allowed
from members.rules import get_rules
from members.stored_plans import forget_cells_plans
from members.tallies import rebuild_all
from spreadsheets.bulk import default_row, model_row, store_rows
from units.models import Academy, Battalion, PartyCell, PlanEpoch

from .stamping import drop_temp_tables, reserve_ids
from .synthetic_cadets import POOL, load, stamp

ACADEMY_CODE = "SX-HV"
CODE_PREFIX = "SX"
CADETS_PER_BATTALION = 5000
CELLS_PER_BATTALION = 6
CADRES_PER_CELL = 3
PROGRAMME_YEARS = 5
BATCH = 2000
# Cadets drawn at a time.
CHUNK = 50_000
# The most plans the cadets share: a million cadets over 25 enrolment years are 40,000 a year on
# 800 ways through; their spread of dates, stages and durations is the same as one plan each.
PLANS = 20_000

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Đình", "Ngọc", "Thế"]
GIVEN = ["An", "Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải", "Hiếu"]
GIVEN += ["Hoài", "Hùng", "Huy", "Khánh", "Khoa", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa"]
GIVEN += ["Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh"]
HOMETOWNS = ["Hà Nội", "Nam Định", "Thái Bình", "Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Hải Dương"]
HOMETOWNS += ["Bắc Ninh", "Quảng Bình", "Huế", "Đà Nẵng", "Bình Định", "Đồng Nai", "Cần Thơ"]
NAMES = [f"{family} {middle} {given}" for family in FAMILY for middle in MIDDLE for given in GIVEN]
GENDERS = [Gender.MALE.value, Gender.FEMALE.value]
BIRTHDAYS = [f"{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, 29)]
# The helper a step names: a member helps the candidate from listing, the new member from the
# ceremony.
HELPS = {
    StepKind.LISTED: AssignmentKind.HELP_CANDIDATE.value,
    StepKind.CEREMONY: AssignmentKind.MENTOR_NEW_MEMBER.value,
}

# Days from one step to the next (inclusive ranges); deadlines in working days are never
# exceeded: 84 calendar days always hold 60 working days, 42 hold 30.
GAPS = {
    StepKind.AWARENESS_COURSE: (20, 150),
    StepKind.APPLICATION: (10, 90),
    StepKind.BACKGROUND_CHECK: (15, 60),
    StepKind.INTRODUCTION: (20, 120),
    StepKind.OPINION_SUMMARY: (5, 30),
    StepKind.CELL_VOTE: (5, 30),
    StepKind.COMMITTEE_VOTE: (3, 20),  # with the decision: at most 80 days
    StepKind.DECISION: (10, 60),
    StepKind.CEREMONY: (5, 40),
    StepKind.NEW_MEMBER_COURSE: (20, 150),  # within probation, before the conversion vote
    StepKind.CONVERSION_COMMITTEE: (3, 15),  # with the decision: at most 40 days
    StepKind.CONVERSION_DECISION: (3, 25),
}
GRADE_WEIGHTS = {Grade.GOOD: 45, Grade.FAIR: 40, Grade.AVERAGE: 12, Grade.WEAK: 3}
RATING_WEIGHTS = {
    QualityRating.EXCELLENT: 10,
    QualityRating.GOOD: 60,
    QualityRating.COMPLETED: 27,
    QualityRating.NOT_COMPLETED: 3,
}


@dataclass
class PlannedStep:
    kind: StepKind
    date: datetime.date
    deadline_extended: bool = False
    details: dict = field(default_factory=dict)


@dataclass
class Summary:
    battalions: int = 0
    cells: int = 0
    people: int = 0
    rows: Counter = field(default_factory=Counter)


def _day(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def synthetic_exists() -> bool:
    return Academy.objects.filter(code=ACADEMY_CODE).exists()


def synthetic_cadets() -> int:
    return Person.objects.filter(
        kind=PersonKind.CADET, cell__battalion__academy__code=ACADEMY_CODE
    ).count()


def delete_synthetic() -> None:
    """Remove the synthetic academy with raw deletes (no per-row signals or history)."""
    academy = Academy.objects.filter(code=ACADEMY_CODE).first()
    if academy is None:
        return
    cells = list(PartyCell.objects.filter(battalion__academy=academy).values_list("pk", flat=True))
    people = Person.objects.filter(cell_id__in=cells).values("pk")
    steps = AdmissionStep.objects.filter(person__in=people).values("pk")
    with transaction.atomic():
        # Accounts scoped to the synthetic units (the benchmark's) lose that scope.
        User = get_user_model()
        User.objects.filter(cell_id__in=cells).update(cell=None)
        User.objects.filter(battalion__academy=academy).update(battalion=None)
        AdmissionStep.introducers.through.objects.filter(admissionstep_id__in=steps)._raw_delete(
            connection.alias
        )
        for queryset in (
            Assignment.objects.filter(mentee__in=people),
            Evaluation.objects.filter(person__in=people),
            YearlyRating.objects.filter(person__in=people),
            AdmissionStep.objects.filter(person__in=people),
            StepTally.objects.filter(cell_id__in=cells),
            RatingTally.objects.filter(cell_id__in=cells),
            CohortTally.objects.filter(cell_id__in=cells),
            BattalionStepTally.objects.filter(battalion__academy=academy),
            BattalionRatingTally.objects.filter(battalion__academy=academy),
            BattalionCohortTally.objects.filter(battalion__academy=academy),
            StoredPlan.objects.filter(person__in=people),
            PlanEpoch.objects.filter(battalion__academy=academy),
            CellMembership.objects.filter(person__in=people),
            *_resolution_querysets(cells),
            Person.objects.filter(cell_id__in=cells),
            PartyCell.objects.filter(pk__in=cells),
            Battalion.objects.filter(academy=academy),
            Academy.objects.filter(pk=academy.pk),
        ):
            queryset._raw_delete(connection.alias)


def _resolution_querysets(cells) -> list:
    if not apps.is_installed("resolutions"):
        return []
    from resolutions.models import AreaTarget, CellRollout, CellTarget, Resolution

    resolutions = Resolution.objects.filter(battalion__cells__in=cells).values("pk")
    return [
        AreaTarget.objects.filter(resolution__in=resolutions),
        CellTarget.objects.filter(cell_id__in=cells),
        CellRollout.objects.filter(cell_id__in=cells),
        Resolution.objects.filter(pk__in=resolutions),
    ]


# The tables `AcademyGenerator.write` fills.
LOADED = (
    Person,
    CellMembership,
    AdmissionStep,
    AdmissionStep.introducers.through,
    Assignment,
    Evaluation,
    YearlyRating,
)


@contextmanager
def bulk_load(models) -> Iterator[None]:
    """Load `models`' tables as PostgreSQL's manual advises for populating a database: without
    their foreign keys and plain indexes, which are put back once the rows are in.

    A million cadets make some twenty million rows; checked one by one at commit and inserted
    into every index row by row, they cost most of the time, where rebuilding an index is one
    sort and adding a foreign key back is one query that checks every row. Unique indexes and
    the primary keys stay, so a duplicate is still refused at once. Inside the caller's
    transaction: a failure puts everything back as it was.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid::regclass::text = ANY(%s) AND NOT indisunique AND NOT indisprimary",
            [tables],
        )
        indexes = cursor.fetchall()
        # Rows written earlier in the transaction are checked now: a table with checks pending
        # cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The loads join a million cadets with their plans and number ratings by cell in one
        # sort each: in memory rather than in batches on disk.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for table in tables:
            # The checks of the keys below and the tallies after them are planned on the
            # loaded sizes, not on the empty tables the statistics last saw.
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


@dataclass
class Profile:
    """One way through the academy (enrolment year, programme, how it ended, the admission
    steps), shared by the cadets stamped from it."""

    number: int
    enrolment_year: int
    programme: str
    status: str
    end: datetime.date
    plan: list[PlannedStep]

    @property
    def cohort(self) -> str:
        return f"SK{self.enrolment_year - 1965}"


class AcademyGenerator:
    """Builds the academy cohort by cohort; `run()` writes it and returns what it wrote."""

    def __init__(self, cadets: int, *, seed: int = 2015, today: datetime.date | None = None):
        self.cadets = cadets
        self.rng = random.Random(seed)
        # The lý lịch's own generator: the rest of the data stays what the seed made it.
        self.profile_rng = random.Random(seed + 1)
        self.today = today or timezone.localdate()
        self.rules = get_rules()
        # Enough years that each yearly cohort stays a plausible size.
        self.years = max(6, min(25, round(math.sqrt(cadets) / 12)))
        newest = (
            self.today.year
            if self.today >= datetime.date(self.today.year, 9, 1)
            else (self.today.year - 1)
        )
        self.first_year = newest - self.years + 1
        self.summary = Summary()

    # --- organisation -------------------------------------------------------------------

    def _units(self) -> list[PartyCell]:
        academy = Academy.objects.create(code=ACADEMY_CODE, name="Học viện (dữ liệu tổng hợp)")
        count = max(1, round(self.cadets / CADETS_PER_BATTALION))
        battalions = Battalion.objects.bulk_create(
            Battalion(
                academy=academy,
                code=f"SX-TD{number:02d}",
                name=f"Tiểu đoàn {number} (tổng hợp)",
                committee_name=f"Đảng ủy Tiểu đoàn {number} (tổng hợp)",
            )
            for number in range(1, count + 1)
        )
        cells = PartyCell.objects.bulk_create(
            PartyCell(battalion=battalion, code=f"C{number}", name=f"Chi bộ Đại đội {number}")
            for battalion in battalions
            for number in range(1, CELLS_PER_BATTALION + 1)
        )
        self.summary.battalions, self.summary.cells = len(battalions), len(cells)
        return cells

    def _cadres(self, cells: list[PartyCell]) -> dict[int, list[Person]]:
        """Official members who help, introduce and mentor in each cell."""
        people, plans = [], []
        rng = self.rng
        for index, cell in enumerate(cells):
            for offset in range(CADRES_PER_CELL):
                decision = datetime.date(self.first_year - 12 + (index + offset) % 8, 3, 10)
                person = Person(
                    code=f"{CODE_PREFIX}CB{index * CADRES_PER_CELL + offset + 1:05d}",
                    full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    cell=cell,
                    gender=Gender.MALE if rng.random() < 0.92 else Gender.FEMALE,
                    hometown=rng.choice(HOMETOWNS),
                    ethnicity=self.profile_rng.choice(ETHNICITIES),
                    religion=self.profile_rng.choice(RELIGIONS),
                    kind=PersonKind.CADRE,
                    date_of_birth=datetime.date(decision.year - 25, 6, 15),
                    education_level=EducationLevel.UNIVERSITY,
                    position="Chính trị viên đại đội" if offset == 0 else "Cán bộ đại đội",
                )
                plan = [
                    PlannedStep(StepKind.DECISION, decision),
                    PlannedStep(StepKind.CEREMONY, decision + datetime.timedelta(days=20)),
                    PlannedStep(
                        StepKind.CONVERSION_DECISION,
                        add_months(decision + datetime.timedelta(days=20), 12),
                    ),
                ]
                people.append(person)
                plans.append(plan)
        self.write(people, plans, historical=True)
        by_cell = defaultdict(list)
        for person in people:
            by_cell[person.cell_id].append(person)
        return by_cell

    # --- the cadets' plans --------------------------------------------------------------

    def _profiles(self) -> list[Profile]:
        """The plans the cadets are stamped from: one per cadet up to PLANS cadets, beyond that
        PLANS shared ones, spread evenly over the enrolment years (each year's cadets share
        PLANS / years ways through, a cell's cadets of a year mostly different ones)."""
        return [
            self._profile(number, self.first_year + number % self.years)
            for number in range(min(self.cadets, PLANS))
        ]

    def _profile(self, number: int, enrolment_year: int) -> Profile:
        rng = self.rng
        enrolment = datetime.date(enrolment_year, 9, 1)
        graduation = datetime.date(enrolment_year + PROGRAMME_YEARS, 7, 1)
        programme = (
            Programme.PLATOON_OFFICER_UNIVERSITY if rng.random() < 0.8 else Programme.ENGINEER_CIVIL
        )
        status, end = StudyStatus.STUDYING, self.today
        if rng.random() < 0.02:
            left = enrolment + datetime.timedelta(days=rng.randint(200, 1500))
            if left < self.today:
                status, end = StudyStatus.WITHDRAWN, left
        if status == StudyStatus.STUDYING and graduation < self.today:
            status, end = StudyStatus.GRADUATED, graduation
        plan = self._cadet_plan(enrolment, end, programme)
        return Profile(number, enrolment_year, programme, status, end, plan)

    def _cadet_plan(self, enrolment: datetime.date, end: datetime.date, programme) -> list:
        """The steps a cadet went through, cut at `end` (today, graduation or withdrawal)."""
        rng = self.rng
        aims_for_party = rng.random() < (
            0.97 if programme == Programme.PLATOON_OFFICER_UNIVERSITY else 0.75
        )
        if not aims_for_party:
            return []
        # Some candidates stop at an early stage and are never admitted.
        stop_after = None
        if rng.random() < 0.05:
            stop_after = rng.choice(
                [
                    StepKind.LISTED,
                    StepKind.AWARENESS_COURSE,
                    StepKind.APPLICATION,
                    StepKind.BACKGROUND_CHECK,
                ]
            )
        day = enrolment + datetime.timedelta(days=rng.randint(400, 1000))
        plan = []
        kinds = list(PROCEDURE)
        for kind in kinds:
            if kind == StepKind.CONVERSION_VOTE:
                ceremony = next(step.date for step in plan if step.kind == StepKind.CEREMONY)
                late = rng.random() < 0.05
                day = add_months(ceremony, self.rules.probation_months) + datetime.timedelta(
                    days=rng.randint(45, 120) if late else rng.randint(0, 40)
                )
                if rng.random() < 0.01:
                    kind = StepKind.STRUCK_OFF
            elif kind != StepKind.LISTED:
                low, high = GAPS[kind]
                day += datetime.timedelta(days=rng.randint(low, high))
            if day > end:
                break
            plan.append(PlannedStep(kind, day, details=self._details(kind)))
            if kind in (stop_after, StepKind.STRUCK_OFF):
                break
        return plan

    def _details(self, kind: StepKind) -> dict:
        """A step's own columns (the decision's number is the cadet's, see `_stamp`)."""
        if kind.has_vote:
            eligible = self.rng.randint(9, 24)
            needed = math.ceil(self.rules.vote_threshold * eligible)
            present = self.rng.randint(max(needed, eligible - 3), eligible)
            votes_for = self.rng.randint(needed, present)
            return {
                "votes_eligible": eligible,
                "votes_present": present,
                "votes_for": votes_for,
                "votes_against": present - votes_for,
            }
        if kind == StepKind.INTRODUCTION:
            return {"by_youth_union": True}
        if kind == StepKind.STRUCK_OFF:
            # A probationary member found unfit (Điều lệ Đảng, Điều 5, khoản 2).
            return {"exit_ground": ExitGround.PROBATION_UNFIT}
        return {}

    @staticmethod
    def _stay_end(status, by_kind, end) -> datetime.date | None:
        """As the services end it: on striking off, or when the cadet left the unit."""
        if StepKind.STRUCK_OFF in by_kind:
            return by_kind[StepKind.STRUCK_OFF].date
        return end if status != StudyStatus.STUDYING else None

    @staticmethod
    def _evaluation_days(by_kind, end) -> list[datetime.date]:
        """The cell evaluates a candidate every six months from listing until admission."""
        if StepKind.LISTED not in by_kind:
            return []
        decision = by_kind.get(StepKind.DECISION)
        until = min(decision.date, end) if decision else end
        day = by_kind[StepKind.LISTED].date + datetime.timedelta(days=150)
        days = []
        while day <= until:
            days.append(day)
            day += datetime.timedelta(days=182)
        return days

    @staticmethod
    def _rating_years(by_kind, end) -> list[int]:
        """Members are rated each December from the year of their ceremony until they leave."""
        if StepKind.CEREMONY not in by_kind:
            return []
        ceremony = by_kind[StepKind.CEREMONY].date
        until = min(
            end, by_kind[StepKind.STRUCK_OFF].date if StepKind.STRUCK_OFF in by_kind else end
        )
        return [
            year
            for year in range(ceremony.year, until.year + 1)
            if ceremony <= datetime.date(year, 12, 15) <= until
        ]

    # --- writing ------------------------------------------------------------------------

    def write(self, people, plans, *, historical=False) -> None:
        """Write `people` (unsaved) with their planned steps and their stay in the cell,
        deriving what the services derive: name keys, status, stage, due date, stage days (the
        tallies are rebuilt by `run`). The cadres' way; the cadets are stamped (`_stamp`)."""
        for person, plan in zip(people, plans, strict=True):
            person.set_name_keys()
            steps = {step.kind: step for step in plan}
            for name, value in derived.person_fields(steps, self.rules).items():
                setattr(person, name, value)
        ids = store_rows(Person, [model_row(person) for person in people])
        for person, pk in zip(people, ids, strict=True):
            person.pk = pk
        blank = {model: default_row(model) for model in (AdmissionStep, CellMembership)}
        recorded_at = timezone.now()
        memberships, steps = [], []
        for person, plan in zip(people, plans, strict=True):
            by_kind = {planned.kind: planned for planned in plan}
            memberships.append(
                {
                    **blank[CellMembership],
                    "person_id": person.pk,
                    "cell_id": person.cell_id,
                    "start_date": person.enrolment_date
                    or datetime.date(plan[0].date.year - 2, 1, 1),
                    "end_date": self._stay_end(person.study_status, by_kind, None),
                }
            )
            steps += [
                {
                    **blank[AdmissionStep],
                    "person_id": person.pk,
                    "cell_id": person.cell_id,
                    "kind": planned.kind.value,
                    "date": planned.date,
                    "form_code": planned.kind.default_form,
                    "is_historical": historical,
                    "stage_days": stage_days(by_kind, planned.kind),
                    "recorded_at": recorded_at,
                    **planned.details,
                }
                for planned in plan
            ]
        store_rows(CellMembership, memberships)
        store_rows(AdmissionStep, steps)
        self.summary.rows["people"] += len(people)
        self.summary.rows["steps"] += len(steps)

    def _stamp(self, cells: list[PartyCell], cadres: dict[int, list[Person]]) -> None:
        """The cadets: their plans and one short row each go into temporary tables, and the
        database joins them into people, stays, steps, introducers, helpers, evaluations and
        ratings (`demodata.synthetic_cadets`)."""
        profiles = self._profiles()
        plans = [self._plan_rows(profile) for profile in profiles]
        grades, grade_weights = list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values())
        ratings, rating_weights = list(RATING_WEIGHTS), list(RATING_WEIGHTS.values())
        tables = [
            load("sx_profile", (rows[0] for rows in plans)),
            load("sx_step", (row for rows in plans for row in rows[1])),
            load("sx_evaluation", (row for rows in plans for row in rows[2])),
            load("sx_rating", (row for rows in plans for row in rows[3])),
            load(
                "sx_grade",
                (
                    (k, *(grade.value for grade in self.rng.choices(grades, grade_weights, k=3)))
                    for k in range(POOL)
                ),
            ),
            load(
                "sx_quality",
                enumerate(r.value for r in self.rng.choices(ratings, rating_weights, k=POOL)),
            ),
            load("sx_name", ((k, name, *name_keys(name)) for k, name in enumerate(NAMES))),
            load(
                "sx_cadre",
                (
                    (cell, helpers[0].pk, helpers[1].pk if len(helpers) > 1 else None)
                    for cell, helpers in cadres.items()
                ),
            ),
            load("sx_cadet", self._cadet_rows(profiles, cells)),
        ]
        self.summary.rows.update(stamp(recorded_at=timezone.now(), demoted=self._demoted))
        drop_temp_tables(tables)

    def _plan_rows(self, profile: Profile) -> tuple:
        """A plan's rows of sx_profile, sx_step, sx_evaluation and sx_rating, everything
        derived from its steps as the services derive it."""
        by_kind = {step.kind: step for step in profile.plan}
        fields = derived.person_fields(by_kind, self.rules)
        year = profile.enrolment_year
        number = profile.number
        person = (
            number,
            profile.cohort,
            str(profile.programme),
            _day(datetime.date(year, 9, 1)),
            _day(datetime.date(year + PROGRAMME_YEARS, 7, 1)),
            str(profile.status),
            _day(datetime.date(year - 3, 3, 26)),
            _day(self._stay_end(profile.status, by_kind, profile.end)),
            str(fields["party_status"]),
            str(fields["stage"]),
            _day(fields["stage_date"]),
            str(fields["next_step"]),
            _day(fields["next_due_date"]),
            fields["admission_cycle"],
            _day(fields["course_date"]),
        )
        steps = [
            (
                number,
                planned.kind.value,
                _day(planned.date),
                planned.kind.default_form,
                *(planned.details.get(name) for name in VOTE_COLUMNS),
                planned.details.get("by_youth_union", False),
                str(planned.details.get("exit_ground", "")),
                stage_days(by_kind, planned.kind),
                HELPS.get(planned.kind),
            )
            for planned in profile.plan
        ]
        evaluations = [
            (number, seq, _day(day))
            for seq, day in enumerate(self._evaluation_days(by_kind, profile.end))
        ]
        ratings = [(number, year) for year in self._rating_years(by_kind, profile.end)]
        return person, steps, evaluations, ratings

    def _cadet_rows(self, profiles: list[Profile], cells: list[PartyCell]) -> Iterator[tuple]:
        """sx_cadet's rows: each cadet's number, code, plan, cell and identity, drawn a column
        at a time."""
        rng, cell_ids = self.rng, [cell.pk for cell in cells]
        for start in range(0, self.cadets, CHUNK):
            count = min(CHUNK, self.cadets - start)
            numbers = range(start + 1, start + count + 1)
            plans = rng.choices(profiles, k=count)
            born = [
                f"{plan.enrolment_year - 18}-{day}"
                for plan, day in zip(plans, rng.choices(BIRTHDAYS, k=count), strict=True)
            ]
            yield from zip(
                reserve_ids(Person, count),
                numbers,
                [f"{CODE_PREFIX}{number:07d}" for number in numbers],
                [plan.number for plan in plans],
                rng.choices(cell_ids, k=count),
                rng.choices(range(len(NAMES)), k=count),
                rng.choices(GENDERS, cum_weights=(92, 100), k=count),
                rng.choices(HOMETOWNS, k=count),
                self.profile_rng.choices(ETHNICITIES, k=count),
                self.profile_rng.choices(RELIGIONS, k=count),
                born,
                strict=True,
            )

    def _demoted(self, excellent: int, good: int) -> int:
        """How many of a cell's "xuất sắc" of a year become "tốt" under the cap of
        members.ratings; demoting one both lowers the excellent count and raises the good."""
        demoted = 0
        while excellent - demoted > excellent_allowed(good + demoted, self.rules):
            demoted += 1
        return demoted

    def _resolutions(self, cells: list[PartyCell]) -> None:
        """A resolution per battalion and quarter, with each cell's admission target."""
        if not apps.is_installed("resolutions"):
            return
        from resolutions.models import CellTarget, Resolution
        from resolutions.services import resolutions_count_targets

        by_battalion = defaultdict(list)
        for cell in cells:
            by_battalion[cell.battalion_id].append(cell)
        per_cell_quarter = self.cadets / max(len(cells), 1) / self.years / 4
        resolutions, targets = [], []
        for battalion_id, battalion_cells in by_battalion.items():
            for year in range(self.first_year, self.today.year + 1):
                for quarter in range(1, 5):
                    signed_on = datetime.date(year, 3 * quarter - 2, 5)
                    if signed_on > self.today:
                        break
                    resolution = Resolution(
                        battalion_id=battalion_id,
                        number=f"{quarter}-NQ/ĐU",
                        year=year,
                        quarter=quarter,
                        signed_on=signed_on,
                        title=f"Nghị quyết lãnh đạo công tác phát triển đảng viên quý {quarter}",
                    )
                    resolutions.append(resolution)
                    targets += [
                        CellTarget(
                            resolution=resolution,
                            cell_id=cell.pk,
                            candidates=round(per_cell_quarter * 1.1),
                            admissions=max(1, round(per_cell_quarter * self.rng.uniform(0.8, 1.1))),
                            conversions=round(per_cell_quarter * 0.9),
                        )
                        for cell in battalion_cells
                    ]
        Resolution.objects.bulk_create(resolutions, batch_size=BATCH)
        for target in targets:
            target.resolution_id = target.resolution.pk
        CellTarget.objects.bulk_create(targets, batch_size=BATCH)
        # The sum each resolution keeps, as the service counts it after writing targets.
        resolutions_count_targets([resolution.pk for resolution in resolutions])
        self.summary.rows["resolutions"] += len(resolutions)
        self.summary.rows["cell targets"] += len(targets)

    @transaction.atomic
    def run(self) -> Summary:
        cells = self._units()
        with bulk_load(LOADED):
            cadres = self._cadres(cells)
            self._stamp(cells, cadres)
        self._resolutions(cells)
        rebuild_all([cell.pk for cell in cells])
        # Written in bulk, past the services: the plans stored for these battalions, if any.
        forget_cells_plans([cell.pk for cell in cells])
        self.summary.people = self.summary.rows["people"]
        return self.summary
