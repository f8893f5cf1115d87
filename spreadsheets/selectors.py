"""Reads for the export: the cadets a user may see, as rows of the import template."""

import functools

from django.db.models import Prefetch
from django.utils import translation

from accounts.access import reads_sensitive_details
from members.choices import Gender, Programme, StepKind
from members.models import AdmissionStep, Person
from members.profile import PROFILE_FIELDS, SENSITIVE_FIELDS, shown_values
from units.models import Battalion

from .columns import BY_KEY, COLUMNS, STEP_COLUMNS

CHOICE_KEYS = [column.key for column in COLUMNS if column.kind == "choice"]
PLAIN_PROFILE_FIELDS = [
    name for name in PROFILE_FIELDS if name not in CHOICE_KEYS and name not in SENSITIVE_FIELDS
]

# The file format is Vietnamese whatever the interface language (see columns.py).
GENDER_TEXT = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


@functools.cache
def programme_names() -> dict[str, str]:
    """Programmes by code, named in Vietnamese as the file format writes them."""
    with translation.override("vi"):
        return {value: str(label) for value, label in Programme.choices}


@functools.cache
def choice_names(key: str) -> dict[str, str]:
    """A choice column's values by code, named in Vietnamese as the file format writes them."""
    choices = BY_KEY[key].choices
    assert choices is not None
    with translation.override("vi"):
        return {value: str(label) for value, label in choices.choices}


def cadet_export_rows(
    user, battalion: Battalion | None = None, *, full: bool = False
) -> list[dict[str, object]]:
    """One dict per cadet visible to `user` (optionally one battalion), keyed by column key.

    The sensitive fields (members.profile) are masked unless `full`, which only a user who
    reads them in full gets (accounts.access.reads_sensitive_details). Dates stay dates; the
    writers format them. Two queries whatever the number of cadets.
    """
    full = full and reads_sensitive_details(user)
    steps = AdmissionStep.objects.filter(kind__in=[column.step for column in STEP_COLUMNS])
    people = (
        Person.objects.visible_to(user)
        .cadets()
        .select_related("cell")
        .prefetch_related(Prefetch("steps", queryset=steps, to_attr="template_steps"))
        .order_by("cell__battalion__code", "cell__code", "sort_name", "code")
    )
    if battalion is not None:
        people = people.filter(cell__battalion=battalion)
    rows = []
    for person in people:
        by_kind = {step.kind: step for step in person.template_steps}
        decision = by_kind.get(StepKind.DECISION)
        row = {
            "code": person.code,
            "full_name": person.full_name,
            "date_of_birth": person.date_of_birth,
            "gender": GENDER_TEXT.get(person.gender, person.gender),
            "cell": person.cell.code,
            "cohort": person.cohort,
            "class_name": person.class_name,
            "programme": programme_names().get(person.programme, ""),
            "enrolment_date": person.enrolment_date,
            "expected_graduation_date": person.expected_graduation_date,
            "youth_union_date": person.youth_union_date,
            "decision_number": decision.document_number if decision else "",
            "hometown": person.hometown,
            "position": person.position,
            **{name: getattr(person, name) for name in PLAIN_PROFILE_FIELDS},
            **{key: choice_names(key).get(getattr(person, key), "") for key in CHOICE_KEYS},
            **shown_values(person, full=full),
        }
        for column in STEP_COLUMNS:
            step = by_kind.get(column.step)
            row[column.key] = step.date if step else None
        rows.append(row)
    return rows
