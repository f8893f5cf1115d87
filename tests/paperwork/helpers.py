"""Building cases around a deadline, and reading generated Word files back."""

import datetime
from io import BytesIO

from docx import Document

from core.workdays import add_months, add_working_days
from members.choices import PROCEDURE, StepKind
from members.models import Person
from members.services import step_record
from tests.factories import PersonFactory, make_official_member

# Spacing advance() leaves between two steps.
STEP_GAP = datetime.timedelta(days=21)


def docx_text(content: bytes) -> str:
    """Every paragraph of a .docx, tables included, one per line."""
    document = Document(BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def docx_table_rows(content: bytes, index: int) -> list[list[str]]:
    document = Document(BytesIO(content))
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def start_of(working_days: int, due: datetime.date) -> datetime.date:
    """The latest day from which `working_days` working days end on `due` (a working day)."""
    day = due
    while add_working_days(day, working_days) > due:
        day -= datetime.timedelta(days=1)
    assert add_working_days(day, working_days) == due, "the due date must be a working day"
    return day


VOTE_WITH_REASON = {
    "votes_eligible": 9,
    "votes_present": 8,
    "votes_for": 7,
    "votes_against": 1,
    "votes_eligible_reason": "Có đảng viên chuyển sinh hoạt tạm thời đến chi bộ",
}


class Cadets:
    """Builds cadets at a given step; the two introducers of each cell are made once."""

    def __init__(self):
        self.introducers = {}

    def at(self, cell, to: StepKind, on: datetime.date, **fields) -> Person:
        """A cadet whose step `to` was recorded on `on`, every earlier step three weeks apart
        before it (the conversion vote twelve months after the ceremony, the grassroots
        committee's resolution on the day of the cell's)."""
        fields.setdefault("enrolment_date", datetime.date(2010, 9, 1))
        person = PersonFactory(cell=cell, **fields)
        kinds = PROCEDURE[: PROCEDURE.index(to) + 1]
        dates = {}
        day = on
        for kind in reversed(kinds):
            dates[kind] = day
            if kind == StepKind.CONVERSION_VOTE:
                # The ceremony twelve months before, the new-member course three weeks after it.
                day = add_months(day, -12) + STEP_GAP
            elif not kind.is_committee_vote:
                # The grassroots committee resolves on the day of the cell's resolution.
                day -= STEP_GAP
        for kind in kinds:
            details = {}
            if kind == StepKind.INTRODUCTION:
                details["introducers"] = self._introducers(cell)
            if kind.has_vote:
                # A figure of the cell's own, with its reason, so that documents print it.
                details.update(VOTE_WITH_REASON)
            step_record(person=person, kind=kind, date=dates[kind], **details)
        person.refresh_from_db()
        return person

    def _introducers(self, cell) -> list[Person]:
        if cell.pk not in self.introducers:
            self.introducers[cell.pk] = [make_official_member(cell), make_official_member(cell)]
        return self.introducers[cell.pk]
