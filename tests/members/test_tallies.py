"""The derived step data the dashboard reads: stage_days on each step and the quarterly tallies.

Both must always equal what the steps say, whatever wrote the steps.
"""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.concurrency import current_version
from members.choices import ADDED_STEPS, QualityRating, StepKind
from members.derived import stage_days, steps_by_kind
from members.models import (
    AdmissionStep,
    BattalionCohortTally,
    BattalionRatingTally,
    BattalionStepTally,
    CohortTally,
    Person,
    RatingTally,
    StepTally,
)
from members.services import (
    person_move,
    person_update,
    rating_record,
    step_delete_last,
    step_record,
)
from members.tallies import lock_cells, rating_tallies, rebuilt_at_end, step_key, step_tallies
from tests.derived import (
    assert_cohort_tallies_derived,
    assert_dashboard_data_derived,
    assert_rating_tallies_derived,
    assert_step_data_derived,
    counted_from_steps,
    people_tallied,
    ratings_tallied,
    tallied,
)
from tests.factories import PersonFactory, advance, make_official_member

pytestmark = pytest.mark.django_db

fill_migration = importlib.import_module("members.migrations.0004_fill_stage_days_and_tallies")
rating_migration = importlib.import_module("members.migrations.0006_rating_tally")
cohort_migration = importlib.import_module("members.migrations.0007_cohort_tally")
programme_migration = importlib.import_module("members.migrations.0020_cohort_programme")
battalion_migration = importlib.import_module("members.migrations.0041_battalion_tallies")


class StatementRunner:
    """What the migration uses of its schema editor (SQLite refuses a real one inside a test's
    transaction)."""

    connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


class Step:
    def __init__(self, day):
        self.date = day


def test_stage_days_count_from_the_step_before_in_the_procedure():
    steps = {
        StepKind.CELL_VOTE: Step(datetime.date(2018, 3, 1)),
        StepKind.DECISION: Step(datetime.date(2018, 4, 15)),
    }
    assert stage_days(steps, StepKind.DECISION) == 45


def test_stage_days_are_unknown_without_the_step_before():
    steps = {
        StepKind.OPINION_SUMMARY: Step(datetime.date(2018, 3, 1)),
        StepKind.DECISION: Step(datetime.date(2018, 4, 15)),
    }
    assert stage_days(steps, StepKind.DECISION) is None
    assert stage_days({StepKind.LISTED: Step(datetime.date(2018, 1, 1))}, StepKind.LISTED) is None


def test_recorded_steps_carry_their_stage_days(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    steps = {step.kind: step for step in person.steps.all()}
    assert steps[StepKind.LISTED].stage_days is None
    # advance() records the steps three weeks apart, the committee's on the cell's day.
    assert steps[StepKind.COMMITTEE_VOTE].stage_days == 0
    others = set(steps) - {StepKind.LISTED, StepKind.COMMITTEE_VOTE}
    assert {steps[kind].stage_days for kind in others} == {21}


def test_recording_and_removing_steps_keep_the_tallies_equal_to_the_steps(cell_a, cell_c):
    first = advance(PersonFactory(cell=cell_a), StepKind.CEREMONY)
    advance(PersonFactory(cell=cell_c), StepKind.DECISION, start=datetime.date(2019, 2, 1))
    assert_step_data_derived()
    # advance() starts in January 2018; the introducers' own admissions are years older.
    decisions_2018 = StepTally.objects.filter(cell=cell_a, kind=StepKind.DECISION, year=2018)
    assert list(decisions_2018.values_list("count", flat=True)) == [1]

    step_delete_last(person=first, seen_version=current_version(first))
    step_delete_last(person=first, seen_version=current_version(first))
    assert_step_data_derived()
    assert not decisions_2018.exists()


def test_a_refused_step_changes_no_tally(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.CELL_VOTE)
    before = tallied()
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal; the rules have their own tests
        step_record(person=person, kind=StepKind.CONVERSION_VOTE, date=datetime.date(2018, 6, 1))
    assert tallied() == before


def test_a_rebuild_mends_tallies_written_wrong(cell_a, cell_b):
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    advance(PersonFactory(cell=cell_b), StepKind.DECISION)
    StepTally.objects.update(count=99)
    BattalionStepTally.objects.update(count=99)
    step_tallies.rebuild([cell_a.pk])
    decisions = StepTally.objects.filter(kind=StepKind.DECISION, year=2018)
    assert decisions.get(cell=cell_a).count == 1
    assert decisions.get(cell=cell_b).count == 99
    # The battalion's sum is written again from its cells' tallies, cell_b's wrong one too.
    summed = BattalionStepTally.objects.get(kind=StepKind.DECISION, year=2018)
    assert summed.battalion_id == cell_a.battalion_id
    assert summed.count == 1 + 99
    step_tallies.rebuild()
    assert_step_data_derived()


def test_refreshing_a_quarter_twice_changes_nothing(cell_a):
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    decision = AdmissionStep.objects.get(kind=StepKind.DECISION, date__year=2018)
    key = step_key(decision.cell_id, decision.kind, decision.date)
    step_tallies.refresh([key, key])
    step_tallies.refresh([key])
    assert_step_data_derived()


def test_the_migration_fills_stage_days_and_tallies_of_existing_steps(cell_a, cell_c):
    advance(PersonFactory(cell=cell_a), StepKind.CONVERSION_VOTE)
    advance(PersonFactory(cell=cell_c), StepKind.DECISION, start=datetime.date(2020, 5, 5))
    # Records as they stood when the migration ran: before the grassroots committee's step.
    AdmissionStep.objects.filter(kind__in=ADDED_STEPS).delete()
    expected_days = {}
    for person in Person.objects.prefetch_related("steps"):
        steps = steps_by_kind(person.steps.all())
        expected_days |= {step.pk: stage_days(steps, kind) for kind, step in steps.items()}
    AdmissionStep.objects.update(stage_days=None)
    StepTally.objects.all().delete()

    fill_migration.fill(None, StatementRunner())

    assert dict(AdmissionStep.objects.values_list("pk", "stage_days")) == expected_days
    # The cells' tallies: the battalions' came later (0041), from them.
    assert tallied() == counted_from_steps()


def test_ratings_keep_their_tallies_equal_to_the_ratings(cell_a, cell_b):
    members = [make_official_member(cell_a) for _ in range(3)]
    for member in members:
        rating_record(person=member, year=2024, rating=QualityRating.GOOD)
    rating_record(person=make_official_member(cell_b), year=2024, rating=QualityRating.GOOD)
    assert_rating_tallies_derived()
    tally = RatingTally.objects.filter(cell=cell_a, year=2024, rating=QualityRating.GOOD)
    assert tally.get().count == 3

    # Rated again after moving to another cell: both cells' counts follow.
    person_move(
        person=members[0],
        seen_version=current_version(members[0]),
        cell=cell_b,
        on=datetime.date(2024, 11, 1),
    )
    rating_record(person=members[0], year=2024, rating=QualityRating.COMPLETED)
    assert_rating_tallies_derived()
    assert tally.get().count == 2


def test_a_refused_rating_changes_no_tally(cell_a):
    rating_record(person=make_official_member(cell_a), year=2024, rating=QualityRating.GOOD)
    before = ratings_tallied()
    with pytest.raises(ValidationError):
        rating_record(person=PersonFactory(cell=cell_a), year=2024, rating=QualityRating.GOOD)
    assert ratings_tallied() == before


def test_a_rating_rebuild_mends_wrong_tallies(cell_a):
    rating_record(person=make_official_member(cell_a), year=2024, rating=QualityRating.GOOD)
    RatingTally.objects.update(count=40)
    rating_tallies.rebuild()
    assert_rating_tallies_derived()


def test_the_migration_counts_existing_ratings(cell_a, cell_b):
    rating_record(person=make_official_member(cell_a), year=2023, rating=QualityRating.GOOD)
    rating_record(person=make_official_member(cell_b), year=2024, rating=QualityRating.COMPLETED)
    RatingTally.objects.all().delete()
    rating_migration.count_ratings(None, StatementRunner())
    assert_rating_tallies_derived()
    assert RatingTally.objects.count() == 2


def test_people_keep_the_cohort_tallies_equal_to_the_people(cell_a, cell_b):
    first = PersonFactory(cell=cell_a, cohort="K90")
    second = PersonFactory(cell=cell_a, cohort="K90")
    assert_cohort_tallies_derived()

    advance(first, StepKind.CEREMONY)  # becomes a probationary member
    person_update(
        person=second, seen_version=current_version(second), cohort="K91", study_status="graduated"
    )
    person_move(
        person=first, seen_version=current_version(first), cell=cell_b, on=datetime.date(2019, 3, 1)
    )
    assert_cohort_tallies_derived()
    in_k90 = CohortTally.objects.filter(cohort="K90", kind="cadet")
    assert list(in_k90.values_list("cell_id", "party_status", "count")) == [
        (cell_b.pk, "probationary", 1)
    ]


def test_only_a_step_that_changes_the_party_status_counts_the_cohort_again(cell_a):
    person = advance(PersonFactory(cell=cell_a, cohort="K90"), StepKind.LISTED)
    listed_on = person.steps.get().date
    with CaptureQueriesContext(connection) as queries:
        step_record(
            person=person,
            kind=StepKind.AWARENESS_COURSE,
            date=listed_on + datetime.timedelta(days=21),
            document_number="12/GCN",
        )
    # A candidate still: the cohort's count is the same, not written again.
    assert not [query for query in queries if "cohorttally" in query["sql"].lower()]
    assert_cohort_tallies_derived()
    advance(person, StepKind.CEREMONY, start=listed_on + datetime.timedelta(days=42))
    assert_cohort_tallies_derived()
    step_delete_last(person=person, seen_version=current_version(person))
    assert Person.objects.get(pk=person.pk).party_status == "candidate"
    assert_cohort_tallies_derived()


def test_a_refused_update_changes_no_cohort_tally(cell_a):
    person = PersonFactory(cell=cell_a, cohort="K90")
    before = people_tallied()
    with pytest.raises(ValidationError):
        person_update(
            person=person, seen_version=current_version(person), cohort="K91", full_name=""
        )
    assert people_tallied() == before


def test_the_migrations_count_existing_people(cell_a, cell_c):
    PersonFactory(cell=cell_a, cohort="K90")
    PersonFactory(cell=cell_c, cohort="K91")
    CohortTally.objects.all().delete()
    cohort_migration.count_people(None, StatementRunner())
    # 0020 counts them again by programme too.
    programme_migration.existing_cohorts_in_the_university_programme(apps, None)
    assert_cohort_tallies_derived()


def test_the_rebuild_command_mends_every_tally(cell_a):
    member = make_official_member(cell_a)
    rating_record(person=member, year=2024, rating=QualityRating.GOOD)
    StepTally.objects.update(count=7)
    RatingTally.objects.all().delete()
    CohortTally.objects.update(count=3)
    call_command("rebuild_tallies", stdout=io.StringIO())
    # Only the battalions' tallies wrong: the check finds them too.
    BattalionStepTally.objects.update(count=7)
    BattalionRatingTally.objects.all().delete()
    BattalionCohortTally.objects.update(count=3)
    with pytest.raises(CommandError, match="lệch"):
        call_command("rebuild_tallies", "--check", stdout=io.StringIO())
    output = io.StringIO()
    call_command("rebuild_tallies", stdout=output)
    assert_dashboard_data_derived()
    assert "Đã đếm lại" in output.getvalue()
    call_command("rebuild_tallies", "--check", stdout=output)
    assert "khớp" in output.getvalue()


def test_writes_in_a_batch_are_counted_once_at_its_end(cell_a, cell_c):
    with rebuilt_at_end():
        advance(PersonFactory(cell=cell_a), StepKind.DECISION)
        advance(PersonFactory(cell=cell_c), StepKind.CEREMONY)
        assert not StepTally.objects.filter(year=2018).exists()
    assert_dashboard_data_derived()
    assert StepTally.objects.filter(year=2018, kind=StepKind.DECISION).count() == 2


def test_people_steps_and_ratings_keep_the_battalion_tallies_equal_to_their_cells(
    cell_a, cell_b, cell_c
):
    first = PersonFactory(cell=cell_a, cohort="K90")
    PersonFactory(cell=cell_b, cohort="K90")
    advance(first, StepKind.DECISION)
    advance(PersonFactory(cell=cell_c, cohort="K90"), StepKind.DECISION)
    rating_record(person=make_official_member(cell_b), year=2024, rating=QualityRating.GOOD)
    assert_dashboard_data_derived()
    # Two cells of one battalion summed in one row, the other battalion's apart.
    decisions = BattalionStepTally.objects.filter(kind=StepKind.DECISION, year=2018)
    assert dict(decisions.values_list("battalion_id", "count")) == {
        cell_a.battalion_id: 1,
        cell_c.battalion_id: 1,
    }
    k90 = BattalionCohortTally.objects.filter(cohort="K90")
    assert sum(k90.filter(battalion=cell_a.battalion).values_list("count", flat=True)) == 2

    person_move(
        person=first, seen_version=current_version(first), cell=cell_c, on=datetime.date(2019, 3, 1)
    )
    person_update(person=first, seen_version=current_version(first), cohort="K91")
    step_delete_last(person=first, seen_version=current_version(first))
    assert_dashboard_data_derived()
    assert sum(k90.filter(battalion=cell_a.battalion).values_list("count", flat=True)) == 1


def test_a_refresh_locks_the_battalions_of_its_cells(cell_a, cell_c):
    assert lock_cells([cell_a.pk]) == {cell_a.pk: cell_a.battalion_id}
    assert lock_cells(None) == {cell_a.pk: cell_a.battalion_id, cell_c.pk: cell_c.battalion_id}


def test_the_migration_sums_the_cells_tallies_by_battalion(cell_a, cell_b, cell_c):
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    advance(PersonFactory(cell=cell_c), StepKind.CEREMONY)
    rating_record(person=make_official_member(cell_b), year=2024, rating=QualityRating.GOOD)
    for model in (BattalionStepTally, BattalionRatingTally, BattalionCohortTally):
        model.objects.all().delete()
    battalion_migration.sum_cells(None, StatementRunner())
    assert_dashboard_data_derived()
    assert BattalionStepTally.objects.exists()
