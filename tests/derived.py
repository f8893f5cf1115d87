"""Checks that the figures stored for the dashboard (stage_days, tallies) equal what their
records say."""

from collections import Counter

from members.derived import stage_days, steps_by_cycle
from members.models import AdmissionStep, CohortTally, Person, RatingTally, StepTally, YearlyRating
from members.tallies import ALL_TALLIES, step_key


def counted_from_steps() -> Counter:
    """What the quarterly tallies must say, counted the slow way."""
    return Counter(
        step_key(step.cell_id, step.kind, step.date) for step in AdmissionStep.objects.all()
    )


def tallied() -> Counter:
    return Counter(
        {(t.cell_id, t.kind, t.year, t.quarter): t.count for t in StepTally.objects.all()}
    )


def stage_days_off() -> list[AdmissionStep]:
    """Steps whose stored stage_days differ from their person's steps."""
    steps_of = {}
    for step in AdmissionStep.objects.all():
        steps_of.setdefault(step.person_id, []).append(step)
    wrong = []
    for steps in steps_of.values():
        # Within each admission cycle (a re-admitted person's first cycle keeps its own).
        cycles = steps_by_cycle(steps)
        wrong += [
            step for step in steps if step.stage_days != stage_days(cycles[step.cycle], step.kind)
        ]
    return wrong


def ratings_counted() -> Counter:
    return Counter((r.cell_id, r.year, r.rating) for r in YearlyRating.objects.all())


def ratings_tallied() -> Counter:
    return Counter({(t.cell_id, t.year, t.rating): t.count for t in RatingTally.objects.all()})


def by_battalion_tallied(name: str) -> dict[tuple, int]:
    """The battalion tallies kept beside the cell tallies `name` (members.tallies.ALL_TALLIES),
    by battalion and the cell tally's other keys."""
    tally = ALL_TALLIES[name]
    rows = tally.by_battalion.objects.values_list("battalion_id", *tally.keys[1:], "count")
    return {tuple(row[:-1]): row[-1] for row in rows}


def by_battalion_summed(name: str) -> dict[tuple, int]:
    """The cell tallies `name` added up by their cell's battalion, the slow way."""
    tally = ALL_TALLIES[name]
    sums: Counter = Counter()
    for row in tally.model.objects.values_list("cell__battalion_id", *tally.keys[1:], "count"):
        sums[tuple(row[:-1])] += row[-1]
    return dict(sums)


def assert_battalion_tallies_sum_cells(name: str) -> None:
    """The battalions' tallies are the sums of their cells' (which the callers check against
    the records: so they also equal the live counts by battalion)."""
    assert by_battalion_tallied(name) == by_battalion_summed(name)


def assert_step_data_derived() -> None:
    assert tallied() == counted_from_steps()
    assert_battalion_tallies_sum_cells("steps")
    assert stage_days_off() == []


def assert_rating_tallies_derived() -> None:
    assert ratings_tallied() == ratings_counted()
    assert_battalion_tallies_sum_cells("ratings")


COHORT_KEYS = ("cell_id", "cohort", "programme", "kind", "study_status", "party_status")


def people_counted() -> Counter:
    return Counter(
        (*(getattr(person, key) for key in COHORT_KEYS), person.expected_graduation_date)
        for person in Person.objects.all()
    )


def people_tallied() -> Counter:
    return Counter(
        {
            (*(getattr(tally, key) for key in COHORT_KEYS), tally.expected_graduation_date): (
                tally.count
            )
            for tally in CohortTally.objects.all()
        }
    )


def assert_cohort_tallies_derived() -> None:
    assert people_tallied() == people_counted()
    assert_battalion_tallies_sum_cells("cohorts")


def assert_dashboard_data_derived() -> None:
    """Every figure stored for the dashboard equals what its records say."""
    assert_step_data_derived()
    assert_rating_tallies_derived()
    assert_cohort_tallies_derived()
