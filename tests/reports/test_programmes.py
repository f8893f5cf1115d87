"""The 100% target belongs to the seed's programme: university-level platoon-officer training
(issue 14, item 11). Other programmes' cohorts are shown apart, with no target."""

import datetime
import importlib

import pytest
from django.apps import apps

from members.choices import TARGET_PROGRAMME, Programme, StudyStatus
from members.models import CohortTally, Person
from reports.selectors import ReportFilters, cohort_rates
from tests.derived import assert_cohort_tallies_derived

from .history import admitted, cadet

pytestmark = pytest.mark.django_db

GRADUATION = datetime.date(2020, 7, 1)
RANGE = ReportFilters(2020, 2020, today=datetime.date(2026, 11, 29))


def cohort(cell, name, programme, *, members, others):
    for _ in range(members):
        admitted(
            cell,
            datetime.date(2018, 5, 1),
            cohort=name,
            programme=programme,
            expected_graduation_date=GRADUATION,
        )
    for _ in range(others):
        cadet(cell, cohort=name, programme=programme, expected_graduation_date=GRADUATION)


def test_the_target_programme_is_the_seeds():
    assert TARGET_PROGRAMME == Programme.PLATOON_OFFICER_UNIVERSITY
    assert "đại học" in str(TARGET_PROGRAMME.label)


def test_the_target_applies_to_the_university_programme_only(cell_a, commander):
    cohort(cell_a, "K60", Programme.PLATOON_OFFICER_UNIVERSITY, members=3, others=1)
    cohort(cell_a, "K60", Programme.ENGINEER_CIVIL, members=1, others=3)
    target = cohort_rates(commander, RANGE)
    others = cohort_rates(commander, RANGE, target_programme=False)
    assert [(r["cohort"], r["cadets"], r["members"], r["target"]) for r in target] == [
        ("K60", 4, 3, 100)
    ]
    assert [(r["cohort"], r["programme"], r["cadets"], r["rate"], r["target"]) for r in others] == [
        ("K60", "Kỹ sư hệ dân sự", 4, 25.0, None)
    ]


def test_each_other_programme_is_a_row_of_its_own(cell_a, commander):
    cohort(cell_a, "K60", Programme.ENGINEER_CIVIL, members=1, others=0)
    cohort(cell_a, "K60", Programme.OTHER, members=0, others=2)
    rows = cohort_rates(commander, RANGE, target_programme=False)
    assert sorted((r["programme"], r["cadets"]) for r in rows) == [
        ("Khác", 2),
        ("Kỹ sư hệ dân sự", 1),
    ]
    assert cohort_rates(commander, RANGE) == []


def test_a_new_cadet_is_in_the_university_programme_unless_told(cell_a):
    assert cadet(cell_a).programme == TARGET_PROGRAMME


def test_changing_a_cadets_programme_moves_them_between_the_panels(cell_a, commander):
    from core.concurrency import current_version
    from members.services import person_update

    person = cadet(cell_a, cohort="K60", expected_graduation_date=GRADUATION)
    person_update(
        person=person, seen_version=current_version(person), programme=Programme.ENGINEER_CIVIL
    )
    assert cohort_rates(commander, RANGE) == []
    assert cohort_rates(commander, RANGE, target_programme=False)[0]["cadets"] == 1
    assert_cohort_tallies_derived()


def test_the_migration_puts_existing_cohorts_in_the_university_programme(cell_a):
    blank = cadet(cell_a, cohort="K60", expected_graduation_date=GRADUATION)
    civil = cadet(cell_a, cohort="K60", programme=Programme.ENGINEER_CIVIL)
    Person.objects.filter(pk=blank.pk).update(programme="")
    CohortTally.objects.all().delete()
    migration = importlib.import_module("members.migrations.0020_cohort_programme")
    migration.existing_cohorts_in_the_university_programme(apps, None)
    blank.refresh_from_db()
    civil.refresh_from_db()
    assert (blank.programme, civil.programme) == (TARGET_PROGRAMME, Programme.ENGINEER_CIVIL)
    assert_cohort_tallies_derived()


def test_withdrawn_cadets_of_other_programmes_are_left_out_too(cell_a, commander):
    cadet(
        cell_a,
        cohort="K60",
        programme=Programme.ENGINEER_CIVIL,
        expected_graduation_date=GRADUATION,
        study_status=StudyStatus.WITHDRAWN,
    )
    assert cohort_rates(commander, RANGE, target_programme=False) == []
