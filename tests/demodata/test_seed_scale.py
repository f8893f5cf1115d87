import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from demodata import synthetic
from demodata.synthetic import ACADEMY_CODE, CODE_PREFIX, synthetic_cadets
from members.choices import PROCEDURE, QualityRating, StepKind
from members.derived import current_stage, next_step, party_status, steps_by_kind
from members.models import AdmissionStep, Person, YearlyRating
from members.names import search_key, sort_key
from tests.derived import (
    assert_cohort_tallies_derived,
    assert_rating_tallies_derived,
    assert_step_data_derived,
)
from tests.factories import PersonFactory
from units.models import Battalion

pytestmark = pytest.mark.django_db

CADETS = 150


@pytest.fixture
def seeded():
    call_command("seed_scale", cadets=CADETS, seed=7, stdout=io.StringIO())


def test_it_creates_the_asked_number_of_cadets_under_its_own_codes(seeded):
    assert synthetic_cadets() == CADETS
    assert Battalion.objects.filter(academy__code=ACADEMY_CODE).count() == 1
    assert Person.objects.filter(code__startswith=CODE_PREFIX).count() == Person.objects.count()


def test_it_leaves_other_data_alone(cell_a):
    existing = PersonFactory(cell=cell_a, code="HV00001")
    call_command("seed_scale", cadets=20, stdout=io.StringIO())
    call_command("seed_scale", cadets=10, reset=True, stdout=io.StringIO())
    existing.refresh_from_db()
    assert existing.cell == cell_a
    assert Person.objects.exclude(code__startswith=CODE_PREFIX).get() == existing
    assert synthetic_cadets() == 10


def test_derived_fields_match_the_pipeline(seeded):
    for person in Person.objects.prefetch_related("steps"):
        steps = steps_by_kind(person.steps.all())
        stage = current_stage(steps)
        upcoming = next_step(steps)
        assert person.party_status == party_status(steps)
        assert person.stage == (stage or "")
        assert person.next_step == (upcoming.kind or "")
        assert person.next_due_date == upcoming.due
        assert person.sort_name == sort_key(person.full_name)
        assert person.search_text == search_key(person.full_name)


def test_stage_days_and_tallies_match_the_steps_and_ratings(seeded):
    assert_step_data_derived()
    assert_rating_tallies_derived()
    assert_cohort_tallies_derived()


def test_steps_follow_the_procedure_in_order(seeded):
    for person in Person.objects.prefetch_related("steps"):
        steps = sorted(person.steps.all(), key=lambda step: (step.date, step.pk))
        kinds = [StepKind(step.kind) for step in steps if step.kind != StepKind.STRUCK_OFF]
        if not steps or steps[0].is_historical:
            continue
        assert kinds == PROCEDURE[: len(kinds)]
        assert all(step.cell_id == person.cell_id for step in steps)


def test_introductions_are_by_the_youth_union_and_one_official_member(seeded):
    introductions = AdmissionStep.objects.filter(kind=StepKind.INTRODUCTION)
    assert introductions.exists()
    for step in introductions.prefetch_related("introducers"):
        introducers = list(step.introducers.all())
        assert len(introducers) == 1
        assert step.by_youth_union
        assert all(person.party_status == "official" for person in introducers)


def test_excellent_ratings_stay_within_a_fifth_of_good_ones(seeded):
    per_cell_year = YearlyRating.objects.values("cell", "year").annotate(
        excellent=Count("id", filter=Q(rating=QualityRating.EXCELLENT)),
        good=Count("id", filter=Q(rating=QualityRating.GOOD)),
    )
    assert all(5 * row["excellent"] <= row["good"] for row in per_cell_year)


def test_it_refuses_to_seed_twice_unless_reset(seeded):
    with pytest.raises(CommandError):
        call_command("seed_scale", cadets=10, stdout=io.StringIO())
    call_command("seed_scale", cadets=20, reset=True, stdout=io.StringIO())
    assert synthetic_cadets() == 20


def test_cadets_sharing_plans_keep_the_rules_and_their_own_decisions(monkeypatch):
    # Beyond PLANS cadets the plans are shared: here 150 cadets on 12.
    monkeypatch.setattr(synthetic, "PLANS", 12)
    call_command("seed_scale", cadets=CADETS, seed=3, stdout=io.StringIO())
    assert synthetic_cadets() == CADETS
    cadets = Person.objects.cadets().values("enrolment_date", "stage", "stage_date")
    assert cadets.distinct().count() <= 12
    decisions = AdmissionStep.objects.filter(kind=StepKind.DECISION, is_historical=False)
    assert decisions.exists()
    numbers = list(decisions.values_list("document_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    test_derived_fields_match_the_pipeline(None)
    test_stage_days_and_tallies_match_the_steps_and_ratings(None)
    test_steps_follow_the_procedure_in_order(None)
    test_introductions_are_by_the_youth_union_and_one_official_member(None)
    test_excellent_ratings_stay_within_a_fifth_of_good_ones(None)
