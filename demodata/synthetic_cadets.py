"""The synthetic academy's cadets, stamped by the database from their plans (`seed_scale`).

`synthetic.AcademyGenerator` decides everything a rule governs, per plan, with the rules' own
functions (dates, derived fields, stage days), and draws each cadet's identity; the tables below
carry that to the database, and `stamp` joins them into the product's tables. A cadet's decision
is numbered after the cadet; evaluation grades and yearly ratings are picked from pools drawn
with the generator's weights, by an index mixed from the cadet's number, so that cadets sharing
a plan are not graded alike.
"""

from collections import Counter
from collections.abc import Callable

from django.db import connection

from members.choices import PersonKind, QualityRating, StepKind
from members.models import (
    AdmissionStep,
    Assignment,
    CellMembership,
    Evaluation,
    Person,
    YearlyRating,
)

from .stamping import Param, insert_select, temp_table

# The temporary tables, in the order of the tuples the generator gives.
TABLES = {
    # One row per plan: what a cadet on it is, and the fields derived from its steps.
    "sx_profile": (
        "id bigint", "cohort varchar(20)", "programme varchar(20)", "enrolment date",
        "graduation date", "study_status varchar(10)", "youth_union date", "stay_end date",
        "party_status varchar(15)", "stage varchar(25)", "stage_date date",
        "next_step varchar(25)", "next_due_date date", "admission_cycle integer",
        "course_date date",
    ),
    # A plan's steps; `assignment` is the kind of helper the step names (or null).
    "sx_step": (
        "profile bigint", "kind varchar(25)", "date date", "form_code varchar(40)",
        "votes_eligible integer", "votes_present integer", "votes_for integer",
        "votes_against integer", "by_youth_union boolean", "exit_ground varchar(20)",
        "stage_days integer", "assignment varchar(20)",
    ),
    "sx_evaluation": ("profile bigint", "seq integer", "date date"),
    "sx_rating": ("profile bigint", "year integer"),
    # The pools of grades and ratings, drawn with the generator's weights.
    "sx_grade": ("k bigint", "study varchar(12)", "training varchar(12)", "movement varchar(12)"),
    "sx_quality": ("k bigint", "rating varchar(20)"),
    "sx_name": (
        "k bigint", "full_name varchar(120)", "sort_name varchar(400)", "search_text varchar(200)"
    ),
    # Each cell's helper (helps candidates and new members) and introducer.
    "sx_cadre": ("cell_id bigint", "helper bigint", "introducer bigint"),
    "sx_cadet": (
        "person_id bigint", "n bigint", "code varchar(30)", "profile bigint", "cell_id bigint",
        "name bigint", "gender varchar(5)", "hometown varchar(200)", "ethnicity varchar(2)",
        "religion varchar(20)", "date_of_birth date",
    ),
    # How many "xuất sắc" of a cell and year become "tốt" under the cap of members.ratings.
    "sx_demoted": ("cell_id bigint", "year integer", "demoted integer"),
}  # fmt: skip
# A pool's size (a prime) and the multipliers that pick from it.
POOL = 997
MIX_CADET, MIX_ROW = 7919, 104729


def load(name: str, rows) -> str:
    temp_table(name, TABLES[name], rows)
    return name


def _pick(pool: str, row: str) -> str:
    return f"{pool}.k = (c.n * {MIX_CADET} + {row} * {MIX_ROW}) %% {POOL}"


CADETS = "sx_cadet c JOIN sx_profile p ON p.id = c.profile"


def stamp(*, recorded_at, demoted: Callable[[int, int], int]) -> Counter:
    """Write the loaded cadets into the product's tables; rows written per kind.

    `demoted(excellent, good)` says how many "xuất sắc" of a cell and year become "tốt"."""
    rows: Counter = Counter()
    rows["people"] = insert_select(
        Person,
        {
            "id": "c.person_id",
            "code": "c.code",
            "kind": Param(PersonKind.CADET.value),
            "full_name": "n.full_name",
            "sort_name": "n.sort_name",
            "search_text": "n.search_text",
            "date_of_birth": "c.date_of_birth",
            "gender": "c.gender",
            "hometown": "c.hometown",
            "ethnicity": "c.ethnicity",
            "religion": "c.religion",
            "cell_id": "c.cell_id",
            "cohort": "p.cohort",
            "class_name": "p.cohort || '-' || u.code",
            "programme": "p.programme",
            "enrolment_date": "p.enrolment",
            "expected_graduation_date": "p.graduation",
            "study_status": "p.study_status",
            "youth_union_date": "p.youth_union",
            "party_status": "p.party_status",
            "stage": "p.stage",
            "stage_date": "p.stage_date",
            "next_step": "p.next_step",
            "next_due_date": "p.next_due_date",
            "admission_cycle": "p.admission_cycle",
            "course_date": "p.course_date",
        },
        f"{CADETS} JOIN sx_name n ON n.k = c.name JOIN units_partycell u ON u.id = c.cell_id",
    )
    rows["stays"] = insert_select(
        CellMembership,
        {
            "person_id": "c.person_id",
            "cell_id": "c.cell_id",
            "start_date": "p.enrolment",
            "end_date": "p.stay_end",
        },
        CADETS,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {AdmissionStep._meta.db_table}")
        last_step = cursor.fetchone()[0] or 0
    rows["steps"] = insert_select(
        AdmissionStep,
        {
            "person_id": "c.person_id",
            "cell_id": "c.cell_id",
            "kind": "s.kind",
            "date": "s.date",
            "form_code": "s.form_code",
            "document_number": (
                "CASE WHEN s.kind = %s THEN CAST(c.n AS VARCHAR(20)) || %s ELSE '' END",
                [StepKind.DECISION.value, "-QĐ/ĐU"],
            ),
            "votes_eligible": "s.votes_eligible",
            "votes_present": "s.votes_present",
            "votes_for": "s.votes_for",
            "votes_against": "s.votes_against",
            "by_youth_union": "s.by_youth_union",
            "exit_ground": "s.exit_ground",
            "stage_days": "s.stage_days",
            "recorded_at": Param(recorded_at),
        },
        "sx_cadet c JOIN sx_step s ON s.profile = c.profile",
    )
    # Youth Union members in youth age: the Youth Union and one member introduce them.
    through = AdmissionStep.introducers.through
    rows["introducers"] = insert_select(
        through,
        {"admissionstep_id": "s.id", "person_id": "k.introducer"},
        f"{AdmissionStep._meta.db_table} s JOIN sx_cadre k ON k.cell_id = s.cell_id "
        "WHERE s.id > %s AND s.kind = %s AND k.introducer IS NOT NULL",
        [last_step, StepKind.INTRODUCTION.value],
    )
    rows["assignments"] = insert_select(
        Assignment,
        {
            "kind": "s.assignment",
            "mentor_id": "k.helper",
            "mentee_id": "c.person_id",
            "start_date": "s.date",
        },
        "sx_cadet c JOIN sx_step s ON s.profile = c.profile "
        "JOIN sx_cadre k ON k.cell_id = c.cell_id WHERE s.assignment IS NOT NULL",
    )
    rows["evaluations"] = insert_select(
        Evaluation,
        {
            "person_id": "c.person_id",
            "cell_id": "c.cell_id",
            "date": "e.date",
            "study": "g.study",
            "training": "g.training",
            "movement": "g.movement",
        },
        "sx_cadet c JOIN sx_evaluation e ON e.profile = c.profile "
        f"JOIN sx_grade g ON {_pick('g', 'e.seq')}",
    )
    rows["ratings"] = _ratings(demoted)
    return rows


RATED = (
    "sx_cadet c JOIN sx_rating r ON r.profile = c.profile "
    f"JOIN sx_quality q ON {_pick('q', 'r.year')}"
)


def _ratings(demoted: Callable[[int, int], int]) -> int:
    """The yearly ratings, the cap on "xuất sắc" applied in each cell and year as the services
    apply it: counted in one GROUP BY, decided by `demoted`, the latest cadets' demoted."""
    excellent, good = QualityRating.EXCELLENT.value, QualityRating.GOOD.value
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.cell_id, r.year, SUM(CASE WHEN q.rating = %s THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN q.rating = %s THEN 1 ELSE 0 END) FROM {RATED} "
            "GROUP BY c.cell_id, r.year",
            [excellent, good],
        )
        counts = cursor.fetchall()
    load(
        "sx_demoted",
        (
            (cell, year, count)
            for cell, year, excellents, goods in counts
            if (count := demoted(excellents, goods))
        ),
    )
    # Only the "xuất sắc" are ranked (the latest cadets first), a tenth of the ratings.
    demoted_rows = (
        "(SELECT e.person_id, e.year FROM (SELECT c.person_id, c.cell_id, r.year, row_number() "
        "OVER (PARTITION BY c.cell_id, r.year ORDER BY c.person_id DESC) AS place "
        f"FROM {RATED} WHERE q.rating = %s) e JOIN sx_demoted d ON d.cell_id = e.cell_id "
        "AND d.year = e.year AND e.place <= d.demoted)"
    )
    written = insert_select(
        YearlyRating,
        {
            "person_id": "c.person_id",
            "cell_id": "c.cell_id",
            "year": "r.year",
            "rating": ("CASE WHEN x.person_id IS NULL THEN q.rating ELSE %s END", [good]),
        },
        f"{RATED} LEFT JOIN {demoted_rows} x ON x.person_id = c.person_id AND x.year = r.year",
        [excellent],
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE sx_demoted")
    return written
