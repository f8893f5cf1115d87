from members.choices import PartyStatus, StepKind
from tests.factories import PersonFactory, advance


def test_a_candidate_goes_all_the_way_to_official(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.CONVERSION_DECISION)
    assert person.party_status == PartyStatus.OFFICIAL
    assert person.next_step == ""


def test_after_the_decision_the_ceremony_is_due(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    assert person.party_status == PartyStatus.CANDIDATE
    assert person.next_step == StepKind.CEREMONY
    assert person.next_due_date > person.stage_date
