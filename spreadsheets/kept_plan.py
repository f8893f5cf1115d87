"""The preview's checked plan as JSON, kept beside the upload until the confirmation.

It used to be pickled: a pickle read back from a file is code the reader runs, so a file
swapped on the server (or a leaked signing key) would run anything. JSON holds only data: the
report as shown, the new people's column values and steps, and for people on record only what
changes (field values, step dates and numbers by step id, the cell moved to). The confirmation
applies those changes to the records it has just locked and digested (`plan_basis`): a plan is
only used when the digest of those records equals the one the preview took, so they are the
records the preview checked, and the writes are the ones it checked.
"""

import datetime
import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from members.choices import StepKind
from members.models import CellMembership, Person
from units.models import Battalion, PartyCell

from .importer import (
    Erasure,
    ImportReport,
    Issue,
    NewRow,
    Plan,
    PlannedStep,
    RowChange,
    RowPlan,
    unsaved_person,
)

# A plan written by another layout of this file is not read (the rows are then checked again).
VERSION = 1
STEP_FIELDS = ("date", "document_number", "stage_days")
# A step kind by its value, without Enum's call machinery for each of 40,000 steps; an unknown
# value is a KeyError, which makes the plan unusable as StepKind(value)'s ValueError did.
KINDS = {kind.value: kind for kind in StepKind}


class Unusable(Exception):
    """The kept plan does not fit the records or this version of the code."""


def plan_json(plan: Plan) -> bytes:
    data = {
        "version": VERSION,
        "basis": plan.basis,
        "report": _report_data(plan.report),
        "rows": [_created(row) if row.created else _updated(row) for row in plan.rows],
    }
    return json.dumps(data, default=_date_text, ensure_ascii=False, separators=(",", ":")).encode()


def plan_data(content: bytes) -> dict | None:
    """The JSON of a kept plan, if it is one of this version; its basis is `["basis"]`."""
    try:
        data = json.loads(content)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    return data


def plan_from_data(data: dict, people: dict[str, Person], *, battalion: Battalion) -> Plan:
    """The plan `data` keeps, its changes applied to `people` (the records it was checked
    against, locked: by code). Unusable when it names a record that is not among them."""
    try:
        report = _report(data["report"])
        builder = _Rows(people, battalion)
        rows = [builder.row(row) for row in data["rows"]]
    except (KeyError, TypeError, ValueError, ObjectDoesNotExist) as error:
        raise Unusable from error
    return Plan(report=report, rows=rows, basis=data["basis"])


def _date_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _step(step: PlannedStep) -> list:
    kind = step.kind.value
    return [kind, step.date.isoformat(), step.document_number, step.stage_days, step.cycle]


@functools.cache
def _person_columns() -> list[str]:
    return [field.attname for field in Person._meta.concrete_fields if not field.primary_key]


def _created(row: RowPlan) -> dict:
    person = row.person.__dict__
    # Dates spelt here rather than by json's fallback, which costs a call per value.
    values = [
        value.isoformat() if isinstance(value, datetime.date) else value
        for value in map(person.__getitem__, _person_columns())
    ]
    return {
        "row": row.row,
        "created": True,
        "code": row.person.code,
        "person": values,
        "new_steps": [_step(step) for step in row.new_steps],
    }


def _updated(row: RowPlan) -> dict:
    person = row.person
    attnames = {field.name: field.attname for field in Person._meta.concrete_fields}
    names = [attnames[name] for name in row.fields]
    return {
        "row": row.row,
        "created": False,
        "code": person.code,
        "fields": row.fields,
        "values": {name: getattr(person, name) for name in names},
        "move_to": row.move_to.pk if row.move_to is not None else None,
        "open_membership": row.open_membership.pk if row.open_membership is not None else None,
        "new_steps": [_step(step) for step in row.new_steps],
        "changed_steps": [
            [step.pk, *(getattr(step, name) for name in STEP_FIELDS)] for step in row.changed_steps
        ],
        "removed_steps": [step.pk for step in row.removed_steps],
        "restaged_steps": [[step.pk, step.stage_days] for step in row.restaged_steps],
    }


def _report_data(report: ImportReport) -> dict:
    # Each issue or change is a flat dataclass of text and numbers: its fields are its data
    # (dataclasses.asdict would deep-copy ten thousand of them).
    return {
        name: [vars(item) for item in value] if isinstance(value, list) else value
        for name, value in vars(report).items()
    }


def _report(data: dict) -> ImportReport:
    lists: dict[str, Callable] = {
        "errors": Issue,
        "warnings": Issue,
        "changes": RowChange,
        "additions": NewRow,
        "erasures": Erasure,
    }
    values: dict[str, Any] = {
        name: [lists[name](**item) for item in value] if name in lists else value
        for name, value in data.items()
    }
    return ImportReport(**values)


def _date_columns(model) -> list[str]:
    """The columns of `model` kept as ISO text, read back as dates."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.get_internal_type() == "DateField"
    ]


class _Rows:
    def __init__(self, people: dict[str, Person], battalion: Battalion):
        self.people = people
        self.dates = _date_columns(Person)
        self.columns = _person_columns()
        self.cells = {cell.pk: cell for cell in PartyCell.objects.filter(battalion=battalion)}

    def row(self, data: dict) -> RowPlan:
        if data["created"]:
            return self._created(data)
        return self._updated(data)

    def _values(self, data: dict) -> dict:
        """`data` (values by column) with its dates read back, in place."""
        for name in self.dates:
            value = data.get(name)
            if value is not None:
                data[name] = datetime.date.fromisoformat(value)
        return data

    def _created(self, data: dict) -> RowPlan:
        values = self._values(dict(zip(self.columns, data["person"], strict=True)))
        person = unsaved_person(values, cell=self.cells[values["cell_id"]])
        return RowPlan(
            row=data["row"], person=person, created=True, new_steps=_planned(data["new_steps"])
        )

    def _updated(self, data: dict) -> RowPlan:
        person = self.people[data["code"]]
        for name, value in self._values(data["values"]).items():
            setattr(person, name, value)
        steps = {step.pk: step for step in person.steps.all()}
        changed = []
        for pk, day, number, days in data["changed_steps"]:
            step = steps[pk]
            step.date, step.document_number = datetime.date.fromisoformat(day), number
            step.stage_days = days
            changed.append(step)
        for pk, days in data["restaged_steps"]:
            steps[pk].stage_days = days
        move_to = self.cells[data["move_to"]] if data["move_to"] is not None else None
        if move_to is not None:
            person.cell = move_to
        return RowPlan(
            row=data["row"],
            person=person,
            created=False,
            fields=data["fields"],
            move_to=move_to,
            open_membership=self._membership(data["open_membership"]),
            new_steps=_planned(data["new_steps"]),
            changed_steps=changed,
            removed_steps=[steps[pk] for pk in data["removed_steps"]],
            restaged_steps=[steps[pk] for pk, _days in data["restaged_steps"]],
        )

    def _membership(self, pk: int | None) -> CellMembership | None:
        if pk is None:
            return None
        # The open stay the preview read (the basis digests it), which the move closes.
        return CellMembership.objects.get(pk=pk, end_date__isnull=True)


def _planned(steps: list) -> list[PlannedStep]:
    return [
        PlannedStep(
            kind=KINDS[kind],
            date=datetime.date.fromisoformat(day),
            document_number=number,
            stage_days=days,
            cycle=cycle,
        )
        for kind, day, number, days, cycle in steps
    ]
