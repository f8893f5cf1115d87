"""An import keeps the figures stored for the dashboard (stage_days, tallies of steps and of
people) equal to what the records say, as the services do."""

from members.choices import StepKind
from members.models import AdmissionStep, CohortTally
from tests.derived import assert_dashboard_data_derived

from .files import cadet, candidate, xlsx


def test_new_cadets_come_with_their_stage_days_and_tallies(apply):
    apply(xlsx([cadet(), cadet(code="HV002", cell="CB", conversion=""), candidate(code="HV003")]))
    assert AdmissionStep.objects.filter(stage_days__isnull=False).exists()
    assert_dashboard_data_derived()


def test_a_corrected_date_moves_the_tallies_and_the_next_steps_stage_days(apply):
    apply(xlsx([cadet()]))
    apply(xlsx([cadet(decision="15/12/2018", ceremony="20/12/2018", conversion="21/12/2019")]))
    assert_dashboard_data_derived()


def test_an_earlier_decision_restages_the_ceremony_without_a_history_entry(apply):
    apply(xlsx([cadet()]))
    ceremony = AdmissionStep.objects.get(kind=StepKind.CEREMONY)
    assert ceremony.stage_days == 17
    apply(xlsx([cadet(decision="01/09/2018")]))
    ceremony.refresh_from_db()
    assert ceremony.stage_days == 19
    # A derived figure, kept out of the history like a person's status.
    assert ceremony.history.count() == 1
    assert_dashboard_data_derived()


def test_a_removed_step_leaves_its_quarter_and_the_next_step(apply):
    apply(xlsx([cadet()]))
    apply(xlsx([cadet(decision="", decision_number="", ceremony="20/09/2018")]))
    assert_dashboard_data_derived()


def test_a_cadet_moved_by_the_file_is_counted_in_the_new_cell_only(apply):
    apply(xlsx([cadet(), cadet(code="HV002")]))
    apply(xlsx([cadet(cell="CB"), cadet(code="HV002")]))
    assert_dashboard_data_derived()
    cadets = CohortTally.objects.filter(kind="cadet").values_list("cell__code", "count")
    assert sorted(cadets) == [("CA", 1), ("CB", 1)]
