"""What a record's history says, read once for every page that shows it.

Built on django-simple-history: `ChangeReader.changes` turns one history row and the row before
it into the changes a reader sees, with `diff_against`. The person's and the resolution's
history pages and the refusal of a stale edit (core.concurrency) all read changes through it.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import FileField
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# Keys kept for search and sort, and the moment of recording: not what a reader calls a change.
NOT_CHANGES = {"id", "sort_name", "search_text", "recorded_at"}
LONGEST_SHOWN = 120


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def display_value(field, value) -> str:
    """A field's value as users read it: choice labels, Có/Không, dd/mm/yyyy dates."""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, FileField):
        return _("tệp đã tải lên")
    return str(value)


def _is_empty(value) -> bool:
    return value is None or value == "" or value is False


class ChangeReader:
    """Reads what history rows changed, showing stored values as a reader knows them: labels,
    Có/Không, dd/mm/yyyy, and the names of related records, looked up once per model for all
    the rows given (plus `also`: {model: ids} the caller will name with `names`).

    `skip` leaves fields out; `derived` also shows the fields the application derives
    (editable=False), such as a person's party status; `conceal` maps a field's name to the
    function that masks its stored values for a reader who may not read them in full.
    """

    def __init__(
        self, records: Iterable, *, skip=(), labels=None, derived=False, also=None, conceal=None
    ):
        self.skip = NOT_CHANGES | set(skip)
        self.conceal = conceal or {}
        self.labels = labels or {}
        self.derived = derived
        wanted: dict = defaultdict(set)
        for record in records:
            for model_field in self.fields(record):
                if model_field.is_relation:
                    wanted[model_field.related_model].add(getattr(record, model_field.attname))
        for model, ids in (also or {}).items():
            wanted[model] |= set(ids)
        self.objects = {
            model: model._default_manager.in_bulk(ids - {None}) for model, ids in wanted.items()
        }

    def fields(self, record) -> list:
        """The fields of the history row's model that it keeps (some are excluded from history,
        such as an account's password) and that a reader calls a change."""
        kept = {model_field.name for model_field in record._meta.concrete_fields}
        return [
            model_field
            for model_field in record.instance_type._meta.concrete_fields
            if model_field.name in kept
            and model_field.name not in self.skip
            and (self.derived or model_field.editable)
        ]

    def changes(self, record, previous) -> list[Change]:
        """What the history row `record` changed after `previous`, the row before it of the same
        record (None if there is none): a created or deleted row shows the values it held."""
        fields = self.fields(record)
        if previous is not None and record.history_type == "~":
            # diff_against reads values as a form would, so it leaves out the derived fields.
            names = [model_field.name for model_field in fields if model_field.editable]
            delta = record.diff_against(previous, included_fields=names)
            by_name = {change.field: (change.old, change.new) for change in delta.changes}
            for model_field in fields:
                if not model_field.editable:
                    old, new = (getattr(r, model_field.attname) for r in (previous, record))
                    if old != new:
                        by_name[model_field.name] = (old, new)
            pairs = [(f, *by_name[f.name]) for f in fields if f.name in by_name]
        elif record.history_type == "-":
            pairs = [(f, getattr(record, f.attname), None) for f in fields]
        else:
            pairs = [(f, None, getattr(record, f.attname)) for f in fields]
        return [
            Change(
                self.label(model_field), self.value(model_field, old), self.value(model_field, new)
            )
            for model_field, old, new in pairs
            if not (_is_empty(old) and _is_empty(new))
        ]

    def label(self, model_field) -> str:
        return capfirst(str(self.labels.get(model_field.name, model_field.verbose_name)))

    def value(self, model_field, value) -> str:
        if value is None or value == "":
            return ""
        if model_field.is_relation:
            return str(self.objects.get(model_field.related_model, {}).get(value, value))
        if model_field.name in self.conceal:
            return self.conceal[model_field.name](value)
        text = display_value(model_field, value)
        return text if len(text) <= LONGEST_SHOWN else f"{text[: LONGEST_SHOWN - 1]}…"

    def names(self, model, ids) -> str:
        found = self.objects.get(model, {})
        return ", ".join(str(found.get(pk, pk)) for pk in ids)
