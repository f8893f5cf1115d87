import pytest

from .helpers import Cadets


@pytest.fixture
def cadets(db):
    """`cadets.at(cell, StepKind.CEREMONY, date)`: a cadet whose ceremony was on that date."""
    return Cadets()
